// A real libtorrent session on loopback, stopped: what a caller gets from a swarm that is gone.

#include "Heard.h"

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

    TEST (SwarmSessionTest, AnAsynchronousCallHandsTheSwarmsAnswerToItsCallbackAndOnceStoppedItsError)
    {
        SwarmSession swarm (loopbackOnly(), {});
        Heard<int> tried;
        swarm.connectPeer ("127.0.0.1:6881", "", tried.callback());
        EXPECT_EQ (tried.get(), (std::variant<int, ErrorCode> (0)));
        Heard<int> malformed;
        swarm.connectPeer ("not an endpoint", "", malformed.callback());
        EXPECT_EQ (malformed.get(), (std::variant<int, ErrorCode> (ErrorCode::invalidArgument)));
        Heard<std::shared_ptr<StreamCursor>> unknown;
        swarm.openStream (std::string (40, 'a'), 0, 8.0, true, unknown.callback());
        EXPECT_EQ (unknown.get(), (std::variant<std::shared_ptr<StreamCursor>, ErrorCode> (ErrorCode::notFound)));

        swarm.stop();
        Heard<int> afterStop;
        swarm.connectPeer ("127.0.0.1:6881", "", afterStop.callback());
        EXPECT_EQ (afterStop.get(), (std::variant<int, ErrorCode> (ErrorCode::unavailable)));
        Heard<std::shared_ptr<StreamCursor>> streamAfterStop;
        swarm.openStream (std::string (40, 'a'), 0, 8.0, true, streamAfterStop.callback());
        EXPECT_EQ (streamAfterStop.get(), (std::variant<std::shared_ptr<StreamCursor>, ErrorCode> (ErrorCode::unavailable)));
    }
} // namespace earshot
