// `earshot COMMAND --json` against real daemons (and, for the hub's commands, a real earshot-hub):
// each prints one JSON document on standard output and nothing else, with the proto's field
// names, ids and keys in hex, and times as milliseconds and ISO 8601; errors go to standard error
// only, with a non-zero exit.

#include "DiscoveryFixture.h"

#include "Core/Hex.h"
#include "Core/PublicKey.h"
#include "Support/DaemonProcess.h"
#include "Support/NewsDaemons.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <fstream>
#include <regex>
#include <string>

using namespace earshot;
using namespace earshot::testing;
using nlohmann::json;
using namespace std::chrono_literals;

namespace
{
    /** What a --json command printed: its standard output parsed (null when it did not parse),
        both streams as text, and the exit code. */
    struct JsonRun
    {
        int exitCode = -1;
        std::string out;
        std::string err;
        json document;
    };

    JsonRun runJson (const std::string& api, const std::string& arguments)
    {
        TemporaryDirectory folder ("earshot-cli-json-run");
        const auto errFile = folder.path() / "stderr";
        // runCommand gathers both streams: standard error goes to a file of its own first.
        const auto result = runCommand ("(" + std::string (EARSHOT_CLI_BINARY) + " --api " + api + " " + arguments + " 2>" + errFile.string() + ")");
        JsonRun run;
        run.exitCode = result.exitCode;
        run.out = result.output;
        run.err = readFileBytes (errFile);
        run.document = json::parse (run.out, nullptr, false);
        return run;
    }

    /** A successful run, its document an object. */
    ::testing::AssertionResult parsed (const JsonRun& run)
    {
        if (run.exitCode != 0)
            return ::testing::AssertionFailure() << "exit " << run.exitCode << "; stderr: " << run.err << "; stdout: " << run.out;
        if (! run.document.is_object())
            return ::testing::AssertionFailure() << "standard output is not one JSON object: " << run.out;
        return ::testing::AssertionSuccess();
    }

    bool isHex (const json& value, std::size_t digits)
    {
        return value.is_string() && std::regex_match (value.get<std::string>(), std::regex ("[0-9a-f]{" + std::to_string (digits) + "}"));
    }

    /** The ISO 8601 form of a time in ms, made apart from the command line's code (gmtime). */
    std::string isoOf (std::int64_t unixMs)
    {
        const auto seconds = static_cast<std::time_t> (unixMs / 1000);
        std::tm utc {};
        ::gmtime_r (&seconds, &utc);
        char text[32];
        std::strftime (text, sizeof (text), "%Y-%m-%dT%H:%M:%S", &utc);
        char millis[8];
        std::snprintf (millis, sizeof (millis), ".%03dZ", static_cast<int> (unixMs % 1000));
        return std::string (text) + millis;
    }

    /** object[name_ms] is a time near now, and object[name] the same instant in ISO 8601. */
    ::testing::AssertionResult recentTime (const json& object, const std::string& name)
    {
        const auto ms = object.value (name + "_ms", std::int64_t { 0 });
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count();
        if (ms <= 0 || ms > now || now - ms > 10 * 60 * 1000)
            return ::testing::AssertionFailure() << name << "_ms is not a recent time: " << object.dump();
        if (object.value (name, std::string()) != isoOf (ms))
            return ::testing::AssertionFailure() << name << " is not " << isoOf (ms) << ": " << object.dump();
        return ::testing::AssertionSuccess();
    }
} // namespace

