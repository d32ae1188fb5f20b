#include "PassStore.h"

#include "Core/Hex.h"

#include <algorithm>
#include <climits>
#include <limits>
#include <stdexcept>
#include <string_view>

namespace earshot
{
    namespace
    {
        using PublicKey = PassStore::PublicKey;

        /** 9999-12-31T23:59:59.999Z: far beyond any real time, and far enough below INT64_MAX
        that adding a retry delay cannot overflow. */
        constexpr std::int64_t latestTimeMs = 253402300799999;

        constexpr auto friendColumns = "public_key, name, host, port, added_at_ms";
        constexpr auto outboxColumns = "message_id, recipient_key, kind, envelope, created_at_ms, attempts, "
                                       "next_attempt_at_ms, last_error, delivered_at_ms";
        constexpr auto inboxColumns = "message_id, sender_key, track_id, pass_bytes, note, received_at_ms, is_read, "
                                      "listened_ms, receipt_sent";
        constexpr auto ledgerColumns = "entry_id, at_ms, points, reason, pass_id, friend_key, source";

        [[nodiscard]] std::string_view bytesOf (const PublicKey& key) noexcept
        {
            return { reinterpret_cast<const char*> (key.data()), key.size() };
        }

        [[nodiscard]] const char* kindName (PassStore::MessageKind kind) noexcept
        {
            return kind == PassStore::MessageKind::receipt ? "receipt" : "pass";
        }

        void checkTime (const char* method, const char* what, std::int64_t ms)
        {
            if (ms < 0 || ms > latestTimeMs)
                throw std::invalid_argument (std::string ("PassStore::") + method + ": " + what + " " + std::to_string (ms)
                                             + " is not a time in milliseconds since the Unix epoch before the year 10000");
        }

        void checkNotEmpty (const char* method, const char* what, const std::string& value)
        {
            if (value.empty())
                throw std::invalid_argument (std::string ("PassStore::") + method + ": the " + what + " is empty");
        }

        void checkTrackId (const char* method, const std::string& trackId)
        {
            if (! isLowerHex (trackId, 40))
                throw std::invalid_argument (std::string ("PassStore::") + method + ": the track id \"" + trackId
                                             + "\" is not 40 lower-case hex digits");
        }

        /** Reads a key column; the schema's CHECK makes every stored key 32 bytes, but the file
        may have been written by another program without it. */
        [[nodiscard]] PublicKey readKey (const Database& database, const Statement& row, int column)
        {
            const auto bytes = row.columnBlob (column);
            PublicKey key {};

            if (bytes.size() != key.size())
                throw StoreError ("Earshot database '" + database.file().string() + "': a stored key is "
                                  + std::to_string (bytes.size()) + " bytes instead of 32; the file was changed by another program");

            std::copy (bytes.begin(), bytes.end(), key.begin());
            return key;
        }

        [[nodiscard]] PassStore::Friend readFriend (const Database& database, const Statement& row)
        {
            PassStore::Friend result;
            result.publicKey = readKey (database, row, 0);
            result.name = row.columnText (1);
            result.host = row.columnText (2);
            result.port = static_cast<std::uint16_t> (row.columnInt64 (3));
            result.addedAtMs = row.columnInt64 (4);
            return result;
        }

        [[nodiscard]] PassStore::OutboxMessage readOutbox (const Database& database, const Statement& row)
        {
            PassStore::OutboxMessage result;
            result.message.messageId = row.columnText (0);
            result.message.recipientKey = readKey (database, row, 1);
            result.message.kind = row.columnText (2) == "receipt" ? PassStore::MessageKind::receipt : PassStore::MessageKind::pass;
            result.message.envelope = row.columnBlob (3);
            result.message.createdAtMs = row.columnInt64 (4);
            result.attempts = static_cast<int> (std::min<std::int64_t> (row.columnInt64 (5), INT_MAX));
            result.nextAttemptAtMs = row.columnInt64 (6);
            result.lastError = row.columnText (7);

            if (! row.columnIsNull (8))
                result.deliveredAtMs = row.columnInt64 (8);

            return result;
        }

