// One daemon serving a hundred Stream calls at once, each from a player of its own: every one of them
// gets its track's bytes, in order and whole, from wherever it started. How fast, and whether any
// player's buffer ran dry, is measured in bench/LoadBench.cpp; this holds what a user relies on
// whatever the machine's speed.

#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <thread>

using namespace earshot;
using namespace earshot::testing;

TEST (StreamLoad, AHundredConcurrentStreamsEachGetTheirTracksBytesWhole)
{
    TemporaryDirectory root ("earshot-stream-load");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();

    struct Track
    {
        std::string id;
        std::string bytes;
    };
    std::vector<Track> tracks;
    for (const auto* name : { "excerpt.flac", "excerpt.ogg", "excerpt.mp3" })
        tracks.push_back ({ daemon.client().publish ({ testMedia (name).string() }).front().id, readFileBytes (testMedia (name)) });

    constexpr int streams = 100;
    std::vector<std::string> failures (streams);
    std::vector<std::thread> players;
    for (int i = 0; i < streams; ++i)
        players.emplace_back ([&, i]
                              {
            const auto& track = tracks[static_cast<std::size_t> (i) % tracks.size()];
            // A quarter start part-way in, as after a seek.
            const std::uint64_t offset = i % 4 == 3 ? track.bytes.size() / 3 : 0;
            try
            {
                DaemonClient client (daemon.apiAddress());
                const auto got = streamBytes (client, track.id, offset);
                if (got.size() != track.bytes.size() - offset)
                    failures[static_cast<std::size_t> (i)] = "got " + std::to_string (got.size()) + " bytes of " + std::to_string (track.bytes.size() - offset);
                else if (got != track.bytes.substr (offset))
                    failures[static_cast<std::size_t> (i)] = "the bytes are not the file's";
            }
            catch (const std::exception& error)
            {
                failures[static_cast<std::size_t> (i)] = error.what();
            } });
    for (auto& player : players)
        player.join();

    for (int i = 0; i < streams; ++i)
        EXPECT_EQ (failures[static_cast<std::size_t> (i)], "") << "stream " << i;
}
