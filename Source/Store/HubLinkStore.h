#pragma once

#include "SharedDatabase.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** What the daemon keeps for its discovery hub (the hub_ tables of an Earshot database): its
    settings (the hub's address, the artist profile), and the durable outbox of signed messages
    waiting for the hub, in the order they were made.

    A message stays until the hub takes it (remove) or refuses it for good. Releases, the
    profile, seed reports, artist's posts (one topic per post) and follow reports replace a
    waiting message on the same topic (the hub keeps only the
    latest of each anyway); listens and landed passes are queued once per topic, remembered past
    their delivery for a few days (a listen's topic names its track and UTC day).

    The outbox is bounded: past its capacity the oldest listens go first, then the oldest landed
    passes; releases, the profile, seed reports, posts and follow reports are never dropped to
    make room (there are at most as many as the library has tracks and the artist made posts, plus
    three).

    Times are milliseconds since the Unix epoch, always passed in. Every method is one atomic
    step; StoreError when SQLite fails. Any thread (the SharedDatabase's mutex). */
    class HubLinkStore final
    {
    public:
        /** Messages waiting at most, unless releases, profiles and seed reports alone exceed it. */
        static constexpr std::size_t defaultCapacity = 100'000;
        /** How long a queued-once topic is remembered after it was made: longer than the hub keeps
            taking a message (three days), so a report is never made twice. */
        static constexpr std::int64_t rememberOnceMs = 4LL * 24 * 60 * 60 * 1000;

        /** What a message tells the hub. */
        enum class Kind
        {
            release,
            profile,
            listen,
            passLanded,
            seeding,
            /** One of this daemon's artist's posts; its topic names the post. */
            post,
            /** The artists followed here (FollowReport). */
            follows
        };

        /** A signed message as it is handed to the outbox. */
        struct Outgoing
        {
            /** The message's own id (HubMessage.message_id). */
            std::string messageId;
            Kind kind = Kind::release;
            /** What the message is about: "release:TRACK", "profile", "listen:TRACK:DAY", ... */
            std::string topic;
            /** The serialized SignedHubMessage, sent byte for byte. */
            std::string signedMessage;
            std::int64_t createdAtMs = 0;
        };

        /** A message in the outbox. */
        struct Queued
        {
            /** Its place in the order of sending. */
            std::int64_t position = 0;
            Outgoing message;
            /** Times the hub deferred it (a report about a track it does not know yet). */
            int attempts = 0;
            std::int64_t nextAttemptAtMs = 0;
        };

        /** What enqueue did. */
        struct Enqueued
        {
            /** False for a queued-once topic made before: nothing changed. */
            bool queued = false;
            /** Waiting messages dropped to stay within the capacity (oldest listens first). */
            std::size_t dropped = 0;
        };

        /** The kind as the outbox stores it and the log names it: "release", "profile", "listen",
            "pass_landed", "seeding", "post", "follows". */
        [[nodiscard]] static const char* nameOf (Kind kind) noexcept;

        /** database must outlive this. */
        explicit HubLinkStore (SharedDatabase& database, std::size_t capacity = defaultCapacity) noexcept;

        /** A setting ("address", "profile"), or nothing when never set or cleared. */
        [[nodiscard]] std::optional<std::string> setting (const std::string& key) const;
        /** Sets a setting; an empty value clears it. */
        void setSetting (const std::string& key, const std::string& value);

        /** Queues a message, due at once. A release, profile or seed report first drops what waits
            on its topic; a listen or landed pass is queued only the first time its topic is seen
            (within rememberOnceMs). Throws std::invalid_argument for an empty id or topic. */
        Enqueued enqueue (const Outgoing& message);

        /** The first message in order whose next attempt is due at nowMs. */
        [[nodiscard]] std::optional<Queued> next (std::int64_t nowMs) const;
        /** When the next deferred message falls due, if any waits. */
        [[nodiscard]] std::optional<std::int64_t> nextDueAt() const;

        /** Takes a message out (delivered, or refused for good); false if it was not there. */
        bool remove (const std::string& messageId);
        /** Counts a deferral and makes the message due again delayMs after nowMs. */
        bool defer (const std::string& messageId, std::int64_t nowMs, std::int64_t delayMs);
        /** Puts a fresh signing of a message in its place (a release signed too long ago to be
            taken): same position, new id and bytes. */
        bool replace (const std::string& messageId, const Outgoing& fresh);

        /** How many messages wait. */
        [[nodiscard]] std::size_t waiting() const;
        /** Every waiting message, in order. */
        [[nodiscard]] std::vector<Queued> list() const;

    private:
        SharedDatabase& database;
        const std::size_t capacity;
    };
} // namespace earshot
