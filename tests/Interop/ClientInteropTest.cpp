// Interop with ordinary BitTorrent clients from Debian besides Transmission: aria2 (TCP only, no
// uTP) and qBittorrent with uTP off, with encryption required and with encryption refused seed a
// track that earshotd streams; qBittorrent downloads a track that earshotd published. Each seeder
// makes its .torrent with mktorrent (neither aria2 nor qBittorrent 4.5 has a command-line maker),
// and earshotd only ever sees that file. How fast the first bytes come is for
// bench/ClientInteropBench.cpp; these assert that the bytes are right.

#include "Interop/Aria2.h"
#include "Interop/QBittorrent.h"
#include "Interop/TorrentTools.h"
#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    /** The test excerpt copied into root/seed, and a .torrent of it made by mktorrent. */
    struct SeedFolder
    {
        explicit SeedFolder (const std::filesystem::path& root)
            : folder (root / "seed")
            , file (folder / "excerpt.flac")
            , torrent (root / "excerpt.torrent")
        {
            std::filesystem::create_directories (folder);
            std::filesystem::copy_file (testMedia ("excerpt.flac"), file);
            made = makeTorrentWithMktorrent (file, torrent, 32);
        }

        std::filesystem::path folder;
        std::filesystem::path file;
        std::filesystem::path torrent;
        bool made = false;
    };

    /** A fresh earshotd adds the .torrent with the seeder as its only peer and streams the first
        64 KiB (the stream closes with requests on the wire), then the whole file. */
    void expectEarshotdStreamsFrom (const std::filesystem::path& root, const SeedFolder& seed, const std::string& seeder)
    {
        DaemonProcess daemon (root / "earshotd");
        daemon.start();
        auto [track, created] = daemon.client().addTrack ({ std::nullopt, readFileBytes (seed.torrent), std::nullopt }, { seeder });
        EXPECT_TRUE (created);
        EXPECT_EQ (track.manifest.fileName, "excerpt.flac");

        const auto source = readFileBytes (seed.file);
        EXPECT_TRUE (streamBytes (daemon.client(), track.id, 0, 64 * 1024) == source.substr (0, 64 * 1024)) << daemon.log();
        EXPECT_TRUE (streamBytes (daemon.client(), track.id, 0) == source) << daemon.log();
    }

    /** qBittorrent seeding the excerpt with the given settings. */
    void expectEarshotdStreamsFromQBittorrent (const std::string& name, QBittorrent::Options options)
    {
        TemporaryDirectory root ("earshot-qbittorrent-" + name);
        SeedFolder seed (root.path());
        ASSERT_TRUE (seed.made) << "mktorrent made no torrent; run scripts/install-deps";

        QBittorrent qbittorrent (root.path(), options);
        ASSERT_TRUE (qbittorrent.started()) << "qbittorrent-nox did not start; run scripts/install-deps (log: " << readFileBytes (root.path() / "qbittorrent.out") << ")";
        ASSERT_TRUE (qbittorrent.add (seed.torrent, seed.folder, false));
        ASSERT_TRUE (qbittorrent.waitUntilComplete (std::chrono::seconds (60))) << qbittorrent.torrents().dump (2);

        expectEarshotdStreamsFrom (root.path(), seed, qbittorrent.peerAddress());
    }
} // namespace

// aria2 has no uTP: earshotd must reach it over TCP.
TEST (ClientInterop, EarshotdStreamsATrackThatAria2Seeds)
{
    TemporaryDirectory root ("earshot-aria2-seeds");
    SeedFolder seed (root.path());
    ASSERT_TRUE (seed.made) << "mktorrent made no torrent; run scripts/install-deps";

    Aria2 aria2 (root.path() / "aria2", seed.torrent, seed.folder);
    ASSERT_TRUE (aria2.waitUntilListening (std::chrono::seconds (20))) << "aria2c did not start; run scripts/install-deps (log: " << readFileBytes (root.path() / "aria2" / "aria2.out") << ")";

    expectEarshotdStreamsFrom (root.path(), seed, aria2.peerAddress());
}

TEST (ClientInterop, EarshotdStreamsATrackThatQBittorrentSeedsOverTcpOnly)
{
    expectEarshotdStreamsFromQBittorrent ("tcp-only", { QBittorrent::Protocol::tcpOnly, QBittorrent::Encryption::allowed });
}

// libtorrent's first dial of a peer is unencrypted; this peer closes it and takes the next.
TEST (ClientInterop, EarshotdStreamsATrackThatAQBittorrentRequiringEncryptionSeeds)
{
    expectEarshotdStreamsFromQBittorrent ("encryption-required", { QBittorrent::Protocol::tcpAndUtp, QBittorrent::Encryption::required });
}

// The other way round: a peer that refuses encrypted connections must still be reached (encrypting
// every dial would make the one above faster and lose this one).
TEST (ClientInterop, EarshotdStreamsATrackThatAQBittorrentRefusingEncryptionSeeds)
{
    expectEarshotdStreamsFromQBittorrent ("encryption-disabled", { QBittorrent::Protocol::tcpAndUtp, QBittorrent::Encryption::disabled });
}

TEST (ClientInterop, QBittorrentDownloadsATrackThatEarshotdPublished)
{
    TemporaryDirectory root ("earshot-qbittorrent-downloads");
    DaemonProcess daemon (root.path() / "earshotd");
    daemon.start();
    const auto track = daemon.client().publish ({ testMedia ("excerpt.flac").string() }).front();

    const auto torrentPath = root.path() / "published.torrent";
    std::ofstream (torrentPath, std::ios::binary) << daemon.client().torrentFile (track.id);

    QBittorrent qbittorrent (root.path(), {});
    ASSERT_TRUE (qbittorrent.started()) << "qbittorrent-nox did not start; run scripts/install-deps";
    const auto downloads = root.path() / "downloads";
    std::filesystem::create_directories (downloads);
    ASSERT_TRUE (qbittorrent.add (torrentPath, downloads, false));

    // qBittorrent has no peer source here but the connection earshotd opens to it.
    for (int attempt = 0; attempt < 20 && ! qbittorrent.waitUntilComplete (std::chrono::seconds (3)); ++attempt)
        daemon.client().connectPeer (qbittorrent.peerAddress(), track.id);

    ASSERT_TRUE (qbittorrent.waitUntilComplete (std::chrono::seconds (1))) << qbittorrent.torrents().dump (2) << daemon.log();
    EXPECT_TRUE (readFileBytes (downloads / track.manifest.fileName) == readFileBytes (testMedia ("excerpt.flac")));
}
