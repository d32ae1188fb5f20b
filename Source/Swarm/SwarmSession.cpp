#include "SwarmSession.h"

#include "CommandQueue.h"
#include "DownloadBalancer.h"
#include "PeerEndpoint.h"
#include "SettingsPack.h"
#include "StallRecovery.h"
#include "StatusBoard.h"
#include "SwarmAlerts.h"
#include "SwarmTorrents.h"

#include "Core/Error.h"

#include <libtorrent/session.hpp>

#include <spdlog/spdlog.h>

#include <atomic>

namespace earshot
{
    namespace
    {
        using Clock = std::chrono::steady_clock;

        constexpr auto statusInterval = std::chrono::milliseconds (250);
        constexpr auto resumeInterval = std::chrono::seconds (2);
        constexpr auto replanInterval = std::chrono::milliseconds (500);
        constexpr auto shutdownGrace = std::chrono::seconds (5);
    } // namespace

    /** What the swarm thread owns, and its loop: commands, alerts (SwarmAlerts), and the timers
        that refresh status, save resume data and replan. */
    struct SwarmSession::Impl
    {
        Impl (SwarmSettings swarmSettings, SwarmEvents swarmEvents)
            : settings (std::move (swarmSettings)), events (std::move (swarmEvents)), balancer (settings)
        {
        }

        SwarmSettings settings;
        SwarmEvents events;

        std::unique_ptr<lt::session> session;
        std::unique_ptr<SwarmTorrents> torrents;
        StatusBoard statuses;
        DownloadBalancer balancer;
        std::unique_ptr<SwarmAlerts> alerts;
        CommandQueue queue;

        std::atomic<int> port { 0 };
        std::thread thread;

        //==============================================================================
        void start (std::promise<void>& ready)
        {
            try
            {
                session = std::make_unique<lt::session> (lt::session_params (settingsPackOf (settings)));
                rateLimitEveryPeer (*session);
                session->set_alert_notify ([this]
                                           { queue.notifyAlerts(); });
                torrents = std::make_unique<SwarmTorrents> (*session, settings, statuses);
                alerts = std::make_unique<SwarmAlerts> (*torrents, statuses, events, port);
                port = session->listen_port();
                ready.set_value();
            }
            catch (...)
            {
                queue.close();
                ready.set_exception (std::current_exception());
                return;
            }
            run();
        }

        void run()
        {
            auto nextStatus = Clock::now();
            auto nextResume = Clock::now() + resumeInterval;
            auto nextReplan = Clock::now() + replanInterval;
            std::optional<Clock::time_point> shutdownBy;

            for (;;)
            {
                auto batch = queue.wait (std::min ({ nextStatus, nextResume, nextReplan }));
                for (auto& command : batch.commands)
                    command();

                handleAlerts();

                const auto now = Clock::now();
                if (now >= nextStatus)
                {
                    session->post_torrent_updates (lt::torrent_handle::query_pieces);
                    nextStatus = now + statusInterval;
                }
                if (now >= nextResume)
                {
                    for (auto& [id, torrent] : torrents->all())
                        alerts->requestResumeData (torrent, lt::torrent_handle::only_if_modified);
                    nextResume = now + resumeInterval;
                }
                if (now >= nextReplan)
                {
                    for (auto& [id, torrent] : torrents->all())
                    {
                        if (! torrent.cursors.empty())
                            torrent.replan();
                        if (! torrent.cursors.empty() || (torrent.downloading && ! torrent.yielding))
                            recoverIfStalled (torrent, now);
                    }
                    balancer.balance (torrents->all(), now);
                    nextReplan = now + replanInterval;
                }

                if (batch.stopRequested && ! shutdownBy)
                {
                    shutdownBy = now + shutdownGrace;
                    session->pause();
                    for (auto& [id, torrent] : torrents->all())
                        alerts->requestResumeData (torrent, lt::torrent_handle::flush_disk_cache);
                }
                if (shutdownBy && (alerts->resumeSavesOutstanding() <= 0 || now >= *shutdownBy))
                    break;
            }

            queue.close();
            for (auto& [id, torrent] : torrents->all())
                for (auto& cursor : torrent.cursors)
                    cursor->fail (Error (ErrorCode::unavailable, "earshotd is shutting down"));
            alerts.reset();
            torrents.reset();
            session.reset();
        }

