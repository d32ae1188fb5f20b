// The earshot command line against a real daemon: what a user types and what they get.

#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <sys/wait.h>
#include <thread>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    CommandResult runCli (const std::string& api, const std::string& arguments)
    {
        return runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + api + " " + arguments);
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
