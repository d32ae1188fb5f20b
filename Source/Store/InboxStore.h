#pragma once

#include "SharedDatabase.h"

#include "Core/Paging.h"
#include "Core/PassRules.h"
#include "Core/PublicKey.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** The passes friends sent this daemon (the inbox table of an Earshot database) and the ids of
    the messages it has seen from them (seen_messages: replay protection).

    The inbox files each pass id once however often it arrives, so a sender that retries because
    the acknowledgement was lost gets it filed once. What a pass takes is its stored bytes (the
    pass as received and its note), counted per sender for the daemon's quotas; the user deletes
    passes to free them. Lists come a page at a time, newest first, ordered by (receivedAtMs,
    row id): a page's cursor stays valid however many passes arrive meanwhile.

    Times, errors, atomicity and threading as every pass store's (see PassData.h). */
    class InboxStore final
    {
    public:
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

        /** A page of the inbox, and where the next one starts (nothing after the last page). */
        struct Page
        {
            std::vector<InboxPass> passes;
            std::optional<PageCursor> next;
        };

        /** Decides whether a pass may be filed, given what its sender's passes take in the inbox
        now and what all passes take; throws to refuse it (see passRules::checkInboxQuota). */
        using Admission = std::function<void (const passRules::InboxUsage& fromSender, const passRules::InboxUsage& all)>;

        /** database must outlive this. */
        explicit InboxStore (SharedDatabase& database) noexcept;

        /** Files a pass a friend sent, unread, with nothing listened. Returns false, and changes
        nothing, when a pass with that id was filed before: a sender that retries because our
        acknowledgement was lost gets it filed once. Throws std::invalid_argument when the id is
        empty or the track id is not 40 lower-case hex digits. */
        bool file (const IncomingPass& pass);

        /** Every filed pass, newest (by receivedAtMs) first. */
        [[nodiscard]] std::vector<InboxPass> list() const;
        /** As file (pass), deciding in the same transaction: admit sees what the inbox holds
        before the pass goes in, and what it throws refuses the pass (nothing is filed; the
        exception propagates). A pass filed before is not admitted again: false, nothing changed. */
        bool file (const IncomingPass& pass, const Admission& admit);

        /** What a pass takes in the inbox, in bytes: what it was received as, and its note. */
        [[nodiscard]] static std::int64_t storedBytesOf (const IncomingPass& pass) noexcept
        {
            return static_cast<std::int64_t> (pass.passBytes.size() + pass.note.size());
        }

        /** Up to limit passes, newest first, starting after the cursor (nothing: from the newest),
        and stopping early once the page's stored bytes reach maxBytes (a page holds at least one
        pass): a page can be read into memory whatever the passes weigh. Throws
        std::invalid_argument when limit or maxBytes is not positive. */
        [[nodiscard]] Page listPage (const std::optional<PageCursor>& after, int limit, std::int64_t maxBytes) const;

        /** The filed pass with that id. */
        [[nodiscard]] std::optional<InboxPass> find (const std::string& messageId) const;

        /** The passes of the track, newest first; empty when none was passed to us. */
        [[nodiscard]] std::vector<InboxPass> findByTrack (const std::string& trackId) const;

        /** How many filed passes are unread. */
        [[nodiscard]] std::int64_t unreadCount() const;

        /** What the passes from sender take in the inbox. */
        [[nodiscard]] passRules::InboxUsage usageOf (const PublicKey& sender) const;

        /** What all filed passes take in the inbox. */
        [[nodiscard]] passRules::InboxUsage usage() const;

        /** Everyone who has passes in the inbox (friends, and people no longer friends). */
        [[nodiscard]] std::vector<PublicKey> senders() const;

        /** Deletes the filed passes with those ids (ids of no filed pass are skipped). Their ids
        stay remembered (rememberMessage), so a late retry of one is not filed again. Returns how
        many were deleted. */
        std::int64_t remove (const std::vector<std::string>& messageIds);

        /** Deletes every pass sender sent (who may no longer be a friend). Returns how many. */
        std::int64_t removeFrom (const PublicKey& sender);

        /** Deletes every filed pass. Returns how many. */
        std::int64_t removeAll();

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

        /** Remembers that senderKey sent a message with that id at sentAtMs. Returns false when
        it was remembered before: the message is a replay, to be refused. The daemon must also
        refuse messages sent before the horizon it gives pruneSeen, since those ids may have been
        forgotten. Throws std::invalid_argument when the id is empty. */
        bool rememberMessage (const PublicKey& senderKey, const std::string& messageId, std::int64_t sentAtMs);

        /** Whether senderKey's message with that id was remembered (and not yet forgotten). */
        [[nodiscard]] bool wasSeen (const PublicKey& senderKey, const std::string& messageId) const;

        /** Forgets the ids of messages sent before olderThanMs. Returns how many were forgotten. */
        std::int64_t pruneSeen (std::int64_t olderThanMs);

    private:
        /** Runs one statement that changes rows, and says whether it changed any. */
        template <typename Bind>
        bool change (const char* sql, Bind bind);

        SharedDatabase& database;
    };
} // namespace earshot
