// The earshot command line against a real daemon: what a user types and what they get.

#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
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
