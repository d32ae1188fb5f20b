// Three earshotd processes on loopback: an artist publishes the demo album and seeds it with a capped
// upload, listeners add a track and stream it while pieces are still missing.

#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <thread>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    std::vector<std::filesystem::path> albumFiles (const std::string& format)
    {
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator (demoAlbum (format)))
            files.push_back (entry.path());
        std::sort (files.begin(), files.end());
        return files;
    }

    class SwarmStreamTest : public ::testing::Test
    {
    protected:
        TemporaryDirectory root { "earshot-swarm" };
        // 256 KiB/s keeps an album track downloading for many seconds, so streams meet missing pieces.
        DaemonProcess artist { root.path() / "artist", { "--upload-limit", "256" } };
        DaemonProcess listener { root.path() / "listener" };
        DaemonProcess secondListener { root.path() / "second" };
    };
} // namespace

TEST_F (SwarmStreamTest, AnAlbumIsPublishedAsOneTrackPerFileWithSharedAlbumMetadata)
{
    artist.start();
    const auto tracks = artist.client().publish ({ demoAlbum ("ogg").string() });
    const auto files = albumFiles ("ogg");
    ASSERT_EQ (tracks.size(), files.size());
    ASSERT_GE (tracks.size(), 3u);

    for (std::size_t i = 0; i < tracks.size(); ++i)
    {
        const auto& manifest = tracks[i].manifest;
        EXPECT_EQ (manifest.fileName, files[i].filename().string());
        EXPECT_EQ (manifest.fileSize, std::filesystem::file_size (files[i]));
        EXPECT_EQ (manifest.format, AudioFormat::oggVorbis);
        EXPECT_EQ (manifest.metadata.album, tracks[0].manifest.metadata.album);
        EXPECT_FALSE (manifest.metadata.album.empty());
        EXPECT_EQ (manifest.metadata.trackNumber, i + 1);
        EXPECT_GT (manifest.metadata.durationMs, 60'000u);
        EXPECT_TRUE (tracks[i].published);
        EXPECT_EQ (tracks[i].id, manifest.infoHashHex);
    }

    // Publishing again names the same tracks: ids come from the bytes.
    const auto again = artist.client().publish ({ demoAlbum ("ogg").string() });
    for (std::size_t i = 0; i < tracks.size(); ++i)
        EXPECT_EQ (again[i].id, tracks[i].id);
    EXPECT_EQ (artist.client().listTracks().size(), tracks.size());
}

TEST_F (SwarmStreamTest, ListenersStreamFromTheStartAndFromRandomOffsetsWhilePiecesAreMissing)
{
    artist.start();
    listener.start();
    secondListener.start();

    const auto published = artist.client().publish ({ demoAlbum ("ogg").string() });
    ASSERT_FALSE (published.empty());
    const auto& track = published.front();
    const auto source = readFileBytes (albumFiles ("ogg").front());
    ASSERT_EQ (source.size(), track.manifest.fileSize);

    // The first listener gets the manifest (as a pass would carry it); the second a .torrent file.
    auto [added, created] = listener.client().addTrack ({ track.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });
    EXPECT_TRUE (created);
    EXPECT_EQ (added.id, track.id);
    const auto torrent = artist.client().torrentFile (track.id);
    (void) secondListener.client().addTrack ({ std::nullopt, torrent, std::nullopt }, { artist.peerAddress(), listener.peerAddress() });

    // Random offsets first, on the second listener, each while its download is incomplete.
    std::mt19937_64 random (20261122);
    for (int trial = 0; trial < 4; ++trial)
    {
        const auto offset = std::uniform_int_distribution<std::uint64_t> (0, source.size() - 1) (random);
        // The premise: the track is in the swarm and not yet complete when the stream begins.
        const auto before = secondListener.client().getTrack (track.id).status;
        ASSERT_TRUE (before.has_value()) << "the second listener reports no swarm status for the track before trial " << trial;
        ASSERT_LT (before->progress, 1.0) << "the download finished before trial " << trial;
        const auto bytes = streamBytes (secondListener.client(), track.id, offset, 96 * 1024);
        ASSERT_EQ (bytes, source.substr (offset, 96 * 1024)) << "offset " << offset;
    }

    // The last byte alone, and the end of the file (an empty stream).
    EXPECT_EQ (streamBytes (secondListener.client(), track.id, source.size() - 1), source.substr (source.size() - 1));
    EXPECT_EQ (streamBytes (secondListener.client(), track.id, source.size()), "");

    // The whole file from the start, on the first listener, begun before it is complete.
    const auto status = listener.client().getTrack (track.id).status;
    ASSERT_TRUE (status.has_value()) << "the first listener reports no swarm status for the track";
    ASSERT_LT (status->progress, 1.0) << "the first listener's download finished before its stream began";
    const auto whole = streamBytes (listener.client(), track.id, 0);
    EXPECT_EQ (whole.size(), source.size());
    EXPECT_TRUE (whole == source) << "streamed bytes differ from the published file";
}

TEST_F (SwarmStreamTest, ABackwardSeekAfterReadingAheadGivesTheEarlierBytes)
{
    artist.start();
    listener.start();
    const auto track = artist.client().publish ({ testMedia ("excerpt.flac").string() }).front();
    const auto source = readFileBytes (testMedia ("excerpt.flac"));
    (void) listener.client().addTrack ({ track.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });

    const auto late = source.size() / 2;
    EXPECT_EQ (streamBytes (listener.client(), track.id, late, 50'000), source.substr (late, 50'000));
    EXPECT_EQ (streamBytes (listener.client(), track.id, 1000, 50'000), source.substr (1000, 50'000));
}

// The stream being heard wins over background downloads, across torrents: a listener adds an
// album of 18 tracks from one seeder capped at 256 KiB/s and streams one of them. While the stream
// is short of what it needs soon, the other 17 yield (they would otherwise take 17/18 of the
// seeder's upload), and they go on once it is not.
TEST_F (SwarmStreamTest, APlayingStreamGetsTheBandwidthWhileTheRestOfTheAlbumWaits)
{
    // 18 torrents: the demo album's Ogg tracks under six names each.
    const auto folder = root.path() / "crowd";
    std::filesystem::create_directories (folder);
    int number = 0;
    for (int copy = 0; copy < 6; ++copy)
        for (const auto& source : albumFiles ("ogg"))
            std::filesystem::copy_file (source, folder / (std::to_string (++number + 10) + "-" + std::to_string (copy) + source.filename().string()));

    artist.start();
    listener.start();
    const auto album = artist.client().publish ({ folder.string() });
    ASSERT_EQ (album.size(), 18u);
    for (const auto& track : album)
        (void) listener.client().addTrack ({ track.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });
    const auto& played = album.front();

    const auto backgroundBytes = [&]
    {
        std::uint64_t bytes = 0;
        for (const auto& track : listener.client().listTracks())
            if (track.id != played.id && track.status)
                bytes += track.status->bytesDone;
        return bytes;
    };
    std::this_thread::sleep_for (std::chrono::seconds (2)); // the album is under way
    const auto backgroundBefore = backgroundBytes();

    constexpr std::uint64_t streamed = 768 * 1024;
    const auto source = readFileBytes (played.path);
    EXPECT_TRUE (streamBytes (listener.client(), played.id, 0, streamed) == source.substr (0, streamed));
    const auto backgroundDuring = backgroundBytes() - backgroundBefore;
    // Competing, the stream would get an eighteenth of the seeder and the other 17 tracks seventeen
    // times what it got; yielding, they get a small part of it (what was on the wire when the stream
    // began, and moments when it was not short).
    EXPECT_LT (backgroundDuring, streamed / 2) << "the other tracks took " << backgroundDuring << " bytes while " << streamed << " streamed";

    // With no stream, the album downloads again.
    EXPECT_TRUE (eventually ([&]
                             { return backgroundBytes() > backgroundBefore + backgroundDuring + 256 * 1024; },
                             std::chrono::seconds (30)));
}

// After a crash the listener's resume data is not trusted for pieces (its files are checked
// instead), but the peers it lists still are: the restarted listener dials the artist again by
// itself, with no peer given and no DHT, and the download goes on.
TEST_F (SwarmStreamTest, AKilledListenerFindsItsPeersAgainAfterRestart)
{
    artist.start();
    listener.start();
    const auto track = artist.client().publish ({ albumFiles ("ogg").front().string() }).front();
    (void) listener.client().addTrack ({ track.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });

    // Resume data, with the connected peers in it, is saved every 2 s while the download runs.
    ASSERT_TRUE (eventually ([&]
                             {
                                 const auto status = listener.client().getTrack (track.id).status;
                                 return status && status->progress > 0.1 && status->peers > 0; },
                             std::chrono::seconds (60)));
    std::this_thread::sleep_for (std::chrono::seconds (3));
    const auto before = listener.client().getTrack (track.id).status->progress;
    ASSERT_LT (before, 1.0) << "the track must still be downloading when the listener crashes";
    listener.kill();

    listener.start();
    EXPECT_TRUE (eventually ([&]
                             {
                                 const auto status = listener.client().getTrack (track.id).status;
                                 return status && status->peers > 0; },
                             std::chrono::seconds (10)))
        << "no peer after a crash\n"
        << listener.log();
    EXPECT_TRUE (eventually ([&]
                             {
                                 const auto status = listener.client().getTrack (track.id).status;
                                 return status && status->progress > before; },
                             std::chrono::seconds (30)))
        << listener.log();
}

TEST_F (SwarmStreamTest, AKilledListenerKeepsEveryVerifiedPieceAndFinishesAfterRestart)
{
    artist.start();
    listener.start();
    const auto track = artist.client().publish ({ albumFiles ("ogg").front().string() }).front();
    const auto source = readFileBytes (albumFiles ("ogg").front());
    (void) listener.client().addTrack ({ track.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });

    // Wait until a good part is verified, then crash the listener.
    std::vector<bool> verifiedBeforeCrash;
    std::vector<int> availabilityBeforeCrash;
    for (int i = 0; i < 600; ++i)
    {
        const auto status = listener.client().getTrack (track.id).status;
        if (status && status->progress > 0.3)
        {
            verifiedBeforeCrash = status->pieces;
            availabilityBeforeCrash = status->availability;
            break;
        }
        std::this_thread::sleep_for (std::chrono::milliseconds (100));
    }
    ASSERT_FALSE (verifiedBeforeCrash.empty()) << "the download never reached 30%";

    // The swarm's availability comes through the API, one count per piece: the artist, a seed, is
    // connected, so every piece is on at least one peer.
    ASSERT_EQ (availabilityBeforeCrash.size(), verifiedBeforeCrash.size());
    for (std::size_t piece = 0; piece < availabilityBeforeCrash.size(); ++piece)
        ASSERT_GE (availabilityBeforeCrash[piece], 1) << "piece " << piece;
    listener.kill();

    // The artist goes away too, so anything the listener has after restart came from its own disk.
    artist.stop();
    listener.start();

    const auto library = listener.client().listTracks();
    ASSERT_EQ (library.size(), 1u);
    EXPECT_EQ (library.front().id, track.id);
    EXPECT_EQ (library.front().manifest, track.manifest);

    std::vector<bool> afterRestart;
    std::vector<int> availabilityAfterRestart;
    for (int i = 0; i < 200; ++i)
    {
        const auto status = listener.client().getTrack (track.id).status;
        if (std::getenv ("EARSHOT_DEBUG_TEST") && status)
            std::fprintf (stderr, "state %d progress %.3f pieces %zu\n", (int) status->state, status->progress, status->pieces.size());
        if (status && status->state == TrackState::downloading && ! status->pieces.empty())
        {
            afterRestart = status->pieces;
            availabilityAfterRestart = status->availability;
            break;
        }
        std::this_thread::sleep_for (std::chrono::milliseconds (100));
    }
    ASSERT_EQ (afterRestart.size(), verifiedBeforeCrash.size());

    // With no peer connected, no piece is on any peer.
    ASSERT_EQ (availabilityAfterRestart.size(), afterRestart.size());
    EXPECT_EQ (std::count (availabilityAfterRestart.begin(), availabilityAfterRestart.end(), 0), static_cast<std::ptrdiff_t> (afterRestart.size()));
    int kept = 0;
    for (std::size_t piece = 0; piece < verifiedBeforeCrash.size(); ++piece)
    {
        if (verifiedBeforeCrash[piece])
        {
            EXPECT_TRUE (afterRestart[piece]) << "piece " << piece << " was verified before the crash and lost after it";
            ++kept;
        }
    }
    EXPECT_GT (kept, 0);

    // With the artist back, the download goes on to the end and the bytes are the published ones.
    artist.start();
    listener.client().connectPeer (artist.peerAddress(), track.id);
    EXPECT_TRUE (streamBytes (listener.client(), track.id, 0) == source);
}

TEST_F (SwarmStreamTest, AMagnetLinkFetchesItsMetadataFromPeersThenStreams)
{
    artist.start();
    listener.start();
    const auto track = artist.client().publish ({ testMedia ("excerpt.ogg").string() }).front();
    ASSERT_EQ (track.magnetUri.rfind ("magnet:?xt=urn:btih:" + track.id, 0), 0u) << track.magnetUri;

    auto [added, created] = listener.client().addTrack ({ std::nullopt, std::nullopt, track.magnetUri }, { artist.peerAddress() });
    EXPECT_TRUE (created);
    EXPECT_EQ (added.id, track.id);

    // The info dictionary comes from the artist over the metadata extension.
    ClientTrack known;
    for (int i = 0; i < 200 && known.manifest.infoDict.empty(); ++i)
    {
        known = listener.client().getTrack (track.id);
        if (known.manifest.infoDict.empty())
            std::this_thread::sleep_for (std::chrono::milliseconds (100));
    }
    ASSERT_EQ (known.manifest.infoDict, track.manifest.infoDict);
    EXPECT_EQ (known.manifest.fileName, track.manifest.fileName);
    EXPECT_EQ (known.manifest.fileSize, track.manifest.fileSize);

    EXPECT_TRUE (streamBytes (listener.client(), track.id, 0) == readFileBytes (testMedia ("excerpt.ogg")));

    // Adding the same link again changes nothing.
    EXPECT_FALSE (listener.client().addTrack ({ std::nullopt, std::nullopt, track.magnetUri }).second);
}
