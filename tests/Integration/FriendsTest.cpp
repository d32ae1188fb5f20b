// Friends, between real earshotd processes: each daemon's identity and friend code, adding a friend
// from a code (and catching a typo in it), and what stays across a restart.

#include "Support/DaemonProcess.h"

#include "Daemon/WireValues.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <thread>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    ErrorCode codeOf (const std::function<void()>& call)
    {
        try
        {
            call();
        }
        catch (const Error& error)
        {
            return error.code();
        }
        return ErrorCode::internal;
    }

    /** The one friend a daemon has; fails the test when it has none or several. */
    ClientFriend onlyFriendOf (DaemonProcess& daemon)
    {
        const auto friends = daemon.client().listFriends();
        EXPECT_EQ (friends.size(), 1u);
        return friends.empty() ? ClientFriend {} : friends.front();
    }

    std::string messageOf (const std::function<void()>& call)
    {
        try
        {
            call();
        }
        catch (const Error& error)
        {
            return error.what();
        }
        return {};
    }
} // namespace

TEST (Friends, EachDaemonHasItsOwnKeptIdentityAndAddsFriendsFromTheirCodes)
{
    TemporaryDirectory root ("earshot-friends");
    DaemonProcess ana (root.path() / "ana", { "--friends-address", "127.0.0.1:47101" });
    DaemonProcess ben (root.path() / "ben", { "--friends-address", "127.0.0.1:47102" });
    ana.start();
    ben.start();

    // The key is made on first start, readable by its owner only.
    struct stat keyFile
    {
    };
    ASSERT_EQ (::stat ((root.path() / "ana" / "identity.key").c_str(), &keyFile), 0);
    EXPECT_EQ (keyFile.st_mode & 0777, 0600u);

    const auto anaCode = ana.client().friendCode();
    const auto benCode = ben.client().friendCode();
    EXPECT_NE (anaCode, benCode);
    EXPECT_EQ (anaCode.rfind ("earshot:", 0), 0u) << anaCode;

    auto [added, created] = ben.client().addFriend (anaCode, "Ana");
    EXPECT_TRUE (created);
    EXPECT_EQ (added.name, "Ana");
    EXPECT_EQ (added.host, "127.0.0.1");
    EXPECT_EQ (added.port, 47101);
    (void) ana.client().addFriend (benCode, "Ben");

    const auto friends = ben.client().listFriends();
    ASSERT_EQ (friends.size(), 1u);
    EXPECT_EQ (friends[0].name, "Ana");
    EXPECT_EQ (friends[0].publicKeyHex.size(), 64u);

    // Adding the same code again renames; it is still one friend.
    auto [renamed, createdAgain] = ben.client().addFriend (anaCode, "Ana B.");
    EXPECT_FALSE (createdAgain);
    EXPECT_EQ (ben.client().listFriends().size(), 1u);
    EXPECT_EQ (renamed.name, "Ana B.");

    // The key and the friends survive a restart; the code stays the same.
    ben.stop();
    ben.start();
    EXPECT_EQ (ben.client().friendCode(), benCode);
    ASSERT_EQ (ben.client().listFriends().size(), 1u);
    EXPECT_EQ (ben.client().listFriends()[0].name, "Ana B.");

    ben.client().removeFriend ("ana b."); // names ignore case
    EXPECT_TRUE (ben.client().listFriends().empty());
    EXPECT_EQ (codeOf ([&]
                       { ben.client().removeFriend ("Nobody"); }),
               ErrorCode::notFound);
}

TEST (Friends, ATypoInACodeOrAClashingNameIsRefusedWithTheReason)
{
    TemporaryDirectory root ("earshot-friends-typo");
    DaemonProcess ana (root.path() / "ana");
    DaemonProcess ben (root.path() / "ben");
    DaemonProcess cleo (root.path() / "cleo");
    ana.start();
    ben.start();
    cleo.start();
    const auto anaCode = ana.client().friendCode();

    // One character changed: caught, and the message says which group.
    auto typo = anaCode;
    const auto at = typo.find ('-') + 3;
    typo[at] = typo[at] == 'Q' ? 'R' : 'Q';
    EXPECT_EQ (codeOf ([&]
                       { (void) ben.client().addFriend (typo, "Ana"); }),
               ErrorCode::invalidArgument);
    EXPECT_NE (messageOf ([&]
                          { (void) ben.client().addFriend (typo, "Ana"); })
                   .find ("group"),
               std::string::npos);
    EXPECT_TRUE (ben.client().listFriends().empty());

    // Its own code, and a name that another friend has.
    EXPECT_EQ (codeOf ([&]
                       { (void) ben.client().addFriend (ben.client().friendCode(), "Me"); }),
               ErrorCode::invalidArgument);
    (void) ben.client().addFriend (anaCode, "Ana");
    EXPECT_NE (messageOf ([&]
                          { (void) ben.client().addFriend (cleo.client().friendCode(), "ANA"); })
                   .find ("ANA"),
               std::string::npos);
    EXPECT_EQ (ben.client().listFriends().size(), 1u);
}