        [[nodiscard]] PassStore::InboxPass readInbox (const Database& database, const Statement& row)
        {
            PassStore::InboxPass result;
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

        [[nodiscard]] PassStore::LedgerEntry readLedgerEntry (const Database& database, const Statement& row)
        {
            PassStore::LedgerEntry result;
            result.entryId = row.columnInt64 (0);
            result.credit.atMs = row.columnInt64 (1);
            result.credit.points = row.columnInt64 (2);
            result.credit.reason = row.columnText (3);
            result.credit.passId = row.columnText (4);
            result.credit.friendKey = readKey (database, row, 5);
            result.credit.source = row.columnText (6);
            return result;
        }

        template <typename Record, typename Read>
        [[nodiscard]] std::vector<Record> readAll (const Database& database, Statement& statement, Read read)
        {
            std::vector<Record> records;

            while (statement.step())
                records.push_back (read (database, statement));

            return records;
        }
    } // namespace

    PassStore::PassStore (const std::filesystem::path& file)
        : database (file)
    {
    }

    //==============================================================================
    bool PassStore::addFriend (const Friend& newFriend)
    {
        checkNotEmpty ("addFriend", "friend's name", newFriend.name);
        checkNotEmpty ("addFriend", "friend's host", newFriend.host);
        checkTime ("addFriend", "addedAtMs", newFriend.addedAtMs);

        if (newFriend.port == 0)
            throw std::invalid_argument ("PassStore::addFriend: the port of \"" + newFriend.name + "\" is 0");

        const std::scoped_lock lock (mutex);

        const auto add = [&]
        {
            // Checked first so that the error names the name rather than a UNIQUE constraint.
            // The comparison uses the name column's NOCASE collation.
            auto taken = database.prepare ("SELECT name FROM friends WHERE name = ?1 AND public_key <> ?2");

            if (taken.bindText (1, newFriend.name).bindBlob (2, bytesOf (newFriend.publicKey)).step())
                throw std::invalid_argument ("PassStore::addFriend: the name \"" + newFriend.name
                                             + "\" is already used by another friend (\"" + taken.columnText (0)
                                             + "\"); choose another name");

            auto exists = database.prepare ("SELECT 1 FROM friends WHERE public_key = ?1");
            const auto isNew = ! exists.bindBlob (1, bytesOf (newFriend.publicKey)).step();

            auto upsert = database.prepare (std::string ("INSERT INTO friends (") + friendColumns + ") VALUES (?1, ?2, ?3, ?4, ?5) "
                                            + "ON CONFLICT (public_key) DO UPDATE SET name = excluded.name, "
                                            + "host = excluded.host, port = excluded.port");
            upsert.bindBlob (1, bytesOf (newFriend.publicKey))
                .bindText (2, newFriend.name)
                .bindText (3, newFriend.host)
                .bindInt64 (4, newFriend.port)
                .bindInt64 (5, newFriend.addedAtMs)
                .run();

            return isNew;
        };

        return database.transaction (add);
    }

    std::optional<PassStore::Friend> PassStore::findFriendByName (const std::string& name) const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare (std::string ("SELECT ") + friendColumns + " FROM friends WHERE name = ?1");

        if (! statement.bindText (1, name).step())
            return std::nullopt;

        return readFriend (database, statement);
    }

    std::optional<PassStore::Friend> PassStore::findFriendByKey (const PublicKey& key) const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare (std::string ("SELECT ") + friendColumns + " FROM friends WHERE public_key = ?1");

        if (! statement.bindBlob (1, bytesOf (key)).step())
            return std::nullopt;