        /** Has every torrent, or the one holding trackId, connect to a peer; swarm thread only. */
        int connectTo (const lt::tcp::endpoint& address, const std::string& trackId)
        {
            int tried = 0;
            for (auto& [id, torrent] : torrents->all())
            {
                if (! trackId.empty() && id != infoHashOfTrackId (trackId))
                    continue;
                torrent.handle.connect_peer (address, lt::peer_info::resume_data, lt::pex_encryption);
                ++tried;
            }
            return tried;
        }

        /** Plans a new stream's pieces and starts fetching; swarm thread only. */
        std::shared_ptr<StreamCursor> open (const std::string& trackId, std::uint64_t offset, double windowSeconds, bool wantsHeaderAndTail)
        {
            auto* torrent = torrents->find (trackId);
            auto* track = torrent != nullptr ? torrent->findTrack (trackId) : nullptr;
            if (track == nullptr)
                throw Error (ErrorCode::notFound, "track " + trackId + " is not in the swarm");
            if (! track->torrent)
                throw Error (ErrorCode::failedPrecondition, "track " + trackId + " was added from a magnet link and its metadata has not arrived yet; try again once `earshot status` shows it downloading");

            auto cursor = std::make_shared<StreamCursor> (trackId, track->torrent->geometry, offset, windowSeconds, wantsHeaderAndTail);
            torrent->cursors.push_back (cursor);
            torrent->replan();
            return cursor;
        }

        void handleAlerts()
        {
            std::vector<lt::alert*> popped;
            session->pop_alerts (&popped);
            alerts->route (popped);
        }
    };

    //==============================================================================
    SwarmSession::SwarmSession (SwarmSettings settings, SwarmEvents events)
        : impl (std::make_unique<Impl> (std::move (settings), std::move (events)))
    {
        std::promise<void> ready;
        auto started = ready.get_future();
        impl->thread = std::thread ([this, &ready]
                                    {
            impl->queue.setOwner (std::this_thread::get_id());
            impl->start (ready); });
        try
        {
            started.get();
        }
        catch (const std::exception& error)
        {
            impl->thread.join();
            throw Error (ErrorCode::unavailable, std::string ("cannot start the BitTorrent session: ") + error.what());
        }
    }

    SwarmSession::~SwarmSession()
    {
        stop();
    }

    void SwarmSession::stop()
    {
        impl->queue.requestStop();
        if (impl->thread.joinable())
            impl->thread.join();
    }

    void SwarmSession::addTrack (const TrackManifest& manifest, const TrackTorrent& torrent, AddTrackOptions options)
    {
        impl->queue.call ([&]
                          { impl->torrents->addTrack (manifest, torrent, options); });
    }

    std::string SwarmSession::addMagnet (const std::string& magnetUri, AddTrackOptions options)
    {
        return impl->queue.call ([&]
                                 { return impl->torrents->addMagnet (magnetUri, options); });
    }

    void SwarmSession::updateManifest (const TrackManifest& manifest)
    {
        impl->queue.post ([this, manifest]
                          {
            auto* torrent = impl->torrents->find (manifest.infoHashHex);
            if (auto* track = torrent != nullptr ? torrent->findTrack (trackIdOf (manifest)) : nullptr)
            {
                track->manifest.format = manifest.format;
                track->manifest.layout = manifest.layout;
                track->manifest.metadata = manifest.metadata;
            } });
    }

    void SwarmSession::removeTrack (const std::string& trackId, bool deleteFiles)
    {
        impl->queue.call ([&]
                          { impl->torrents->remove (trackId, deleteFiles); });
    }

