#pragma once

#include "Core/PassRules.h"
#include "Daemon/Courier.h"
#include "Daemon/Envelopes.h"
#include "Daemon/Identity.h"
#include "Daemon/IdentitySigner.h"
#include "Daemon/Points.h"
#include "Daemon/Prebuffer.h"
#include "Daemon/Presence.h"
#include "Daemon/TrackLibrary.h"
#include "Store/PassData.h"

#include "earshot/v1/friends.pb.h"
#include "earshot/v1/library.pb.h"

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace earshot
{
    /** Passing songs between friends, as one daemon does it: the Library and Friends APIs' way in
        to the units that do the work.

        Sending: a pass (the track's manifest, a note, the chain of earlier passes) is signed with
        this daemon's key and put in the persistent outbox, which the Courier delivers, sealed to
        the friend's key (SealedBox) as it goes. Each message has a unique id the receiver files
        once, so a retry after a lost answer never makes a second copy.

        Receiving: every message is unsealed with this daemon's key first (unseal); a pass is
        accepted only from a friend, with a good signature, for this daemon, fresh, not seen
        before, within the sender's rate (Envelopes, with Core/PassRules), with a manifest whose
        info-hash matches its info, and within the inbox's quotas (the sender's passes and bytes,
        and the whole inbox's bytes: passRules::checkInboxQuota, decided in the same transaction
        that files it). It is filed in the inbox; the track is added with
        the sender as its peer, and the Prebuffer fetches its opening seconds at once so the first
        play starts from local data. Receipts and what they earn are Points'. */
    class Passes final
    {
    public:
        /** senderName: what this daemon's user goes by; senderPeer: gives this daemon's BitTorrent
            address (ip:port) for friends to fetch from. Every message a friend's daemon takes from
            this one, or that this one accepts from them, counts in presence as them being seen.
            passLanded gets each friend's signed receipt for a pass sent from here, once credited.
            inboxLimits: what friends' passes may take in the inbox. */
        Passes (TrackLibrary& library, PassData& store, const Identity& identity, Presence& presence, std::string senderName, std::function<std::string()> senderPeer, std::function<void (const v1::SignedEnvelope&)> passLanded = {}, passRules::InboxLimits inboxLimits = {});
        ~Passes();

        /** Passes a track to the friend called `to`; returns the pass's id. Throws Error (notFound)
            for an unknown track or friend. */
        std::string send (const std::string& trackIdOrPrefix, const std::string& to, const std::string& note);

        /** The signed message in a Friends call, the first step of taking one (Envelopes::unseal).
            Throws Error (invalidArgument) when it is too large, not sealed, or not sealed to this
            daemon's key. */
        [[nodiscard]] v1::SignedEnvelope unseal (const v1::SealedEnvelope& sealed) const;

        /** A signed pass from another daemon (the Friends API's Deliver), once unsealed. Throws Error: permission
            denied (unknown sender, bad signature), invalid argument (malformed, oversized, stale, not
            for this daemon, tampered manifest), resource exhausted (too fast, or over
            an inbox quota: see passRules::checkInboxQuota), already exists (a message id filed or
            seen before: nothing is filed again). */
        void receive (const v1::SignedEnvelope& signedEnvelope);

        /** A signed listen receipt (the Friends API's Acknowledge), with the same checks as
            receive(); see Points::acknowledge. */
        void acknowledge (const v1::SignedEnvelope& signedEnvelope);

        /** A signed presence probe (the Friends API's Ping), with the same checks as receive();
            returns the signed answer (Presence::answerProbe), sealed to the prober. */
        [[nodiscard]] v1::SealedEnvelope ping (const v1::SignedEnvelope& signedEnvelope);

        /** The user has listened to a track for listenedMs (time spent playing). Passes of that track
            that now pass the threshold (30 s, or half the track if less; a skip does not count) get
            their receipt in the outbox, once. Returns those passes' ids. */
        std::vector<std::string> reportListening (const std::string& trackIdOrPrefix, std::int64_t listenedMs);

        /** The balance and a page of the points ledger (see Points::list). */
        void points (const v1::GetPointsRequest& request, v1::GetPointsResponse& out) const;

        /** A page of the inbox. Entries carry what a row shows: the manifest without its info
            dictionary, and the note cut to maxListedNoteBytes. Throws Error (invalidArgument) for a
            negative page size or a token this list did not give. */
        void listInbox (const v1::ListInboxRequest& request, v1::ListInboxResponse& out) const;
        /** The inbox's first page of the default size, as WatchInbox sends it. */
        void firstInboxPage (v1::WatchInboxResponse& out) const;
        /** Calls changed (on the thread that changed it) whenever a pass is filed, marked read or
            deleted, until unwatchInbox(token) returns. */
        int watchInbox (std::function<void()> changed);
        void unwatchInbox (int token);
        /** A page of the outbox; errors as listInbox's. */
        void listOutbox (const v1::ListOutboxRequest& request, v1::ListOutboxResponse& out) const;
        /** Deletes these passes from the inbox; returns how many. Throws Error (notFound, deleting
            nothing) when one of the ids is not in the inbox, (invalidArgument) when none is given. */
        std::uint32_t deleteInboxEntries (const std::vector<std::string>& passIds);
        /** Deletes the passes from `from` (a friend's name, or the start of the key of someone who is
            no longer one, as the inbox shows it), or every pass when all; returns how many. Throws
            Error (invalidArgument) when both or neither are given, (notFound) when nobody by that
            name or key has passes here. */
        std::uint32_t clearInbox (const std::string& from, bool all);
        /** Throws Error (notFound) for an unknown pass. */
        void markRead (const std::string& passId);

        /** Makes the courier look at the outbox now rather than at its next round. */
        void wakeCourier();

        /** Largest signed message accepted, in bytes (passRules::maxMessageBytes). */
        static constexpr std::size_t maxMessageBytes = passRules::maxMessageBytes;
        /** A note in a list is cut to this, the most a note may hold (passRules::maxNoteBytes), so
            only a note filed before that limit is ever cut; the whole note stays in the inbox. */
        static constexpr std::size_t maxListedNoteBytes = passRules::maxNoteBytes;
        /** What the inbox's passes of one page may weigh as stored, read at once. */
        static constexpr std::int64_t pageReadBytes = 8LL * 1024 * 1024;

    private:
        void inboxChanged();

        TrackLibrary& library;
        PassData& store;
        Presence& presence;
        const std::string senderName;
        const std::function<std::string()> senderPeer;
        const passRules::InboxLimits limits;

        IdentitySigner signer;
        SealedBox box;
        Envelopes envelopes;
        Courier courier;
        Points ledger;
        Prebuffer prebuffer;

        std::mutex watchersMutex;
        std::map<int, std::function<void()>> inboxWatchers;
        int nextWatcher = 1;
    };
} // namespace earshot
