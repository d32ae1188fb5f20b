#pragma once

#include "FriendStore.h"
#include "SharedDatabase.h"

#include "Core/Paging.h"
#include "Core/PublicKey.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** The messages this daemon still has to deliver to its friends, and those it delivered (the
    outbox table of an Earshot database), with the schedule on which failed deliveries are retried.

    Delivery is exactly once end to end: the outbox retries until the friend's daemon
    acknowledges, and the friend's inbox (InboxStore) files each pass id once however often it
    arrives.

    The outbox only ever holds undelivered messages for a current friend: enqueue() checks the
    recipient and removeFriend() drops what is queued for them, each in one transaction with the
    FriendStore's step, so a removal racing an enqueue (in this process or another) can neither
    leave an orphan message nor lose one.

    Times, errors, atomicity and threading as every pass store's (see PassData.h). */
    class OutboxStore final
    {
    public:
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
            /** The friend's daemon refused it for its inbox quota (lastError says why); it is tried
            again, rarely, at nextAttemptAtMs, once they may have made room. */
            held,
            /** The friend's daemon acknowledged it; it is never sent again. */
            delivered,
            /** It can never go: the friend's daemon refused it for what it is (too large, stale,
                not from a friend of theirs), or it breaks the rules a message is sent by. lastError
                says why; it is never tried again. */
            failed
        };

        /** The nextAttemptAtMs of a failed message: never due again. (A failed message is an
            undelivered one whose next attempt is at the end of time, so the table needs no column
            of its own for it.) */
        static constexpr std::int64_t neverAgainMs = std::numeric_limits<std::int64_t>::max();

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
            /** Whether its last attempt was refused for the recipient's quota (markHeld): its
            lastError is that refusal (passRules::isQuotaRefusal). */
            bool held = false;

            [[nodiscard]] DeliveryState state() const noexcept
            {
                if (deliveredAtMs.has_value())
                    return DeliveryState::delivered;

                if (nextAttemptAtMs == neverAgainMs)
                    return DeliveryState::failed;
                if (held)
                    return DeliveryState::held;

                return attempts > 0 ? DeliveryState::retrying : DeliveryState::waiting;
            }

            bool operator== (const OutboxMessage&) const = default;
        };

        /** database and friends (on the same database) must outlive this. */
        OutboxStore (SharedDatabase& database, FriendStore& friends) noexcept;

        /** Puts a message in the outbox, due at once (at its createdAtMs). Returns false, and
        changes nothing, when a message with the same id was enqueued before (whatever its
        content), so a daemon that is unsure whether it enqueued can enqueue again. Throws
        std::invalid_argument when the id is empty or the recipient is not a friend (checked in
        the same transaction). */
        bool enqueue (const OutgoingMessage& message);

        /** Removes the friend (from the FriendStore), and the messages to them still in the
        outbox (with no friend there is no address to deliver them to), in one transaction.
        Delivered messages, their passes in the inbox, the ledger and the uploaded bytes are
        history and stay. Returns false when there was no such friend. */
        bool removeFriend (const PublicKey& key);

        /** Up to limit undelivered messages whose next attempt is due at nowMs (at or before),
        oldest (by createdAtMs) first. Throws std::invalid_argument when limit is not positive. */
        [[nodiscard]] std::vector<OutboxMessage> due (std::int64_t nowMs, int limit) const;

        /** Records a failed attempt to deliver the message at nowMs: counts it, keeps error,
        and makes the message due again retryDelayMs (attempts) later. Returns false, changing
        nothing, when there is no such message or it was delivered meanwhile. */
        bool markAttemptFailed (const std::string& messageId, std::int64_t nowMs, const std::string& error);

        /** Records that the friend's daemon refused the message at nowMs for its inbox quota: counts
        the attempt, keeps reason (as a quota refusal: passRules::quotaRefusalPrefix first), which
        marks it held, and makes it due again retryAfterMs later. A later markAttemptFailed or
        markDelivered ends the hold; markAttemptFailed puts an error that reads as a quota refusal
        in parentheses, so only markHeld holds. Returns false, changing nothing, when there
        is no such message or it was delivered meanwhile. */
        bool markHeld (const std::string& messageId, std::int64_t nowMs, const std::string& reason, std::int64_t retryAfterMs);

        /** Records that the message can never be delivered, at nowMs: counts the attempt, keeps
        error (why) and makes it never due again (DeliveryState::failed). Returns false, changing
        nothing, when there is no such message or it was delivered meanwhile. */
        bool markFailed (const std::string& messageId, std::int64_t nowMs, const std::string& error);

        /** Records that the friend's daemon acknowledged the message at nowMs; it is never due
        again. Returns false, changing nothing, when there is no such message or it was
        delivered before (the first delivery time stays). */
        bool markDelivered (const std::string& messageId, std::int64_t nowMs);

        /** Every outbox message, delivered or not, newest (by createdAtMs) first. */
        [[nodiscard]] std::vector<OutboxMessage> list() const;

        /** A page of the outbox, and where the next one starts (nothing after the last page). */
        struct Page
        {
            std::vector<OutboxMessage> messages;
            std::optional<PageCursor> next;
        };

        /** Up to limit messages, newest (by createdAtMs) first, after the cursor (nothing: from the
        newest), stopping early once their envelopes' bytes reach maxBytes (at least one message).
        Messages enqueued meanwhile do not shift later pages. Throws std::invalid_argument when
        limit or maxBytes is not positive. */
        [[nodiscard]] Page listPage (const std::optional<PageCursor>& after, int limit, std::int64_t maxBytes) const;

        /** The message with that id, delivered or not. */
        [[nodiscard]] std::optional<OutboxMessage> find (const std::string& messageId) const;

        /** Deletes receipts delivered before olderThanMs: they are history nothing reads again.
        Delivered passes stay, since the points ledger credits a receipt only for a pass it finds
        here. Returns how many were deleted. */
        std::int64_t pruneDeliveredReceipts (std::int64_t olderThanMs);

    private:
        /** Counts a failed attempt, keeps error, and makes the message due again delayAfter
        (attempts) later. */
        bool recordAttempt (const std::string& messageId, std::int64_t nowMs, const std::string& error, const std::function<std::int64_t (int)>& delayAfter);

        SharedDatabase& database;
        FriendStore& friends;
    };
} // namespace earshot
