#include "PassRules.h"

#include "Error.h"
#include "Hex.h"
#include "QuoteInput.h"
#include "RateLimiter.h"

namespace earshot::passRules
{
    PublicKey senderOf (std::size_t messageBytes, std::string_view senderKey)
    {
        if (messageBytes > maxMessageBytes)
            throw Error (ErrorCode::invalidArgument, "a message of " + std::to_string (messageBytes) + " bytes is larger than the " + std::to_string (maxMessageBytes) + " a message may be");
        const auto sender = publicKeyFrom (senderKey);
        if (! sender)
            throw Error (ErrorCode::invalidArgument, "the sender key is " + std::to_string (senderKey.size()) + " bytes, not 32");
        return *sender;
    }

    void checkNote (std::string_view note)
    {
        if (note.size() > maxNoteBytes)
            throw Error (ErrorCode::invalidArgument, "the note is " + std::to_string (note.size()) + " bytes; a pass's note holds at most " + std::to_string (maxNoteBytes));
    }

    void checkFriendName (std::string_view name)
    {
        if (name.empty())
            throw Error (ErrorCode::invalidArgument, "a friend needs a name, e.g. --name Ana");
        if (name.size() > maxFriendNameBytes)
            throw Error (ErrorCode::invalidArgument, "the friend's name " + quoteInput (name) + " is " + std::to_string (name.size()) + " bytes; a name holds at most " + std::to_string (maxFriendNameBytes));
    }

    void checkOutgoingSize (const std::string& what, std::size_t messageBytes)
    {
        if (messageBytes > maxMessageBytes)
            throw Error (ErrorCode::invalidArgument, what + " would be a message of " + std::to_string (messageBytes) + " bytes; a message between friends holds at most " + std::to_string (maxMessageBytes) + ", so no friend's daemon would take it");
    }

    void checkFriend (const PublicKey& sender, bool isFriend)
    {
        if (! isFriend)
            throw Error (ErrorCode::permissionDenied, "unknown sender " + toHex (sender).substr (0, 16) + "…: messages are taken only from friends; add them with `earshot friends add`");
    }

    void checkSignature (const EnvelopeSigner& signer, const PublicKey& sender, std::string_view envelope, std::string_view signature, const std::string& from)
    {
        if (! signer.verify (sender, envelope, signature))
            throw Error (ErrorCode::permissionDenied, "bad signature on a message from " + from + ": it was not signed with their key, or it was changed on the way");
    }

    void checkRate (bool withinRate, const std::string& from)
    {
        if (! withinRate)
            throw Error (ErrorCode::resourceExhausted, from + " is sending faster than " + std::to_string (static_cast<int> (RateLimiter::perSecond)) + " messages a second; try again shortly");
    }

    void checkEnvelope (const EnvelopeHeader& header, const PublicKey& self, std::int64_t nowMs, const std::string& from)
    {
        if (header.recipientKey != keyBytes (self))
            throw Error (ErrorCode::invalidArgument, "the message from " + from + " is for another daemon");
        const auto sentAgo = millisecondsSince (header.sentAtMs, nowMs);
        if (sentAgo > maxAgeMs)
            throw Error (ErrorCode::invalidArgument, "the message from " + from + " is stale: it was sent " + spanText (sentAgo) + " ago, and messages are taken for a day");
        if (sentAgo < -maxClockSkewMs)
            throw Error (ErrorCode::invalidArgument, "the message from " + from + " is dated " + spanText (-sentAgo) + " in the future; clocks may differ by 5 minutes at most (is one of the two clocks wrong?)");
        if (header.messageId.empty() || header.messageId.size() > maxMessageIdBytes)
            throw Error (ErrorCode::invalidArgument, "the message from " + from + " has no usable id");
    }

    void checkPassId (const EnvelopeHeader& header, const std::string& passId, const std::string& from)
    {
        if (passId != header.messageId)
            throw Error (ErrorCode::invalidArgument, "the pass from " + from + " names a different id than its envelope");
    }

    void checkNotFiled (bool filedBefore, const std::string& messageId, const std::string& from)
    {
        if (filedBefore)
            throw Error (ErrorCode::alreadyExists, "message " + messageId + " from " + from + " was delivered before; nothing was filed again");
    }

