#pragma once

#include "SwarmTorrent.h"

namespace earshot
{
    /** Drops and redials a torrent's peers when a stream (or a download nobody streams) has waited
        too long while a peer that should send is silent; see the comment in StallRecovery.cpp for
        the case libtorrent does not cover. Call on the swarm thread, for a torrent with a stream or
        a download that is not yielding, at every replan. */
    void recoverIfStalled (SwarmTorrent& torrent, SwarmTorrent::Clock::time_point now);
} // namespace earshot
