#include "OutboxStore.h"

#include "PassColumns.h"

#include "Core/Hex.h"

#include <algorithm>
#include <climits>
#include <stdexcept>

namespace earshot
{
    using namespace passColumns;

    namespace
    {
        constexpr auto outboxColumns = "message_id, recipient_key, kind, envelope, created_at_ms, attempts, "
                                       "next_attempt_at_ms, last_error, delivered_at_ms";

        [[nodiscard]] const char* kindName (OutboxStore::MessageKind kind) noexcept
        {
            return kind == OutboxStore::MessageKind::receipt ? "receipt" : "pass";
        }

        [[nodiscard]] OutboxStore::OutboxMessage readOutbox (const Database& database, const Statement& row)
        {
            OutboxStore::OutboxMessage result;
            result.message.messageId = row.columnText (0);
            result.message.recipientKey = readKey (database, row, 1);
            result.message.kind = row.columnText (2) == "receipt" ? OutboxStore::MessageKind::receipt : OutboxStore::MessageKind::pass;
            result.message.envelope = row.columnBlob (3);
            result.message.createdAtMs = row.columnInt64 (4);
            result.attempts = static_cast<int> (std::min<std::int64_t> (row.columnInt64 (5), INT_MAX));
            result.nextAttemptAtMs = row.columnInt64 (6);
            result.lastError = row.columnText (7);

            if (! row.columnIsNull (8))
                result.deliveredAtMs = row.columnInt64 (8);

            return result;
        }
    } // namespace

    OutboxStore::OutboxStore (SharedDatabase& sharedDatabase, FriendStore& friendStore) noexcept
        : database (sharedDatabase)
        , friends (friendStore)
    {
    }

    bool OutboxStore::enqueue (const OutgoingMessage& message)
    {
        checkNotEmpty ("OutboxStore::enqueue", "message id", message.messageId);
        checkTime ("OutboxStore::enqueue", "createdAtMs", message.createdAtMs);

        const auto step = [&] (Database& connection)
        {
            if (! friends.findByKey (message.recipientKey).has_value())
                throw std::invalid_argument ("OutboxStore::enqueue: message " + message.messageId + " is for "
                                             + toHex (message.recipientKey) + ", who is not a friend; add them first");

            auto insert = connection.prepare (std::string ("INSERT INTO outbox (") + outboxColumns + ") "
                                              + "VALUES (?1, ?2, ?3, ?4, ?5, 0, ?5, '', NULL) "
                                              + "ON CONFLICT (message_id) DO NOTHING");
            insert.bindText (1, message.messageId)
                .bindBlob (2, bytesOf (message.recipientKey))
                .bindText (3, kindName (message.kind))
                .bindBlob (4, message.envelope)
                .bindInt64 (5, message.createdAtMs)
                .run();

            return connection.changes() > 0;
        };

        return database.transaction (step);
    }

    bool OutboxStore::removeFriend (const PublicKey& key)
    {
        const auto step = [&] (Database& connection)
        {
            if (! friends.remove (key))
                return false;

            auto undelivered = connection.prepare ("DELETE FROM outbox WHERE recipient_key = ?1 AND delivered_at_ms IS NULL");
            undelivered.bindBlob (1, bytesOf (key)).run();
            return true;
        };

        return database.transaction (step);
    }

    std::vector<OutboxStore::OutboxMessage> OutboxStore::due (std::int64_t nowMs, int limit) const
    {
        checkTime ("OutboxStore::due", "nowMs", nowMs);

        if (limit <= 0)
            throw std::invalid_argument ("OutboxStore::due: the limit " + std::to_string (limit) + " is not positive");

        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare (std::string ("SELECT ") + outboxColumns + " FROM outbox "
                                                 + "WHERE delivered_at_ms IS NULL AND next_attempt_at_ms <= ?1 "
                                                 + "ORDER BY created_at_ms, rowid LIMIT ?2");
            statement.bindInt64 (1, nowMs).bindInt64 (2, limit);
            return readAll<OutboxMessage> (connection, statement, readOutbox);
        };

        return database.run (step);
    }

    bool OutboxStore::markAttemptFailed (const std::string& messageId, std::int64_t nowMs, const std::string& error)
    {
        checkTime ("OutboxStore::markAttemptFailed", "nowMs", nowMs);
        return recordFailure (messageId, nowMs, error, true);
    }

    bool OutboxStore::markFailed (const std::string& messageId, std::int64_t nowMs, const std::string& error)
    {
        checkTime ("OutboxStore::markFailed", "nowMs", nowMs);
        return recordFailure (messageId, nowMs, error, false);
    }

    bool OutboxStore::recordFailure (const std::string& messageId, std::int64_t nowMs, const std::string& error, bool retried)
    {
        const auto step = [&] (Database& connection)
        {
            auto read = connection.prepare ("SELECT attempts FROM outbox WHERE message_id = ?1 AND delivered_at_ms IS NULL");

            if (! read.bindText (1, messageId).step())
                return false;

            const auto attempts = static_cast<int> (std::min<std::int64_t> (read.columnInt64 (0), INT_MAX - 1)) + 1;

            auto write = connection.prepare ("UPDATE outbox SET attempts = ?2, next_attempt_at_ms = ?3, last_error = ?4 "
                                             "WHERE message_id = ?1");
            write.bindText (1, messageId)
                .bindInt64 (2, attempts)
                .bindInt64 (3, retried ? nowMs + retryDelayMs (attempts) : neverAgainMs)
                .bindText (4, error)
                .run();

            return true;
        };

        return database.transaction (step);
    }

    bool OutboxStore::markDelivered (const std::string& messageId, std::int64_t nowMs)
    {
        checkTime ("OutboxStore::markDelivered", "nowMs", nowMs);

        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare ("UPDATE outbox SET delivered_at_ms = ?2 WHERE message_id = ?1 AND delivered_at_ms IS NULL");
            statement.bindText (1, messageId).bindInt64 (2, nowMs).run();
            return connection.changes() > 0;
        };

        return database.run (step);
    }

    std::vector<OutboxStore::OutboxMessage> OutboxStore::list() const
    {
        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare (std::string ("SELECT ") + outboxColumns + " FROM outbox "
                                                 + "ORDER BY created_at_ms DESC, rowid DESC");
            return readAll<OutboxMessage> (connection, statement, readOutbox);
        };

        return database.run (step);
    }
} // namespace earshot
