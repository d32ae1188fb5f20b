#pragma once

#include "StatusBoard.h"
#include "SwarmSession.h"
#include "SwarmTorrent.h"

#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/fwd.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** The torrents of a libtorrent session, by info-hash and by handle: adding a track (or a
        magnet link) to the session, finding the torrent of a track, removing a track. Swarm thread
        only. */
    class SwarmTorrents final
    {
    public:
        SwarmTorrents (lt::session& session, const SwarmSettings& settings, StatusBoard& statuses);

        /** Adds a track with a known torrent; an album's other tracks join their torrent. Throws
            Error when libtorrent refuses it or a peer address is malformed. */
        void addTrack (const TrackManifest& manifest, const TrackTorrent& torrent, const AddTrackOptions& options);
        /** Adds a magnet link; returns its track id (the info-hash). */
        std::string addMagnet (const std::string& uri, const AddTrackOptions& options);
        /** Removes a track. The torrent leaves the session (with its files, if asked) when its last
            track goes: the pieces of an album's tracks overlap, so one track's file cannot go alone. */
        void remove (const std::string& id, bool deleteFiles);

        /** The torrent a track id (or an info-hash) belongs to, or nullptr. */
        [[nodiscard]] SwarmTorrent* find (const std::string& trackId);
        /** The torrent of a libtorrent handle (an alert's), or nullptr. */
        [[nodiscard]] SwarmTorrent* find (const lt::torrent_handle& handle);
        /** Every torrent, by info-hash. */
        [[nodiscard]] std::map<std::string, SwarmTorrent>& all() noexcept { return torrents; }

    private:
        lt::add_torrent_params baseParams (const AddTrackOptions& options);
        void attach (lt::torrent_handle handle, const std::string& infoHash, const TrackManifest& manifest, std::optional<TrackTorrent> torrent, const AddTrackOptions& options);
        /** The first-last baseline: the first and last 1% of each file at the top priority. */
        static void raiseFirstAndLastPieces (const lt::torrent_handle& handle);

        lt::session& session;
        const SwarmSettings& settings;
        StatusBoard& statuses;
        std::map<std::string, SwarmTorrent> torrents;
        std::map<lt::torrent_handle, std::string> idsByHandle;
    };

    /** Appends trackers to what params announce to (resume data's, a magnet link's), each in a
        tier of its own after theirs, in order; libtorrent adds a .torrent file's own to these
        and keeps one of each URL. Trackers live outside the info dictionary: the info-hash,
        and so the track id, is the same with or without them. */
    void addTrackerParams (lt::add_torrent_params& params, const std::vector<std::string>& trackers);
    /** Has a running torrent announce to trackers it does not have yet; libtorrent announces to
        a tracker as it is added. */
    void addTrackersTo (const lt::torrent_handle& handle, const std::vector<std::string>& trackers);
} // namespace earshot
