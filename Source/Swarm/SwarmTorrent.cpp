#include "SwarmTorrent.h"

#include "TorrentPieces.h"

#include "Core/Error.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace earshot
{
    namespace
    {
        /** The bytes at a file's start that hold its tags and stream info: its layout's header, or the
            first 64 KiB while the layout is not known. */
        std::uint64_t openingBytesOf (const TrackManifest& manifest, std::uint64_t fileSize)
        {
            const auto header = manifest.layout.headerBytes > 0 ? manifest.layout.headerBytes : std::uint64_t { 64 * 1024 };
            return std::clamp<std::uint64_t> (header, 1, fileSize);
        }
    } // namespace

    SwarmTorrent::Track* SwarmTorrent::findTrack (const std::string& trackId)
    {
        auto found = tracks.find (trackId);
        return found == tracks.end() ? nullptr : &found->second;
    }

    void SwarmTorrent::replan()
    {
        if (! info || ! handle.is_valid())
            return;
        TorrentPieces pieces (handle);
        scheduler.replan (
            cursors, [this] (const std::string& trackId)
            {
                const auto* track = findTrack (trackId);
                return track != nullptr ? &track->manifest : nullptr; },
            Clock::now(),
            pieces);
    }

    void SwarmTorrent::pieceFinished (int piece)
    {
        spdlog::trace ("track {}: piece {} verified", id, piece);
        resumeWanted = true;
        TorrentPieces pieces (handle);
        scheduler.pieceFinished (piece, cursors, Clock::now(), pieces);
    }

    void SwarmTorrent::fetchWhole (const std::string& trackId, bool urgent)
    {
        const auto* track = findTrack (trackId);
        if (track == nullptr || ! track->torrent || ! handle.is_valid())
            return;
        if (urgent)
            wholeNow.insert (trackId);
        else
            wholeNow.erase (trackId);

        // Pieces a stream's deadlines hold are given back at this priority when it lets them go.
        scheduler.setReleasedPriority (wholeNow.empty() ? PieceControl::defaultPriority : 7);
        const auto& geometry = track->torrent->geometry;
        for (int piece = geometry.firstPiece(); piece <= geometry.lastPiece(); ++piece)
            if (! handle.have_piece (lt::piece_index_t { piece }))
                handle.piece_priority (lt::piece_index_t { piece }, urgent ? lt::top_priority : lt::default_priority);
        if (urgent && yielding)
        {
            yielding = false;
            handle.unset_flags (lt::torrent_flags::upload_mode);
        }
        spdlog::debug ("track {}: {}", trackId, urgent ? "fetching the whole file now" : "fetching at the normal pace again");
    }

    void SwarmTorrent::failStreams (const std::string& why)
    {
        for (auto& cursor : cursors)
            cursor->fail (Error (ErrorCode::unavailable, "track " + cursor->trackId() + ": " + why));
    }

    void SwarmTorrent::fetchOpeningFirst (const TrackTorrent& track, const TrackManifest& manifest)
    {
        if (manifest.metadata.durationMs != 0 || track.fileSize == 0 || ! handle.is_valid())
            return;
        const auto openingBytes = openingBytesOf (manifest, track.fileSize);
        const int last = track.geometry.pieceForFileOffset (openingBytes - 1);
        for (int piece = track.geometry.firstPiece(); piece <= last; ++piece)
            handle.piece_priority (lt::piece_index_t { piece }, lt::top_priority);
    }

    void SwarmTorrent::noteOpeningPiece (int piece)
    {
        for (auto& [trackId, track] : tracks)
        {
            if (track.openingReported || ! track.torrent || track.torrent->fileSize == 0)
                continue;
            const auto& geometry = track.torrent->geometry;
            const auto openingBytes = openingBytesOf (track.manifest, track.torrent->fileSize);
            const int first = geometry.firstPiece();
            const int last = geometry.pieceForFileOffset (openingBytes - 1);
            if (piece < first || piece > last)
                continue;
            track.openingVerified.insert (piece);
            bool all = true;
            for (int p = first; p <= last && all; ++p)
                all = track.openingVerified.count (p) != 0 || handle.have_piece (lt::piece_index_t { p });
            if (! all)
                continue;
            // Read from the file once the flush that follows has written it (cache_flushed_alert).
            track.openingReported = true;
            openingsToReport.push_back (trackId);
            handle.flush_cache();
        }
    }
} // namespace earshot
