#include "SwarmAlerts.h"

#include <libtorrent/torrent_info.hpp>
#include <libtorrent/write_resume_data.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace earshot
{
    namespace
    {
        std::string endpointText (const lt::tcp::endpoint& endpoint)
        {
            return endpoint.address().to_string() + ":" + std::to_string (endpoint.port());
        }
    } // namespace

    SwarmAlerts::SwarmAlerts (SwarmTorrents& swarmTorrents, StatusBoard& statusBoard, const SwarmEvents& swarmEvents, std::atomic<int>& listenPort)
        : torrents (swarmTorrents), statuses (statusBoard), events (swarmEvents), port (listenPort)
    {
        routeStreamAlerts();
        routeTorrentAlerts();
        routePeerAlerts();
    }

    void SwarmAlerts::requestResumeData (SwarmTorrent& torrent, lt::resume_data_flags_t flags)
    {
        torrent.resumeWanted = false;
        if (! torrent.handle.is_valid())
            return;
        torrent.handle.save_resume_data (flags);
        ++savesOutstanding;
    }

    void SwarmAlerts::routeStreamAlerts()
    {
        router.on<lt::piece_finished_alert> ([this] (const lt::piece_finished_alert& finished)
                                             {
            auto* torrent = torrents.find (finished.handle);
            if (torrent == nullptr)
                return;
            const auto piece = static_cast<int> (finished.piece_index);
            if (events.openingArrived)
                torrent->noteOpeningPiece (piece);
            torrent->pieceFinished (piece); });

        router.on<lt::read_piece_alert> ([this] (const lt::read_piece_alert& read)
                                         {
            auto* torrent = torrents.find (read.handle);
            if (torrent == nullptr)
                return;
            const int piece = static_cast<int> (read.piece);
            if (read.error)
            {
                torrent->scheduler.readFailed (piece);
                if (read.error != boost::asio::error::operation_aborted && read.error != boost::system::errc::operation_canceled)
                    spdlog::warn ("track {}: reading piece {} failed: {}", torrent->id, piece, read.error.message());
                return;
            }
            torrent->scheduler.pieceRead (piece, read.buffer.get(), static_cast<std::size_t> (read.size), torrent->cursors); });

        router.on<lt::state_update_alert> ([this] (const lt::state_update_alert& state)
                                           { statuses.update (state.status, [this] (const lt::torrent_handle& handle)
                                                              { return torrents.find (handle); }); });

        router.on<lt::cache_flushed_alert> ([this] (const lt::cache_flushed_alert& flushed)
                                            {
            if (auto* torrent = torrents.find (flushed.handle); torrent != nullptr && events.openingArrived)
                for (const auto& trackId : std::exchange (torrent->openingsToReport, {}))
                    events.openingArrived (trackId); });
    }

    void SwarmAlerts::routeTorrentAlerts()
    {
        router.on<lt::save_resume_data_alert> ([this] (const lt::save_resume_data_alert& saved)
                                               { onResumeDataSaved (saved); });
        router.on<lt::save_resume_data_failed_alert> ([this] (const lt::save_resume_data_failed_alert&)
                                                      { --savesOutstanding; });
        router.on<lt::metadata_received_alert> ([this] (const lt::metadata_received_alert& metadata)
                                                { onMetadataReceived (metadata); });

        router.on<lt::torrent_finished_alert> ([this] (const lt::torrent_finished_alert& completed)
                                               {
            if (auto* torrent = torrents.find (completed.handle))
            {
                // A track restored complete from its resume data finishes as it is added: there
                // is nothing new to save, and 10,000 of them at once would each be written again.
                if (! torrent->restored || torrent->resumeWanted || torrent->payloadDownloaded > 0)
                    requestResumeData (*torrent, {});
                for (auto& [trackId, track] : torrent->tracks)
                    reportCompleted (track);
            } });

        router.on<lt::file_completed_alert> ([this] (const lt::file_completed_alert& fileDone)
                                             {
            // A track of an album is complete while the rest of the album still downloads.
            if (auto* torrent = torrents.find (fileDone.handle))
                for (auto& [trackId, track] : torrent->tracks)
                    if (track.torrent && track.torrent->fileIndex == static_cast<int> (fileDone.index))
                        reportCompleted (track); });

        router.on<lt::torrent_error_alert> ([this] (const lt::torrent_error_alert& failed)
                                            {
            if (auto* torrent = torrents.find (failed.handle))
            {
                spdlog::error ("track {}: {} ({})", torrent->id, failed.error.message(), failed.filename());
                torrent->failStreams (failed.error.message() + " (" + failed.filename() + ")");
            } });

        router.on<lt::file_error_alert> ([this] (const lt::file_error_alert& fileError)
                                         {
            if (auto* torrent = torrents.find (fileError.handle))
                torrent->failStreams ("cannot use " + std::string (fileError.filename()) + ": " + fileError.error.message()); });

        router.on<lt::hash_failed_alert> ([this] (const lt::hash_failed_alert& hashFailed)
                                          {
            if (auto* torrent = torrents.find (hashFailed.handle))
            {
                ++torrent->hashFailures;
                spdlog::warn ("track {}: piece {} failed its hash check (a peer sent corrupt data)", torrent->id, static_cast<int> (hashFailed.piece_index));
            } });
    }

    void SwarmAlerts::routePeerAlerts()
    {
        router.on<lt::listen_succeeded_alert> ([this] (const lt::listen_succeeded_alert& listening)
                                               {
            if (listening.socket_type == lt::socket_type_t::tcp)
                port = listening.port; });

        router.on<lt::listen_failed_alert> ([] (const lt::listen_failed_alert& listenFailed)
                                            { spdlog::error ("BitTorrent cannot listen on {}: {}", listenFailed.address.to_string(), listenFailed.error.message()); });

        router.on<lt::block_finished_alert> ([this] (const lt::block_finished_alert& block)
                                             {
            if (auto* torrent = torrents.find (block.handle); torrent != nullptr && torrent->info)
            {
                const auto pieceSize = torrent->info->piece_size (block.piece_index);
                const auto blockSize = std::min (16 * 1024, pieceSize - block.block_index * 16 * 1024);
                torrent->downloadedFrom[endpointText (block.endpoint)] += std::max (0, blockSize);
            } });

        router.on<lt::peer_log_alert> ([] (const lt::peer_log_alert& peerLog)
                                       { spdlog::trace ("peer {}: {}", endpointText (peerLog.endpoint), peerLog.message()); });

        router.on<lt::peer_ban_alert> ([this] (const lt::peer_ban_alert& banned)
                                       {
            if (auto* torrent = torrents.find (banned.handle))
            {
                const auto peer = endpointText (banned.endpoint);
                torrent->bannedPeers.insert (peer);
                spdlog::warn ("track {}: banned peer {} for sending data that failed its hash check", torrent->id, peer);
            } });
    }

    void SwarmAlerts::onResumeDataSaved (const lt::save_resume_data_alert& saved)
    {
        --savesOutstanding;
        auto* torrent = torrents.find (saved.handle);
        if (torrent == nullptr || ! torrent->info || ! events.resumeDataSaved)
            return;
        auto params = saved.params;
        params.ti.reset(); // the manifest already holds the info dictionary
        // The peers this daemon dialled, by their listen addresses, so that a restart
        // (after a crash too) can dial them again; libtorrent's own list may leave
        // them out.
        std::vector<lt::peer_info> connected;
        saved.handle.get_peer_info (connected);
        for (const auto& peer : connected)
            if ((peer.flags & lt::peer_info::local_connection) && std::find (params.peers.begin(), params.peers.end(), peer.ip) == params.peers.end())
                params.peers.push_back (peer.ip);
        const auto buffer = lt::write_resume_data_buf (params);
        events.resumeDataSaved (torrent->id, std::string (buffer.begin(), buffer.end()));
    }

    void SwarmAlerts::onMetadataReceived (const lt::metadata_received_alert& metadata)
    {
        auto* torrent = torrents.find (metadata.handle);
        if (torrent == nullptr)
            return;
        try
        {
            auto info = torrent->handle.torrent_file();
            auto section = info->info_section();
            const auto tracks = parseInfoDict ({ section.data(), static_cast<std::size_t> (section.size()) });
            // The magnet link's placeholder gives way to the torrent's tracks: for a
            // single-file torrent the same id, for an album one per audio file.
            auto placeholder = torrent->tracks[torrent->id].manifest;
            torrent->tracks.clear();
            torrent->info = tracks.front().info;
            torrent->resumeWanted = true;
            for (const auto& track : tracks)
            {
                TrackManifest manifest = placeholder;
                copyTorrentFields (track, manifest);
                if (manifest.format == AudioFormat::unknown || tracks.size() > 1)
                    manifest.format = audioFormatFromExtension (track.fileName);
                torrent->tracks[track.trackId()] = { track.trackId(), manifest, track };
                torrent->fetchOpeningFirst (track, manifest);
            }
            if (tracks.size() > 1 || tracks.front().trackId() != torrent->id)
                statuses.erase (torrent->id);
            if (events.metadataReceived)
                events.metadataReceived (torrent->id, tracks);
            torrent->replan();
        }
        catch (const Error& error)
        {
            spdlog::warn ("torrent {}: {}", torrent->id, error.what());
            torrent->failStreams (error.what());
        }
    }

    void SwarmAlerts::reportCompleted (SwarmTorrent::Track& track)
    {
        if (track.completed || ! track.torrent)
            return;
        track.completed = true;
        if (events.trackCompleted)
            events.trackCompleted (track.id);
    }
} // namespace earshot
