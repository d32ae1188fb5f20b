#include "StatusBoard.h"

#include <libtorrent/peer_info.hpp>
#include <libtorrent/torrent_info.hpp>

#include <algorithm>

namespace earshot
{
    namespace
    {
        TrackState stateOf (const lt::torrent_status& status)
        {
            if (status.errc)
                return TrackState::error;
            switch (status.state)
            {
                case lt::torrent_status::checking_files:
                case lt::torrent_status::checking_resume_data:
                    return TrackState::checking;
                case lt::torrent_status::downloading_metadata:
                    return TrackState::fetchingMetadata;
                case lt::torrent_status::finished:
                case lt::torrent_status::seeding:
                    return TrackState::seeding;
                default:
                    return TrackState::downloading;
            }
        }

        /** One track's view of an album torrent's status: its file's bytes, and the pieces that hold
            them, numbered from the file's first piece, as a single-file torrent's would be. */
        TrackStatus statusOfFile (const TrackStatus& whole, const TrackTorrent& track, const std::vector<std::int64_t>& fileBytes)
        {
            TrackStatus status = whole;
            const auto& geometry = track.geometry;
            const int first = geometry.firstPiece();
            const int last = geometry.lastPiece();
            const auto slice = [first, last] (const auto& all)
            {
                std::decay_t<decltype (all)> part;
                for (int piece = first; piece <= last && piece < static_cast<int> (all.size()); ++piece)
                    part.push_back (all[static_cast<std::size_t> (piece)]);
                return part;
            };
            status.pieces = slice (whole.pieces);
            status.availability = slice (whole.availability);
            status.deadlinePieces.clear();
            for (const auto piece : whole.deadlinePieces)
                if (piece >= first && piece <= last)
                    status.deadlinePieces.push_back (piece - first);

            status.totalBytes = track.fileSize;
            const auto index = static_cast<std::size_t> (track.fileIndex);
            status.bytesDone = index < fileBytes.size() ? static_cast<std::uint64_t> (std::max<std::int64_t> (0, fileBytes[index])) : 0;
            status.progress = track.fileSize > 0 ? static_cast<double> (status.bytesDone) / static_cast<double> (track.fileSize) : 0.0;
            if (track.fileSize > 0 && status.bytesDone >= track.fileSize && status.state == TrackState::downloading)
                status.state = TrackState::seeding;
            return status;
        }
    } // namespace

