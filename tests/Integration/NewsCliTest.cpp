// Following artists and their news from the earshot command line, against real daemons (and, to
// follow by name, a real earshot-hub): what a user types and what they get.

#include "DiscoveryFixture.h"

#include "Core/Hex.h"
#include "Core/PublicKey.h"
#include "Support/DaemonProcess.h"
#include "Support/NewsDaemons.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <regex>
#include <string>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    CommandResult runCli (const std::string& api, const std::string& arguments)
    {
        return runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + api + " " + arguments);
    }

    bool contains (const std::string& text, const std::string& part)
    {
        return text.find (part) != std::string::npos;
    }

    /** What a file holds so far; empty when it is not there. */
    std::string textOf (const std::filesystem::path& file)
    {
        std::error_code missing;
        return std::filesystem::exists (file, missing) ? readFileBytes (file) : std::string();
    }

    /** Whether the process is gone, or ended and waiting to be reaped (a zombie). */
    bool hasEnded (int pid)
    {
        const auto stat = textOf ("/proc/" + std::to_string (pid) + "/stat");
        const auto close = stat.rfind (')');
        return close == std::string::npos || (close + 2 < stat.size() && stat[close + 2] == 'Z');
    }

    /** The id `tour add` printed. */
    std::string postedId (const std::string& output)
    {
        std::smatch match;
        return std::regex_search (output, match, std::regex ("posted tour date (\\S+)")) ? match[1].str() : std::string();
    }
} // namespace

TEST (NewsCli, FollowByKeyListAndUnfollow)
{
    TemporaryDirectory root ("earshot-news-cli");
    DaemonProcess fan (root.path() / "fan");
    DaemonProcess artist (root.path() / "artist");
    fan.start();
    artist.start();
    const auto artistKey = artist.client().profile().second;
    const auto ownKey = fan.client().profile().second;
    ASSERT_EQ (artistKey.size(), 64u);

    const auto none = runCli (fan.apiAddress(), "following");
    EXPECT_EQ (none.exitCode, 0) << none.output;
    EXPECT_TRUE (contains (none.output, "following nobody yet")) << none.output;

    const auto followed = runCli (fan.apiAddress(), "follow " + artistKey);
    ASSERT_EQ (followed.exitCode, 0) << followed.output;
    EXPECT_TRUE (contains (followed.output, "following")) << followed.output;
    EXPECT_TRUE (contains (followed.output, "key " + artistKey)) << followed.output;
    const auto again = runCli (fan.apiAddress(), "follow " + artistKey);
    EXPECT_EQ (again.exitCode, 0) << again.output;
    EXPECT_TRUE (contains (again.output, "already following")) << again.output;

    const auto listed = runCli (fan.apiAddress(), "following");
    EXPECT_EQ (listed.exitCode, 0);
    EXPECT_TRUE (contains (listed.output, artistKey)) << listed.output;
    ASSERT_EQ (fan.client().following().size(), 1u);
    EXPECT_EQ (fan.client().following()[0].artistKeyHex, artistKey);

    // One's own key cannot be followed; a name needs a hub (this daemon has none); a name that
    // nobody followed here goes by cannot be unfollowed.
    const auto self = runCli (fan.apiAddress(), "follow " + ownKey);
    EXPECT_EQ (self.exitCode, 1) << self.output;
    EXPECT_TRUE (contains (self.output, "earshot: ")) << self.output;
    const auto byName = runCli (fan.apiAddress(), "follow 'Lua Fria'");
    EXPECT_EQ (byName.exitCode, 1) << byName.output;
    EXPECT_TRUE (contains (byName.output, "hub")) << byName.output;
    const auto stranger = runCli (fan.apiAddress(), "unfollow 'Nobody Here'");
    EXPECT_EQ (stranger.exitCode, 1) << stranger.output;
    EXPECT_TRUE (contains (stranger.output, "no artist followed here is called 'Nobody Here'")) << stranger.output;
    EXPECT_EQ (fan.client().following().size(), 1u);

    const auto unfollowed = runCli (fan.apiAddress(), "unfollow " + artistKey);
    EXPECT_EQ (unfollowed.exitCode, 0) << unfollowed.output;
    EXPECT_TRUE (contains (unfollowed.output, "unfollowed " + artistKey)) << unfollowed.output;
    EXPECT_TRUE (fan.client().following().empty());
}

