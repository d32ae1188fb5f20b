// The earshot command line against a real daemon: what a user types and what they get.

#include "Core/TrackManifest.h"
#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <array>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    CommandResult runCli (const std::string& api, const std::string& arguments)
    {
        return runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + api + " " + arguments);
    }

    /** Starts `earshot --api api arguments...` with its standard output and error going to files,
        without waiting for it; returns its pid. */
    pid_t spawnCli (const std::string& api, std::vector<std::string> arguments, const std::filesystem::path& out, const std::filesystem::path& err)
    {
        std::vector<std::string> args { EARSHOT_CLI_BINARY, "--api", api };
        args.insert (args.end(), arguments.begin(), arguments.end());
        std::vector<char*> argv;
        for (auto& arg : args)
            argv.push_back (arg.data());
        argv.push_back (nullptr);

        posix_spawn_file_actions_t files;
        posix_spawn_file_actions_init (&files);
        posix_spawn_file_actions_addopen (&files, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen (&files, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        pid_t pid = -1;
        const int failed = ::posix_spawn (&pid, argv[0], &files, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy (&files);
        return failed == 0 ? pid : -1;
    }

    int exitCodeOf (pid_t pid)
    {
        int status = 0;
        if (::waitpid (pid, &status, 0) != pid)
            return -1;
        return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
    }

    double secondsSince (std::chrono::steady_clock::time_point start)
    {
        return std::chrono::duration<double> (std::chrono::steady_clock::now() - start).count();
    }
} // namespace

TEST (Cli, PublishListTorrentAddAndCatWorkAgainstRealDaemons)
{
    TemporaryDirectory root ("earshot-cli");
    DaemonProcess artist (root.path() / "artist");
    DaemonProcess listener (root.path() / "listener");
    artist.start();
    listener.start();

    const auto file = testMedia ("excerpt.ogg");
    const auto published = runCli (artist.apiAddress(), "publish " + file.string());
    ASSERT_EQ (published.exitCode, 0) << published.output;
    const auto id = artist.client().listTracks().front().id;
    EXPECT_EQ (published.output.substr (0, 12), id.substr (0, 12));

    // A published track seeds as soon as libtorrent has taken it in.
    auto listed = runCli (artist.apiAddress(), "list");
    for (int i = 0; i < 50 && listed.output.find ("seeding") == std::string::npos; ++i)
    {
        std::this_thread::sleep_for (std::chrono::milliseconds (100));
        listed = runCli (artist.apiAddress(), "list");
    }
    EXPECT_NE (listed.output.find (id.substr (0, 12)), std::string::npos) << listed.output;
    EXPECT_NE (listed.output.find ("seeding"), std::string::npos) << listed.output;

    const auto torrentPath = root.path() / "track.torrent";
    ASSERT_EQ (runCli (artist.apiAddress(), "torrent " + id.substr (0, 8) + " -o " + torrentPath.string()).exitCode, 0);
    const auto added = runCli (listener.apiAddress(), "add " + torrentPath.string() + " --peer " + artist.peerAddress());
    ASSERT_EQ (added.exitCode, 0) << added.output;

    const auto source = readFileBytes (file);
    const auto cat = runCli (listener.apiAddress(), "cat " + id.substr (0, 10) + " --offset 1000");
    ASSERT_EQ (cat.exitCode, 0);
    EXPECT_TRUE (cat.output == source.substr (1000));

    const auto status = runCli (listener.apiAddress(), "status " + id.substr (0, 10) + " --once");
    EXPECT_EQ (status.exitCode, 0);
    EXPECT_NE (status.output.find (id), std::string::npos) << status.output;
}

TEST (Cli, ErrorsNameTheProblemAndExitNonZero)
{
    TemporaryDirectory root ("earshot-cli-errors");
    const auto unknown = runCli ("unix:" + (root.path() / "nobody.sock").string(), "list");
    EXPECT_EQ (unknown.exitCode, 3);
    EXPECT_NE (unknown.output.find ("earshot daemon"), std::string::npos) << unknown.output;

    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto missing = runCli (daemon.apiAddress(), "cat 0123abcd");
    EXPECT_EQ (missing.exitCode, 1);
    EXPECT_NE (missing.output.find ("no track with id 0123abcd"), std::string::npos) << missing.output;
}

TEST (Cli, FiftyCatsStartedAtOnceAllGetTheWholeTrack)
{
    // Fifty clients connecting at once keep the daemon busy for a moment: busy is not gone, and
    // every one of them must wait for its turn rather than report the daemon missing.
    TemporaryDirectory root ("earshot-cli-crowd");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto file = testMedia ("excerpt.flac");
    const auto id = daemon.client().publish ({ file.string() }).front().id;

    constexpr int count = 50;
    std::vector<pid_t> pids;
    for (int i = 0; i < count; ++i)
    {
        pids.push_back (spawnCli (daemon.apiAddress(), { "cat", id.substr (0, 12) }, root.path() / ("out-" + std::to_string (i)), root.path() / ("err-" + std::to_string (i))));
        ASSERT_GT (pids.back(), 0);
    }

    const auto source = readFileBytes (file);
    int whole = 0;
    for (int i = 0; i < count; ++i)
    {
        const int code = exitCodeOf (pids[static_cast<std::size_t> (i)]);
        const bool same = readFileBytes (root.path() / ("out-" + std::to_string (i))) == source;
        EXPECT_TRUE (code == 0 && same) << "cat " << i << " exited " << code << (same ? "" : " with other bytes") << ": " << readFileBytes (root.path() / ("err-" + std::to_string (i)));
        whole += code == 0 && same ? 1 : 0;
    }
    EXPECT_EQ (whole, count);
    EXPECT_EQ (daemon.client().listTracks().size(), 1u); // and the daemon is still there
}

TEST (Cli, ADaemonThatIsStoppedForAMomentIsWaitedFor)
{
    // A daemon that does not accept for two seconds (stopped with SIGSTOP, its socket still
    // listening) is busy, not gone: the command waits and then gets its answer.
    TemporaryDirectory root ("earshot-cli-paused");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto pid = std::stoi (readFileBytes (daemon.dataDirectory() / "earshotd.lock"));

    ASSERT_EQ (::kill (pid, SIGSTOP), 0);
    const auto list = spawnCli (daemon.apiAddress(), { "info" }, root.path() / "out", root.path() / "err");
    std::this_thread::sleep_for (std::chrono::seconds (2));
    ::kill (pid, SIGCONT);

    EXPECT_EQ (exitCodeOf (list), 0) << readFileBytes (root.path() / "err");
    EXPECT_NE (readFileBytes (root.path() / "out").find ("bittorrent port"), std::string::npos) << readFileBytes (root.path() / "err");
}

TEST (Cli, WithoutADaemonTheCommandSaysAtOnceThatNoneIsRunning)
{
    TemporaryDirectory root ("earshot-cli-none");

    // No socket at all, and a socket file nobody listens on (a daemon that was killed leaves one).
    const auto stale = root.path() / "stale.sock";
    const int fd = ::socket (AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    std::strncpy (address.sun_path, stale.c_str(), sizeof (address.sun_path) - 1);
    ASSERT_EQ (::bind (fd, reinterpret_cast<sockaddr*> (&address), sizeof (address)), 0);

    for (const auto& socket : { root.path() / "nobody.sock", stale })
    {
        const auto start = std::chrono::steady_clock::now();
        const auto run = runCli ("unix:" + socket.string(), "list");
        const auto seconds = secondsSince (start);
        EXPECT_EQ (run.exitCode, 3) << run.output;
        EXPECT_NE (run.output.find ("not running"), std::string::npos) << run.output;
        EXPECT_NE (run.output.find (socket.string()), std::string::npos) << run.output;
        EXPECT_NE (run.output.find ("earshot daemon"), std::string::npos) << run.output;
        // Nothing listens, so there is nothing to wait for: the answer comes at once, not after the
        // several seconds a busy daemon is given to answer.
        EXPECT_LT (seconds, 3.0) << run.output;
    }
    ::close (fd);
}

TEST (Cli, DaemonStartsEarshotdInTheBackground)
{
    TemporaryDirectory root ("earshot-cli-daemon");
    const auto api = "unix:" + (root.path() / "api.sock").string();
    const auto started = runCli (api, "daemon --data-dir " + (root.path() / "data").string() + " -- --bt-interface 127.0.0.1 --bt-port 0 --no-dht --friends-listen 127.0.0.1:0");
    ASSERT_EQ (started.exitCode, 0) << started.output;
    EXPECT_NE (started.output.find ("earshotd started"), std::string::npos) << started.output;

    const auto again = runCli (api, "daemon --data-dir " + (root.path() / "data").string());
    EXPECT_NE (again.output.find ("already running"), std::string::npos) << again.output;

    const auto info = runCli (api, "info");
    EXPECT_NE (info.output.find ("bittorrent port"), std::string::npos) << info.output;

    // Stop it the way a service manager would: SIGTERM to the pid in the lock file. A clean shutdown
    // removes the socket.
    const auto pid = std::stoi (readFileBytes (root.path() / "data" / "earshotd.lock"));
    const auto socket = root.path() / "api.sock";
    ::kill (pid, SIGTERM);
    for (int i = 0; i < 200 && std::filesystem::exists (socket); ++i)
        std::this_thread::sleep_for (std::chrono::milliseconds (50));
    EXPECT_FALSE (std::filesystem::exists (socket)) << "earshotd did not shut down on SIGTERM";
}

namespace
{
    /** A BitTorrent peer (Python, speaking the wire protocol) that claims every piece and answers
        every request with random bytes: data that fails its hash check, as a broken or hostile
        client sends it. It refuses an encrypted handshake, so libtorrent retries in plain text. */
    constexpr const char* corruptPeerScript = R"(
import os, socket, struct, sys, threading

port, pieces = int(sys.argv[1]), int(sys.argv[2])

def recv_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data

def serve(conn):
    try:
        handshake = recv_exactly(conn, 68)
        if handshake[0] != 19 or handshake[1:20] != b"BitTorrent protocol":
            return
        conn.sendall(bytes([19]) + b"BitTorrent protocol" + bytes(8) + handshake[28:48] + b"-XX0001-" + os.urandom(12))
        bitfield = bytearray((pieces + 7) // 8)
        for i in range(pieces):
            bitfield[i // 8] |= 0x80 >> (i % 8)
        conn.sendall(struct.pack(">IB", 1 + len(bitfield), 5) + bytes(bitfield))
        conn.sendall(struct.pack(">IB", 1, 1))  # unchoke
        while True:
            length = struct.unpack(">I", recv_exactly(conn, 4))[0]
            if length == 0:
                continue
            message = recv_exactly(conn, length)
            if message[0] == 6:  # request: answer with garbage
                index, begin, size = struct.unpack(">III", message[1:13])
                conn.sendall(struct.pack(">IBII", 9 + size, 7, index, begin) + os.urandom(size))
    except (EOFError, OSError):
        pass
    finally:
        conn.close()

server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(8)
while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
)";

    /** The corrupt peer, run with /usr/bin/python3 on a loopback port; killed when this goes. */
    class CorruptPeer final
    {
    public:
        CorruptPeer (const std::filesystem::path& folder, int pieces)
            : port (freeLoopbackPort())
        {
            const auto script = folder / "corrupt_peer.py";
            {
                std::ofstream out (script);
                out << corruptPeerScript;
            }
            std::vector<std::string> args { "/usr/bin/python3", script.string(), std::to_string (port), std::to_string (pieces) };
            std::vector<char*> argv;
            for (auto& arg : args)
                argv.push_back (arg.data());
            argv.push_back (nullptr);
            if (::posix_spawn (&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
                pid = -1;
        }

        ~CorruptPeer()
        {
            if (pid > 0)
            {
                ::kill (pid, SIGKILL);
                ::waitpid (pid, nullptr, 0);
            }
        }

        /** True once it accepts connections. */
        [[nodiscard]] bool listening() const
        {
            return pid > 0 && eventually ([this]
                                          {
                const int fd = ::socket (AF_INET, SOCK_STREAM, 0);
                sockaddr_in address {};
                address.sin_family = AF_INET;
                address.sin_port = htons (static_cast<std::uint16_t> (port));
                address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
                const bool connected = ::connect (fd, reinterpret_cast<sockaddr*> (&address), sizeof (address)) == 0;
                ::close (fd);
                return connected; },
                                          std::chrono::seconds (10));
        }

        [[nodiscard]] std::string address() const { return "127.0.0.1:" + std::to_string (port); }

    private:
        int port = 0;
        pid_t pid = -1;
    };

    /** A track published by a daemon that is then stopped: its .torrent (written to folder), id and
        piece count, with no one left in the swarm who has its bytes. */
    struct OrphanTrack
    {
        std::string id;
        std::filesystem::path torrent;
        int pieces = 0;
    };

    OrphanTrack publishAndStopArtist (const std::filesystem::path& folder)
    {
        DaemonProcess artist (folder / "artist");
        artist.start();
        const auto published = artist.client().publish ({ testMedia ("excerpt.ogg").string() }).front();
        OrphanTrack track;
        track.id = published.id;
        track.torrent = folder / "track.torrent";
        std::ofstream (track.torrent, std::ios::binary) << artist.client().torrentFile (published.id);
        const auto size = published.manifest.fileSize;
        const auto pieceLength = choosePieceLength (size);
        track.pieces = static_cast<int> ((size + pieceLength - 1) / pieceLength);
        artist.stop();
        return track;
    }

    /** `earshot ARGUMENTS` with its standard output thrown away, killed (exit 124) if it runs past
        a minute: a command that waits for ever fails the test instead of hanging it. */
    CommandResult runBounded (const std::string& api, const std::string& arguments)
    {
        return runCommand ("(timeout 60 " + std::string (EARSHOT_CLI_BINARY) + " --api " + api + " " + arguments + " >/dev/null)");
    }
} // namespace

TEST (Cli, ACatWhoseOnlyPeerSendsCorruptDataEndsSayingThePeerWasBanned)
{
    TemporaryDirectory root ("earshot-cli-corrupt");
    const auto track = publishAndStopArtist (root.path());
    CorruptPeer corrupt (root.path(), track.pieces);
    ASSERT_TRUE (corrupt.listening()) << "the corrupt peer (/usr/bin/python3) did not start";

    DaemonProcess listener (root.path() / "listener");
    listener.start();
    const auto added = runCli (listener.apiAddress(), "add " + track.torrent.string() + " --peer " + corrupt.address());
    ASSERT_EQ (added.exitCode, 0) << added.output;

    const auto cat = runBounded (listener.apiAddress(), "cat " + track.id.substr (0, 12) + " --stall-timeout 5");
    EXPECT_EQ (cat.exitCode, 1) << "124 means it waited for ever: " << cat.output;
    EXPECT_NE (cat.output.find ("no bytes of track " + track.id + " arrived for 5 s (waiting at byte 0 of"), std::string::npos) << cat.output;
    EXPECT_NE (cat.output.find ("piece 0"), std::string::npos) << cat.output;
    EXPECT_NE (cat.output.find ("no peers are connected: 1 peer was banned for sending data that failed its hash check"), std::string::npos) << cat.output;

    // The daemon counts them in the track's status, for every client.
    const auto status = listener.client().getTrack (track.id).status;
    ASSERT_TRUE (status.has_value());
    EXPECT_EQ (status->bannedPeers, 1);
    EXPECT_GE (status->hashFailures, 1);
    EXPECT_EQ (status->peers, 0);
}

TEST (Cli, ACatWithNoPeersEndsSayingSo)
{
    TemporaryDirectory root ("earshot-cli-alone");
    const auto track = publishAndStopArtist (root.path());
    DaemonProcess listener (root.path() / "listener");
    listener.start();
    ASSERT_EQ (runCli (listener.apiAddress(), "add " + track.torrent.string()).exitCode, 0);

    const auto offset = 3 * choosePieceLength (readFileBytes (testMedia ("excerpt.ogg")).size()) + 10;
    const auto cat = runBounded (listener.apiAddress(), "cat " + track.id.substr (0, 12) + " --offset " + std::to_string (offset) + " --stall-timeout 2.5");
    EXPECT_EQ (cat.exitCode, 1) << "124 means it waited for ever: " << cat.output;
    EXPECT_NE (cat.output.find ("arrived for 2.5 s (waiting at byte " + std::to_string (offset)), std::string::npos) << cat.output;
    EXPECT_NE (cat.output.find ("piece 3): no peers are connected, so no one can send piece 3"), std::string::npos) << cat.output;
    EXPECT_NE (cat.output.find ("earshot connect"), std::string::npos) << cat.output;

    // The bound is the user's to set, and --help says what it is by default.
    const auto help = runCli (listener.apiAddress(), "cat --help");
    EXPECT_NE (help.output.find ("--stall-timeout"), std::string::npos) << help.output;
    EXPECT_NE (help.output.find ("60"), std::string::npos) << help.output;
}

TEST (Cli, APlayWithNoPeersFailsSayingSo)
{
    TemporaryDirectory root ("earshot-cli-play-alone");
    const auto track = publishAndStopArtist (root.path());
    DaemonProcess listener (root.path() / "listener");
    listener.start();
    ASSERT_EQ (runCli (listener.apiAddress(), "add " + track.torrent.string()).exitCode, 0);

    const auto play = runCommand ("timeout 60 " + std::string (EARSHOT_CLI_BINARY) + " --api " + listener.apiAddress() + " play " + track.id.substr (0, 12)
                                  + " --stall-timeout 3 --out " + (root.path() / "out.wav").string() + " 2>&1");
    EXPECT_EQ (play.exitCode, 1) << "124 means it waited for ever: " << play.output;
    EXPECT_NE (play.output.find ("failed: no bytes of track " + track.id + " arrived for 3 s (waiting at byte 0 of"), std::string::npos) << play.output;
    EXPECT_NE (play.output.find ("no peers are connected, so no one can send piece 0"), std::string::npos) << play.output;
}
