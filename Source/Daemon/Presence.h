#pragma once

#include "Daemon/Envelopes.h"
#include "Daemon/Identity.h"
#include "Daemon/IdentitySigner.h"
#include "Store/FriendStore.h"

#include "earshot/v1/friends.grpc.pb.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace earshot
{
    /** Which friends' daemons are up, as this daemon knows it.

        A friend is seen when their daemon answers one of this daemon's presence probes (sealed to
        their key) with an answer signed by their key and sealed to this daemon's, when it takes a pass or receipt from this daemon, or when it
        calls this one with a signed message that is accepted (a pass, a receipt, or a probe not
        seen before). A thread probes every friend each probeInterval, all at once, each probe
        waiting at most probeDeadline; a friend is online while they were last seen within
        onlineWindow.

        Last-seen times live in memory: after a restart every friend is unseen until the first
        round of probes. Thread-safe; the destructor stops the probing and waits for it (at most
        one probe deadline). */
    class Presence final
    {
    public:
        struct Options
        {
            /** How often each friend's daemon is probed. */
            std::chrono::milliseconds probeInterval { 15'000 };
            /** How long a probe waits for its answer. */
            std::chrono::milliseconds probeDeadline { 2'000 };
            /** A friend is online while they were seen within this long. */
            std::chrono::milliseconds onlineWindow { 45'000 };

            /** Probes every interval, each waiting at most 2 s (or the interval, if shorter), and a
                friend is online for three intervals after they were seen: one lost probe, or a slow
                machine, does not take them offline. */
            [[nodiscard]] static Options everyInterval (std::chrono::milliseconds interval) noexcept;
        };

        struct Status
        {
            bool online = false;
            /** Milliseconds since the Unix epoch; 0 if not seen since this daemon started. */
            std::int64_t lastSeenMs = 0;
        };

        /** Starts probing at once. */
        Presence (const FriendStore& friends, const Identity& identity, Options options);
        ~Presence();

        Presence (const Presence&) = delete;
        Presence& operator= (const Presence&) = delete;

        /** Records that the friend's daemon answered or called just now. Any thread. */
        void seen (const PublicKey& key);

        [[nodiscard]] Status statusOf (const PublicKey& key) const;

        /** The signed answer to a probe from a friend, whose envelope the caller has checked
            (sender, signature, recipient, freshness: Passes::ping). A probe id seen before is
            answered too, but only a new one, sent within the last few minutes, counts as the
            friend being seen, so replaying a recorded probe does not make anyone look online. */
        [[nodiscard]] v1::SignedEnvelope answerProbe (const v1::Envelope& probe, const PublicKey& from);

        [[nodiscard]] const Options& options() const noexcept { return settings; }

    private:
        void probeLoop();
        void probeAll();
        /** The friend's Friends API, through a channel that retries a refused connection within a
            probe interval (gRPC's default backoff grows to two minutes, which would hide a friend
            who came back). Probe thread only. */
        std::shared_ptr<grpc::Channel> channelTo (const std::string& address);

        const FriendStore& friendStore;
        const Identity& identity;
        IdentitySigner signer;
        /** Opens the answers, which the friends probed seal to this daemon's key. */
        SealedBox box;
        /** Signs the probes and the answers, as every message this daemon sends is signed, and
            opens the answers. */
        Envelopes envelopes;
        const Options settings;

        mutable std::mutex mutex;
        std::condition_variable wake;
        bool stopping = false;
        std::map<PublicKey, std::int64_t> lastSeen;
        /** Probe ids taken from each friend, with when they were taken, for the replay window. */
        std::map<std::string, std::int64_t> recentProbes;

        std::map<std::string, std::shared_ptr<grpc::Channel>> channels; // probe thread only
        std::thread prober;
    };
} // namespace earshot
