#pragma once

#include "EnvelopeSigner.h"
#include "PublicKey.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot
{
    /** A message as it travels between daemons: the serialized envelope, the key of whoever says
        they sent it, and their signature of the envelope. */
    struct SealedMessage
    {
        std::string envelope;
        /** Raw bytes as received: 32 for a well-formed key. */
        std::string senderKey;
        std::string signature;
    };

    /** What every envelope says about itself, whatever it carries. */
    struct EnvelopeHeader
    {
        std::string messageId;
        /** When the sender's clock says it was sent, in milliseconds since the Unix epoch. */
        std::int64_t sentAtMs = 0;
        /** Raw bytes of the key of the daemon it is for. */
        std::string recipientKey;
    };

    /** An earlier pass of the same track, one link of a pass's chain. */
    struct PassLink
    {
        std::string passId;
        /** Raw bytes of the key of who sent that pass: 32 for a well-formed key. */
        std::string senderKey;

        bool operator== (const PassLink&) const = default;
    };

    /** How long ago sentAtMs was at nowMs (negative: ahead of it), saturated to ±INT64_MAX: a
        message's timestamp is whatever its sender put there, and subtracting INT64_MIN overflows. */
    [[nodiscard]] constexpr std::int64_t millisecondsSince (std::int64_t sentAtMs, std::int64_t nowMs) noexcept
    {
        std::int64_t ago = 0;
        if (__builtin_sub_overflow (nowMs, sentAtMs, &ago))
            return sentAtMs < 0 ? std::numeric_limits<std::int64_t>::max() : -std::numeric_limits<std::int64_t>::max();
        return ago == std::numeric_limits<std::int64_t>::min() ? -std::numeric_limits<std::int64_t>::max() : ago;
    }

    /** The rules of passing songs between friends, apart from how messages travel and where they
        are kept (the daemon's Passes does both). Each check throws Error with the code the daemon
        answers with and a message that names the friend and what was wrong; the daemon takes them
        in the order declared here. Pure functions: time is always passed in. */
    namespace passRules
    {
        /** Largest signed message accepted, in bytes. */
        constexpr std::size_t maxMessageBytes = 1024 * 1024;
        /** A message sent longer ago than this, or further in the future, is refused as stale. */
        constexpr std::int64_t maxAgeMs = 24LL * 60 * 60 * 1000;
        constexpr std::int64_t maxClockSkewMs = 5LL * 60 * 1000;
        /** Longest message id taken. */
        constexpr std::size_t maxMessageIdBytes = 80;
        /** Longest note a pass carries: a few lines to a friend, not a document. The sender
            refuses a longer one at SendPass, and the receiver refuses a pass that carries one. */
        constexpr std::size_t maxNoteBytes = 4 * 1024;
        /** Longest name a friend may be given here (it names them in every message about them). */
        constexpr std::size_t maxFriendNameBytes = 100;
        /** Points for a pass that landed, and for the pass before it in the chain: PassAlong
            Networks paid the sharer 10% of a sale and 1% one hop further; here the sender of a pass
            that lands earns 10 and the friend who passed it to them 1. Nobody further earns. */
        constexpr std::int64_t directPoints = 10;
        constexpr std::int64_t chainPoints = 1;
        /** Listening this long earns a pass its receipt (or half the track, if that is less). */
        constexpr std::int64_t listenThresholdMs = 30'000;

        //==============================================================================
        /** What one friend's passes may make this daemon store: passes in the inbox (read or not,
            until the user deletes them) and their bytes. A friend who fills it is refused until the
            user reads and deletes some; 200 passes of about 160 KiB, or fewer larger ones. */
        constexpr std::int64_t maxInboxPassesPerFriend = 200;
        constexpr std::int64_t maxInboxBytesPerFriend = 32LL * 1024 * 1024;
        /** The inbox's bytes from all friends together: a dozen friends at their quota. */
        constexpr std::int64_t maxInboxBytes = 384LL * 1024 * 1024;

        /** A receiver refuses a pass over quota with RESOURCE_EXHAUSTED and a message that starts
            with this, so the sender's courier tells it from the rate limit (a refusal of the same
            code that passes in a second) and holds the pass instead of retrying it fast. */
        inline constexpr std::string_view quotaRefusalPrefix = "inbox quota: ";
        /** A pass held by the receiver's quota is tried again this often: someone has to read
            and delete passes first, which takes a person, not a second. */
        constexpr std::int64_t heldRetryDelayMs = 60LL * 60 * 1000;

        /** How often the daemon prunes what it no longer needs (seen message ids, old delivered
            receipts) and gives freed space back to the file system. */
        constexpr std::int64_t pruneIntervalMs = 60LL * 60 * 1000;
        /** Delivered receipts stay in the outbox this long, for `earshot outbox` to show; a
            delivered pass stays for good, since a receipt for it may come any time and the points
            ledger credits only a pass it finds there. */
        constexpr std::int64_t keepDeliveredReceiptsMs = 7LL * 24 * 60 * 60 * 1000;

        /** The limits a daemon applies to its inbox (a daemon may be started with smaller ones). */
        struct InboxLimits
        {
            std::int64_t passesPerFriend = maxInboxPassesPerFriend;
            std::int64_t bytesPerFriend = maxInboxBytesPerFriend;
            std::int64_t totalBytes = maxInboxBytes;

            bool operator== (const InboxLimits&) const = default;
        };

        /** What the inbox holds: passes and their stored bytes. */
        struct InboxUsage
        {
            std::int64_t passes = 0;
            std::int64_t bytes = 0;

            bool operator== (const InboxUsage&) const = default;
        };

        //==============================================================================
        /** The sender's key of a sealed message of messageBytes bytes. Throws Error
            (invalidArgument) when the message is larger than maxMessageBytes or the key is not 32
            bytes. */
        [[nodiscard]] PublicKey senderOf (std::size_t messageBytes, std::string_view senderKey);

        /** Throws Error (invalidArgument) when a pass's note is longer than maxNoteBytes, naming
            its size and the limit. */
        void checkNote (std::string_view note);

        /** Throws Error (invalidArgument) when a name for a friend is empty or longer than
            maxFriendNameBytes. */
        void checkFriendName (std::string_view name);

        /** Throws Error (invalidArgument) when a sealed message this daemon is about to send is
            larger than maxMessageBytes, so a friend's daemon would refuse it: named by `what` (e.g.
            "the pass of 'x.flac'"), its size and the limit. */
        void checkOutgoingSize (const std::string& what, std::size_t messageBytes);

        /** Messages are taken only from friends. Throws Error (permissionDenied) when the sender
            is not one. */
        void checkFriend (const PublicKey& sender, bool isFriend);

        /** Throws Error (permissionDenied) unless signature is sender's of envelope: signed with
            their key, and not changed since. */
        void checkSignature (const EnvelopeSigner& signer, const PublicKey& sender, std::string_view envelope, std::string_view signature, const std::string& from);

        /** Throws Error (resourceExhausted) when the friend called `from` is over their rate
            (withinRate false: see RateLimiter). */
        void checkRate (bool withinRate, const std::string& from);

        /** Throws Error (invalidArgument) when an envelope from the friend called `from` is not
            for `self`, was sent more than maxAgeMs before nowMs or more than maxClockSkewMs after
            it, or has no id or one longer than maxMessageIdBytes. */
        void checkEnvelope (const EnvelopeHeader& header, const PublicKey& self, std::int64_t nowMs, const std::string& from);

        /** Throws Error (invalidArgument) when a pass names a different id than its envelope. */
        void checkPassId (const EnvelopeHeader& header, const std::string& passId, const std::string& from);

        /** A pass is filed once: throws Error (alreadyExists) when filedBefore, so a retry or a
            replay is answered as delivered before. */
        void checkNotFiled (bool filedBefore, const std::string& messageId, const std::string& from);

        /** Throws Error (resourceExhausted, the message starting with quotaRefusalPrefix) when filing
            a pass of passBytes from the friend called `from` would take what they have in the inbox
            (fromSender) past limits' per-friend bytes or passes (checked in that order), or the
            whole inbox (all) past its total bytes. The
            message names the quota, what is stored and what `self` (the receiving user's name)
            must do. */
        void checkInboxQuota (const InboxUsage& fromSender, const InboxUsage& all, std::int64_t passBytes, const InboxLimits& limits, const std::string& from, const std::string& self);

        /** Whether a refusal's message is a quota refusal (see quotaRefusalPrefix). */
        [[nodiscard]] bool isQuotaRefusal (std::string_view message) noexcept;

        /** Message ids sent before this, at nowMs, can be forgotten: checkEnvelope refuses such a
            message as stale, so a replay of it can never be taken. */
        [[nodiscard]] constexpr std::int64_t seenHorizonMs (std::int64_t nowMs) noexcept
        {
            return nowMs - maxAgeMs - maxClockSkewMs;
        }

        //==============================================================================
        /** How long the user must listen to a track of durationMs (0: unknown) for its passes to
            earn their receipts: listenThresholdMs, or half the track if that is less. */
        [[nodiscard]] constexpr std::int64_t listenThresholdFor (std::int64_t durationMs) noexcept
        {
            return durationMs > 0 && durationMs / 2 < listenThresholdMs ? durationMs / 2 : listenThresholdMs;
        }

        /** Whether listening for listenedMs to a track of durationMs sends a pass's receipt now:
            past the threshold, and only once. */
        [[nodiscard]] constexpr bool earnsReceipt (std::int64_t listenedMs, std::int64_t durationMs, bool receiptSent) noexcept
        {
            return ! receiptSent && listenedMs >= listenThresholdFor (durationMs);
        }

        /** The id of the receipt for a pass: one receipt per pass, however often it is enqueued. */
        [[nodiscard]] std::string receiptIdFor (const std::string& passId);

        /** The id a receipt has when forwarded one hop up the chain. */
        [[nodiscard]] std::string forwardIdFor (const std::string& receiptId);

        //==============================================================================
        /** The chain a new pass of a track carries when the track came here in the pass passId from
            `from` whose own chain was `chain`: that chain, then the pass it came in. A pass without
            an id starts no chain (an empty one). */
        [[nodiscard]] std::vector<PassLink> chainAfter (const std::vector<PassLink>& chain, const std::string& passId, const PublicKey& from);

        /** What a receipt earns, as it goes into the ledger. */
        struct Credit
        {
            std::int64_t points = 0;
            /** Why, in words the user reads. */
            std::string reason;
            /** What earned it, unique across the ledger: the same receipt never earns twice. */
            std::string source;

            bool operator== (const Credit&) const = default;
        };

        /** A receipt for a pass this daemon sent the friend called `from`, titled title: they
            listened for listenedMs. Earns directPoints. */
        [[nodiscard]] Credit directCredit (const std::string& from, const std::string& title, std::uint64_t listenedMs, const std::string& receiptId);

        /** A receipt one hop down the chain, for the pass this daemon sent `from`: `from` forwarded
            the receipt a friend of theirs (the listener) sent them. innerReceipt is that receipt's
            header, or nothing when it is not signed by its listener or is not a receipt (see
            isSignedBySender). Earns chainPoints. Throws Error (permissionDenied) without
            innerReceipt, and (invalidArgument) when it was not for `from`. */
        [[nodiscard]] Credit chainCredit (const std::optional<EnvelopeHeader>& innerReceipt, const PublicKey& fromKey, const std::string& from, const std::string& title);

        /** A receipt earns once: throws Error (alreadyExists) when creditedBefore. */
        void checkNotCredited (bool creditedBefore, const std::string& receiptId, const std::string& from);

        /** Whether message is signed by the key it names: a well-formed key and a good signature. */
        [[nodiscard]] bool isSignedBySender (const EnvelopeSigner& signer, const SealedMessage& message);

        /** Where a direct receipt for a pass with this chain is forwarded: the friend who passed
            the track here (the chain's last link) earns a share. Nothing for a receipt that was
            itself forwarded (nobody further earns), for a pass that started here, or for a link
            whose key is malformed. */
        [[nodiscard]] std::optional<PassLink> forwardTarget (bool receiptWasForwarded, const std::vector<PassLink>& chain);

        /** A span of milliseconds (not negative) as a person reads it, in its largest whole unit:
            "3 days", "1 h", "12 min", "40 s". */
        [[nodiscard]] std::string spanText (std::int64_t ms);
    } // namespace passRules
} // namespace earshot
