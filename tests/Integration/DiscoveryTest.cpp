// Charts, artist pages and search asked through a real earshotd of a real earshot-hub (SQLite),
// with releases and listens signed by real daemon identities and sent to the hub directly.

#include "Core/Error.h"
#include "DiscoveryFixture.h"

#include "Core/Hex.h"
#include "Core/PublicKey.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    using google::protobuf::util::MessageDifferencer;

    /** Asks the same question of the hub and of the daemon; both answers and statuses. */
    template <typename Response, typename Request, typename HubCall, typename DaemonCall>
    void expectSameAnswer (const Request& request, HubCall askHub, DaemonCall askDaemon)
    {
        Response fromHub;
        Response fromDaemon;
        grpc::ClientContext hubContext;
        grpc::ClientContext daemonContext;
        const auto hubStatus = askHub (&hubContext, request, &fromHub);
        const auto daemonStatus = askDaemon (&daemonContext, request, &fromDaemon);
        EXPECT_EQ (daemonStatus.error_code(), hubStatus.error_code()) << daemonStatus.error_message();
        EXPECT_EQ (daemonStatus.error_message(), hubStatus.error_message());
        EXPECT_TRUE (MessageDifferencer::Equals (fromDaemon, fromHub)) << "daemon:\n"
                                                                       << fromDaemon.DebugString() << "hub:\n"
                                                                       << fromHub.DebugString();
    }
} // namespace

TEST_F (DiscoveryTest, ChartsArtistPagesAndSearchAreTheHubsOwn)
{
    const auto [dawn, tide] = releaseTwoTracks();
    auto& daemonApi = discovery();
    auto& hubApi = hub->api();

    for (const auto period : { v1::CHART_PERIOD_DAY, v1::CHART_PERIOD_WEEK, v1::CHART_PERIOD_ALL_TIME })
        for (const std::string genre : { "", "ambient", "nothing-tagged-so" })
        {
            v1::GetChartRequest request;
            request.set_period (period);
            request.set_genre (genre);
            expectSameAnswer<v1::GetChartResponse> (
                request, [&] (auto... a)
                { return hubApi.GetChart (a...); },
                [&] (auto... a)
                { return daemonApi.GetChart (a...); });
        }

    v1::GetChartRequest chart;
    v1::GetChartResponse rows;
    grpc::ClientContext context;
    ASSERT_TRUE (daemonApi.GetChart (&context, chart, &rows).ok());
    ASSERT_EQ (rows.tracks_size(), 2);
    EXPECT_EQ (rows.tracks (0).track_id(), dawn); // three listeners against one
    EXPECT_EQ (rows.tracks (0).listeners(), 3u);

    v1::GetArtistRequest byName;
    byName.set_name ("lua fria");
    v1::GetArtistRequest byKey;
    byKey.set_artist_key (keyBytes (artist->identity.publicKey()));
    byKey.set_days (7);
    v1::GetArtistRequest nobody;
    nobody.set_name ("Nobody Here");
    for (const auto& request : { byName, byKey, nobody })
        expectSameAnswer<v1::GetArtistResponse> (
            request, [&] (auto... a)
            { return hubApi.GetArtist (a...); },
            [&] (auto... a)
            { return daemonApi.GetArtist (a...); });

    v1::SearchRequest words;
    words.set_text ("tide");
    v1::SearchRequest filters;
    filters.set_genre ("techno");
    filters.set_limit (1);
    v1::SearchRequest tooMany;
    tooMany.set_limit (1000);
    for (const auto& request : { words, filters, tooMany })
        expectSameAnswer<v1::SearchResponse> (
            request, [&] (auto... a)
            { return hubApi.Search (a...); },
            [&] (auto... a)
            { return daemonApi.Search (a...); });

    // What the client library makes of it, as the CLI and the app see it.
    ClientSearchRequest tideWords;
    tideWords.text = "tide";
    const auto found = daemon->client().search (tideWords);
    ASSERT_EQ (found.tracks.size(), 1u);
    EXPECT_EQ (found.tracks[0].trackId, tide);
    EXPECT_EQ (found.total, 1u);
    EXPECT_EQ (daemon->client().artist ("Lua Fria").tracks.size(), 2u);
    EXPECT_FALSE (daemon->client().cover (dawn).has_value()); // released without one
}

