#pragma once

#include "SwarmTorrent.h"

#include "Core/TrackStatus.h"

#include <libtorrent/torrent_status.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** The latest status of every track in the swarm, and who watches it. The swarm thread turns
        libtorrent's status updates into TrackStatus here; any thread may read one or watch a track. */
    class StatusBoard final
    {
    public:
        /** The torrent libtorrent's handle belongs to, or nullptr. */
        using FindTorrent = std::function<SwarmTorrent*(const lt::torrent_handle&)>;

        /** Swarm thread: takes libtorrent's updates (also into each torrent's download and stall
            bookkeeping) and calls the watchers of every track they touch. */
        void update (const std::vector<lt::torrent_status>& updates, const FindTorrent& find);
        /** The track is gone (removed, or a magnet link's placeholder replaced by its tracks). */
        void erase (const std::string& trackId);

        /** Any thread. */
        [[nodiscard]] std::optional<TrackStatus> status (const std::string& trackId) const;
        /** Any thread: status() of each track, in order, under one lock (a page of the library). */
        [[nodiscard]] std::vector<std::optional<TrackStatus>> statuses (const std::vector<std::string>& trackIds) const;
        /** Calls listener on the swarm thread each time the track's status is refreshed. */
        int watch (const std::string& trackId, std::function<void (const TrackStatus&)> listener);
        void unwatch (int token);

    private:
        mutable std::mutex statusMutex;
        std::map<std::string, TrackStatus> board;

        std::mutex watchMutex;
        struct Watcher
        {
            std::string trackId;
            std::function<void (const TrackStatus&)> listener;
        };
        std::map<int, Watcher> watchers;
        int nextWatchToken = 1;
    };
} // namespace earshot
