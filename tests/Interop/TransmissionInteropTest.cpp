// Interop with a real third-party BitTorrent client from Debian: Transmission seeds a track that
// earshotd streams, and Transmission downloads a track that earshotd published.

#include "Interop/Transmission.h"
#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <array>
#include <csignal>
#include <fstream>
#include <map>
#include <set>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    std::string run (const std::string& command)
    {
        std::string output;
        auto* pipe = ::popen ((command + " 2>&1").c_str(), "r");
        std::array<char, 4096> buffer {};
        std::size_t got = 0;
        while ((got = std::fread (buffer.data(), 1, buffer.size(), pipe)) > 0)
            output.append (buffer.data(), got);
        ::pclose (pipe);
        return output;
    }
} // namespace

// The listener streams a 64 KiB range and then the whole file, so the first stream closes while
// requests are on the wire: the case where Transmission 3.00 (fast extension) answers a cancelled
// request with neither the piece nor a reject, and libtorrent never asks for that block again.
// earshotd keeps in-flight pieces' deadlines so no cancel is sent.
TEST (TransmissionInterop, EarshotdStreamsATrackThatTransmissionSeeds)
{
    TemporaryDirectory root ("earshot-transmission-seeds");
    const auto seedDir = root.path() / "seed";
    std::filesystem::create_directories (seedDir);
    const auto file = seedDir / "excerpt.ogg";
    std::filesystem::copy_file (testMedia ("excerpt.ogg"), file);

    // Transmission makes the torrent and seeds it; earshotd only ever sees the .torrent file.
    const auto torrentPath = root.path() / "excerpt.torrent";
    run ("transmission-create -s 32 -o " + torrentPath.string() + " " + file.string());
    ASSERT_TRUE (std::filesystem::exists (torrentPath));

    Transmission transmission (root.path());
    transmission.remote ("-a " + torrentPath.string() + " -w " + seedDir.string());
    ASSERT_TRUE (transmission.waitUntilComplete (std::chrono::seconds (30))) << transmission.remote ("-l");

    DaemonProcess daemon (root.path() / "earshotd");
    daemon.start();
    // A listener adds the track with Transmission as its peer and starts streaming at once.
    auto [track, created] = daemon.client().addTrack ({ std::nullopt, readFileBytes (torrentPath), std::nullopt }, { transmission.peerAddress() });
    EXPECT_TRUE (created);
    EXPECT_EQ (track.manifest.fileName, "excerpt.ogg");

    const auto source = readFileBytes (file);
    EXPECT_EQ (streamBytes (daemon.client(), track.id, 4096, 64 * 1024), source.substr (4096, 64 * 1024));
    EXPECT_TRUE (streamBytes (daemon.client(), track.id, 0) == source);
}

TEST (TransmissionInterop, TransmissionDownloadsATrackThatEarshotdPublished)
{
    TemporaryDirectory root ("earshot-transmission-downloads");
    DaemonProcess daemon (root.path() / "earshotd");
    daemon.start();
    const auto track = daemon.client().publish ({ testMedia ("excerpt.flac").string() }).front();

    const auto torrentPath = root.path() / "published.torrent";
    std::ofstream (torrentPath, std::ios::binary) << daemon.client().torrentFile (track.id);

    Transmission transmission (root.path());
    const auto downloads = root.path() / "downloads";
    std::filesystem::create_directories (downloads);
    transmission.remote ("-a " + torrentPath.string() + " -w " + downloads.string());

    // Transmission has no peer source here but the connection earshotd opens to it.
    for (int attempt = 0; attempt < 20 && ! transmission.waitUntilComplete (std::chrono::seconds (3)); ++attempt)
        daemon.client().connectPeer (transmission.peerAddress(), track.id);

    ASSERT_TRUE (transmission.waitUntilComplete (std::chrono::seconds (1))) << transmission.remote ("-l");
    EXPECT_TRUE (readFileBytes (downloads / track.manifest.fileName) == readFileBytes (testMedia ("excerpt.flac")));
}

