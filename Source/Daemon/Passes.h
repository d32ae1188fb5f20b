#pragma once

#include "Daemon/Identity.h"
#include "Daemon/Presence.h"
#include "Daemon/TrackLibrary.h"
#include "Store/PassStore.h"

#include "earshot/v1/friends.grpc.pb.h"
#include "earshot/v1/library.pb.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace earshot
{
    /** Passing songs between friends, as one daemon does it.

        Sending: a pass (the track's manifest, a note, the chain of earlier passes) is signed with
        this daemon's key and put in the persistent outbox; a courier thread delivers what is due
        to the friend's Friends API and retries with backoff (PassStore::retryDelayMs) until the
        friend's daemon has it, through restarts of either side. Each message has a unique id the
        receiver files once, so a retry after a lost answer never makes a second copy.

        Receiving: a pass is accepted only from a friend, with a good signature, for this daemon,
        fresh, not seen before, within the sender's rate, and with a manifest whose info-hash
        matches its info. It is filed in the inbox; the track is added with the sender as its peer,
        and its opening seconds are fetched at once so the first play starts from local data. */
    class Passes final
    {
    public:
        /** senderName: what this daemon's user goes by; senderPeer: gives this daemon's BitTorrent
            address (ip:port) for friends to fetch from. Every message a friend's daemon takes from
            this one, or that this one accepts from them, counts in presence as them being seen. */
        Passes (TrackLibrary& library, PassStore& store, const Identity& identity, Presence& presence, std::string senderName, std::function<std::string()> senderPeer);
        ~Passes();

        /** Passes a track to the friend called `to`; returns the pass's id. Throws Error (notFound)
            for an unknown track or friend. */
        std::string send (const std::string& trackIdOrPrefix, const std::string& to, const std::string& note);

        /** A signed pass from another daemon (the Friends API's Deliver). Throws Error: permission
            denied (unknown sender, bad signature), invalid argument (malformed, oversized, stale, not
            for this daemon, tampered manifest), resource exhausted (too fast), already exists (a
            message id filed before: nothing is filed again). */
        void receive (const v1::SignedEnvelope& signedEnvelope);

        /** A signed listen receipt (the Friends API's Acknowledge), with the same checks as receive().
            A receipt for a pass this daemon sent earns directPoints; one forwarded by the friend a
            pass went to, for the pass this daemon sent them, earns chainPoints. Each receipt is
            credited once. A direct receipt for a pass that came here from a friend is forwarded to
            that friend, one hop up the chain. */
        void acknowledge (const v1::SignedEnvelope& signedEnvelope);

        /** A signed presence probe (the Friends API's Ping), with the same checks as receive();
            returns the signed answer (Presence::answerProbe). */
        [[nodiscard]] v1::SignedEnvelope ping (const v1::SignedEnvelope& signedEnvelope);

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

        /** Largest signed message accepted, in bytes. */
        static constexpr std::size_t maxMessageBytes = 1024 * 1024;
        /** Points for a pass that landed, and for the pass before it in the chain: PassAlong Networks
            paid the sharer 10% of a sale and 1% one hop further; here the sender of a pass that
            lands earns 10 and the friend who passed it to them 1. Nobody further earns. */
        static constexpr std::int64_t directPoints = 10;
        static constexpr std::int64_t chainPoints = 1;

    private:
        struct Opened
        {
            v1::Envelope envelope;
            PassStore::Friend from;
        };
        /** Checks a message from a friend (size, sender, signature, rate, for this daemon, fresh). */
        Opened open (const v1::SignedEnvelope& sealed);
        void enqueue (const PassStore::PublicKey& recipient, PassStore::MessageKind kind, const v1::Envelope& envelope);
        /** The pass this daemon sent to `to` with this id, if there is one. */
        std::optional<v1::Pass> sentPass (const std::string& passId, const PassStore::PublicKey& to) const;
        void courierLoop();
        /** Adds what each friend's connection uploaded to this daemon for a track they passed. */
        void recordUploads();
        void deliver (const PassStore::OutboxMessage& message);
        void prebufferLoop();
        void prebuffer (const std::string& trackId);
        bool withinRate (const PassStore::PublicKey& sender);
        std::string friendName (const PassStore::PublicKey& key) const;

        TrackLibrary& library;
        PassStore& store;
        const Identity& identity;
        Presence& presence;
        const std::string senderName;
        const std::function<std::string()> senderPeer;

        std::mutex mutex;
        std::condition_variable wake;
        bool stopping = false;
        std::deque<std::string> arrivals; // tracks to pre-buffer
        struct Bucket
        {
            double tokens = 0.0;
            std::chrono::steady_clock::time_point refilledAt {};
        };
        std::map<PassStore::PublicKey, Bucket> rates;
        std::map<std::string, std::shared_ptr<grpc::Channel>> channels; // courier thread only
        std::map<std::string, std::int64_t> downloadedSoFar; // courier thread only

        void inboxChanged();
        std::mutex watchersMutex;
        std::map<int, std::function<void()>> inboxWatchers;
        int nextWatcher = 1;

        std::thread courier;
        std::thread prebufferer;
    };
} // namespace earshot
