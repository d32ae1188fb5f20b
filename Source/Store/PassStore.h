#pragma once

#include "Database.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** What the "pass along" feature keeps on disk: this daemon's friends, the messages it still
    has to deliver to them (the outbox), the passes they sent (the inbox), the message ids it has
    seen (replay protection), the append-only ledger of the points passes earned, and how many
    bytes it uploaded to each friend.

    Friends pass songs to each other: a daemon sends a signed pass (a track's manifest and a
    note) to a friend's daemon; when the friend listens past a threshold, their daemon sends a
    receipt back, and the receipt earns the sender points. Delivery is exactly once end to end:
    the sender's outbox retries until the friend's daemon acknowledges, and the friend's inbox
    files each pass id once however often it arrives.

    The tables live in an Earshot database file (the schema is Database's version 2), so the
    store may share the library's file or have one of its own: pass either path. A file written
    before passes existed gains the tables when it is opened.

    Keys are the 32 raw bytes of an Ed25519 public key (Identity::PublicKey and
    FriendCode::publicKey are the same type). Times are milliseconds since the Unix epoch and are
    always passed in: the store never reads a clock, so its behaviour depends only on its
    arguments. A time must lie between 1970 and the end of year 9999.

    Every method is one atomic step (one transaction): a crash leaves the old or the new state.
    Methods throw std::invalid_argument naming the argument when it is malformed (nothing has
    changed then), and StoreError when SQLite fails.

    Threading: safe to call from any thread; every call holds an internal mutex for its whole
    duration, and calls are short. Other processes (or other PassStore objects) may open the
    same file at once: each method's transaction takes the write lock up front when it writes,
    and SQLite's WAL mode and busy timeout arbitrate between them. */
    class PassStore final
    {
    public:
        /** A daemon's Ed25519 public key, raw. */
        using PublicKey = std::array<std::uint8_t, 32>;

        /** Failed deliveries are retried after firstRetryDelayMs, doubling with each further
        failure up to maxRetryDelayMs: 1 s, 2 s, 4 s, 8 s, 16 s, 32 s, then every 60 s. A friend
        whose daemon is down is asked about once a minute, and one that was only briefly away
        hears from us within seconds. */
        static constexpr std::int64_t firstRetryDelayMs = 1000;
        static constexpr std::int64_t maxRetryDelayMs = 60000;

        /** How long after its failedAttempts-th failed attempt a message is tried again:
        1000, 2000, 4000, ... capped at 60000 ms. */
        [[nodiscard]] static constexpr std::int64_t retryDelayMs (int failedAttempts) noexcept
        {
            auto delay = firstRetryDelayMs;

            for (int attempt = 1; attempt < failedAttempts && delay < maxRetryDelayMs; ++attempt)
                delay *= 2;

            return delay < maxRetryDelayMs ? delay : maxRetryDelayMs;
        }

        //==============================================================================
        /** A friend: another daemon whose passes this one accepts and to which it sends its own. */
        struct Friend
        {
            PublicKey publicKey {};
            /** What the user calls them; unique among friends, ignoring the case of ASCII letters
            (SQLite's NOCASE: "Zoë" and "ZOË" count as different names). Not empty. */
            std::string name;
            /** Where their daemon's Friends API listens (as in their friend code). Not empty. */
            std::string host;
            /** Not 0. */
            std::uint16_t port = 0;
            /** When they were first added. */
            std::int64_t addedAtMs = 0;

            bool operator== (const Friend&) const = default;
        };

        /** What an outbox message is: the pass itself, or the receipt a recipient sends back. */
        enum class MessageKind
        {
            pass,
            receipt
        };

        /** A message for a friend, as the daemon hands it to the outbox. */
        struct OutgoingMessage
        {
            /** Unique per message; the friend's daemon uses it to file the message only once. */
            std::string messageId;
            PublicKey recipientKey {};
            MessageKind kind = MessageKind::pass;
            /** The serialized, signed envelope, sent byte for byte as it is. */
            std::string envelope;
            std::int64_t createdAtMs = 0;

            bool operator== (const OutgoingMessage&) const = default;
        };

        /** Where an outbox message is on its way. */
        enum class DeliveryState
        {
            /** Not tried yet. */
            waiting,
            /** Its last attempt failed; it is tried again at nextAttemptAtMs. */
            retrying,
            /** The friend's daemon acknowledged it; it is never sent again. */
            delivered
        };

        /** An outbox message and how its delivery has gone so far. */
        struct OutboxMessage
        {
            OutgoingMessage message;
            /** Failed attempts so far. */
            int attempts = 0;
            /** When it is due; meaningless once delivered. */
            std::int64_t nextAttemptAtMs = 0;
            /** What went wrong at the last failed attempt; empty if none failed. */
            std::string lastError;
            /** When it was delivered; nothing until then. */
            std::optional<std::int64_t> deliveredAtMs;

            [[nodiscard]] DeliveryState state() const noexcept
            {
                if (deliveredAtMs.has_value())
                    return DeliveryState::delivered;

                return attempts > 0 ? DeliveryState::retrying : DeliveryState::waiting;
            }

            bool operator== (const OutboxMessage&) const = default;
        };

        /** A pass as it arrived from a friend, verified by the daemon. */
        struct IncomingPass
        {
            /** The pass's id; a pass is filed once per id. */
            std::string messageId;
            PublicKey senderKey {};
            /** The track's id: its info-hash, 40 lower-case hex digits. */
            std::string trackId;
            /** The serialized pass exactly as received, for the daemon to parse again. */
            std::string passBytes;
            /** The sender's note (may be empty). */
            std::string note;
            std::int64_t receivedAtMs = 0;

            bool operator== (const IncomingPass&) const = default;
        };

        /** A filed pass and what the recipient has done with it. */
        struct InboxPass
        {
            IncomingPass pass;
            bool read = false;
            /** The longest the recipient has listened to the track, in milliseconds. */
            std::int64_t listenedMs = 0;
            /** Whether the receipt for this pass has been put in the outbox. */
            bool receiptSent = false;

            bool operator== (const InboxPass&) const = default;
        };

        /** Points credited to this daemon, as the daemon hands them to the ledger. */
        struct Credit
        {
            std::int64_t atMs = 0;
            /** Positive for points earned; negative only for a correction of an earlier entry.
            Never 0. */
            std::int64_t points = 0;
            /** Why, in words the user can read. Not empty. */
            std::string reason;
            /** The pass the points are for. Not empty. */
            std::string passId;
            /** The friend whose receipt (or correction) brought them. */
            PublicKey friendKey {};
            /** What earned them, unique across the ledger (e.g. the receipt's message id), so
            that the same receipt can never be credited twice. Not empty. */
            std::string source;

            bool operator== (const Credit&) const = default;
        };

        /** One entry of the points ledger. */
        struct LedgerEntry
        {
            /** Ascending in the order entries were made; never reused. */
            std::int64_t entryId = 0;
            Credit credit;

            bool operator== (const LedgerEntry&) const = default;
        };

        //==============================================================================
        /** Opens or creates the Earshot database at file (its folder must exist), which may be
        the library's own file. Throws StoreError. */
        explicit PassStore (const std::filesystem::path& file);

        //==============================================================================
        /** Adds a friend, or, when a friend with the same key exists, changes their name, host
        and port (their addedAtMs stays that of the first add). Returns true when the friend is
        new. Throws std::invalid_argument naming the name when another friend is already called
        that (ignoring case), and when the name or host is empty or the port is 0. */
        bool addFriend (const Friend& newFriend);

        /** The friend called name, ignoring the case of ASCII letters. */
        [[nodiscard]] std::optional<Friend> findFriendByName (const std::string& name) const;

        [[nodiscard]] std::optional<Friend> findFriendByKey (const PublicKey& key) const;

        /** Every friend, by name (ignoring case). */
        [[nodiscard]] std::vector<Friend> listFriends() const;

        /** Removes the friend, and the messages to them still in the outbox (with no friend
        there is no address to deliver them to). Delivered messages, their passes in the inbox,
        the ledger and the uploaded bytes are history and stay. Returns false when there was no
        such friend. */
        bool removeFriend (const PublicKey& key);

        //==============================================================================
        /** Puts a message in the outbox, due at once (at its createdAtMs). Returns false, and
        changes nothing, when a message with the same id was enqueued before (whatever its
        content), so a daemon that is unsure whether it enqueued can enqueue again. Throws
        std::invalid_argument when the id is empty or the recipient is not a friend. */
        bool enqueue (const OutgoingMessage& message);

        /** Up to limit undelivered messages whose next attempt is due at nowMs (at or before),
        oldest (by createdAtMs) first. Throws std::invalid_argument when limit is not positive. */
        [[nodiscard]] std::vector<OutboxMessage> due (std::int64_t nowMs, int limit) const;

        /** Records a failed attempt to deliver the message at nowMs: counts it, keeps error,
        and makes the message due again retryDelayMs (attempts) later. Returns false, changing
        nothing, when there is no such message or it was delivered meanwhile. */
        bool markAttemptFailed (const std::string& messageId, std::int64_t nowMs, const std::string& error);

        /** Records that the friend's daemon acknowledged the message at nowMs; it is never due
        again. Returns false, changing nothing, when there is no such message or it was
        delivered before (the first delivery time stays). */
        bool markDelivered (const std::string& messageId, std::int64_t nowMs);

        /** Every outbox message, delivered or not, newest (by createdAtMs) first. */
        [[nodiscard]] std::vector<OutboxMessage> listOutbox() const;

        //==============================================================================
        /** Files a pass a friend sent, unread, with nothing listened. Returns false, and changes
        nothing, when a pass with that id was filed before: a sender that retries because our
        acknowledgement was lost gets it filed once. Throws std::invalid_argument when the id is
        empty or the track id is not 40 lower-case hex digits. */
        bool fileIncoming (const IncomingPass& pass);

        /** Every filed pass, newest (by receivedAtMs) first. */
        [[nodiscard]] std::vector<InboxPass> listInbox() const;

        /** The filed pass with that id. */
        [[nodiscard]] std::optional<InboxPass> findInbox (const std::string& messageId) const;

        /** The passes of the track, newest first; empty when none was passed to us. */
        [[nodiscard]] std::vector<InboxPass> findInboxByTrack (const std::string& trackId) const;

        /** How many filed passes are unread. */
        [[nodiscard]] std::int64_t unreadCount() const;

        /** Returns false when no pass with that id was filed. */
        bool markRead (const std::string& messageId);

        /** Records that the recipient has listened to the pass's track for listenedMs; the
        longest time recorded is kept, so reports may arrive in any order. Returns false when no
        pass with that id was filed. Throws std::invalid_argument when listenedMs is negative. */
        bool recordListening (const std::string& messageId, std::int64_t listenedMs);

        /** Records that the pass's receipt is in the outbox. Enqueue the receipt first, with a
        message id derived from the pass, then call this: after a crash between the two the
        daemon sees no receipt sent, enqueues again, and the outbox ignores the duplicate.
        Returns false when no pass with that id was filed. */
        bool markReceiptSent (const std::string& messageId);

        //==============================================================================
        /** Remembers that senderKey sent a message with that id at sentAtMs. Returns false when
        it was remembered before: the message is a replay, to be refused. The daemon must also
        refuse messages sent before the horizon it gives pruneSeen, since those ids may have been
        forgotten. Throws std::invalid_argument when the id is empty. */
        bool rememberMessage (const PublicKey& senderKey, const std::string& messageId, std::int64_t sentAtMs);

        /** Forgets the ids of messages sent before olderThanMs. Returns how many were forgotten. */
        std::int64_t pruneSeen (std::int64_t olderThanMs);

        //==============================================================================
        /** Appends an entry to the points ledger. Returns false, and changes nothing, when an
        entry with the same source exists: the same receipt never earns points twice. Throws
        std::invalid_argument when points is 0 or reason, passId or source is empty.

        Entries are never changed or removed: the class offers no way to, and the file's
        triggers refuse UPDATE and DELETE of ledger rows from any program. A mistake is undone
        by crediting a correction (negative points) with its own source. */
        bool credit (const Credit& entry);

        /** The sum of the points of every entry; 0 for an empty ledger. */
        [[nodiscard]] std::int64_t balance() const;

        /** Every entry, oldest first. */
        [[nodiscard]] std::vector<LedgerEntry> entries() const;

        //==============================================================================
        /** Adds bytes to what this daemon has uploaded to the friend for the track (seeding
        credit). Throws std::invalid_argument when bytes is negative, the track id is not 40
        lower-case hex digits, or the total would no longer fit in 63 bits. */
        void addUploaded (const PublicKey& friendKey, const std::string& trackId, std::int64_t bytes);

        /** The bytes uploaded to the friend over every track; 0 for none. */
        [[nodiscard]] std::int64_t uploadedTo (const PublicKey& friendKey) const;

    private:
        mutable std::mutex mutex;
        /** mutable: reading runs statements too; the mutex makes the const methods safe. */
        mutable Database database;
    };
} // namespace earshot