TEST_F (DiscoveryTest, ADownHubIsNamedAndOneBackAnswers)
{
    releaseTwoTracks();
    ASSERT_EQ (daemon->client().chart ({}).size(), 2u);

    hub.reset();
    try
    {
        (void) daemon->client().chart ({});
        FAIL() << "a chart without a hub";
    }
    catch (const Error& error)
    {
        EXPECT_EQ (error.code(), ErrorCode::unavailable);
        EXPECT_NE (std::string (error.what()).find ("the hub at " + hubAddress()), std::string::npos) << error.what();
    }

    startHub();
    // The daemon's channel tries the hub again within seconds of its coming back.
    std::size_t rows = 0;
    EXPECT_TRUE (eventually ([&]
                             {
        try
        {
            rows = daemon->client().chart ({}).size();
            return true;
        }
        catch (const Error&)
        {
            return false;
        } },
                             std::chrono::seconds (30)));
    EXPECT_EQ (rows, 2u);
}

TEST (DiscoveryWithoutHubTest, SaysHowToSetOne)
{
    TemporaryDirectory folder;
    DaemonProcess daemon (folder.path() / "daemon");
    daemon.start();
    for (const auto& ask : std::vector<std::function<void()>> { [&]
                                                                { (void) daemon.client().chart ({}); },
                                                                [&]
                                                                { (void) daemon.client().artist ("Lua Fria"); },
                                                                [&]
                                                                { (void) daemon.client().search (ClientSearchRequest {}); },
                                                                [&]
                                                                { (void) daemon.client().cover ("00"); } })
    {
        try
        {
            ask();
            ADD_FAILURE() << "answered without a hub";
        }
        catch (const Error& error)
        {
            EXPECT_EQ (error.code(), ErrorCode::failedPrecondition);
            EXPECT_STREQ (error.what(), "no hub is set: earshot hub set HOST:PORT");
        }
    }
}

namespace
{
    CommandResult runCli (const std::string& api, const std::string& arguments)
    {
        return runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + api + " " + arguments + " 2>&1");
    }
} // namespace

TEST_F (DiscoveryTest, TheCommandLinePrintsChartsArtistPagesAndSearches)
{
    using ::testing::HasSubstr;
    const auto [dawn, tide] = releaseTwoTracks();
    const auto api = daemon->apiAddress();

    const auto charts = runCli (api, "charts --period all");
    ASSERT_EQ (charts.exitCode, 0) << charts.output;
    EXPECT_THAT (charts.output, HasSubstr ("rank  title"));
    const auto firstRow = charts.output.substr (charts.output.find ('\n') + 1);
    EXPECT_EQ (firstRow.rfind ("   1  Dawn Wire", 0), 0u) << charts.output;
    EXPECT_THAT (firstRow.substr (0, firstRow.find ('\n')), HasSubstr (dawn)) << "each row names its track id";
    EXPECT_THAT (charts.output, HasSubstr ("   2  Low Tide"));

    const auto ambient = runCli (api, "charts --genre ambient --limit 5");
    ASSERT_EQ (ambient.exitCode, 0) << ambient.output;
    EXPECT_THAT (ambient.output, HasSubstr ("Dawn Wire"));
    EXPECT_EQ (ambient.output.find ("Low Tide"), std::string::npos);

    const auto page = runCli (api, "artist \"Lua Fria\" --days 3");
    ASSERT_EQ (page.exitCode, 0) << page.output;
    EXPECT_THAT (page.output, HasSubstr ("key " + toHex (keyBytes (artist->identity.publicKey()))));
    EXPECT_THAT (page.output, HasSubstr ("listens 4  listeners 3"));
    EXPECT_THAT (page.output, HasSubstr (tide));
    EXPECT_THAT (page.output, HasSubstr ("#")) << "today's bar";

    const auto found = runCli (api, "search tide --duration 1s-10m");
    ASSERT_EQ (found.exitCode, 0) << found.output;
    EXPECT_THAT (found.output, HasSubstr ("Low Tide"));
    EXPECT_THAT (found.output, HasSubstr (tide));
    EXPECT_THAT (found.output, HasSubstr ("1 to 1 of 1 matches (page 1)"));

    const auto none = runCli (api, "search tide --page 2");
    EXPECT_THAT (none.output, HasSubstr ("of 1 matches (page 2)"));

    const auto badBpm = runCli (api, "search --bpm fast");
    EXPECT_EQ (badBpm.exitCode, 1);
    EXPECT_THAT (badBpm.output, HasSubstr ("--bpm: 'fast' is not a tempo range"));

    const auto nobody = runCli (api, "artist Nobody");
    EXPECT_EQ (nobody.exitCode, 1);
    EXPECT_THAT (nobody.output, HasSubstr ("Nobody"));
}
