// The C API through a real C program, against a track streaming from a loopback swarm.

#include "RealtimeGuard.h"
#include "Support/DaemonProcess.h"
#include "earshot.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <thread>

using namespace earshot;
using namespace earshot::testing;
using earshot::testing::RealtimeGuard;

TEST (CApi, ACProgramFindsOpensPlaysSeeksAndClosesAStreamingTrack)
{
    TemporaryDirectory root ("earshot-capi");
    DaemonProcess artist (root.path() / "artist", { "--upload-limit", "256" });
    DaemonProcess listener (root.path() / "listener");
    artist.start();
    listener.start();
    const auto published = artist.client().publish ({ (demoAlbum ("ogg") / "03-neon-tide.ogg").string() }).front();
    (void) listener.client().addTrack ({ published.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });

    const auto run = runCommand (std::string (EARSHOT_CAPI_EXAMPLE) + " " + listener.apiAddress() + " 'neon tide'");
    EXPECT_EQ (run.exitCode, 0) << run.output;
    EXPECT_NE (run.output.find ("matched 1"), std::string::npos) << run.output;
    EXPECT_NE (run.output.find ("track " + published.id), std::string::npos) << run.output;
    EXPECT_NE (run.output.find ("first audio after"), std::string::npos) << run.output;
    EXPECT_NE (run.output.find ("audio after the seek"), std::string::npos) << run.output;
    EXPECT_NE (run.output.find ("closed"), std::string::npos) << run.output;
}

TEST (CApi, NoDaemonIsAClearErrorNotAHang)
{
    TemporaryDirectory root ("earshot-capi-none");
    const auto run = runCommand (std::string (EARSHOT_CAPI_EXAMPLE) + " unix:" + (root.path() / "nobody.sock").string() + " x");
    EXPECT_EQ (run.exitCode, 1) << run.output;
    EXPECT_NE (run.output.find ("does not answer"), std::string::npos) << run.output;
}

TEST (CApi, EarshotReadNeverAllocatesLocksOrSleeps)
{
    TemporaryDirectory root ("earshot-capi-realtime");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto track = daemon.client().publish ({ testMedia ("excerpt.flac").string() }).front();

    auto* client = earshot_connect (daemon.apiAddress().c_str(), 5000);
    ASSERT_NE (client, nullptr) << earshot_last_error();
    auto* opened = earshot_open (client, track.id.c_str(), 48000, 2);
    ASSERT_NE (opened, nullptr) << earshot_last_error();

    // An audio thread's loop: 512 frames every 10.7 ms for 3 s, each call counted.
    std::vector<float> block (512 * 2);
    std::uint64_t allocations = 0, locks = 0;
    int audibleBlocks = 0;
    auto next = std::chrono::steady_clock::now();
    for (int i = 0; i < 280; ++i)
    {
        const auto before = RealtimeGuard::counts();
        {
            RealtimeGuard guard;
            ASSERT_EQ (earshot_read (opened, block.data(), 512), 512);
        }
        const auto after = RealtimeGuard::counts();
        allocations += after.allocations - before.allocations;
        locks += after.locks - before.locks;
        audibleBlocks += std::any_of (block.begin(), block.end(), [] (float s)
                                      { return std::abs (s) > 1.0e-4f; })
                             ? 1
                             : 0;
        if (i == 140)
            earshot_seek (opened, 20.0);
        next += std::chrono::microseconds (10667);
        std::this_thread::sleep_until (next);
    }
    EXPECT_GT (audibleBlocks, 100);
    EXPECT_EQ (earshot_state (opened, nullptr, nullptr, nullptr), EARSHOT_PLAYING);
    EXPECT_EQ (allocations, 0u) << "earshot_read allocated or freed memory";
    EXPECT_EQ (locks, 0u) << "earshot_read took a lock, waited or slept";
    earshot_close (opened);
    earshot_disconnect (client);
}