    void SwarmSession::addTrackers (const std::string& trackId, const std::vector<std::string>& trackers)
    {
        impl->queue.call ([&]
                          {
            if (auto* torrent = impl->torrents->find (trackId))
                addTrackersTo (torrent->handle, trackers); });
    }

    int SwarmSession::connectPeer (const std::string& endpoint, const std::string& trackId)
    {
        const auto address = parseEndpoint (endpoint);
        return impl->queue.call ([&]
                                 { return impl->connectTo (address, trackId); });
    }

    void SwarmSession::connectPeer (const std::string& endpoint, const std::string& trackId, std::function<void (std::function<int()>)> done)
    {
        lt::tcp::endpoint address;
        try
        {
            address = parseEndpoint (endpoint);
        }
        catch (const Error& error)
        {
            done ([error]() -> int
                  { throw error; });
            return;
        }
        impl->queue.callAsync ([this, address, trackId]
                               { return impl->connectTo (address, trackId); },
                               std::move (done));
    }

    std::optional<TrackStatus> SwarmSession::status (const std::string& trackId) const
    {
        return impl->statuses.status (trackId);
    }

    std::vector<SwarmSession::PeerTransfer> SwarmSession::peerTransfers (const std::string& trackId)
    {
        return impl->queue.call ([&]
                                 {
            std::vector<PeerTransfer> transfers;
            auto* torrent = impl->torrents->find (trackId);
            if (torrent == nullptr || ! torrent->handle.is_valid())
                return transfers;
            for (const auto& [endpoint, bytes] : torrent->downloadedFrom)
                transfers.push_back ({ endpoint, bytes });
            return transfers; });
    }

    int SwarmSession::listenPort() const
    {
        return impl->port.load();
    }

    std::shared_ptr<StreamCursor> SwarmSession::openStream (const std::string& trackId, std::uint64_t offset, double windowSeconds, bool wantsHeaderAndTail)
    {
        return impl->queue.call ([&]
                                 { return impl->open (trackId, offset, windowSeconds, wantsHeaderAndTail); });
    }

    void SwarmSession::openStream (const std::string& trackId, std::uint64_t offset, double windowSeconds, bool wantsHeaderAndTail, std::function<void (std::function<std::shared_ptr<StreamCursor>()>)> done)
    {
        impl->queue.callAsync ([this, trackId, offset, windowSeconds, wantsHeaderAndTail]
                               { return impl->open (trackId, offset, windowSeconds, wantsHeaderAndTail); },
                               std::move (done));
    }

    bool SwarmSession::readStream (const std::shared_ptr<StreamCursor>& cursor, std::string& out, std::size_t maxBytes)
    {
        const auto& geometry = cursor->geometry();
        const int before = geometry.pieceForFileOffset (cursor->position());
        const bool took = cursor->take (out, maxBytes);
        if (took && geometry.pieceForFileOffset (cursor->position()) != before)
        {
            impl->queue.post ([this, cursor]
                              {
                if (auto* torrent = impl->torrents->find (cursor->trackId()))
                    torrent->replan(); });
        }
        return took;
    }

    void SwarmSession::closeStream (const std::shared_ptr<StreamCursor>& cursor)
    {
        impl->queue.post ([this, cursor]
                          {
            auto* torrent = impl->torrents->find (cursor->trackId());
            if (torrent == nullptr)
                return;
            std::erase (torrent->cursors, cursor);
            torrent->scheduler.forgetStream (cursor.get());
            torrent->replan(); });
    }

    int SwarmSession::watchStatus (const std::string& trackId, std::function<void (const TrackStatus&)> listener)
    {
        return impl->statuses.watch (trackId, std::move (listener));
    }

    void SwarmSession::unwatchStatus (int token)
    {
        impl->statuses.unwatch (token);
    }
} // namespace earshot
