// Library.GetSettings and SetSettings against a real earshotd: the caps and the BitTorrent port
// apply at once (a peer reaches the daemon on its new port and fetches a track from it), bad values
// are refused with INVALID_ARGUMENT naming them and change nothing, and a restart keeps what was
// set, over the flags the daemon is started with.

#include "Core/Error.h"
#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

TEST (Settings, ApplyAtOnceAreCheckedAndOutliveARestart)
{
    TemporaryDirectory root ("earshot-settings");
    DaemonProcess artist (root.path() / "artist", { "--upload-limit", "512" });
    DaemonProcess listener (root.path() / "listener");
    artist.start();
    listener.start();

    // What the flags said, until SetSettings.
    const auto initial = artist.client().settings();
    EXPECT_EQ (initial.transfer.uploadBytesPerSecond, 512 * 1024);
    EXPECT_EQ (initial.transfer.downloadBytesPerSecond, 0);
    EXPECT_EQ (initial.transfer.listenPort, 0); // --bt-port 0: a free one
    EXPECT_GT (initial.boundPort, 0);

    // A new port, and caps: the port is listened on at once.
    const auto port = freeLoopbackPort();
    const TransferSettings wanted { 8 * 1024 * 1024, 1024 * 1024, port };
    EXPECT_EQ (artist.client().setSettings (wanted), wanted);
    EXPECT_EQ (artist.client().settings().transfer, wanted);
    ASSERT_TRUE (eventually ([&]
                             { return artist.client().settings().boundPort == port && artist.client().daemonInfo().bittorrentPort == port; },
                             10s))
        << artist.client().settings().boundPort;

    // A listener that knows only the new port fetches a track from the artist.
    const auto track = artist.client().publish ({ (demoAlbum ("flac") / "01-first-light.flac").string() }).front();
    (void) listener.client().addTrack ({ track.manifest, std::nullopt, std::nullopt }, { "127.0.0.1:" + std::to_string (port) });
    EXPECT_TRUE (eventually ([&]
                             { return isComplete (listener.client().getTrack (track.id)); },
                             60s));

    // Bad values: named, and nothing changes.
    const auto refusal = [&] (const TransferSettings& settings)
    {
        try
        {
            (void) artist.client().setSettings (settings);
        }
        catch (const Error& e)
        {
            EXPECT_EQ (e.code(), ErrorCode::invalidArgument) << e.what();
            return std::string (e.what());
        }
        return std::string();
    };
    EXPECT_NE (refusal ({ -1, 0, port }).find ("the upload limit -1 bytes/s is negative"), std::string::npos);
    EXPECT_NE (refusal ({ 0, 5'000'000'000, port }).find ("the download limit 5000000000 bytes/s is over the most"), std::string::npos);
    EXPECT_NE (refusal ({ 0, 0, 65536 }).find ("the listen port 65536 is not a TCP port"), std::string::npos);
    EXPECT_EQ (artist.client().settings().transfer, wanted);

    // A restart keeps them, over the daemon's --upload-limit 512 and --bt-port 0.
    artist.stop();
    artist.start();
    EXPECT_EQ (artist.client().settings().transfer, wanted);
    EXPECT_TRUE (eventually ([&]
                             { return artist.client().daemonInfo().bittorrentPort == port; },
                             10s));
}
