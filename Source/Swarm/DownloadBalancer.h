#pragma once

#include "SwarmSettings.h"
#include "SwarmTorrent.h"

#include <map>
#include <optional>
#include <string>

namespace earshot
{
    /** The stream being heard wins: while some stream lacks a piece due within the deadline
        horizon, every downloading torrent with no stream of its own stops asking for pieces
        (upload mode: it keeps its peers and goes on seeding), and asks again yieldHold after the
        last such moment. One capped seeder serving an album of 18 torrents otherwise splits its
        upload 18 ways, and the track playing gets an eighteenth. A torrent with a track fetched
        whole at once (SwarmSession::fetchWholeNow) never yields: a producer waits on it. Swarm
        thread only. */
    class DownloadBalancer final
    {
    public:
        explicit DownloadBalancer (const SwarmSettings& settings);

        /** Puts each torrent in or out of upload mode; call at every replan. */
        void balance (std::map<std::string, SwarmTorrent>& torrents, SwarmTorrent::Clock::time_point now);

    private:
        const bool enabled;
        /** When a stream was last short of a piece due soon. */
        std::optional<SwarmTorrent::Clock::time_point> lastShortStream;
    };
} // namespace earshot
