#include "StallRecovery.h"

#include "TorrentPieces.h"

#include <libtorrent/peer_info.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace earshot
{
    namespace
    {
        /** A stream that has waited this long on a missing piece while no peer sent a byte and no
            request went out is stalled: the track's peers are dropped and dialled again (see
            recoverIfStalled). Every condition must hold, so a slow swarm that is still sending is not
            churned; what triggers it is a peer that swallowed cancelled requests. */
        constexpr auto stallTimeout = std::chrono::seconds (3);
        /** A download no one streams is stalled when nothing has arrived or been asked for in this
            long although a peer that unchoked us has pieces we want. */
        constexpr auto backgroundStallTimeout = std::chrono::seconds (10);
        /** At most one reconnection per torrent in this long. */
        constexpr auto stallRecoveryInterval = std::chrono::seconds (6);
    } // namespace

    /** libtorrent's own request time-outs do not cover one case: a peer that announced the fast
        extension but answers a cancelled request with neither the piece nor a reject (Transmission
        3.00 does this). libtorrent keeps such a block queued on that peer for good and never asks
        for it again, so a stream waiting on it waits forever. In an album the stream's first
        deadline makes libtorrent cancel every request for the other tracks' pieces
        (cancel_non_critical), and the swallowed cancels fill that peer's request queue: nothing
        more is asked of it. When a stream has waited stallTimeout on a missing piece and no
        payload has arrived meanwhile, drop the torrent's connections and dial the same peers
        again: a fresh connection has an empty queue. */
    void recoverIfStalled (SwarmTorrent& torrent, SwarmTorrent::Clock::time_point now)
    {
        if (! torrent.info || ! torrent.handle.is_valid())
            return;

        bool waiting = false;
        int waitingOn = -1;
        const TorrentPieces pieces (torrent.handle); // one round trip to libtorrent's thread, not one per stream
        for (const auto& cursor : torrent.cursors)
        {
            if (cursor->atEnd())
                continue;
            const int piece = cursor->geometry().pieceForFileOffset (cursor->position());
            if (! pieces.havePiece (piece))
            {
                waiting = true;
                waitingOn = piece;
                break;
            }
        }
        // A download nobody streams waits too, on whatever it still lacks.
        const bool background = ! waiting && torrent.downloading;
        if (! waiting && ! background)
        {
            torrent.waitingSince.reset();
            return;
        }
        if (! torrent.waitingSince)
            torrent.waitingSince = now;

        const auto timeout = background ? backgroundStallTimeout : stallTimeout;
        const auto quietSince = std::max (*torrent.waitingSince, torrent.payloadGrewAt);
        if (now - quietSince < timeout || now - torrent.lastStallRecovery < stallRecoveryInterval)
            return;

        std::vector<lt::peer_info> peers;
        torrent.handle.get_peer_info (peers);
        // A peer we asked for something recently is still within its time to answer.
        if (std::any_of (peers.begin(), peers.end(), [timeout] (const lt::peer_info& peer)
                         { return peer.last_request < timeout; }))
            return;
        // Only a peer that has unchoked us and holds what we wait for can be holding it back; a
        // peer that still chokes us is waiting for its own choker (Transmission's runs every 10 s).
        const bool someoneShouldSend = std::any_of (peers.begin(), peers.end(), [waitingOn, background] (const lt::peer_info& peer)
                                                    {
                                                        if (peer.flags & lt::peer_info::remote_choked)
                                                            return false;
                                                        if (background)
                                                            return static_cast<bool> (peer.flags & lt::peer_info::interesting);
                                                        return peer.flags & lt::peer_info::seed || (waitingOn < peer.pieces.size() && peer.pieces.get_bit (lt::piece_index_t { waitingOn })); });
        if (! someoneShouldSend)
            return;

        if (background)
            spdlog::warn ("torrent {}: nothing arrived in {} s although a peer that unchoked us has pieces we want; reconnecting to its {} peer(s)",
                          torrent.id,
                          std::chrono::duration_cast<std::chrono::seconds> (now - quietSince).count(),
                          peers.size());
        else
            spdlog::warn ("track {}: a stream has waited {} s on piece {} and none of its {} peer(s) sent a byte; reconnecting to them",
                          torrent.id,
                          std::chrono::duration_cast<std::chrono::seconds> (now - quietSince).count(),
                          waitingOn,
                          peers.size());
        torrent.lastStallRecovery = now;
        torrent.waitingSince = now;
        torrent.handle.pause();
        torrent.handle.resume();
        for (const auto& peer : peers)
            torrent.handle.connect_peer (peer.ip);
        torrent.scheduler.forgetDeadlines(); // applied afresh at the next plan
        torrent.replan();
    }
} // namespace earshot
