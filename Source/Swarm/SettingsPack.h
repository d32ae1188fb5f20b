#pragma once

#include "SwarmSettings.h"

#include <libtorrent/fwd.hpp>
#include <libtorrent/settings_pack.hpp>

namespace earshot
{
    /** The libtorrent settings a swarm session starts with, each with the reason it is set. */
    [[nodiscard]] lt::settings_pack settingsPackOf (const SwarmSettings& settings);

    /** Puts every address in libtorrent's global peer class, so the rate limits hold on loopback and
        the local network too. */
    void rateLimitEveryPeer (lt::session& session);

    /** The EARSHOT_SWARM_CONNECT_BASELINE environment variable is set: peers are dialled as before
        issue 10 (uTP first, plaintext first, a 10 s reconnect time), so that
        earshot_client_interop_bench can time both ways side by side. */
    [[nodiscard]] bool usesConnectBaseline();
} // namespace earshot
