#include "InboxStore.h"

#include "PassColumns.h"

#include <stdexcept>

namespace earshot
{
    using namespace passColumns;

    namespace
    {
        constexpr auto inboxColumns = "message_id, sender_key, track_id, pass_bytes, note, received_at_ms, is_read, "
                                      "listened_ms, receipt_sent";

        [[nodiscard]] InboxStore::InboxPass readInbox (const Database& database, const Statement& row)
        {
            InboxStore::InboxPass result;
            result.pass.messageId = row.columnText (0);
            result.pass.senderKey = readKey (database, row, 1);
            result.pass.trackId = row.columnText (2);
            result.pass.passBytes = row.columnBlob (3);
            result.pass.note = row.columnText (4);
            result.pass.receivedAtMs = row.columnInt64 (5);
            result.read = row.columnInt64 (6) != 0;
            result.listenedMs = row.columnInt64 (7);
            result.receiptSent = row.columnInt64 (8) != 0;
            return result;
        }

        /** What the rows a WHERE clause picks take: their count and stored bytes. */
        template <typename Bind>
        [[nodiscard]] passRules::InboxUsage usageWhere (Database& connection, const std::string& where, Bind bind)
        {
            auto statement = connection.prepare ("SELECT count(*), coalesce (sum (length (pass_bytes) + length (CAST (note AS BLOB))), 0) FROM inbox" + where);
            bind (statement);
            passRules::InboxUsage usage;
            if (statement.step())
            {
                usage.passes = statement.columnInt64 (0);
                usage.bytes = statement.columnInt64 (1);
            }
            return usage;
        }

        /** Runs a DELETE and says how many rows it removed. */
        template <typename Bind>
        [[nodiscard]] std::int64_t deleted (Database& connection, const char* sql, Bind bind)
        {
            auto statement = connection.prepare (sql);
            bind (statement);
            statement.run();
            return connection.changes();
        }
    } // namespace

    InboxStore::InboxStore (SharedDatabase& sharedDatabase) noexcept
        : database (sharedDatabase)
    {
    }

    template <typename Bind>
    bool InboxStore::change (const char* sql, Bind bind)
    {
        // One statement is already atomic.
        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare (sql);
            bind (statement);
            statement.run();
            return connection.changes() > 0;
        };

