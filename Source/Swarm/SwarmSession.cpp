#include "SwarmSession.h"

#include "CommandQueue.h"
#include "DhtItems.h"
#include "DocumentTorrents.h"
#include "DownloadBalancer.h"
#include "PeerEndpoint.h"
#include "SettingsPack.h"
#include "StallRecovery.h"
#include "StatusBoard.h"
#include "SwarmAlerts.h"
#include "SwarmTorrents.h"
#include "TorrentPieces.h"

#include "Core/Error.h"
#include "Core/QuoteInput.h"

#include <libtorrent/session.hpp>

#include <spdlog/spdlog.h>

#include <atomic>
#include <set>

namespace earshot
{
    namespace
    {
        using Clock = std::chrono::steady_clock;

        constexpr auto statusInterval = std::chrono::milliseconds (250);
        constexpr auto resumeInterval = std::chrono::seconds (2);
        /** How long the slow sweep takes to ask every torrent for its resume data once (only if
            libtorrent says it changed): what the changes the save rounds watch for miss, such as
            upload totals, is saved within this. */
        constexpr auto resumeSweepPeriod = std::chrono::minutes (5);
        constexpr auto replanInterval = std::chrono::milliseconds (500);
        constexpr auto shutdownGrace = std::chrono::seconds (5);

        /** A callback handed to the swarm thread, answered by whoever ends up holding it; if the
            command carrying it is dropped unrun (the swarm stopped), it hears that. */
        template <typename Result>
        struct Handover
        {
            std::function<void (CommandQueue::Answer<Result>)> done;

            ~Handover()
            {
                if (done)
                    done ([]() -> Result
                          { throw Error (ErrorCode::unavailable, "earshotd is shutting down"); });
            }
        };

        /** Runs start (answer) on the swarm thread without waiting: start keeps answer for later
            (a DHT lookup's or a fetch's end). done hears exactly once: from what start kept, with
            the Error start threw, or with Error (unavailable) once the swarm has stopped. */
        template <typename Result, typename Start>
        void startOnSwarm (CommandQueue& queue, Start start, std::function<void (CommandQueue::Answer<Result>)> done)
        {
            auto handover = std::make_shared<Handover<Result>>();
            handover->done = std::move (done);
            queue.post ([handover, start = std::move (start)]() mutable
                        {
                auto answer = std::exchange (handover->done, {});
                try
                {
                    start (answer);
                }
                catch (...)
                {
                    // What start threw came before it kept the answer.
                    answer ([error = std::current_exception()]() -> Result
                            { std::rethrow_exception (error); });
                } });
        }
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
        std::unique_ptr<DhtItems> dhtItems;
        std::unique_ptr<DocumentTorrents> documents;
        /** The alerts of the DHT items and the documents, apart from the tracks' (SwarmAlerts). */
        AlertRouter otherAlerts;
        CommandQueue queue;
        /** Tracks whose streams moved on to a new piece since the loop last replanned: one replan
            per torrent per turn of the loop, however many streams moved (see replanWanted). */
        std::set<std::string> replansWanted;
        /** The info-hash the resume sweep asked last; it goes on after it. */
        std::string sweptUpTo;

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
                dhtItems = std::make_unique<DhtItems> (*session);
                documents = std::make_unique<DocumentTorrents> (*session);
                routeOtherAlerts();
                for (const auto& node : settings.dhtNodes)
                    addDhtNode (node);
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
                replanWanted();

                const auto now = Clock::now();
                dhtItems->expire (now);
                documents->expire (now);
                if (now >= nextStatus)
                {
                    session->post_torrent_updates (lt::torrent_handle::query_pieces);
                    nextStatus = now + statusInterval;
                }
                if (now >= nextResume)
                {
                    saveResumeRound();
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
            documents.reset();
            dhtItems.reset();
            alerts.reset();
            torrents.reset();
            session.reset();
        }

