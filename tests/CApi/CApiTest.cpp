// The C API through a real C program, against a track streaming from a loopback swarm.

#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

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