TEST (CliJson, LibraryFriendsPassesAndPointsPrintOneDocumentEach)
{
    TemporaryDirectory root ("earshot-cli-json");
    DaemonProcess ana (root.path() / "ana", { "--name", "Ana" });
    DaemonProcess ben (root.path() / "ben", { "--name", "Ben" });
    ana.start();
    ben.start();
    const auto media = testMedia ("excerpt.ogg");

    const auto published = runJson (ana.apiAddress(), "publish " + media.string() + " --json");
    ASSERT_TRUE (parsed (published));
    ASSERT_EQ (published.document["tracks"].size(), 1u) << published.out;
    const auto& publishedTrack = published.document["tracks"][0];
    const auto id = publishedTrack["id"].get<std::string>();
    EXPECT_TRUE (isHex (publishedTrack["id"], 40)) << published.out;
    EXPECT_EQ (id, ana.client().listTracks().front().id);
    EXPECT_EQ (publishedTrack["manifest"]["track_id"], id);
    EXPECT_EQ (publishedTrack["manifest"]["file_name"], "excerpt.ogg");
    EXPECT_EQ (publishedTrack["manifest"]["file_size"].get<std::uint64_t>(), std::filesystem::file_size (media));
    EXPECT_EQ (publishedTrack["manifest"]["format"], "ogg");
    EXPECT_TRUE (isHex (publishedTrack["manifest"]["info_hash"], 40));
    EXPECT_TRUE (publishedTrack["published"].get<bool>());
    EXPECT_FALSE (publishedTrack["manifest"].contains ("info_dict")) << "the info dictionary is binary, and left out";

    // list: the library, each track with its status; the published one seeds.
    JsonRun listed;
    ASSERT_TRUE (eventually ([&]
                             {
        listed = runJson (ana.apiAddress(), "list --json");
        return listed.document.is_object() && listed.document["tracks"].size() == 1 && listed.document["tracks"][0]["status"].is_object()
               && listed.document["tracks"][0]["status"]["state"] == "seeding"; },
                             10s))
        << listed.out << listed.err;
    ASSERT_TRUE (parsed (listed));
    const auto& status = listed.document["tracks"][0]["status"];
    EXPECT_DOUBLE_EQ (status["progress"].get<double>(), 1.0);
    EXPECT_EQ (status["bytes_done"], status["total_bytes"]);
    EXPECT_GT (status["num_pieces"].get<int>(), 0);
    // Every piece verified: the bitmap's bits are all set, most significant first.
    const auto bitmap = fromHex (status["piece_bitmap"].get<std::string>());
    const auto pieces = status["num_pieces"].get<std::size_t>();
    ASSERT_EQ (bitmap.size(), (pieces + 7) / 8);
    for (std::size_t i = 0; i < pieces; ++i)
        EXPECT_NE (static_cast<unsigned char> (bitmap[i / 8]) & (0x80u >> (i % 8)), 0u) << "piece " << i;

    const auto shown = runJson (ana.apiAddress(), "status " + id.substr (0, 10) + " --json");
    ASSERT_TRUE (parsed (shown));
    EXPECT_EQ (shown.document["track"]["id"], id);
    EXPECT_EQ (shown.document["track"]["status"]["state"], "seeding");

    const auto info = runJson (ana.apiAddress(), "info --json");
    ASSERT_TRUE (parsed (info));
    EXPECT_EQ (info.document["data_dir"], ana.dataDirectory().string());
    EXPECT_EQ (info.document["tracks"], 1);
    EXPECT_EQ (info.document["api"], ana.apiAddress());
    EXPECT_EQ (info.document["bittorrent_port"].get<int>(), std::stoi (ana.peerAddress().substr (ana.peerAddress().rfind (':') + 1)));
    EXPECT_FALSE (info.document["version"].get<std::string>().empty());

    // add: Ben takes the track from its .torrent.
    const auto torrent = root.path() / "track.torrent";
    std::ofstream (torrent, std::ios::binary) << ana.client().torrentFile (id);
    const auto added = runJson (ben.apiAddress(), "add " + torrent.string() + " --peer " + ana.peerAddress() + " --json");
    ASSERT_TRUE (parsed (added));
    EXPECT_EQ (added.document["track"]["id"], id);
    EXPECT_TRUE (added.document["created"].get<bool>());
    EXPECT_EQ (added.document["tracks"].size(), 1u);

    // friends code and list.
    const auto code = runJson (ana.apiAddress(), "friends code --json");
    ASSERT_TRUE (parsed (code));
    EXPECT_EQ (code.document["code"], ana.client().friendCode());
    (void) ana.client().addFriend (ben.client().friendCode(), "Ben");
    (void) ben.client().addFriend (code.document["code"].get<std::string>(), "Ana");
    const auto friends = runJson (ana.apiAddress(), "friends list --json");
    ASSERT_TRUE (parsed (friends));
    ASSERT_EQ (friends.document["friends"].size(), 1u) << friends.out;
    const auto& benFriend = friends.document["friends"][0];
    EXPECT_EQ (benFriend["name"], "Ben");
    EXPECT_TRUE (isHex (benFriend["public_key"], 64)) << friends.out;
    EXPECT_EQ (benFriend["public_key"], ben.client().profile().second);
    EXPECT_EQ (benFriend["host"], "127.0.0.1");
    EXPECT_GT (benFriend["port"].get<int>(), 0);
    EXPECT_TRUE (recentTime (benFriend, "added_at"));
    EXPECT_TRUE (benFriend["online"].is_boolean());

    // A pass: in Ana's outbox, then in Ben's inbox; Ben listens, and Ana earns points.
    const auto passId = ana.client().sendPass (id, "Ben", "for the \"ride\" home");
    ASSERT_TRUE (eventually ([&]
                             { return ben.client().listInbox().first.size() == 1; },
                             30s));
    const auto outbox = runJson (ana.apiAddress(), "outbox --json");
    ASSERT_TRUE (parsed (outbox));
    json sent;
    for (const auto& each : outbox.document["messages"])
        if (each["message_id"] == passId)
            sent = each;
    ASSERT_TRUE (sent.is_object()) << "the pass is not in the outbox: " << outbox.out;
    EXPECT_EQ (sent["kind"], "pass");
    EXPECT_EQ (sent["to"], "Ben");
    EXPECT_EQ (sent["track_id"], id);
    EXPECT_TRUE (recentTime (sent, "created_at"));

    const auto inbox = runJson (ben.apiAddress(), "inbox --json");
    ASSERT_TRUE (parsed (inbox));
    EXPECT_EQ (inbox.document["unread"], 1);
    EXPECT_EQ (inbox.document["total"], 1);
    ASSERT_EQ (inbox.document["passes"].size(), 1u) << inbox.out;
    const auto& pass = inbox.document["passes"][0];
    EXPECT_EQ (pass["pass_id"], passId);
    EXPECT_EQ (pass["from"], "Ana");
    EXPECT_EQ (pass["sender_name"], "Ana");
    EXPECT_EQ (pass["note"], "for the \"ride\" home");
    EXPECT_FALSE (pass["read"].get<bool>());
    EXPECT_EQ (pass["manifest"]["track_id"], id);
    EXPECT_TRUE (recentTime (pass, "received_at"));

    EXPECT_EQ (ben.client().reportListening (id, 16s).size(), 1u);
    ASSERT_TRUE (eventually ([&]
                             { return ana.client().points().first == 10; },
                             30s));
    const auto points = runJson (ana.apiAddress(), "points --json");
    ASSERT_TRUE (parsed (points));
    EXPECT_EQ (points.document["balance"], 10);
    ASSERT_EQ (points.document["entries"].size(), 1u) << points.out;
    EXPECT_EQ (points.document["entries"][0]["points"], 10);
    EXPECT_EQ (points.document["entries"][0]["pass_id"], passId);
    EXPECT_TRUE (recentTime (points.document["entries"][0], "at"));

    // Errors: nothing on standard output, the reason on standard error, a non-zero exit.
    const auto missing = runJson (ana.apiAddress(), "status 0123abcd --json");
    EXPECT_EQ (missing.exitCode, 1);
    EXPECT_EQ (missing.out, "");
    EXPECT_NE (missing.err.find ("earshot: no track with id 0123abcd"), std::string::npos) << missing.err;
    const auto nobody = runJson ("unix:" + (root.path() / "nobody.sock").string(), "list --json");
    EXPECT_EQ (nobody.exitCode, 3);
    EXPECT_EQ (nobody.out, "");
    EXPECT_NE (nobody.err.find ("not running"), std::string::npos) << nobody.err;
    // A live view is not one document: --watch and --json do not go together.
    const auto watching = runJson (ben.apiAddress(), "inbox --watch --json");
    EXPECT_NE (watching.exitCode, 0);
    EXPECT_EQ (watching.out, "");
}

