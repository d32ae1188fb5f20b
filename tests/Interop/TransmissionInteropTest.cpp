// Interop with a real third-party BitTorrent client from Debian: Transmission seeds a track that
// earshotd streams, and Transmission downloads a track that earshotd published.

#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <array>
#include <csignal>
#include <fstream>
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

    /** Debian's transmission-daemon on loopback only: no DHT, no local discovery, no PEX, no port
        mapping; driven through transmission-remote. */
    class Transmission final
    {
    public:
        explicit Transmission (const std::filesystem::path& folder)
            : configDir (folder / "transmission")
            , peerPort (freeLoopbackPort())
            , rpcPort (freeLoopbackPort())
        {
            std::filesystem::create_directories (configDir);
            std::ofstream (configDir / "settings.json") << R"({
                "bind-address-ipv4": "127.0.0.1",
                "bind-address-ipv6": "::1",
                "rpc-bind-address": "127.0.0.1",
                "rpc-port": )" << rpcPort << R"(,
                "rpc-authentication-required": false,
                "rpc-whitelist-enabled": false,
                "rpc-host-whitelist-enabled": false,
                "peer-port": )" << peerPort << R"(,
                "peer-port-random-on-start": false,
                "port-forwarding-enabled": false,
                "dht-enabled": false,
                "lpd-enabled": false,
                "pex-enabled": false,
                "utp-enabled": false,
                "blocklist-enabled": false,
                "rename-partial-files": false,
                "start-added-torrents": true,
                "download-dir": ")" << (folder / "transmission-downloads").string()
                                                        << R"("
            })";

            pid = ::fork();
            if (pid == 0)
            {
                ::prctl (PR_SET_PDEATHSIG, SIGTERM);
                const auto log = (configDir / "transmission.log").string();
                ::execlp ("transmission-daemon", "transmission-daemon", "-f", "-g", configDir.c_str(), "--logfile", log.c_str(), nullptr);
                ::_exit (127);
            }
            for (int i = 0; i < 100 && remote ("-l").find ("Sum:") == std::string::npos; ++i)
                std::this_thread::sleep_for (std::chrono::milliseconds (100));
        }

        ~Transmission()
        {
            ::kill (pid, SIGTERM);
            ::waitpid (pid, nullptr, 0);
        }

        std::string remote (const std::string& arguments) const
        {
            return run ("transmission-remote 127.0.0.1:" + std::to_string (rpcPort) + " " + arguments);
        }

        /** Waits until every torrent is 100% done, up to timeout. */
        bool waitUntilComplete (std::chrono::seconds timeout) const
        {
            const auto until = std::chrono::steady_clock::now() + timeout;
            while (std::chrono::steady_clock::now() < until)
            {
                // Done at 100% and past verification ("Will Verify", "Verifying"): ready to serve.
                const auto list = remote ("-l");
                if (list.find ("100%") != std::string::npos && list.find ("Verif") == std::string::npos)
                    return true;
                std::this_thread::sleep_for (std::chrono::milliseconds (250));
            }
            return false;
        }

        [[nodiscard]] std::string peerAddress() const { return "127.0.0.1:" + std::to_string (peerPort); }

    private:
        std::filesystem::path configDir;
        int peerPort;
        int rpcPort;
        pid_t pid = -1;
    };
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