        return database.run (step);
    }

    bool InboxStore::file (const IncomingPass& pass)
    {
        return file (pass, {});
    }

    bool InboxStore::file (const IncomingPass& pass, const Admission& admit)
    {
        checkNotEmpty ("InboxStore::file", "pass's message id", pass.messageId);
        checkTrackId ("InboxStore::file", pass.trackId);
        checkTime ("InboxStore::file", "receivedAtMs", pass.receivedAtMs);

        const auto step = [&] (Database& connection)
        {
            // A pass filed before is left as it is, and not counted against its sender again.
            auto before = connection.prepare ("SELECT 1 FROM inbox WHERE message_id = ?1");
            if (before.bindText (1, pass.messageId).step())
                return false;

            if (admit)
                admit (usageWhere (connection, " WHERE sender_key = ?1", [&] (Statement& statement)
                                   { statement.bindBlob (1, bytesOf (pass.senderKey)); }),
                       usageWhere (connection, "", [] (Statement&) {}));

            auto insert = connection.prepare (std::string ("INSERT INTO inbox (") + inboxColumns + ") "
                                              + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0)");
            insert.bindText (1, pass.messageId)
                .bindBlob (2, bytesOf (pass.senderKey))
                .bindText (3, pass.trackId)
                .bindBlob (4, pass.passBytes)
                .bindText (5, pass.note)
                .bindInt64 (6, pass.receivedAtMs)
                .run();
            return true;
        };

        return database.transaction (step);
    }

    InboxStore::Page InboxStore::listPage (const std::optional<PageCursor>& after, int limit, std::int64_t maxBytes) const
    {
        checkPageLimits ("InboxStore::listPage", limit, maxBytes);

        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare (pageSql (inboxColumns, "inbox", "received_at_ms", after.has_value()));
            bindPageWindow (statement, after, limit);
            auto page = readPage<InboxPass> (
                connection, statement, 9, limit, maxBytes, readInbox, [] (const InboxPass& filed)
                { return storedBytesOf (filed.pass); },
                [] (const InboxPass& filed)
                { return filed.pass.receivedAtMs; });
            return Page { std::move (page.records), page.next };
        };

        return database.run (step);
    }

    std::vector<InboxStore::InboxPass> InboxStore::list() const
    {
        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare (std::string ("SELECT ") + inboxColumns + " FROM inbox "
                                                 + "ORDER BY received_at_ms DESC, rowid DESC");
            return readAll<InboxPass> (connection, statement, readInbox);
        };

        return database.run (step);
    }

    std::optional<InboxStore::InboxPass> InboxStore::find (const std::string& messageId) const
    {
        const auto step = [&] (Database& connection) -> std::optional<InboxPass>
        {
            auto statement = connection.prepare (std::string ("SELECT ") + inboxColumns + " FROM inbox WHERE message_id = ?1");

            if (! statement.bindText (1, messageId).step())
                return std::nullopt;

            return readInbox (connection, statement);
        };

        return database.run (step);
    }

    std::vector<InboxStore::InboxPass> InboxStore::findByTrack (const std::string& trackId) const
    {
        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare (std::string ("SELECT ") + inboxColumns + " FROM inbox WHERE track_id = ?1 "
                                                 + "ORDER BY received_at_ms DESC, rowid DESC");
            statement.bindText (1, trackId);
            return readAll<InboxPass> (connection, statement, readInbox);
        };

        return database.run (step);
    }

    std::int64_t InboxStore::unreadCount() const
    {
        const auto step = [] (Database& connection)
        {
            auto statement = connection.prepare ("SELECT count(*) FROM inbox WHERE is_read = 0");
            return statement.step() ? statement.columnInt64 (0) : 0;
        };

        return database.run (step);
    }

    passRules::InboxUsage InboxStore::usageOf (const PublicKey& sender) const
    {
        return database.run ([&] (Database& connection)
                             { return usageWhere (connection, " WHERE sender_key = ?1", [&] (Statement& statement)
                                                  { statement.bindBlob (1, bytesOf (sender)); }); });
    }

    passRules::InboxUsage InboxStore::usage() const
    {
        return database.run ([] (Database& connection)
                             { return usageWhere (connection, "", [] (Statement&) {}); });
    }

    std::vector<PublicKey> InboxStore::senders() const
    {
        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare ("SELECT DISTINCT sender_key FROM inbox ORDER BY sender_key");
            return readAll<PublicKey> (connection, statement, [] (const Database& database, const Statement& row)
                                       { return readKey (database, row, 0); });
        };

        return database.run (step);
    }

    std::int64_t InboxStore::remove (const std::vector<std::string>& messageIds)
    {
        const auto step = [&] (Database& connection)
        {
            std::int64_t count = 0;
            for (const auto& id : messageIds)
                count += deleted (connection, "DELETE FROM inbox WHERE message_id = ?1", [&] (Statement& statement)
                                  { statement.bindText (1, id); });
            return count;
        };

        return database.transaction (step);
    }

    std::int64_t InboxStore::removeFrom (const PublicKey& sender)
    {
        return database.run ([&] (Database& connection)
                             { return deleted (connection, "DELETE FROM inbox WHERE sender_key = ?1", [&] (Statement& statement)
                                               { statement.bindBlob (1, bytesOf (sender)); }); });
    }

    std::int64_t InboxStore::removeAll()
    {
        return database.run ([] (Database& connection)
                             { return deleted (connection, "DELETE FROM inbox", [] (Statement&) {}); });
    }

    bool InboxStore::markRead (const std::string& messageId)
    {
        // changes() counts rows the WHERE matched, even when the value was already 1.
        return change ("UPDATE inbox SET is_read = 1 WHERE message_id = ?1", [&] (Statement& statement)
                       { statement.bindText (1, messageId); });
    }

    bool InboxStore::recordListening (const std::string& messageId, std::int64_t listenedMs)
    {
        if (listenedMs < 0)
            throw std::invalid_argument ("InboxStore::recordListening: pass " + messageId + ": listenedMs "
                                         + std::to_string (listenedMs) + " is negative");

        return change ("UPDATE inbox SET listened_ms = max (listened_ms, ?2) WHERE message_id = ?1", [&] (Statement& statement)
                       { statement.bindText (1, messageId).bindInt64 (2, listenedMs); });
    }

    bool InboxStore::markReceiptSent (const std::string& messageId)
    {
        return change ("UPDATE inbox SET receipt_sent = 1 WHERE message_id = ?1", [&] (Statement& statement)
                       { statement.bindText (1, messageId); });
    }

    bool InboxStore::rememberMessage (const PublicKey& senderKey, const std::string& messageId, std::int64_t sentAtMs)
    {
        checkNotEmpty ("InboxStore::rememberMessage", "message id", messageId);
        checkTime ("InboxStore::rememberMessage", "sentAtMs", sentAtMs);

        return change ("INSERT INTO seen_messages (sender_key, message_id, sent_at_ms) VALUES (?1, ?2, ?3) "
                       "ON CONFLICT (sender_key, message_id) DO NOTHING",
                       [&] (Statement& statement)
                       { statement.bindBlob (1, bytesOf (senderKey)).bindText (2, messageId).bindInt64 (3, sentAtMs); });
    }

    bool InboxStore::wasSeen (const PublicKey& senderKey, const std::string& messageId) const
    {
        return database.run ([&] (Database& connection)
                             {
            auto statement = connection.prepare ("SELECT 1 FROM seen_messages WHERE sender_key = ?1 AND message_id = ?2");
            return statement.bindBlob (1, bytesOf (senderKey)).bindText (2, messageId).step(); });
    }

    std::int64_t InboxStore::pruneSeen (std::int64_t olderThanMs)
    {
        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare ("DELETE FROM seen_messages WHERE sent_at_ms < ?1");
            statement.bindInt64 (1, olderThanMs).run();
            return static_cast<std::int64_t> (connection.changes());
        };

        return database.run (step);
    }
} // namespace earshot
