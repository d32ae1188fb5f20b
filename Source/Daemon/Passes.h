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
        accepted only from a friend, with a good signature, for this daemon,
        fresh, not seen before, within the sender's rate (Envelopes, with Core/PassRules), and with a
        manifest whose info-hash matches its info. It is filed in the inbox; the track is added with
        the sender as its peer, and the Prebuffer fetches its opening seconds at once so the first
        play starts from local data. Receipts and what they earn are Points'. */
    class Passes final
    {
    public:
        /** senderName: what this daemon's user goes by; senderPeer: gives this daemon's BitTorrent
            address (ip:port) for friends to fetch from. Every message a friend's daemon takes from
            this one, or that this one accepts from them, counts in presence as them being seen.
            passLanded gets each friend's signed receipt for a pass sent from here, once credited. */
        Passes (TrackLibrary& library, PassData& store, const Identity& identity, Presence& presence, std::string senderName, std::function<std::string()> senderPeer, std::function<void (const v1::SignedEnvelope&)> passLanded = {});
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
            for this daemon, tampered manifest), resource exhausted (too fast), already exists (a
            message id filed before: nothing is filed again). */
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

        void points (v1::GetPointsResponse& out) const;

        void listInbox (v1::ListInboxResponse& out) const;
        /** Calls changed (on the thread that changed it) whenever a pass is filed or marked read,
            until unwatchInbox(token) returns. */
        int watchInbox (std::function<void()> changed);
        void unwatchInbox (int token);
        void listOutbox (v1::ListOutboxResponse& out) const;
        /** Throws Error (notFound) for an unknown pass. */
        void markRead (const std::string& passId);

        /** Makes the courier look at the outbox now rather than at its next round. */
        void wakeCourier();

        /** Largest signed message accepted, in bytes (passRules::maxMessageBytes). */
        static constexpr std::size_t maxMessageBytes = passRules::maxMessageBytes;

    private:
        void inboxChanged();

        TrackLibrary& library;
        PassData& store;
        Presence& presence;
        const std::string senderName;
        const std::function<std::string()> senderPeer;

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