namespace
{
    /** An album as people share one: tracks in a folder with a cover and notes (here the test
        excerpt in three formats, so each track's format is found on its own), made into a
        multi-file torrent by Transmission (transmission-create), which seeds it. */
    struct TransmissionAlbum
    {
        explicit TransmissionAlbum (const std::filesystem::path& root)
            : folder (root / "seed" / "First Light")
            , torrentPath (root / "first-light.torrent")
            , transmission (root)
        {
            std::filesystem::create_directories (folder);
            std::filesystem::copy_file (testMedia ("excerpt.ogg"), folder / "01 First Light.ogg");
            std::filesystem::copy_file (testMedia ("excerpt.mp3"), folder / "02 First Light (MP3).mp3");
            std::filesystem::copy_file (testMedia ("excerpt.flac"), folder / "03 First Light (Lossless).flac");
            std::ofstream (folder / "cover.jpg", std::ios::binary) << std::string (40'000, '\xff');
            std::ofstream (folder / "notes.txt") << "First Light, by The Earshot Ensemble\n";

            for (const auto& entry : std::filesystem::directory_iterator (folder))
                if (entry.path().extension() != ".jpg" && entry.path().extension() != ".txt")
                    tracks[entry.path().filename().string()] = readFileBytes (entry.path());

            run ("transmission-create -s 32 -o " + torrentPath.string() + " '" + folder.string() + "'");
            transmission.remote ("-a " + torrentPath.string() + " -w '" + folder.parent_path().string() + "'");
        }

        std::filesystem::path folder;
        std::filesystem::path torrentPath;
        Transmission transmission;
        /** The audio files' bytes, by file name. */
        std::map<std::string, std::string> tracks;
    };
} // namespace

// An album torrent from another client, added from its .torrent file: earshotd used to crash in a
// libtorrent disk thread on it (a first download with no_verify_files and the other files set to
// dont_download), kept only its largest file, and looked for a finished track outside the
// torrent's folder. Every track must be in the library, stream correct bytes on its own, and be
// found where the torrent put it once complete, also after a restart.
TEST (TransmissionInterop, EveryTrackOfAnAlbumTorrentThatTransmissionMadeStreamsAndPlays)
{
    TemporaryDirectory root ("earshot-transmission-album");
    TransmissionAlbum album (root.path());
    ASSERT_TRUE (std::filesystem::exists (album.torrentPath));
    ASSERT_TRUE (album.transmission.waitUntilComplete (std::chrono::seconds (60))) << album.transmission.remote ("-l");
    ASSERT_GE (album.tracks.size(), 2u);

    DaemonProcess daemon (root.path() / "earshotd");
    daemon.start();
    const auto added = daemon.client().addTracks ({ std::nullopt, readFileBytes (album.torrentPath), std::nullopt }, { album.transmission.peerAddress() });
    EXPECT_TRUE (added.created);
    ASSERT_EQ (added.tracks.size(), album.tracks.size()) << "one track per audio file; the cover and notes are not tracks";

    const auto infoHash = added.track.manifest.infoHashHex;
    std::set<std::string> ids;
    for (const auto& track : added.tracks)
    {
        EXPECT_EQ (track.manifest.infoHashHex, infoHash);
        EXPECT_EQ (track.id, infoHash + "-" + std::to_string (track.manifest.fileIndex));
        EXPECT_EQ (track.manifest.filePath, "First Light/" + track.manifest.fileName);
        ASSERT_EQ (album.tracks.count (track.manifest.fileName), 1u) << track.manifest.fileName;
        ids.insert (track.id);
    }
    EXPECT_EQ (ids.size(), album.tracks.size());

    // Each track streams on its own, from its opening and from its middle, while the rest of the
    // album arrives (Transmission seeds at a few hundred KiB/s on loopback, so the whole album is
    // left to arrive on its own).
    for (const auto& track : added.tracks)
    {
        const auto& source = album.tracks.at (track.manifest.fileName);
        EXPECT_TRUE (streamBytes (daemon.client(), track.id, 0, 64 * 1024) == source.substr (0, 64 * 1024)) << track.id;
        EXPECT_TRUE (streamBytes (daemon.client(), track.id, source.size() / 2, 64 * 1024) == source.substr (source.size() / 2, 64 * 1024)) << track.id;
    }
    ASSERT_TRUE (daemon.running());

    // Once complete, each track is described from its own bytes and found inside the torrent's folder.
    const auto allDescribed = [&]
    {
        auto tracks = daemon.client().listTracks();
        return tracks.size() == album.tracks.size() && std::all_of (tracks.begin(), tracks.end(), [] (const ClientTrack& track)
                                                                    { return isComplete (track) && track.manifest.metadata.artist == "The Earshot Ensemble"; });
    };
    ASSERT_TRUE (eventually (allDescribed, std::chrono::seconds (60))) << daemon.log();
    for (const auto& track : daemon.client().listTracks())
    {
        EXPECT_EQ (std::filesystem::path (track.path).parent_path().filename(), "First Light") << track.path;
        EXPECT_TRUE (readFileBytes (track.path) == album.tracks.at (track.manifest.fileName)) << track.path;
        EXPECT_TRUE (streamBytes (daemon.client(), track.id, 0) == album.tracks.at (track.manifest.fileName)) << track.id;
        EXPECT_GT (track.manifest.metadata.durationMs, 0u) << track.id;
        const auto extension = std::filesystem::path (track.path).extension();
        EXPECT_EQ (track.manifest.format, extension == ".ogg" ? AudioFormat::oggVorbis : extension == ".mp3" ? AudioFormat::mp3
                                                                                                             : AudioFormat::flac)
            << track.path;
    }

    // A restart brings the whole album back, complete, from the torrent's resume data.
    daemon.stop();
    daemon.start();
    ASSERT_TRUE (eventually (allDescribed, std::chrono::seconds (30))) << daemon.log();

    // A track goes alone; the album's other tracks stay and still stream.
    const auto removed = added.tracks.front();
    daemon.client().removeTrack (removed.id, true);
    const auto left = daemon.client().listTracks();
    EXPECT_EQ (left.size(), album.tracks.size() - 1);
    EXPECT_TRUE (streamBytes (daemon.client(), left.back().id, 0) == album.tracks.at (left.back().manifest.fileName));

    // An album's hash alone is ambiguous; its hash prefix and file index name one track.
    auto byIndex = daemon.client().getTrack (infoHash.substr (0, 8) + "-" + std::to_string (left.back().manifest.fileIndex));
    EXPECT_EQ (byIndex.id, left.back().id);
}

// The same album through a magnet link: its tracks appear once the metadata arrives from
// Transmission, and each streams.
TEST (TransmissionInterop, AnAlbumAddedByMagnetLinkBecomesItsTracks)
{
    TemporaryDirectory root ("earshot-transmission-album-magnet");
    TransmissionAlbum album (root.path());
    ASSERT_TRUE (album.transmission.waitUntilComplete (std::chrono::seconds (60))) << album.transmission.remote ("-l");

    DaemonProcess daemon (root.path() / "earshotd");
    daemon.start();
    // The .torrent is read only to learn the info-hash, as a link on a web page would give it.
    const auto infoHash = daemon.client().addTracks ({ std::nullopt, readFileBytes (album.torrentPath), std::nullopt }, {}).track.manifest.infoHashHex;
    for (const auto& track : daemon.client().listTracks())
        daemon.client().removeTrack (track.id, true);
    ASSERT_TRUE (daemon.client().listTracks().empty());

    const auto added = daemon.client().addTracks ({ std::nullopt, std::nullopt, "magnet:?xt=urn:btih:" + infoHash + "&dn=First%20Light" }, { album.transmission.peerAddress() });
    EXPECT_TRUE (added.created);
    EXPECT_EQ (added.track.id, infoHash) << "a placeholder until the metadata arrives";

    ASSERT_TRUE (eventually ([&]
                             { return daemon.client().listTracks().size() == album.tracks.size(); },
                             std::chrono::seconds (60)))
        << daemon.log();
    for (const auto& track : daemon.client().listTracks())
    {
        EXPECT_EQ (track.id, infoHash + "-" + std::to_string (track.manifest.fileIndex));
        const auto& source = album.tracks.at (track.manifest.fileName);
        EXPECT_TRUE (streamBytes (daemon.client(), track.id, source.size() / 3, 64 * 1024) == source.substr (source.size() / 3, 64 * 1024)) << track.id;
    }
    ASSERT_TRUE (eventually ([&]
                             {
                                 auto tracks = daemon.client().listTracks();
                                 return std::all_of (tracks.begin(), tracks.end(), [] (const ClientTrack& track)
                                                     { return isComplete (track); }); },
                             std::chrono::seconds (90)))
        << daemon.log();
    for (const auto& track : daemon.client().listTracks())
        EXPECT_TRUE (readFileBytes (track.path) == album.tracks.at (track.manifest.fileName)) << track.path;
    EXPECT_THROW ((void) daemon.client().getTrack (infoHash), std::exception) << "the placeholder is gone";
}