        /** Asks for the resume data of the torrents that changed since theirs was last asked for,
            and of the sweep's next slice of the others. Asking every torrent every round made
            each of 10,000 seeding tracks write its resume data to the library every 2 s
            (libtorrent counts every idle seed as modified), kept the swarm, network and library
            threads busy and overflowed libtorrent's alert queue. */
        void saveResumeRound()
        {
            auto& all = torrents->all();
            for (auto& [id, torrent] : all)
                if (torrent.resumeWanted)
                    alerts->requestResumeData (torrent, lt::torrent_handle::only_if_modified);

            const auto rounds = std::max<std::size_t> (1, static_cast<std::size_t> (resumeSweepPeriod / resumeInterval));
            auto slice = (all.size() + rounds - 1) / rounds;
            for (auto next = all.upper_bound (sweptUpTo); slice > 0 && ! all.empty(); --slice)
            {
                if (next == all.end())
                    next = all.begin();
                alerts->requestResumeData (next->second, lt::torrent_handle::only_if_modified);
                sweptUpTo = next->first;
                ++next;
            }
        }

        /** Replans each torrent whose streams moved on, once. A replan asks every stream of the
            torrent for its plan; done for each stream's step to a new piece, 100 streams on three
            tracks cost the swarm thread thousands of plans a second while their bytes waited. */
        void replanWanted()
        {
            std::set<SwarmTorrent*> due;
            for (const auto& trackId : std::exchange (replansWanted, {}))
                if (auto* torrent = torrents->find (trackId))
                    due.insert (torrent);
            for (auto* torrent : due)
                torrent->replan();
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
            otherAlerts.route (popped);
        }

        void routeOtherAlerts()
        {
            otherAlerts.on<lt::dht_put_alert> ([this] (const lt::dht_put_alert& put)
                                               { dhtItems->onPut (put); });
            otherAlerts.on<lt::dht_mutable_item_alert> ([this] (const lt::dht_mutable_item_alert& found)
                                                        { dhtItems->onItem (found); });
            otherAlerts.on<lt::metadata_received_alert> ([this] (const lt::metadata_received_alert& metadata)
                                                         { documents->onMetadata (metadata); });
            otherAlerts.on<lt::torrent_finished_alert> ([this] (const lt::torrent_finished_alert& finished)
                                                        { documents->onFinished (finished); });
            otherAlerts.on<lt::cache_flushed_alert> ([this] (const lt::cache_flushed_alert& flushed)
                                                     { documents->onCacheFlushed (flushed); });
        }

        /** Swarm thread only. Throws Error (invalidArgument) for an endpoint that is not host:port. */
        void addDhtNode (const std::string& endpoint)
        {
            const auto colon = endpoint.rfind (':');
            int port = 0;
            try
            {
                port = colon == std::string::npos ? 0 : std::stoi (endpoint.substr (colon + 1));
            }
            catch (const std::exception&)
            {
                port = 0;
            }
            if (colon == std::string::npos || colon == 0 || port <= 0 || port > 65535)
                throw Error (ErrorCode::invalidArgument, "a DHT node must be HOST:PORT, not " + quoteInput (endpoint));
            auto host = endpoint.substr (0, colon);
            if (host.size() > 2 && host.front() == '[' && host.back() == ']')
                host = host.substr (1, host.size() - 2);
            session->add_dht_node ({ host, port });
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

    std::vector<std::string> SwarmSession::addTracks (const std::vector<TrackToAdd>& tracks)
    {
        return impl->queue.call ([&]
                                 {
            std::vector<std::string> refusals;
            refusals.reserve (tracks.size());
            for (const auto& track : tracks)
            {
                try
                {
                    impl->torrents->addTrack (track.manifest, track.torrent, track.options);
                    refusals.emplace_back();
                }
                catch (const std::exception& error)
                {
                    refusals.emplace_back (error.what());
                }
            }
            return refusals; });
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
            {
                addTrackersTo (torrent->handle, trackers);
                torrent->resumeWanted = true;
            } });
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