TEST (NewsCli, TourDatesAreAddedListedAndCalledOff)
{
    TemporaryDirectory root ("earshot-tour-cli");
    DaemonProcess artist (root.path() / "artist");
    artist.start();
    const auto api = artist.apiAddress();

    const auto empty = runCli (api, "tour list");
    EXPECT_EQ (empty.exitCode, 0);
    EXPECT_TRUE (contains (empty.output, "no upcoming tour dates posted")) << empty.output;

    const auto lisbonDate = dateFromToday (120);
    const auto portoDate = dateFromToday (30);
    const auto lisbon = runCli (api, "tour add --date " + lisbonDate + " --city Lisbon --venue 'Musicbox' --link https://musicbox.example/tickets");
    ASSERT_EQ (lisbon.exitCode, 0) << lisbon.output;
    const auto lisbonId = postedId (lisbon.output);
    ASSERT_FALSE (lisbonId.empty()) << lisbon.output;
    const auto porto = runCli (api, "tour add --date " + portoDate + " --city Porto --venue 'Hard Club'");
    ASSERT_EQ (porto.exitCode, 0) << porto.output;
    const auto portoId = postedId (porto.output);

    // Soonest first, with the id to remove each by.
    const auto listed = runCli (api, "tour list");
    EXPECT_EQ (listed.exitCode, 0);
    const auto portoAt = listed.output.find (portoDate);
    const auto lisbonAt = listed.output.find (lisbonDate);
    ASSERT_NE (portoAt, std::string::npos) << listed.output;
    ASSERT_NE (lisbonAt, std::string::npos) << listed.output;
    EXPECT_LT (portoAt, lisbonAt) << listed.output;
    for (const auto* part : { "Lisbon", "Musicbox", "https://musicbox.example/tickets", "Porto", "Hard Club" })
        EXPECT_TRUE (contains (listed.output, part)) << part << "\n"
                                                     << listed.output;
    EXPECT_TRUE (contains (listed.output, lisbonId) && contains (listed.output, portoId)) << listed.output;

    // Dates that are past or impossible, and links that are not web addresses, are refused with why.
    for (const std::string& bad : { std::string ("--date 2001-05-01 --city Lisbon --venue Musicbox"), std::string ("--date 2027-02-30 --city Lisbon --venue Musicbox"), "--date " + lisbonDate + " --city Lisbon --venue Musicbox --link ftp://example.org" })
    {
        const auto refused = runCli (api, "tour add " + bad);
        EXPECT_EQ (refused.exitCode, 1) << bad << "\n"
                                        << refused.output;
        EXPECT_TRUE (contains (refused.output, "earshot: ")) << refused.output;
    }
    EXPECT_EQ (artist.client().tourDates().size(), 2u);

    const auto removed = runCli (api, "tour remove " + lisbonId);
    EXPECT_EQ (removed.exitCode, 0) << removed.output;
    const auto after = runCli (api, "tour list");
    EXPECT_FALSE (contains (after.output, lisbonId)) << after.output;
    EXPECT_TRUE (contains (after.output, portoId)) << after.output;
    const auto twice = runCli (api, "tour remove " + lisbonId);
    EXPECT_EQ (twice.exitCode, 1) << twice.output;
}

TEST (NewsCli, NewsSaysHowToFollowAndKeepsTheHomeCity)
{
    TemporaryDirectory root ("earshot-news-home");
    DaemonProcess fan (root.path() / "fan");
    fan.start();
    const auto api = fan.apiAddress();

    const auto first = runCli (api, "news");
    EXPECT_EQ (first.exitCode, 0) << first.output;
    EXPECT_TRUE (contains (first.output, "following nobody yet: `earshot follow NAME`")) << first.output;
    EXPECT_TRUE (contains (first.output, "earshot news --home-city CITY")) << first.output;

    const auto set = runCli (api, "news --home-city Lisbon");
    EXPECT_EQ (set.exitCode, 0) << set.output;
    EXPECT_TRUE (contains (set.output, "in Lisbon, your home city")) << set.output;
    EXPECT_EQ (fan.client().homeCity(), "Lisbon");
    const auto kept = runCli (api, "news");
    EXPECT_TRUE (contains (kept.output, "in Lisbon, your home city")) << kept.output;

    const auto cleared = runCli (api, "news --home-city ''");
    EXPECT_EQ (cleared.exitCode, 0) << cleared.output;
    EXPECT_EQ (fan.client().homeCity(), "");
}