    void StatusBoard::update (const std::vector<lt::torrent_status>& updates, const FindTorrent& find)
    {
        std::vector<std::pair<std::string, TrackStatus>> changed;
        for (const auto& update : updates)
        {
            auto* torrent = find (update.handle);
            if (torrent == nullptr)
                continue;

            TrackStatus whole;
            whole.state = stateOf (update);
            whole.totalBytes = static_cast<std::uint64_t> (update.total_wanted);
            whole.bytesDone = static_cast<std::uint64_t> (update.total_wanted_done);
            whole.progress = update.total_wanted > 0 ? static_cast<double> (update.total_wanted_done) / static_cast<double> (update.total_wanted) : 0.0;
            whole.pieces.resize (static_cast<std::size_t> (update.pieces.size()));
            for (int i = 0; i < update.pieces.size(); ++i)
                whole.pieces[static_cast<std::size_t> (i)] = update.pieces.get_bit (lt::piece_index_t { i });
            torrent->downloading = update.has_metadata && ! update.is_finished && ! update.is_seeding && ! (update.flags & lt::torrent_flags::paused);
            if (update.total_payload_download != torrent->payloadDownloaded)
            {
                torrent->payloadDownloaded = update.total_payload_download;
                torrent->payloadGrewAt = SwarmTorrent::Clock::now();
            }
            whole.peers = update.num_peers;
            if (update.num_peers != torrent->peersAtLastStatus)
            {
                torrent->peersAtLastStatus = update.num_peers;
                torrent->resumeWanted = true;
            }
            whole.seeds = update.num_seeds;
            torrent->scheduler.setSwarm (update.num_peers, update.num_seeds);
            whole.downloadRate = static_cast<std::uint64_t> (update.download_payload_rate);
            whole.uploadRate = static_cast<std::uint64_t> (update.upload_payload_rate);
            whole.totalUploaded = static_cast<std::uint64_t> (update.all_time_upload);
            whole.deadlinePieces = torrent->scheduler.deadlinePieces();
            // libtorrent keeps no availability without metadata or once the track is complete, so
            // the round trip to its network thread is skipped then (empty reads as unknown).
            if (update.has_metadata && ! update.is_seeding && ! update.is_finished)
                update.handle.piece_availability (whole.availability);
            if (update.errc)
                whole.error = update.errc.message() + (update.error_file >= lt::file_index_t {} ? " (in the track's file)" : "");
            // What a stalled stream is told (Core/StreamStall): who could send, who was banned,
            // and how a file offset maps to a piece.
            whole.bannedPeers = static_cast<int> (torrent->bannedPeers.size());
            whole.hashFailures = torrent->hashFailures;
            whole.pieceLength = torrent->info != nullptr ? static_cast<std::uint64_t> (torrent->info->piece_length()) : 0;
            if (update.has_metadata && ! update.is_seeding && ! update.is_finished && update.num_peers > 0)
            {
                std::vector<lt::peer_info> peers;
                update.handle.get_peer_info (peers);
                whole.peersUnchokingUs = static_cast<int> (std::count_if (peers.begin(), peers.end(), [] (const lt::peer_info& peer)
                                                                          { return ! (peer.flags & lt::peer_info::remote_choked); }));
            }

            const bool album = torrent->info != nullptr && torrent->info->num_files() > 1;
            std::vector<std::int64_t> fileBytes;
            if (album && update.has_metadata)
                update.handle.file_progress (fileBytes, lt::torrent_handle::piece_granularity);

            for (const auto& [trackId, track] : torrent->tracks)
            {
                if (! album || ! track.torrent)
                {
                    changed.emplace_back (trackId, whole);
                    continue;
                }
                auto status = statusOfFile (whole, *track.torrent, fileBytes);
                status.fileStartInPiece = whole.pieceLength > 0 ? track.torrent->geometry.offsetInTorrent % whole.pieceLength : 0;
                changed.emplace_back (trackId, std::move (status));
            }
        }

        {
            std::lock_guard lock (statusMutex);
            for (const auto& [id, status] : changed)
                board[id] = status;
        }

        std::lock_guard lock (watchMutex);
        for (const auto& [token, watcher] : watchers)
            for (const auto& [id, status] : changed)
                if (watcher.trackId == id)
                    watcher.listener (status);
    }

    void StatusBoard::erase (const std::string& trackId)
    {
        std::lock_guard lock (statusMutex);
        board.erase (trackId);
    }

    std::optional<TrackStatus> StatusBoard::status (const std::string& trackId) const
    {
        std::lock_guard lock (statusMutex);
        auto found = board.find (trackId);
        if (found == board.end())
            return std::nullopt;
        return found->second;
    }

    std::vector<std::optional<TrackStatus>> StatusBoard::statuses (const std::vector<std::string>& trackIds) const
    {
        std::vector<std::optional<TrackStatus>> found (trackIds.size());
        std::lock_guard lock (statusMutex);
        for (std::size_t i = 0; i < trackIds.size(); ++i)
            if (auto entry = board.find (trackIds[i]); entry != board.end())
                found[i] = entry->second;
        return found;
    }

    int StatusBoard::watch (const std::string& trackId, std::function<void (const TrackStatus&)> listener)
    {
        std::lock_guard lock (watchMutex);
        const int token = nextWatchToken++;
        watchers[token] = { trackId, std::move (listener) };
        return token;
    }

    void StatusBoard::unwatch (int token)
    {
        std::lock_guard lock (watchMutex);
        watchers.erase (token);
    }
} // namespace earshot
