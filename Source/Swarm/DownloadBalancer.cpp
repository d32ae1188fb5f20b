#include "DownloadBalancer.h"

#include "TorrentPieces.h"

#include <spdlog/spdlog.h>

namespace earshot
{
    namespace
    {
        /** Downloads nobody streams go on yielding for this long after a stream was last short of a
            piece due within the deadline horizon, so they do not start and stop with every piece. */
        constexpr auto yieldHold = std::chrono::seconds (2);
    } // namespace

    DownloadBalancer::DownloadBalancer (const SwarmSettings& settings)
        : enabled (settings.backgroundYieldsToStreams && settings.strategy == StreamStrategy::deadlines)
    {
    }

    void DownloadBalancer::balance (std::map<std::string, SwarmTorrent>& torrents, SwarmTorrent::Clock::time_point now)
    {
        if (! enabled)
            return;

        // Only an open stream counts: a closed one's deadlines stay on pieces in flight until they
        // arrive, and a peer that swallowed the cancels never sends them.
        bool streamIsShort = false;
        for (auto& [id, torrent] : torrents)
        {
            if (! torrent.cursors.empty() && torrent.scheduler.lacksDeadlinePiece (TorrentPieces (torrent.handle)))
            {
                streamIsShort = true;
                break;
            }
        }
        if (streamIsShort)
            lastShortStream = now;
        const bool yield = lastShortStream && now - *lastShortStream < yieldHold;

        for (auto& [id, torrent] : torrents)
        {
            const bool shouldYield = yield && torrent.cursors.empty() && torrent.wholeNow.empty() && torrent.downloading;
            if (shouldYield == torrent.yielding || ! torrent.handle.is_valid())
                continue;
            torrent.yielding = shouldYield;
            torrent.waitingSince.reset();
            if (shouldYield)
                torrent.handle.set_flags (lt::torrent_flags::upload_mode);
            else
                torrent.handle.unset_flags (lt::torrent_flags::upload_mode);
            spdlog::debug ("torrent {}: {} a stream", id, shouldYield ? "yields to" : "no longer yields to");
        }
    }
} // namespace earshot
