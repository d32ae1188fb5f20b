#include "Presence.h"

#include "WireValues.h"

#include "Core/Error.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

namespace earshot
{
    namespace
    {
        /** A probe counts as its sender being seen only if it was sent within this long (either way,
            for clocks that differ), and its id is remembered that long to refuse a replay. */
        constexpr std::int64_t probeFreshnessMs = 5LL * 60 * 1000;

        std::string addressOf (const FriendStore::Friend& friendToReach)
        {
            const auto& host = friendToReach.host;
            return (host.find (':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string (friendToReach.port);
        }

        /** One probe in flight: what gRPC's callback API needs kept alive until it calls back. */
        struct Probe
        {
            FriendStore::Friend target;
            std::string probeId;
            std::unique_ptr<v1::Friends::Stub> stub;
            grpc::ClientContext context;
            v1::SealedEnvelope request;
            v1::PingResponse response;
            grpc::Status status;
        };
    } // namespace

    Presence::Options Presence::Options::everyInterval (std::chrono::milliseconds interval) noexcept
    {
        Options options;
        options.probeInterval = interval;
        options.probeDeadline = std::min<std::chrono::milliseconds> (std::chrono::seconds (2), interval);
        options.onlineWindow = 3 * interval;
        return options;
    }

    Presence::Presence (const FriendStore& friends, const Identity& id, Options options)
        : friendStore (friends)
        , identity (id)
        , signer (id)
        , box (id.sealedBox())
        , envelopes (friends, signer, box)
        , settings (options)
    {
        prober = std::thread ([this]
                              { probeLoop(); });
    }

    Presence::~Presence()
    {
        {
            std::lock_guard lock (mutex);
            stopping = true;
        }
        wake.notify_all();
        prober.join();
    }

    void Presence::seen (const PublicKey& key)
    {
        const auto now = nowMs();
        std::lock_guard lock (mutex);
        auto& last = lastSeen[key];
        last = std::max (last, now);
    }

    Presence::Status Presence::statusOf (const PublicKey& key) const
    {
        std::lock_guard lock (mutex);
        const auto found = lastSeen.find (key);
        if (found == lastSeen.end())
            return {};
        return { nowMs() - found->second <= settings.onlineWindow.count(), found->second };
    }

    v1::SignedEnvelope Presence::answerProbe (const v1::Envelope& probe, const PublicKey& from)
    {
        const auto now = nowMs();
        const auto sentAgo = millisecondsSince (probe.sent_at_ms(), now);
        if (sentAgo <= probeFreshnessMs && sentAgo >= -probeFreshnessMs)
        {
            bool fresh = false;
            {
                std::lock_guard lock (mutex);
                std::erase_if (recentProbes, [now] (const auto& entry)
                               { return now - entry.second > 2 * probeFreshnessMs; });
                fresh = recentProbes.try_emplace (keyBytes (from) + probe.message_id(), now).second;
            }
            if (fresh)
                seen (from);
        }

        v1::Envelope answer;
        answer.set_message_id (newMessageId());
        answer.set_sent_at_ms (now);
        answer.set_recipient_key (keyBytes (from));
        answer.mutable_answer()->set_probe_id (probe.message_id());

        return envelopes.seal (answer);
    }

    std::shared_ptr<grpc::Channel> Presence::channelTo (const std::string& address)
    {
        auto& channel = channels[address];
        if (! channel)
        {
            const auto backoffMs = static_cast<int> (std::max<std::int64_t> (100, settings.probeInterval.count()));
            grpc::ChannelArguments arguments;
            arguments.SetInt (GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, std::min (1000, backoffMs));
            arguments.SetInt (GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, std::min (1000, backoffMs));
            arguments.SetInt (GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, backoffMs);
            channel = grpc::CreateCustomChannel (address, grpc::InsecureChannelCredentials(), arguments);
        }
        return channel;
    }

    void Presence::probeLoop()
    {
        for (;;)
        {
            try
            {
                probeAll();
            }
            catch (const std::exception& error)
            {
                spdlog::warn ("probing friends' daemons: {}", error.what());
            }

            std::unique_lock lock (mutex);
            wake.wait_for (lock, settings.probeInterval, [this]
                           { return stopping; });
            if (stopping)
                return;
        }
    }

    void Presence::probeAll()
    {
        const auto friends = friendStore.list();

        // Forget friends who were removed, and channels nobody uses any more.
        {
            std::lock_guard lock (mutex);
            std::erase_if (lastSeen, [&friends] (const auto& entry)
                           { return std::none_of (friends.begin(), friends.end(), [&entry] (const auto& f)
                                                  { return f.publicKey == entry.first; }); });
        }
        std::erase_if (channels, [&friends] (const auto& entry)
                       { return std::none_of (friends.begin(), friends.end(), [&entry] (const auto& f)
                                              { return addressOf (f) == entry.first; }); });
        if (friends.empty())
            return;

        // Every friend at once, so a round takes one deadline however many friends are down.
        std::mutex doneMutex;
        std::condition_variable doneChanged;
        std::size_t pending = 0;
        std::vector<std::unique_ptr<Probe>> probes;
        probes.reserve (friends.size());

        for (const auto& target : friends)
        {
            auto made = std::make_unique<Probe>();
            made->target = target;
            made->probeId = newMessageId();

            v1::Envelope envelope;
            envelope.set_message_id (made->probeId);
            envelope.set_sent_at_ms (nowMs());
            envelope.set_recipient_key (keyBytes (target.publicKey));
            (void) envelope.mutable_probe();
            try
            {
                made->request = Envelopes::sealTo (target.publicKey, envelopes.seal (envelope));
            }
            catch (const Error& error)
            {
                spdlog::debug ("{}'s daemon cannot be probed: {}", target.name, error.what());
                continue;
            }

            auto& probe = *probes.emplace_back (std::move (made));
            {
                std::lock_guard lock (doneMutex);
                ++pending;
            }

            probe.stub = v1::Friends::NewStub (channelTo (addressOf (target)));
            probe.context.set_deadline (std::chrono::system_clock::now() + settings.probeDeadline);
            probe.stub->async()->Ping (&probe.context, &probe.request, &probe.response, [&probe, &doneMutex, &doneChanged, &pending] (grpc::Status status)
                                       {
                std::lock_guard lock (doneMutex);
                probe.status = std::move (status);
                --pending;
                doneChanged.notify_all(); });
        }

        // Each call ends by its deadline; stopping cancels them sooner.
        {
            std::unique_lock lock (doneMutex);
            bool cancelled = false;
            while (! doneChanged.wait_for (lock, std::chrono::milliseconds (100), [&pending]
                                           { return pending == 0; }))
            {
                if (! cancelled && [this]
                    { std::lock_guard stoppingLock (mutex); return stopping; }())
                {
                    for (auto& probe : probes)
                        probe->context.TryCancel();
                    cancelled = true;
                }
            }
        }

        for (const auto& probe : probes)
        {
            const auto& name = probe->target.name;
            if (! probe->status.ok())
            {
                spdlog::debug ("{}'s daemon did not answer a presence probe: {}", name, probe->status.error_message());
                continue;
            }

            // Only an answer signed by the friend's key, for this daemon, to this very probe proves
            // their daemon is up.
            v1::SignedEnvelope answer;
            try
            {
                answer = envelopes.unseal (probe->response.answer());
            }
            catch (const Error& error)
            {
                spdlog::warn ("the answer to a presence probe from {}'s address cannot be opened ({}); they are not counted as online", name, error.what());
                continue;
            }
            v1::Envelope envelope;
            if (answer.sender_key() != keyBytes (probe->target.publicKey)
                || ! Identity::verify (probe->target.publicKey, answer.envelope(), answer.signature())
                || ! envelope.ParseFromString (answer.envelope())
                || envelope.recipient_key() != keyBytes (identity.publicKey())
                || ! envelope.has_answer()
                || envelope.answer().probe_id() != probe->probeId)
            {
                spdlog::warn ("the answer to a presence probe from {}'s address is not signed by them for this probe; they are not counted as online", name);
                continue;
            }
            seen (probe->target.publicKey);
        }
    }
} // namespace earshot