        return readFriend (database, statement);
    }

    std::vector<PassStore::Friend> PassStore::listFriends() const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare (std::string ("SELECT ") + friendColumns + " FROM friends ORDER BY name, public_key");
        return readAll<Friend> (database, statement, readFriend);
    }

    bool PassStore::removeFriend (const PublicKey& key)
    {
        const std::scoped_lock lock (mutex);

        const auto remove = [&]
        {
            auto friends = database.prepare ("DELETE FROM friends WHERE public_key = ?1");
            friends.bindBlob (1, bytesOf (key)).run();

            if (database.changes() == 0)
                return false;

            auto undelivered = database.prepare ("DELETE FROM outbox WHERE recipient_key = ?1 AND delivered_at_ms IS NULL");
            undelivered.bindBlob (1, bytesOf (key)).run();
            return true;
        };

        return database.transaction (remove);
    }

    //==============================================================================
    bool PassStore::enqueue (const OutgoingMessage& message)
    {
        checkNotEmpty ("enqueue", "message id", message.messageId);
        checkTime ("enqueue", "createdAtMs", message.createdAtMs);

        const std::scoped_lock lock (mutex);

        const auto add = [&]
        {
            auto isFriend = database.prepare ("SELECT 1 FROM friends WHERE public_key = ?1");

            if (! isFriend.bindBlob (1, bytesOf (message.recipientKey)).step())
                throw std::invalid_argument ("PassStore::enqueue: message " + message.messageId + " is for "
                                             + toHex (message.recipientKey) + ", who is not a friend; add them first");

            auto insert = database.prepare (std::string ("INSERT INTO outbox (") + outboxColumns + ") "
                                            + "VALUES (?1, ?2, ?3, ?4, ?5, 0, ?5, '', NULL) "
                                            + "ON CONFLICT (message_id) DO NOTHING");
            insert.bindText (1, message.messageId)
                .bindBlob (2, bytesOf (message.recipientKey))
                .bindText (3, kindName (message.kind))
                .bindBlob (4, message.envelope)
                .bindInt64 (5, message.createdAtMs)
                .run();

            return database.changes() > 0;
        };

        return database.transaction (add);
    }

    std::vector<PassStore::OutboxMessage> PassStore::due (std::int64_t nowMs, int limit) const
    {
        checkTime ("due", "nowMs", nowMs);

        if (limit <= 0)
            throw std::invalid_argument ("PassStore::due: the limit " + std::to_string (limit) + " is not positive");

        const std::scoped_lock lock (mutex);

        auto statement = database.prepare (std::string ("SELECT ") + outboxColumns + " FROM outbox "
                                           + "WHERE delivered_at_ms IS NULL AND next_attempt_at_ms <= ?1 "
                                           + "ORDER BY created_at_ms, rowid LIMIT ?2");
        statement.bindInt64 (1, nowMs).bindInt64 (2, limit);
        return readAll<OutboxMessage> (database, statement, readOutbox);
    }

    bool PassStore::markAttemptFailed (const std::string& messageId, std::int64_t nowMs, const std::string& error)
    {
        checkTime ("markAttemptFailed", "nowMs", nowMs);

        const std::scoped_lock lock (mutex);

        const auto record = [&]
        {
            auto read = database.prepare ("SELECT attempts FROM outbox WHERE message_id = ?1 AND delivered_at_ms IS NULL");

            if (! read.bindText (1, messageId).step())
                return false;

            const auto attempts = static_cast<int> (std::min<std::int64_t> (read.columnInt64 (0), INT_MAX - 1)) + 1;

            auto write = database.prepare ("UPDATE outbox SET attempts = ?2, next_attempt_at_ms = ?3, last_error = ?4 "
                                           "WHERE message_id = ?1");
            write.bindText (1, messageId)
                .bindInt64 (2, attempts)
                .bindInt64 (3, nowMs + retryDelayMs (attempts))
                .bindText (4, error)
                .run();

            return true;
        };

        return database.transaction (record);
    }

    bool PassStore::markDelivered (const std::string& messageId, std::int64_t nowMs)
    {
        checkTime ("markDelivered", "nowMs", nowMs);

        const std::scoped_lock lock (mutex);

        auto statement = database.prepare ("UPDATE outbox SET delivered_at_ms = ?2 WHERE message_id = ?1 AND delivered_at_ms IS NULL");
        statement.bindText (1, messageId).bindInt64 (2, nowMs).run();
        return database.changes() > 0;
    }

    std::vector<PassStore::OutboxMessage> PassStore::listOutbox() const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare (std::string ("SELECT ") + outboxColumns + " FROM outbox "
                                           + "ORDER BY created_at_ms DESC, rowid DESC");
        return readAll<OutboxMessage> (database, statement, readOutbox);
    }

    //==============================================================================
    bool PassStore::fileIncoming (const IncomingPass& pass)
    {
        checkNotEmpty ("fileIncoming", "pass's message id", pass.messageId);
        checkTrackId ("fileIncoming", pass.trackId);
        checkTime ("fileIncoming", "receivedAtMs", pass.receivedAtMs);

        const std::scoped_lock lock (mutex);

        // One statement is already atomic; DO NOTHING leaves the first filing as it is.
        auto statement = database.prepare (std::string ("INSERT INTO inbox (") + inboxColumns + ") "
                                           + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0) "
                                           + "ON CONFLICT (message_id) DO NOTHING");
        statement.bindText (1, pass.messageId)
            .bindBlob (2, bytesOf (pass.senderKey))
            .bindText (3, pass.trackId)
            .bindBlob (4, pass.passBytes)
            .bindText (5, pass.note)
            .bindInt64 (6, pass.receivedAtMs)
            .run();

        return database.changes() > 0;
    }

    std::vector<PassStore::InboxPass> PassStore::listInbox() const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare (std::string ("SELECT ") + inboxColumns + " FROM inbox "
                                           + "ORDER BY received_at_ms DESC, rowid DESC");
        return readAll<InboxPass> (database, statement, readInbox);
    }

    std::optional<PassStore::InboxPass> PassStore::findInbox (const std::string& messageId) const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare (std::string ("SELECT ") + inboxColumns + " FROM inbox WHERE message_id = ?1");

        if (! statement.bindText (1, messageId).step())
            return std::nullopt;

        return readInbox (database, statement);
    }

    std::vector<PassStore::InboxPass> PassStore::findInboxByTrack (const std::string& trackId) const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare (std::string ("SELECT ") + inboxColumns + " FROM inbox WHERE track_id = ?1 "
                                           + "ORDER BY received_at_ms DESC, rowid DESC");
        statement.bindText (1, trackId);
        return readAll<InboxPass> (database, statement, readInbox);
    }

    std::int64_t PassStore::unreadCount() const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare ("SELECT count(*) FROM inbox WHERE is_read = 0");
        return statement.step() ? statement.columnInt64 (0) : 0;
    }

    bool PassStore::markRead (const std::string& messageId)
    {
        const std::scoped_lock lock (mutex);

        // changes() counts rows the WHERE matched, even when the value was already 1.
        auto statement = database.prepare ("UPDATE inbox SET is_read = 1 WHERE message_id = ?1");
        statement.bindText (1, messageId).run();
        return database.changes() > 0;
    }

    bool PassStore::recordListening (const std::string& messageId, std::int64_t listenedMs)
    {
        if (listenedMs < 0)
            throw std::invalid_argument ("PassStore::recordListening: pass " + messageId + ": listenedMs "
                                         + std::to_string (listenedMs) + " is negative");

        const std::scoped_lock lock (mutex);

        auto statement = database.prepare ("UPDATE inbox SET listened_ms = max (listened_ms, ?2) WHERE message_id = ?1");
        statement.bindText (1, messageId).bindInt64 (2, listenedMs).run();
        return database.changes() > 0;
    }

    bool PassStore::markReceiptSent (const std::string& messageId)
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare ("UPDATE inbox SET receipt_sent = 1 WHERE message_id = ?1");
        statement.bindText (1, messageId).run();
        return database.changes() > 0;
    }

    //==============================================================================
    bool PassStore::rememberMessage (const PublicKey& senderKey, const std::string& messageId, std::int64_t sentAtMs)
    {
        checkNotEmpty ("rememberMessage", "message id", messageId);
        checkTime ("rememberMessage", "sentAtMs", sentAtMs);

        const std::scoped_lock lock (mutex);

        auto statement = database.prepare ("INSERT INTO seen_messages (sender_key, message_id, sent_at_ms) VALUES (?1, ?2, ?3) "
                                           "ON CONFLICT (sender_key, message_id) DO NOTHING");
        statement.bindBlob (1, bytesOf (senderKey)).bindText (2, messageId).bindInt64 (3, sentAtMs).run();
        return database.changes() > 0;
    }

    std::int64_t PassStore::pruneSeen (std::int64_t olderThanMs)
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare ("DELETE FROM seen_messages WHERE sent_at_ms < ?1");
        statement.bindInt64 (1, olderThanMs).run();
        return database.changes();
    }

    //==============================================================================
    bool PassStore::credit (const Credit& entry)
    {
        if (entry.points == 0)
            throw std::invalid_argument ("PassStore::credit: source " + entry.source
                                         + ": 0 points is not an entry; the ledger holds only changes to the balance");

        checkNotEmpty ("credit", "reason", entry.reason);
        checkNotEmpty ("credit", "pass id", entry.passId);
        checkNotEmpty ("credit", "source", entry.source);
        checkTime ("credit", "atMs", entry.atMs);

        const std::scoped_lock lock (mutex);

        const auto append = [&]
        {
            // Not INSERT ... ON CONFLICT DO NOTHING: the ledger's trigger refuses an insert whose
            // source exists before the conflict clause is reached.
            auto exists = database.prepare ("SELECT 1 FROM points_ledger WHERE source = ?1");

            if (exists.bindText (1, entry.source).step())
                return false;

            auto insert = database.prepare ("INSERT INTO points_ledger (at_ms, points, reason, pass_id, friend_key, source) "
                                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            insert.bindInt64 (1, entry.atMs)
                .bindInt64 (2, entry.points)
                .bindText (3, entry.reason)
                .bindText (4, entry.passId)
                .bindBlob (5, bytesOf (entry.friendKey))
                .bindText (6, entry.source)
                .run();

            return true;
        };

        return database.transaction (append);
    }

    std::int64_t PassStore::balance() const
    {
        const std::scoped_lock lock (mutex);

        // SUM, unlike TOTAL, stays an integer and fails rather than rounding on overflow.
        auto statement = database.prepare ("SELECT coalesce (sum (points), 0) FROM points_ledger");
        return statement.step() ? statement.columnInt64 (0) : 0;
    }

    std::vector<PassStore::LedgerEntry> PassStore::entries() const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare (std::string ("SELECT ") + ledgerColumns + " FROM points_ledger ORDER BY entry_id");
        return readAll<LedgerEntry> (database, statement, readLedgerEntry);
    }

    //==============================================================================
    void PassStore::addUploaded (const PublicKey& friendKey, const std::string& trackId, std::int64_t bytes)
    {
        checkTrackId ("addUploaded", trackId);

        if (bytes < 0)
            throw std::invalid_argument ("PassStore::addUploaded: track " + trackId + ": " + std::to_string (bytes)
                                         + " bytes is negative");

        const std::scoped_lock lock (mutex);

        const auto add = [&]
        {
            // Added here rather than in SQL: SQLite turns an integer sum that overflows into a
            // floating-point number instead of failing.
            auto read = database.prepare ("SELECT bytes FROM uploaded_bytes WHERE friend_key = ?1 AND track_id = ?2");
            const auto before = read.bindBlob (1, bytesOf (friendKey)).bindText (2, trackId).step() ? read.columnInt64 (0) : 0;

            if (bytes > std::numeric_limits<std::int64_t>::max() - before)
                throw std::invalid_argument ("PassStore::addUploaded: track " + trackId + ": adding " + std::to_string (bytes)
                                             + " bytes to " + std::to_string (before) + " would overflow the count");

            auto write = database.prepare ("INSERT INTO uploaded_bytes (friend_key, track_id, bytes) VALUES (?1, ?2, ?3) "
                                           "ON CONFLICT (friend_key, track_id) DO UPDATE SET bytes = excluded.bytes");
            write.bindBlob (1, bytesOf (friendKey)).bindText (2, trackId).bindInt64 (3, before + bytes).run();
        };

        database.transaction (add);
    }

    std::int64_t PassStore::uploadedTo (const PublicKey& friendKey) const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare ("SELECT coalesce (sum (bytes), 0) FROM uploaded_bytes WHERE friend_key = ?1");
        return statement.bindBlob (1, bytesOf (friendKey)).step() ? statement.columnInt64 (0) : 0;
    }
} // namespace earshot
