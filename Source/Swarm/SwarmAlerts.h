#pragma once

#include "AlertRouter.h"
#include "StatusBoard.h"
#include "SwarmSession.h"
#include "SwarmTorrents.h"

#include <atomic>

namespace earshot
{
    /** What each libtorrent alert does: pieces to the streams, status to the board, resume data and
        tracks to SwarmEvents, failures to the streams they end. Also asks for resume data, since
        its alerts say when every save asked for has come back. Swarm thread only. */
    class SwarmAlerts final
    {
    public:
        /** port: set to the TCP port libtorrent listens on, whenever that changes. */
        SwarmAlerts (SwarmTorrents& torrents, StatusBoard& statuses, const SwarmEvents& events, std::atomic<int>& port);

        /** Handles alerts just popped from the session, in order. */
        void route (const std::vector<lt::alert*>& alerts) const { router.route (alerts); }

        /** Asks libtorrent for the torrent's resume data; resumeDataSaved brings it. */
        void requestResumeData (SwarmTorrent& torrent, lt::resume_data_flags_t flags);
        /** Saves asked for that have neither arrived nor failed yet. */
        [[nodiscard]] int resumeSavesOutstanding() const noexcept { return savesOutstanding; }

    private:
        void routeStreamAlerts();
        void routeTorrentAlerts();
        void routePeerAlerts();
        void onResumeDataSaved (const lt::save_resume_data_alert& saved);
        void onMetadataReceived (const lt::metadata_received_alert& metadata);
        void reportCompleted (SwarmTorrent::Track& track);

        SwarmTorrents& torrents;
        StatusBoard& statuses;
        const SwarmEvents& events;
        std::atomic<int>& port;
        AlertRouter router;
        int savesOutstanding = 0;
    };
} // namespace earshot
