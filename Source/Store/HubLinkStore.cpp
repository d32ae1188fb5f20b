#include "HubLinkStore.h"

#include "PassColumns.h"

#include <algorithm>
#include <climits>

namespace earshot
{
    using namespace passColumns;

    namespace
    {
        constexpr auto queuedColumns = "position, message_id, kind, topic, message, created_at_ms, attempts, next_attempt_at_ms";

        [[nodiscard]] HubLinkStore::Kind kindNamed (const std::string& name) noexcept
        {
            for (const auto kind : { HubLinkStore::Kind::profile, HubLinkStore::Kind::listen, HubLinkStore::Kind::passLanded, HubLinkStore::Kind::seeding, HubLinkStore::Kind::post, HubLinkStore::Kind::follows })
                if (name == HubLinkStore::nameOf (kind))
                    return kind;
            return HubLinkStore::Kind::release;
        }

        /** Whether a newer message on the same topic makes a waiting one pointless. */
        [[nodiscard]] bool replacesItsTopic (HubLinkStore::Kind kind) noexcept
        {
            return kind != HubLinkStore::Kind::listen && kind != HubLinkStore::Kind::passLanded;
        }

        [[nodiscard]] HubLinkStore::Queued readQueued (const Database&, const Statement& row)
        {
            HubLinkStore::Queued result;
            result.position = row.columnInt64 (0);
            result.message.messageId = row.columnText (1);
            result.message.kind = kindNamed (row.columnText (2));
            result.message.topic = row.columnText (3);
            result.message.signedMessage = row.columnBlob (4);
            result.message.createdAtMs = row.columnInt64 (5);
            result.attempts = static_cast<int> (std::min<std::int64_t> (row.columnInt64 (6), INT_MAX));
            result.nextAttemptAtMs = row.columnInt64 (7);
            return result;
        }

        [[nodiscard]] std::int64_t countWaiting (Database& connection)
        {
            auto count = connection.prepare ("SELECT COUNT(*) FROM hub_outbox");
            (void) count.step();
            return count.columnInt64 (0);
        }

        /** Drops up to excess of the oldest waiting messages of kind; returns how many went. */
        [[nodiscard]] std::int64_t dropOldest (Database& connection, HubLinkStore::Kind kind, std::int64_t excess)
        {
            auto drop = connection.prepare ("DELETE FROM hub_outbox WHERE position IN "
                                            "(SELECT position FROM hub_outbox WHERE kind = ?1 ORDER BY position LIMIT ?2)");
            drop.bindText (1, HubLinkStore::nameOf (kind)).bindInt64 (2, excess).run();
            return connection.changes();
        }
    } // namespace

    const char* HubLinkStore::nameOf (Kind kind) noexcept
    {
        switch (kind)
        {
            case Kind::release:
                return "release";
            case Kind::profile:
                return "profile";
            case Kind::listen:
                return "listen";
            case Kind::passLanded:
                return "pass_landed";
            case Kind::seeding:
                return "seeding";
            case Kind::post:
                return "post";
            case Kind::follows:
                return "follows";
        }
        return "release";
    }

    HubLinkStore::HubLinkStore (SharedDatabase& sharedDatabase, std::size_t maxWaiting) noexcept
        : database (sharedDatabase), capacity (maxWaiting)
    {
    }

    std::optional<std::string> HubLinkStore::setting (const std::string& key) const
    {
        return database.run ([&] (Database& connection) -> std::optional<std::string>
                             {
            auto read = connection.prepare ("SELECT value FROM hub_settings WHERE key = ?1");
            if (! read.bindText (1, key).step())
                return std::nullopt;
            return read.columnBlob (0); });
    }