TEST (Friends, TheCommandLinePrintsACodeAndAddsAFriendFromIt)
{
    TemporaryDirectory root ("earshot-friends-cli");
    DaemonProcess ana (root.path() / "ana");
    DaemonProcess ben (root.path() / "ben");
    ana.start();
    ben.start();
    const auto cli = std::string (EARSHOT_CLI_BINARY);

    auto code = runCommand (cli + " --api " + ana.apiAddress() + " friends code");
    ASSERT_EQ (code.exitCode, 0) << code.output;
    while (! code.output.empty() && code.output.back() == '\n')
        code.output.pop_back();
    EXPECT_EQ (code.output, ana.client().friendCode());

    const auto added = runCommand (cli + " --api " + ben.apiAddress() + " friends add '" + code.output + "' --name Ana");
    ASSERT_EQ (added.exitCode, 0) << added.output;
    EXPECT_NE (added.output.find ("added Ana"), std::string::npos) << added.output;
    const auto listed = runCommand (cli + " --api " + ben.apiAddress() + " friends list");
    EXPECT_NE (listed.output.find ("Ana"), std::string::npos) << listed.output;
    EXPECT_NE (listed.output.find ("offline"), std::string::npos) << "Ana has not added Ben, so she does not answer him: " << listed.output;

    const auto typo = runCommand (cli + " --api " + ben.apiAddress() + " friends add earshot:AAAA-BBBB --name Zed");
    EXPECT_NE (typo.exitCode, 0);
    EXPECT_NE (typo.output.find ("earshot: "), std::string::npos) << typo.output;
}

TEST (Friends, EachSeesTheOtherOnlineWhileBothRunAndOfflineSoonAfterOneStops)
{
    // Probes every 500 ms, so a friend is online for 1.5 s after their daemon last answered. The
    // Friends ports are fixed: a friend code carries the address, and Ben restarts.
    TemporaryDirectory root ("earshot-presence");
    DaemonProcess ana (root.path() / "ana", { "--presence-interval-ms", "500", "--friends-listen", "127.0.0.1:" + std::to_string (freeLoopbackPort()) });
    DaemonProcess ben (root.path() / "ben", { "--presence-interval-ms", "500", "--friends-listen", "127.0.0.1:" + std::to_string (freeLoopbackPort()) });
    ana.start();
    ben.start();

    // Ben adds Ana, but Ana has not added Ben: her daemon refuses his probes, and a refusal is
    // not an answer.
    (void) ben.client().addFriend (ana.client().friendCode(), "Ana");
    std::this_thread::sleep_for (3s);
    EXPECT_FALSE (onlyFriendOf (ben).online);
    EXPECT_EQ (onlyFriendOf (ben).lastSeenMs, 0);

    // Once both are friends, each sees the other online.
    (void) ana.client().addFriend (ben.client().friendCode(), "Ben");
    const auto added = nowMs();
    EXPECT_TRUE (eventually ([&]
                             { return onlyFriendOf (ana).online && onlyFriendOf (ben).online; },
                             20s))
        << "Ana sees Ben online: " << onlyFriendOf (ana).online << ", Ben sees Ana online: " << onlyFriendOf (ben).online;
    for (auto* daemon : { &ana, &ben })
    {
        const auto seen = onlyFriendOf (*daemon).lastSeenMs;
        EXPECT_GE (seen, added - 1000);
        EXPECT_LE (seen, nowMs() + 1000);
    }

    // Ben stops: Ana sees him offline once the window has passed, and when she last saw him.
    ben.stop();
    const auto stopped = nowMs();
    EXPECT_TRUE (eventually ([&]
                             { return ! onlyFriendOf (ana).online; },
                             20s));
    const auto lastSeen = onlyFriendOf (ana).lastSeenMs;
    EXPECT_GT (lastSeen, added - 1000);
    EXPECT_LE (lastSeen, stopped + 1000);
    std::this_thread::sleep_for (1s);
    EXPECT_FALSE (onlyFriendOf (ana).online) << "Ben's daemon is down; nothing answers for him";
    EXPECT_EQ (onlyFriendOf (ana).lastSeenMs, lastSeen);

    // He comes back: Ana's probes reach him again without waiting out a long reconnect backoff.
    ben.start();
    EXPECT_TRUE (eventually ([&]
                             { return onlyFriendOf (ana).online && onlyFriendOf (ben).online; },
                             20s));
    EXPECT_GT (onlyFriendOf (ana).lastSeenMs, lastSeen);
}