TEST_F (DiscoveryTest, TheCommandLineFollowsAnArtistByTheNameTheHubKnows)
{
    (void) release (hubManifestOf ("excerpt.flac", "Dawn Wire", "ambient"));
    const auto artistKey = toHex (keyBytes (artist->identity.publicKey()));
    const auto api = daemon->apiAddress();

    const auto followed = runCli (api, "follow 'lua fria'");
    ASSERT_EQ (followed.exitCode, 0) << followed.output;
    EXPECT_TRUE (contains (followed.output, "following Lua Fria")) << followed.output;
    EXPECT_TRUE (contains (followed.output, "key " + artistKey)) << followed.output;
    const auto listed = runCli (api, "following");
    EXPECT_TRUE (contains (listed.output, "Lua Fria") && contains (listed.output, artistKey)) << listed.output;

    const auto unknown = runCli (api, "follow 'Nobody Here'");
    EXPECT_EQ (unknown.exitCode, 1) << unknown.output;
    EXPECT_EQ (daemon->client().following().size(), 1u);

    // Unfollowed by the name it is followed under, case ignored.
    const auto unfollowed = runCli (api, "unfollow 'LUA FRIA'");
    EXPECT_EQ (unfollowed.exitCode, 0) << unfollowed.output;
    EXPECT_TRUE (daemon->client().following().empty());
}

TEST (NewsCli, NewsOfAFollowedArtistComesThroughTheHubAndWatchPrintsItAsItIsFiled)
{
    TemporaryDirectory root ("earshot-news-hub");
    ArtistAndFan daemons (root.path());
    auto& artist = daemons.artist;
    auto& fan = daemons.fan;
    const auto& artistKey = daemons.artistKey;
    const auto api = fan.apiAddress();

    ASSERT_EQ (runCli (api, "follow " + artistKey).exitCode, 0);
    ASSERT_EQ (runCli (api, "news --home-city lisbon").exitCode, 0);
    (void) artist.client().publish ({ testMedia ("excerpt.flac").string() });
    ASSERT_EQ (runCli (artist.apiAddress(), "tour add --date " + dateFromToday (20) + " --city Porto --venue 'Hard Club'").exitCode, 0);
    ASSERT_EQ (runCli (artist.apiAddress(), "tour add --date " + dateFromToday (90) + " --city Lisbon --venue Musicbox").exitCode, 0);

    ASSERT_TRUE (eventually ([&]
                             {
        const auto news = fan.client().news();
        return news.releases.size() == 1 && news.tourDates.size() == 2; },
                             std::chrono::seconds (60)))
        << fan.log();
    const auto printed = runCli (api, "news");
    EXPECT_EQ (printed.exitCode, 0) << printed.output;
    const auto title = fan.client().news().releases[0].title;
    EXPECT_TRUE (contains (printed.output, "Lua Fria") && contains (printed.output, title)) << printed.output;
    EXPECT_TRUE (contains (printed.output, "key " + artistKey)) << printed.output;
    // The home city's date first, marked; Porto's, sooner, after it.
    const auto lisbonAt = printed.output.find ("* " + dateFromToday (90));
    const auto portoAt = printed.output.find ("  " + dateFromToday (20));
    ASSERT_NE (lisbonAt, std::string::npos) << printed.output;
    ASSERT_NE (portoAt, std::string::npos) << printed.output;
    EXPECT_LT (lisbonAt, portoAt) << printed.output;

    // --watch prints the news, then each date as it is filed, until interrupted.
    const auto watchOut = root.path() / "watch.txt";
    const auto started = runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + api + " news --watch > " + watchOut.string() + " 2>&1 & echo $!");
    const auto watcher = std::stoi (started.output);
    ASSERT_TRUE (eventually ([&]
                             { return contains (textOf (watchOut), "tour dates"); },
                             std::chrono::seconds (30)))
        << textOf (watchOut);
    EXPECT_FALSE (contains (textOf (watchOut), "Madrid"));
    const auto madrid = runCli (artist.apiAddress(), "tour add --date " + dateFromToday (40) + " --city Madrid --venue 'Sala El Sol'");
    ASSERT_EQ (madrid.exitCode, 0);
    EXPECT_TRUE (eventually ([&]
                             { return contains (textOf (watchOut), "new tour date: ") && contains (textOf (watchOut), "Madrid"); },
                             std::chrono::seconds (60)))
        << textOf (watchOut) << "\n"
        << fan.log();
    // A date called off is said so as it is filed.
    ASSERT_EQ (runCli (artist.apiAddress(), "tour remove " + postedId (madrid.output)).exitCode, 0);
    EXPECT_TRUE (eventually ([&]
                             {
        const auto text = textOf (watchOut);
        const auto line = text.find ("called off: ");
        return line != std::string::npos && text.find ("CANCELLED", line) != std::string::npos && text.find ("Madrid", line) != std::string::npos; },
                             std::chrono::seconds (60)))
        << textOf (watchOut);
    ::kill (watcher, SIGINT);
    EXPECT_TRUE (eventually ([&]
                             { return hasEnded (watcher); },
                             std::chrono::seconds (10)));
}
