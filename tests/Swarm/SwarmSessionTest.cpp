// A real libtorrent session on loopback, stopped: what a caller gets from a swarm that is gone.

#include "Swarm/SwarmSession.h"

#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        SwarmSettings loopbackOnly()
        {
            SwarmSettings settings;
            settings.listenInterfaces = "127.0.0.1:0";
            settings.enableDht = false;
            return settings;
        }

        void expectUnavailable (const std::function<void()>& call)
        {
            try
            {
                call();
                FAIL() << "the call returned although the swarm has stopped";
            }
            catch (const Error& error)
            {
                EXPECT_EQ (error.code(), ErrorCode::unavailable) << error.what();
            }
        }
    } // namespace

    TEST (SwarmSessionTest, ACallAfterTheSwarmHasStoppedFailsAtOnceWithAnError)
    {
        SwarmSession swarm (loopbackOnly(), {});
        EXPECT_EQ (swarm.connectPeer ("127.0.0.1:6881", ""), 0) << "the premise: a running swarm answers";
        swarm.stop();

        expectUnavailable ([&]
                           { (void) swarm.connectPeer ("127.0.0.1:6881", ""); });
        expectUnavailable ([&]
                           { (void) swarm.peerTransfers (std::string (40, 'a')); });
        expectUnavailable ([&]
                           { (void) swarm.openStream (std::string (40, 'a'), 0, 8.0, true); });
        // The calls that answer nothing do nothing.
        swarm.updateManifest (TrackManifest {});
        EXPECT_FALSE (swarm.status (std::string (40, 'a')).has_value());
        swarm.stop();
    }
} // namespace earshot