TEST (CliJson, FollowingTourDatesNewsHubAndProfilePrintOneDocumentEach)
{
    TemporaryDirectory root ("earshot-cli-json-news");
    ArtistAndFan daemons (root.path());
    auto& artist = daemons.artist;
    auto& fan = daemons.fan;

    const auto none = runJson (fan.apiAddress(), "following --json");
    ASSERT_TRUE (parsed (none));
    EXPECT_TRUE (none.document["artists"].is_array() && none.document["artists"].empty()) << none.out;

    ASSERT_EQ (fan.client().follow (daemons.artistKey).second, true);
    ASSERT_EQ (runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + fan.apiAddress() + " news --home-city Lisbon").exitCode, 0);
    (void) artist.client().publish ({ testMedia ("excerpt.flac").string() });
    const auto lisbonDate = dateFromToday (60);
    const auto postId = artist.client().addTourDate ({ lisbonDate, "Lisbon", "Musicbox", "https://musicbox.example" });

    const auto tour = runJson (artist.apiAddress(), "tour list --json");
    ASSERT_TRUE (parsed (tour));
    ASSERT_EQ (tour.document["dates"].size(), 1u) << tour.out;
    EXPECT_EQ (tour.document["dates"][0]["post_id"], postId);
    EXPECT_EQ (tour.document["dates"][0]["date"]["date"], lisbonDate);
    EXPECT_EQ (tour.document["dates"][0]["date"]["city"], "Lisbon");
    EXPECT_EQ (tour.document["dates"][0]["date"]["venue"], "Musicbox");
    EXPECT_EQ (tour.document["dates"][0]["date"]["link"], "https://musicbox.example");
    EXPECT_TRUE (recentTime (tour.document["dates"][0], "posted_at"));

    ASSERT_TRUE (eventually ([&]
                             {
        const auto news = fan.client().news();
        return news.releases.size() == 1 && news.tourDates.size() == 1; },
                             60s))
        << fan.log();
    const auto news = runJson (fan.apiAddress(), "news --json");
    ASSERT_TRUE (parsed (news));
    EXPECT_EQ (news.document["home_city"], "Lisbon");
    EXPECT_GT (news.document["last_id"].get<std::int64_t>(), 0);
    ASSERT_EQ (news.document["releases"].size(), 1u) << news.out;
    const auto& release = news.document["releases"][0];
    EXPECT_EQ (release["artist_key"], daemons.artistKey);
    EXPECT_EQ (release["post"]["artist_name"], "Lua Fria");
    EXPECT_EQ (release["post"]["release"]["title"], fan.client().news().releases[0].title);
    ASSERT_EQ (release["post"]["release"]["tracks"].size(), 1u);
    EXPECT_EQ (release["post"]["release"]["tracks"][0]["format"], "flac");
    EXPECT_TRUE (release["source"] == "hub" || release["source"] == "dht") << release.dump();
    EXPECT_TRUE (recentTime (release, "received_at"));
    EXPECT_TRUE (recentTime (release["post"], "posted_at"));
    ASSERT_EQ (news.document["tour_dates"].size(), 1u) << news.out;
    const auto& show = news.document["tour_dates"][0];
    EXPECT_EQ (show["post"]["post_id"], postId);
    EXPECT_EQ (show["post"]["tour_date"]["city"], "Lisbon");
    EXPECT_TRUE (show["in_home_city"].get<bool>());
    EXPECT_FALSE (show["cancelled"].get<bool>());

    const auto following = runJson (fan.apiAddress(), "following --json");
    ASSERT_TRUE (parsed (following));
    ASSERT_EQ (following.document["artists"].size(), 1u);
    EXPECT_EQ (following.document["artists"][0]["artist_key"], daemons.artistKey);
    EXPECT_EQ (following.document["artists"][0]["name"], "Lua Fria");
    EXPECT_TRUE (recentTime (following.document["artists"][0], "followed_at"));
    EXPECT_TRUE (recentTime (following.document["artists"][0], "last_news"));

    // The news is --json or --watch, not both.
    const auto watching = runJson (fan.apiAddress(), "news --watch --json");
    EXPECT_NE (watching.exitCode, 0);
    EXPECT_EQ (watching.out, "");

    const auto hub = runJson (artist.apiAddress(), "hub show --json");
    ASSERT_TRUE (parsed (hub));
    EXPECT_EQ (hub.document["address"], daemons.hub.address());
    EXPECT_TRUE (hub.document["reachable"].get<bool>()) << hub.out;
    EXPECT_EQ (hub.document["last_error"], "");
    EXPECT_GT (hub.document["messages_delivered"].get<std::uint64_t>(), 0u);
    EXPECT_TRUE (recentTime (hub.document, "last_contact"));

    const auto profile = runJson (artist.apiAddress(), "profile show --json");
    ASSERT_TRUE (parsed (profile));
    EXPECT_EQ (profile.document["artist_key"], daemons.artistKey);
    EXPECT_TRUE (profile.document["profile"]["links"].is_array());
    EXPECT_TRUE (profile.document["profile"].contains ("home_city"));

    // profile set reports the profile as it now stands.
    const auto set = runJson (artist.apiAddress(), "profile set --city Porto --link https://lua.example --json");
    ASSERT_TRUE (parsed (set));
    EXPECT_EQ (set.document["profile"]["home_city"], "Porto");
    EXPECT_EQ (set.document["profile"]["links"], json::array ({ "https://lua.example" }));
}

