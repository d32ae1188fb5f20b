#pragma once

#include "Daemon/Identity.h"
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
            address (ip:port) for friends to fetch from. */
        Passes (TrackLibrary& library, PassStore& store, const Identity& identity, std::string senderName, std::function<std::string()> senderPeer);
        ~Passes();

        /** Passes a track to the friend called `to`; returns the pass's id. Throws Error (notFound)
            for an unknown track or friend. */
        std::string send (const std::string& trackIdOrPrefix, const std::string& to, const std::string& note);

        /** A signed pass from another daemon (the Friends API's Deliver). Throws Error: permission
            denied (unknown sender, bad signature), invalid argument (malformed, oversized, stale, not
            for this daemon, tampered manifest), resource exhausted (too fast), already exists (a
            message id filed before: nothing is filed again). */
        void receive (const v1::SignedEnvelope& signedEnvelope);

        void listInbox (v1::ListInboxResponse& out) const;
        void listOutbox (v1::ListOutboxResponse& out) const;
        /** Throws Error (notFound) for an unknown pass. */
        void markRead (const std::string& passId);

        /** Makes the courier look at the outbox now rather than at its next round. */
        void wakeCourier();

        /** Largest signed message accepted, in bytes. */
        static constexpr std::size_t maxMessageBytes = 1024 * 1024;

    private:
        void courierLoop();
        void deliver (const PassStore::OutboxMessage& message);
        void prebufferLoop();
        void prebuffer (const std::string& trackId);
        bool withinRate (const PassStore::PublicKey& sender);
        std::string friendName (const PassStore::PublicKey& key) const;

        TrackLibrary& library;
        PassStore& store;
        const Identity& identity;
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

        std::thread courier;
        std::thread prebufferer;
    };
} // namespace earshot
