#pragma once

#include "DeadlineScheduler.h"
#include "StreamCursor.h"
#include "TrackTorrent.h"

#include "Core/TrackManifest.h"

#include <libtorrent/torrent_handle.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace earshot
{
    /** One libtorrent torrent and the tracks in it: one for a single-file torrent, one per audio
        file for an album. Pieces, deadlines and peers belong to the torrent; streams and status
        to a track. Swarm thread only. */
    struct SwarmTorrent
    {
        using Clock = std::chrono::steady_clock;

        struct Track
        {
            std::string id;
            TrackManifest manifest;
            /** Unset while a magnet link's metadata has not arrived. */
            std::optional<TrackTorrent> torrent;
            /** trackCompleted was sent for it. */
            bool completed = false;
            /** Its opening is all here; openingArrived is sent (once) when it is on disk too. */
            bool openingReported = false;
            /** Pieces of its opening whose piece_finished_alert has come: libtorrent's have_piece
                stays false for a verified piece until its write completes. */
            std::set<int> openingVerified {};
        };

        lt::torrent_handle handle;
        /** The info-hash, 40 lower-case hex digits. */
        std::string id;
        /** The parsed torrent, once known. */
        std::shared_ptr<const lt::torrent_info> info;
        /** By track id. */
        std::map<std::string, Track> tracks;
        std::vector<std::shared_ptr<StreamCursor>> cursors;
        /** The deadlines, priorities and reads the open streams' plans ask for. */
        DeadlineScheduler scheduler;

        /** Payload bytes received from each peer ("ip:port"), over every connection. */
        std::map<std::string, std::int64_t> downloadedFrom;
        /** The torrent still has pieces to fetch (latest status update). */
        bool downloading = false;
        /** Tracks to fetch whole at once, every missing piece at the top priority (see
            SwarmSession::fetchWholeNow): the torrent never yields to other streams meanwhile. */
        std::set<std::string> wholeNow;
        /** In upload mode so that a stream elsewhere gets the bandwidth (see DownloadBalancer). */
        bool yielding = false;
        /** Payload bytes downloaded at the latest status update, and when that total last grew. */
        std::int64_t payloadDownloaded = 0;
        Clock::time_point payloadGrewAt {};
        /** Since when an open stream has been waiting on a piece that is not on disk (unset: none is). */
        std::optional<Clock::time_point> waitingSince;
        Clock::time_point lastStallRecovery {};
        /** Peers ("ip:port") banned for sending data that failed its hash check, and the pieces that
            failed it: why a stream may be left with no one to fetch from (TrackStatus). */
        std::set<std::string> bannedPeers;
        int hashFailures = 0;
        /** Something its resume data records has changed since it was last asked for (pieces
            verified, peers, trackers, metadata), or the torrent has none stored yet: the next
            save round asks libtorrent for it. Torrents without changes are asked only by the slow
            sweep (see SwarmSession), so that thousands of seeding tracks cost no steady work. */
        bool resumeWanted = true;
        /** Added with resume data, which a finish with nothing downloaded leaves as it was. */
        bool restored = false;
        /** Peers connected at the latest status update: a change is worth saving (a restart after
            a crash dials the peers its resume data lists). */
        int peersAtLastStatus = 0;
        /** Tracks whose opening is verified, waiting for the cache flush that puts it on disk:
            libtorrent hashes a piece from its store buffer while another disk thread may still be
            writing it to the file. */
        std::vector<std::string> openingsToReport;

        /** The track with this id, or nullptr. */
        [[nodiscard]] Track* findTrack (const std::string& trackId);
        /** Brings the deadlines in line with the open streams (see DeadlineScheduler::replan). */
        void replan();
        /** A piece passed its hash check: the scheduler and the openings waiting on it hear of it. */
        void pieceFinished (int piece);
        /** Raises every missing piece of the track's file to the top priority (urgent), or gives
            them libtorrent's default again. */
        void fetchWhole (const std::string& trackId, bool urgent);
        /** Fails every open stream of the torrent with why. */
        void failStreams (const std::string& why);

        /** A track known only by its name (from a .torrent or magnet link) is described from its
            opening as soon as that arrives (openingArrived): fetch it before the rest of the file. */
        void fetchOpeningFirst (const TrackTorrent& track, const TrackManifest& manifest);
        /** Notes that piece is verified; a track whose opening is then all here waits in
            openingsToReport for the cache flush this asks for. */
        void noteOpeningPiece (int piece);
    };
} // namespace earshot