TEST_F (DiscoveryTest, ChartsArtistPagesAndSearchPrintOneDocumentEach)
{
    const auto [dawn, tide] = releaseTwoTracks();
    const auto api = daemon->apiAddress();
    const auto artistKey = toHex (keyBytes (artist->identity.publicKey()));

    const auto charts = runJson (api, "charts --period all --json");
    ASSERT_TRUE (parsed (charts));
    EXPECT_EQ (charts.document["period"], "all");
    ASSERT_EQ (charts.document["tracks"].size(), 2u) << charts.out;
    EXPECT_EQ (charts.document["tracks"][0]["track_id"], dawn);
    EXPECT_EQ (charts.document["tracks"][0]["rank"], 1);
    EXPECT_EQ (charts.document["tracks"][0]["listeners"], 3);
    EXPECT_EQ (charts.document["tracks"][0]["artist_key"], artistKey);
    EXPECT_EQ (charts.document["tracks"][0]["artist_name"], "Lua Fria");
    EXPECT_EQ (charts.document["tracks"][0]["manifest"]["metadata"]["title"], "Dawn Wire");
    EXPECT_EQ (charts.document["tracks"][0]["manifest"]["metadata"]["genre"], "ambient");
    EXPECT_EQ (charts.document["tracks"][1]["track_id"], tide);
    EXPECT_EQ (charts.document["tracks"][1]["rank"], 2);
    EXPECT_GT (charts.document["tracks"][0]["score"].get<double>(), charts.document["tracks"][1]["score"].get<double>());

    const auto ambient = runJson (api, "charts --genre ambient --json");
    ASSERT_TRUE (parsed (ambient));
    EXPECT_EQ (ambient.document["genre"], "ambient");
    ASSERT_EQ (ambient.document["tracks"].size(), 1u);
    EXPECT_EQ (ambient.document["tracks"][0]["track_id"], dawn);

    const auto page = runJson (api, "artist \"Lua Fria\" --days 3 --json");
    ASSERT_TRUE (parsed (page));
    EXPECT_EQ (page.document["artist_key"], artistKey);
    EXPECT_EQ (page.document["profile"]["name"], "Lua Fria");
    EXPECT_EQ (page.document["listens"], 4);
    EXPECT_EQ (page.document["listeners"], 3);
    EXPECT_EQ (page.document["tracks"].size(), 2u);
    EXPECT_EQ (page.document["tracks"][0]["track"]["artist_key"], artistKey);
    ASSERT_EQ (page.document["daily"].size(), 3u) << page.out;
    const auto today = std::chrono::floor<std::chrono::days> (std::chrono::system_clock::now()).time_since_epoch().count();
    EXPECT_EQ (page.document["daily"][2]["day"], today);
    EXPECT_EQ (page.document["daily"][2]["date"], dateFromToday (0));
    EXPECT_EQ (page.document["daily"][2]["listens"], 4);

    const auto found = runJson (api, "search tide --json");
    ASSERT_TRUE (parsed (found));
    EXPECT_EQ (found.document["total"], 1);
    EXPECT_EQ (found.document["page"], 1);
    EXPECT_EQ (found.document["offset"], 0);
    ASSERT_EQ (found.document["tracks"].size(), 1u);
    EXPECT_EQ (found.document["tracks"][0]["track_id"], tide);
    EXPECT_EQ (found.document["tracks"][0]["rank"], 0);

    const auto secondPage = runJson (api, "search tide --page 2 --json");
    ASSERT_TRUE (parsed (secondPage));
    EXPECT_EQ (secondPage.document["total"], 1);
    EXPECT_EQ (secondPage.document["offset"], 25);
    EXPECT_TRUE (secondPage.document["tracks"].empty());

    // A bad filter: the reason on standard error, nothing on standard output.
    const auto badBpm = runJson (api, "search --bpm fast --json");
    EXPECT_EQ (badBpm.exitCode, 1);
    EXPECT_EQ (badBpm.out, "");
    EXPECT_NE (badBpm.err.find ("--bpm: 'fast' is not a tempo range"), std::string::npos) << badBpm.err;
}
