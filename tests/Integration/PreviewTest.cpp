// Previews: tracks whose openings the daemon fetches ahead of a play (the chart rows on screen),
// kept out of the library until played, and bounded.

#include "Core/Error.h"
#include "Daemon/Previews.h"
#include "Support/DaemonProcess.h"
#include "Swarm/TrackTorrent.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    [[nodiscard]] bool listed (DaemonClient& client, const std::string& trackId)
    {
        const auto tracks = client.listTracks();
        return std::any_of (tracks.begin(), tracks.end(), [&] (const ClientTrack& track)
                            { return track.id == trackId; });
    }

    [[nodiscard]] bool inDaemon (DaemonClient& client, const std::string& trackId)
    {
        try
        {
            (void) client.getTrack (trackId);
            return true;
        }
        catch (const Error& error)
        {
            EXPECT_EQ (error.code(), ErrorCode::notFound) << error.what();
            return false;
        }
    }

    /** A manifest of a small file of its own (no peer has it: only its record matters). */
    [[nodiscard]] TrackManifest manifestOfFile (const std::filesystem::path& folder, int number)
    {
        const auto file = folder / ("preview-" + std::to_string (number) + ".wav");
        std::ofstream (file, std::ios::binary) << "RIFF preview " << number << std::string (4096, static_cast<char> (number));
        TrackManifest manifest;
        copyTorrentFields (createTrackTorrent (file), manifest);
        return manifest;
    }
} // namespace

TEST (PreviewTest, APrefetchedOpeningIsHereBeforeThePlayAndThePreviewJoinsTheLibraryWhenPlayed)
{
    TemporaryDirectory folder;
    // The artist uploads slowly, so what arrives first is what the prefetch asked for.
    DaemonProcess artist (folder.path() / "artist", { "--upload-limit", "256" });
    DaemonProcess listener (folder.path() / "listener");
    artist.start();
    listener.start();

    const auto file = testMedia ("excerpt.flac");
    const auto published = artist.client().publish ({ file.string() }).front();
    const auto id = published.id;

    const auto prefetched = listener.client().prefetchOpenings ({ published.manifest });
    ASSERT_EQ (prefetched, std::vector<std::string> { id });
    EXPECT_FALSE (listed (listener.client(), id)) << "a preview is not in the library";
    EXPECT_EQ (listener.client().daemonInfo().tracks, 0);
    ASSERT_EQ (listener.client().connectPeer (artist.peerAddress(), id), 1);

    // The first six seconds of audio, in bytes, and the pieces that hold them.
    const auto& metadata = published.manifest.metadata;
    ASSERT_GT (metadata.durationMs, 6000u);
    const auto openingBytes = published.manifest.fileSize * 6000 / metadata.durationMs;
    ASSERT_TRUE (eventually ([&]
                             {
        const auto status = listener.client().getTrack (id).status;
        return status && holdsFirstBytes (*status, openingBytes); },
                             std::chrono::seconds (60)))
        << listener.log();

    // With the artist gone, the opening plays from what the prefetch left here.
    artist.stop();
    const auto opening = streamBytes (listener.client(), id, 0, openingBytes);
    EXPECT_EQ (opening, readFileBytes (file).substr (0, openingBytes));

    // Played, the preview joins the library.
    EXPECT_TRUE (eventually ([&]
                             { return listed (listener.client(), id); },
                             std::chrono::seconds (10)));
}

TEST (PreviewTest, ReportedListeningMakesAPreviewALibraryTrack)
{
    TemporaryDirectory folder;
    DaemonProcess daemon (folder.path() / "daemon");
    daemon.start();
    const auto manifest = manifestOfFile (folder.path(), 1);
    const auto id = daemon.client().prefetchOpenings ({ manifest }).front();
    EXPECT_FALSE (listed (daemon.client(), id));
    (void) daemon.client().reportListening (id, std::chrono::seconds (40));
    EXPECT_TRUE (listed (daemon.client(), id));
}

TEST (PreviewTest, TheOldestUnplayedPreviewGoesPastTheBoundAndPreviewsSurviveARestart)
{
    TemporaryDirectory folder;
    DaemonProcess daemon (folder.path() / "daemon");
    daemon.start();
    auto& client = daemon.client();

    std::vector<std::string> ids;
    for (int i = 0; i < static_cast<int> (Previews::maxPreviews); ++i)
        ids.push_back (client.prefetchOpenings ({ manifestOfFile (folder.path(), i) }).front());
    for (const auto& id : ids)
        ASSERT_TRUE (inDaemon (client, id));

    // The first is prefetched again (back on screen): the second is now the oldest.
    (void) client.prefetchOpenings ({ manifestOfFile (folder.path(), 0) });
    // One played is no preview any more, so it is never dropped.
    (void) client.reportListening (ids[2], std::chrono::seconds (40));
    const auto newest = client.prefetchOpenings ({ manifestOfFile (folder.path(), 100), manifestOfFile (folder.path(), 101), manifestOfFile (folder.path(), 102) });

    EXPECT_FALSE (inDaemon (client, ids[1])) << "the least recently prefetched goes first";
    EXPECT_FALSE (inDaemon (client, ids[3])) << "then the next";
    EXPECT_TRUE (inDaemon (client, ids[0]));
    EXPECT_TRUE (inDaemon (client, ids[2]));
    EXPECT_TRUE (inDaemon (client, ids[4]));
    for (const auto& id : newest)
        EXPECT_TRUE (inDaemon (client, id));
    ASSERT_EQ (client.listTracks().size(), 1u); // the one played

    // Previews are kept across a restart, still out of the library's list.
    daemon.stop();
    daemon.start();
    EXPECT_TRUE (inDaemon (daemon.client(), newest[0]));
    EXPECT_FALSE (listed (daemon.client(), newest[0]));
    EXPECT_EQ (daemon.client().listTracks().size(), 1u);
}