    namespace
    {
        /** A size as a person reads it: "700 KiB", "31.5 MiB". */
        [[nodiscard]] std::string mebibytes (std::int64_t bytes)
        {
            constexpr std::int64_t mebibyte = 1024 * 1024;
            if (bytes < mebibyte)
                return std::to_string ((bytes + 1023) / 1024) + " KiB";
            const auto tenths = (bytes * 10 + mebibyte / 2) / mebibyte;
            return std::to_string (tenths / 10) + (tenths % 10 != 0 ? "." + std::to_string (tenths % 10) : std::string()) + " MiB";
        }
    } // namespace

    void checkInboxQuota (const InboxUsage& fromSender, const InboxUsage& all, std::int64_t passBytes, const InboxLimits& limits, const std::string& from, const std::string& self)
    {
        const auto refuse = [] (const std::string& why)
        { throw Error (ErrorCode::resourceExhausted, std::string (quotaRefusalPrefix) + why); };
        const auto inbox = "your inbox at " + self + "'s";

        if (fromSender.bytes + passBytes > limits.bytesPerFriend)
            refuse (inbox + " holds " + mebibytes (fromSender.bytes) + " of passes from you, and this one of " + mebibytes (passBytes)
                    + " would take it past the " + mebibytes (limits.bytesPerFriend) + " it keeps from a friend; " + self
                    + " must read and delete some first");
        if (fromSender.passes + 1 > limits.passesPerFriend)
            refuse (inbox + " holds " + std::to_string (fromSender.passes) + " passes from you, the most it keeps (" + from
                    + " here); " + self + " must read and delete some first");
        if (all.bytes + passBytes > limits.totalBytes)
            refuse (self + "'s inbox is full: it holds " + mebibytes (all.bytes) + " of passes from all friends, the most it keeps is "
                    + mebibytes (limits.totalBytes) + "; " + self + " must read and delete some first");
    }

    bool isQuotaRefusal (std::string_view message) noexcept
    {
        return message.starts_with (quotaRefusalPrefix);
    }

    std::string receiptIdFor (const std::string& passId)
    {
        return "receipt-" + passId;
    }

    std::string forwardIdFor (const std::string& receiptId)
    {
        return "forward-" + receiptId;
    }

    //==============================================================================
    std::vector<PassLink> chainAfter (const std::vector<PassLink>& chain, const std::string& passId, const PublicKey& from)
    {
        if (passId.empty())
            return {};
        auto longer = chain;
        longer.push_back ({ passId, keyBytes (from) });
        return longer;
    }

    Credit directCredit (const std::string& from, const std::string& title, std::uint64_t listenedMs, const std::string& receiptId)
    {
        return { directPoints, from + " listened to " + title + " for " + std::to_string (listenedMs / 1000) + " s", receiptId };
    }

    Credit chainCredit (const std::optional<EnvelopeHeader>& innerReceipt, const PublicKey& fromKey, const std::string& from, const std::string& title)
    {
        if (! innerReceipt)
            throw Error (ErrorCode::permissionDenied, "the receipt " + from + " forwarded is not signed by its listener");
        if (innerReceipt->recipientKey != keyBytes (fromKey))
            throw Error (ErrorCode::invalidArgument, "the receipt " + from + " forwarded was not for them");
        return { chainPoints, "a friend of " + from + " listened to " + title + ", which you passed to " + from, "chain:" + innerReceipt->messageId };
    }

    void checkNotCredited (bool creditedBefore, const std::string& receiptId, const std::string& from)
    {
        if (creditedBefore)
            throw Error (ErrorCode::alreadyExists, "receipt " + receiptId + " from " + from + " was credited before; nothing was credited again");
    }

    bool isSignedBySender (const EnvelopeSigner& signer, const SealedMessage& message)
    {
        const auto sender = publicKeyFrom (message.senderKey);
        return sender && signer.verify (*sender, message.envelope, message.signature);
    }

    std::optional<PassLink> forwardTarget (bool receiptWasForwarded, const std::vector<PassLink>& chain)
    {
        if (receiptWasForwarded || chain.empty() || ! publicKeyFrom (chain.back().senderKey))
            return std::nullopt;
        return chain.back();
    }

    std::string spanText (std::int64_t ms)
    {
        constexpr std::int64_t second = 1000, minute = 60 * second, hour = 60 * minute, day = 24 * hour;
        if (ms >= day)
            return std::to_string (ms / day) + (ms / day == 1 ? " day" : " days");
        if (ms >= hour)
            return std::to_string (ms / hour) + " h";
        if (ms >= minute)
            return std::to_string (ms / minute) + " min";
        return std::to_string (ms / second) + " s";
    }
} // namespace earshot::passRules
