// A real libtorrent session on loopback: tracks added many at once, each refused on its own; and,
// stopped, what a caller gets from a swarm that is gone.

#include "Heard.h"

#include "Swarm/SwarmSession.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

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

    TEST (SwarmSessionTest, TracksAddedAtOnceJoinInOrderAndARefusedOneLeavesTheOthersAdded)
    {
        auto pattern = (std::filesystem::temp_directory_path() / "earshot-swarm-test-XXXXXX").string();
        ASSERT_NE (::mkdtemp (pattern.data()), nullptr);
        const std::filesystem::path folder (pattern);

        std::vector<SwarmSession::TrackToAdd> tracks;
        for (int i = 0; i < 3; ++i)
        {
            const auto file = folder / ("track" + std::to_string (i) + ".flac");
            std::ofstream (file, std::ios::binary) << "fLaC" << std::string (40'000, static_cast<char> ('a' + i));
            auto& track = tracks.emplace_back();
            track.torrent = createTrackTorrent (file);
            copyTorrentFields (track.torrent, track.manifest);
            track.options.savePath = folder.string();
            track.options.seedMode = true;
        }
        tracks[1].options.peers = { "not an endpoint" };

        SwarmSession swarm (loopbackOnly(), {});
        const auto refusals = swarm.addTracks (tracks);
        ASSERT_EQ (refusals.size(), tracks.size()) << "one answer per track";
        EXPECT_EQ (refusals[0], "");
        EXPECT_NE (refusals[1].find ("not an endpoint"), std::string::npos) << "the refusal names what was wrong: " << refusals[1];
        EXPECT_EQ (refusals[2], "");
        EXPECT_TRUE (swarm.status (tracks[0].torrent.trackId()).has_value());
        EXPECT_FALSE (swarm.status (tracks[1].torrent.trackId()).has_value()) << "the refused track is not in the swarm";
        EXPECT_TRUE (swarm.status (tracks[2].torrent.trackId()).has_value()) << "a refusal does not stop the tracks after it";
        swarm.stop();
        std::filesystem::remove_all (folder);
    }

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