    void HubLinkStore::setSetting (const std::string& key, const std::string& value)
    {
        database.run ([&] (Database& connection)
                      {
            if (value.empty())
            {
                auto clear = connection.prepare ("DELETE FROM hub_settings WHERE key = ?1");
                clear.bindText (1, key).run();
                return;
            }
            auto write = connection.prepare ("INSERT INTO hub_settings (key, value) VALUES (?1, ?2) "
                                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
            write.bindText (1, key).bindBlob (2, value).run(); });
    }

    HubLinkStore::Enqueued HubLinkStore::enqueue (const Outgoing& message)
    {
        checkNotEmpty ("HubLinkStore::enqueue", "message id", message.messageId);
        checkNotEmpty ("HubLinkStore::enqueue", "topic", message.topic);
        checkTime ("HubLinkStore::enqueue", "createdAtMs", message.createdAtMs);

        return database.transaction ([&] (Database& connection)
                                     {
            Enqueued result;
            if (replacesItsTopic (message.kind))
            {
                auto replaced = connection.prepare ("DELETE FROM hub_outbox WHERE topic = ?1");
                replaced.bindText (1, message.topic).run();
            }
            else
            {
                auto forget = connection.prepare ("DELETE FROM hub_reported_once WHERE made_at_ms < ?1");
                forget.bindInt64 (1, message.createdAtMs - rememberOnceMs).run();
                auto once = connection.prepare ("INSERT INTO hub_reported_once (topic, made_at_ms) VALUES (?1, ?2) ON CONFLICT (topic) DO NOTHING");
                once.bindText (1, message.topic).bindInt64 (2, message.createdAtMs).run();
                if (connection.changes() == 0)
                    return result;
            }

            auto insert = connection.prepare ("INSERT INTO hub_outbox (message_id, kind, topic, message, created_at_ms, next_attempt_at_ms) "
                                              "VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (message_id) DO NOTHING");
            insert.bindText (1, message.messageId)
                .bindText (2, HubLinkStore::nameOf (message.kind))
                .bindText (3, message.topic)
                .bindBlob (4, message.signedMessage)
                .bindInt64 (5, message.createdAtMs)
                .run();
            result.queued = connection.changes() > 0;

            auto excess = countWaiting (connection) - static_cast<std::int64_t> (capacity);
            for (const auto kind : { Kind::listen, Kind::passLanded })
            {
                if (excess <= 0)
                    break;
                const auto dropped = dropOldest (connection, kind, excess);
                excess -= dropped;
                result.dropped += static_cast<std::size_t> (dropped);
            }
            return result; });
    }

    std::optional<HubLinkStore::Queued> HubLinkStore::next (std::int64_t nowMs) const
    {
        return database.run ([&] (Database& connection) -> std::optional<Queued>
                             {
            auto read = connection.prepare (std::string ("SELECT ") + queuedColumns + " FROM hub_outbox "
                                            + "WHERE next_attempt_at_ms <= ?1 ORDER BY position LIMIT 1");
            if (! read.bindInt64 (1, nowMs).step())
                return std::nullopt;
            return readQueued (connection, read); });
    }

    std::optional<std::int64_t> HubLinkStore::nextDueAt() const
    {
        return database.run ([&] (Database& connection) -> std::optional<std::int64_t>
                             {
            auto read = connection.prepare ("SELECT MIN (next_attempt_at_ms) FROM hub_outbox");
            if (! read.step() || read.columnIsNull (0))
                return std::nullopt;
            return read.columnInt64 (0); });
    }

    bool HubLinkStore::remove (const std::string& messageId)
    {
        return database.run ([&] (Database& connection)
                             {
            auto drop = connection.prepare ("DELETE FROM hub_outbox WHERE message_id = ?1");
            drop.bindText (1, messageId).run();
            return connection.changes() > 0; });
    }

    bool HubLinkStore::defer (const std::string& messageId, std::int64_t nowMs, std::int64_t delayMs)
    {
        return database.run ([&] (Database& connection)
                             {
            auto write = connection.prepare ("UPDATE hub_outbox SET attempts = attempts + 1, next_attempt_at_ms = ?2 WHERE message_id = ?1");
            write.bindText (1, messageId).bindInt64 (2, nowMs + delayMs).run();
            return connection.changes() > 0; });
    }

    bool HubLinkStore::replace (const std::string& messageId, const Outgoing& fresh)
    {
        checkNotEmpty ("HubLinkStore::replace", "message id", fresh.messageId);
        return database.run ([&] (Database& connection)
                             {
            auto write = connection.prepare ("UPDATE hub_outbox SET message_id = ?2, message = ?3, created_at_ms = ?4 WHERE message_id = ?1");
            write.bindText (1, messageId).bindText (2, fresh.messageId).bindBlob (3, fresh.signedMessage).bindInt64 (4, fresh.createdAtMs).run();
            return connection.changes() > 0; });
    }

    std::size_t HubLinkStore::waiting() const
    {
        return database.run ([&] (Database& connection)
                             { return static_cast<std::size_t> (countWaiting (connection)); });
    }

    std::vector<HubLinkStore::Queued> HubLinkStore::list() const
    {
        return database.run ([&] (Database& connection)
                             {
            auto read = connection.prepare (std::string ("SELECT ") + queuedColumns + " FROM hub_outbox ORDER BY position");
            return readAll<Queued> (connection, read, readQueued); });
    }
} // namespace earshot
