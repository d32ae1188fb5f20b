#include "OutboxStore.h"

#include "PassColumns.h"

#include "Core/Hex.h"
#include "Core/PassRules.h"

#include <algorithm>
#include <climits>
#include <functional>
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

            // A hold is the recipient's quota refusal as the last error: any later outcome replaces it.
            result.held = ! result.deliveredAtMs.has_value() && passRules::isQuotaRefusal (result.lastError);

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
        // An error that reads as a quota refusal would make the message look held.
        const auto recorded = passRules::isQuotaRefusal (error) ? "(" + error + ")" : error;
        return recordAttempt (messageId, nowMs, recorded, retryDelayMs);
    }

    bool OutboxStore::markHeld (const std::string& messageId, std::int64_t nowMs, const std::string& reason, std::int64_t retryAfterMs)
    {
        checkTime ("OutboxStore::markHeld", "nowMs", nowMs);

        if (retryAfterMs <= 0 || retryAfterMs > latestTimeMs)
            throw std::invalid_argument ("OutboxStore::markHeld: the delay " + std::to_string (retryAfterMs) + " ms is not a positive span");

        const auto recorded = passRules::isQuotaRefusal (reason) ? reason : std::string (passRules::quotaRefusalPrefix) + reason;
        return recordAttempt (messageId, nowMs, recorded, [retryAfterMs] (int)
                              { return retryAfterMs; });
    }

    bool OutboxStore::markFailed (const std::string& messageId, std::int64_t nowMs, const std::string& error)
    {
        checkTime ("OutboxStore::markFailed", "nowMs", nowMs);
        return recordAttempt (messageId, nowMs, error, [nowMs] (int)
                              { return neverAgainMs - nowMs; });
    }

    bool OutboxStore::recordAttempt (const std::string& messageId, std::int64_t nowMs, const std::string& error, const std::function<std::int64_t (int)>& delayAfter)
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
                .bindInt64 (3, nowMs + delayAfter (attempts))
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
    OutboxStore::Page OutboxStore::listPage (const std::optional<PageCursor>& after, int limit, std::int64_t maxBytes) const
    {
        checkPageLimits ("OutboxStore::listPage", limit, maxBytes);

        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare (pageSql (outboxColumns, "outbox", "created_at_ms", after.has_value()));
            bindPageWindow (statement, after, limit);
            auto page = readPage<OutboxMessage> (
                connection, statement, 9, limit, maxBytes, readOutbox, [] (const OutboxMessage& queued)
                { return static_cast<std::int64_t> (queued.message.envelope.size()); },
                [] (const OutboxMessage& queued)
                { return queued.message.createdAtMs; });
            return Page { std::move (page.records), page.next };
        };

        return database.run (step);
    }

    std::optional<OutboxStore::OutboxMessage> OutboxStore::find (const std::string& messageId) const
    {
        const auto step = [&] (Database& connection) -> std::optional<OutboxMessage>
        {
            auto statement = connection.prepare (std::string ("SELECT ") + outboxColumns + " FROM outbox WHERE message_id = ?1");

            if (! statement.bindText (1, messageId).step())
                return std::nullopt;

            return readOutbox (connection, statement);
        };

        return database.run (step);
    }

    std::int64_t OutboxStore::pruneDeliveredReceipts (std::int64_t olderThanMs)
    {
        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare ("DELETE FROM outbox WHERE kind = 'receipt' AND delivered_at_ms IS NOT NULL AND delivered_at_ms < ?1");
            statement.bindInt64 (1, olderThanMs).run();
            return static_cast<std::int64_t> (connection.changes());
        };

        return database.run (step);
    }
} // namespace earshot