    void SwarmSession::fetchWholeNow (const std::string& trackId, bool urgent)
    {
        impl->queue.call ([&]
                          {
            auto* torrent = impl->torrents->find (trackId);
            const auto* track = torrent != nullptr ? torrent->findTrack (trackId) : nullptr;
            if (track == nullptr)
                throw Error (ErrorCode::notFound, "no track " + trackId + " in the swarm");
            if (! track->torrent)
                throw Error (ErrorCode::failedPrecondition, "track " + trackId + " is still waiting for its metadata from peers; it can be fetched whole once that has arrived");
            torrent->fetchWhole (trackId, urgent); });
    }

    std::optional<TrackStatus> SwarmSession::status (const std::string& trackId) const
    {
        return impl->statuses.status (trackId);
    }

    std::vector<std::optional<TrackStatus>> SwarmSession::statuses (const std::vector<std::string>& trackIds) const
    {
        return impl->statuses.statuses (trackIds);
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
            impl->queue.post ([this, trackId = cursor->trackId()]
                              { impl->replansWanted.insert (trackId); });
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
            if (! torrent->cursors.empty() && torrent->handle.is_valid())
            {
                TorrentPieces pieces (torrent->handle);
                torrent->scheduler.restartDeadlines (pieces);
            }
            torrent->replan(); });
    }

    void SwarmSession::putDhtItem (DhtItem item, std::function<void (std::function<int()>)> done)
    {
        startOnSwarm<int> (
            impl->queue, [this, item = std::move (item)] (auto answer)
            { impl->dhtItems->put (item, std::move (answer)); },
            std::move (done));
    }

    void SwarmSession::getDhtItem (std::string publicKey, std::string salt, std::chrono::milliseconds timeout, std::function<void (std::function<std::optional<DhtItem>()>)> done)
    {
        const auto deadline = Clock::now() + timeout;
        startOnSwarm<std::optional<DhtItem>> (
            impl->queue, [this, publicKey = std::move (publicKey), salt = std::move (salt), deadline] (auto answer)
            { impl->dhtItems->get (publicKey, salt, deadline, std::move (answer)); },
            std::move (done));
    }

    void SwarmSession::applyTransferSettings (const TransferSettings& transfer)
    {
        checkTransferSettings (transfer);
        impl->queue.call ([&]
                          {
            lt::settings_pack pack;
            impl->settings.uploadRateLimit = static_cast<int> (transfer.uploadBytesPerSecond);
            impl->settings.downloadRateLimit = static_cast<int> (transfer.downloadBytesPerSecond);
            pack.set_int (lt::settings_pack::upload_rate_limit, impl->settings.uploadRateLimit);
            pack.set_int (lt::settings_pack::download_rate_limit, impl->settings.downloadRateLimit);
            const auto interfaces = listenInterfacesWithPort (impl->settings.listenInterfaces, transfer.listenPort);
            if (interfaces != impl->settings.listenInterfaces)
            {
                impl->settings.listenInterfaces = interfaces;
                pack.set_str (lt::settings_pack::listen_interfaces, interfaces);
            }
            impl->session->apply_settings (std::move (pack)); });
    }

    void SwarmSession::addDhtNode (const std::string& endpoint)
    {
        impl->queue.call ([&]
                          { impl->addDhtNode (endpoint); });
    }

    void SwarmSession::seedDocument (const std::string& filePath, std::function<void (std::function<std::string()>)> done)
    {
        impl->queue.callAsync ([this, filePath]
                               { return impl->documents->seed (filePath); },
                               std::move (done));
    }

    void SwarmSession::fetchDocument (const DocumentFetch& fetch, std::function<void (std::function<std::string()>)> done)
    {
        const auto deadline = Clock::now() + fetch.timeout;
        startOnSwarm<std::string> (
            impl->queue, [this, fetch, deadline] (auto answer)
            { impl->documents->fetch (fetch.infoHash, fetch.folder, fetch.maxBytes, deadline, fetch.peers, std::move (answer)); },
            std::move (done));
    }

    void SwarmSession::dropDocument (const std::string& infoHash, bool deleteFile)
    {
        impl->queue.post ([this, infoHash, deleteFile]
                          { impl->documents->drop (infoHash, deleteFile); });
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
