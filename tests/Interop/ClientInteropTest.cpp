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

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

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

// A peer earshotd is given is dialled with an encrypted handshake first, so a client that requires
// encryption takes the first connection instead of closing it and waiting for a retry. The peer here
// is a loopback socket that keeps the first bytes earshotd sends: a plaintext BitTorrent handshake
// opens with 19 and "BitTorrent protocol", an encrypted one (BEP 8's MSE) with a 96-byte public key.
TEST (ClientInterop, EarshotdDialsAPeerItIsGivenWithAnEncryptedHandshakeFirst)
{
    TemporaryDirectory root ("earshot-encrypted-first");
    SeedFolder seed (root.path());
    ASSERT_TRUE (seed.made) << "mktorrent made no torrent; run scripts/install-deps";

    const int listener = ::socket (AF_INET, SOCK_STREAM, 0);
    ASSERT_GE (listener, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    ASSERT_EQ (::bind (listener, reinterpret_cast<sockaddr*> (&address), sizeof (address)), 0);
    ASSERT_EQ (::listen (listener, 4), 0);
    socklen_t length = sizeof (address);
    ASSERT_EQ (::getsockname (listener, reinterpret_cast<sockaddr*> (&address), &length), 0);
    const auto peer = "127.0.0.1:" + std::to_string (ntohs (address.sin_port));

    DaemonProcess daemon (root.path() / "earshotd");
    daemon.start();
    (void) daemon.client().addTrack ({ std::nullopt, readFileBytes (seed.torrent), std::nullopt }, { peer });

    timeval wait { 10, 0 };
    ::setsockopt (listener, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof (wait));
    const int connection = ::accept (listener, nullptr, nullptr);
    ASSERT_GE (connection, 0) << "earshotd never dialled the peer it was given\n"
                              << daemon.log();
    ::setsockopt (connection, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof (wait));
    std::string first (20, '\0');
    std::size_t received = 0;
    while (received < first.size())
    {
        const auto got = ::recv (connection, first.data() + received, first.size() - received, 0);
        if (got <= 0)
            break;
        received += static_cast<std::size_t> (got);
    }
    ::close (connection);
    ::close (listener);

    ASSERT_EQ (received, first.size()) << "earshotd sent no handshake";
    EXPECT_NE (first, std::string ("\x13"
                                   "BitTorrent protocol"))
        << "the first dial was a plaintext handshake";
}

// qBittorrent closes a plaintext handshake; earshotd's first, encrypted dial is the one it takes.
TEST (ClientInterop, EarshotdStreamsATrackThatAQBittorrentRequiringEncryptionSeeds)
{
    expectEarshotdStreamsFromQBittorrent ("encryption-required", { QBittorrent::Protocol::tcpAndUtp, QBittorrent::Encryption::required });
}

// The other way round: a peer that refuses encrypted connections must still be reached, by
// libtorrent's plaintext retry (encrypting every dial, out_enc_policy pe_forced, would lose it).
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
