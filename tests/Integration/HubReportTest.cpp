// Daemons reporting to a real earshot-hub: what a daemon publishes shows on the hub under its key,
// the profile set with the command line appears, and a hub that is down while a daemon publishes
// and hears music loses nothing across the daemon's restart, and gets everything once.

#include "Support/DaemonProcess.h"
#include "Support/HubProcess.h"
#include "Support/PostgresCluster.h"

#include "Core/Hex.h"
#include "Core/PublicKey.h"
#include "Daemon/Identity.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <set>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    CommandResult runCli (const std::string& api, const std::string& arguments)
    {
        return runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + api + " " + arguments + " 2>&1");
    }

    /** The hub's page of an artist, or nothing when the hub does not know them (yet). */
    std::optional<v1::GetArtistResponse> artistPage (HubProcess& hub, const PublicKey& artist)
    {
        grpc::ClientContext context;
        context.set_deadline (std::chrono::system_clock::now() + 10s);
        v1::GetArtistRequest request;
        request.set_artist_key (keyBytes (artist));
        v1::GetArtistResponse response;
        if (! hub.api().GetArtist (&context, request, &response).ok())
            return std::nullopt;
        return response;
    }

    std::set<std::string> trackIdsOf (const v1::GetArtistResponse& page)
    {
        std::set<std::string> ids;
        for (const auto& each : page.tracks())
            ids.insert (each.track().track_id());
        return ids;
    }

    class HubReportTest : public ::testing::Test
    {
    protected:
        void hubComesBackAfterRestarts (const std::string& hubDatabase);

        TemporaryDirectory root { "earshot-hub-report" };
    };
} // namespace

TEST_F (HubReportTest, APublishedAlbumAndTheProfileShowOnTheHubUnderTheDaemonsKey)
{
    HubProcess hub ((root.path() / "hub.sqlite3").string(), root.path() / "hub.log");
    DaemonProcess ana { root.path() / "ana", { "--name", "Ana", "--hub", hub.address() } };
    ana.start();
    const auto key = Identity::loadOrCreate (root.path() / "ana").publicKey();

    std::set<std::string> published;
    for (const auto& track : ana.client().publish ({ demoAlbum ("ogg").string() }))
        published.insert (track.id);
    ASSERT_EQ (published.size(), 3u);

    const auto set = runCli (ana.apiAddress(), "profile set --name 'Ana Lua' --bio 'Songs from the river' --city Lisbon --link https://ana.example/music");
    ASSERT_EQ (set.exitCode, 0) << set.output;
    EXPECT_NE (set.output.find (toHex (key)), std::string::npos) << "profile set shows the key the hub knows the artist by: " << set.output;

    std::optional<v1::GetArtistResponse> page;
    ASSERT_TRUE (eventually ([&]
                             {
        page = artistPage (hub, key);
        return page && page->profile().name() == "Ana Lua" && trackIdsOf (*page) == published; },
                             30s))
        << "the hub has " << (page ? page->DebugString() : std::string ("no page")) << "\n"
        << ana.log();

    EXPECT_EQ (page->profile().bio(), "Songs from the river");
    EXPECT_EQ (page->profile().home_city(), "Lisbon");
    ASSERT_EQ (page->profile().links_size(), 1);
    EXPECT_EQ (page->profile().links (0), "https://ana.example/music");
    for (const auto& each : page->tracks())
    {
        EXPECT_EQ (each.track().artist_key(), keyBytes (key));
        // Published before any profile was set: the artist is the one the tracks' tags name.
        EXPECT_EQ (each.track().artist_name(), "The Earshot Ensemble");
    }

    const auto shown = runCli (ana.apiAddress(), "hub show");
    ASSERT_EQ (shown.exitCode, 0) << shown.output;
    EXPECT_NE (shown.output.find (hub.address() + " (answers)"), std::string::npos) << shown.output;
    EXPECT_NE (shown.output.find ("waiting   0 message(s)"), std::string::npos) << shown.output;

    // What the hub would refuse is refused at once, naming it.
    const auto badLink = runCli (ana.apiAddress(), "profile set --link ftp://ana.example");
    EXPECT_NE (badLink.exitCode, 0);
    EXPECT_NE (badLink.output.find ("ftp://ana.example"), std::string::npos) << badLink.output;
    const auto badHub = runCli (ana.apiAddress(), "hub set hub.example.org");
    EXPECT_NE (badHub.exitCode, 0);
    EXPECT_NE (badHub.output.find ("HOST:PORT"), std::string::npos) << badHub.output;
    EXPECT_EQ (ana.client().hub().address, hub.address()) << "a refused address changes nothing";
}

TEST_F (HubReportTest, ANewHubGetsEveryTrackPublishedBeforeAndTheProfile)
{
    HubProcess first ((root.path() / "first.sqlite3").string(), root.path() / "first.log");
    HubProcess second ((root.path() / "second.sqlite3").string(), root.path() / "second.log");
    DaemonProcess ana { root.path() / "ana", { "--name", "Ana" } };
    ana.start();
    const auto key = Identity::loadOrCreate (root.path() / "ana").publicKey();
    const auto track = ana.client().publish ({ testMedia ("excerpt.ogg").string() }).front();
    ana.client().setProfile ({ "Ana Lua", "", "", {} });
    EXPECT_GE (ana.client().hub().messagesWaiting, 2u) << "without a hub, the release and the profile wait";

    for (auto* hub : { &first, &second })
    {
        const auto set = runCli (ana.apiAddress(), "hub set " + hub->address());
        ASSERT_EQ (set.exitCode, 0) << set.output;
        std::optional<v1::GetArtistResponse> page;
        EXPECT_TRUE (eventually ([&]
                                 {
            page = artistPage (*hub, key);
            return page && page->profile().name() == "Ana Lua" && trackIdsOf (*page) == std::set<std::string> { track.id }; },
                                 30s))
            << hub->address() << " has " << (page ? page->DebugString() : std::string ("no page"));
    }

    const auto cleared = runCli (ana.apiAddress(), "hub set none");
    ASSERT_EQ (cleared.exitCode, 0) << cleared.output;
    EXPECT_NE (cleared.output.find ("hub       none"), std::string::npos) << cleared.output;
    EXPECT_EQ (ana.client().hub().address, "");
}

TEST_F (HubReportTest, AReleaseTheHubRefusesForGoodIsDroppedAndGetHubSaysWhy)
{
    HubProcess hub ((root.path() / "hub.sqlite3").string(), root.path() / "hub.log");
    DaemonProcess ana { root.path() / "ana", { "--name", "Ana", "--hub", hub.address() } };
    DaemonProcess bo { root.path() / "bo", { "--name", "Bo", "--hub", hub.address() } };
    ana.start();
    bo.start();
    const auto track = ana.client().publish ({ testMedia ("excerpt.ogg").string() }).front();
    ASSERT_TRUE (eventually ([&]
                             { return artistPage (hub, Identity::loadOrCreate (root.path() / "ana").publicKey()).has_value(); },
                             30s));

    // Bo publishes the same file: the same track, which the hub takes only from Ana's key.
    ASSERT_EQ (bo.client().publish ({ testMedia ("excerpt.ogg").string() }).front().id, track.id);
    HubLinkState link;
    ASSERT_TRUE (eventually ([&]
                             {
        link = bo.client().hub();
        return link.lastError.find ("refused release") != std::string::npos; },
                             30s))
        << bo.log();
    EXPECT_NE (link.lastError.find (track.id), std::string::npos) << link.lastError;
    EXPECT_TRUE (link.reachable) << "the hub answered; it refused the message";
    EXPECT_TRUE (eventually ([&]
                             { return bo.client().hub().messagesWaiting == 0; },
                             30s))
        << "a refused message is not tried again";
    EXPECT_NE (bo.log().find ("refused release"), std::string::npos) << "the log names the message";
}

/** Ana publishes and passes a track that Ben hears while their hub (on hubDatabase) is down; both
    restart; the hub comes back: everything arrives, once. */
void HubReportTest::hubComesBackAfterRestarts (const std::string& hubDatabase)
{
    const auto hubPort = freeLoopbackPort();
    const auto hubAddress = "127.0.0.1:" + std::to_string (hubPort);
    const int benFriendsPort = freeLoopbackPort();
    const std::vector<std::string> anaOptions { "--name", "Ana", "--bt-port", std::to_string (freeLoopbackPort()) };
    auto ana = std::make_unique<DaemonProcess> (root.path() / "ana", [&]
                                                {
        auto options = anaOptions;
        options.insert (options.end(), { "--hub", hubAddress });
        return options; }());
    DaemonProcess ben { root.path() / "ben", { "--name", "Ben", "--hub", hubAddress, "--friends-listen", "127.0.0.1:" + std::to_string (benFriendsPort) } };
    ana->start();
    ben.start();
    (void) ana->client().addFriend (ben.client().friendCode(), "Ben");
    (void) ben.client().addFriend (ana->client().friendCode(), "Ana");

    // Ana publishes and passes the track to Ben, who hears it past the threshold (15 s of a 30 s
    // track): the hub is to get her release, his listen, and the pass that landed.
    const auto track = ana->client().publish ({ testMedia ("excerpt.ogg").string() }).front();
    (void) ana->client().sendPass (track.id, "Ben", "for you");
    ASSERT_TRUE (eventually ([&]
                             { return ! ben.client().listInbox().first.empty(); },
                             30s))
        << ana->log();
    ASSERT_EQ (ben.client().reportListening (track.id, 20s).size(), 1u);
    ASSERT_TRUE (eventually ([&]
                             { return ana->client().points().first > 0; },
                             30s))
        << "the receipt reached Ana\n"
        << ana->log();

    HubLinkState anaLink;
    ASSERT_TRUE (eventually ([&]
                             {
        anaLink = ana->client().hub();
        return anaLink.messagesWaiting >= 2 && ! anaLink.lastError.empty(); },
                             30s))
        << "Ana's release and landed pass wait";
    EXPECT_FALSE (anaLink.reachable);
    EXPECT_NE (anaLink.lastError.find (hubAddress), std::string::npos) << anaLink.lastError;
    HubLinkState benLink;
    ASSERT_TRUE (eventually ([&]
                             {
        benLink = ben.client().hub();
        return benLink.messagesWaiting >= 1 && ! benLink.lastError.empty(); },
                             30s));
    EXPECT_NE (benLink.lastError.find (hubAddress), std::string::npos) << benLink.lastError;

    // Both daemons restart; Ana without --hub: the hub she was given is kept, and so is what waits.
    ASSERT_EQ (ana->stop(), 0);
    ASSERT_EQ (ben.stop(), 0);
    ana = std::make_unique<DaemonProcess> (root.path() / "ana", anaOptions);
    ana->start();
    ben.start();
    EXPECT_EQ (ana->client().hub().address, hubAddress);
    const auto anaWaiting = ana->client().hub().messagesWaiting;
    const auto benWaiting = ben.client().hub().messagesWaiting;
    EXPECT_GE (anaWaiting, 2u);
    EXPECT_GE (benWaiting, 1u);

    HubProcess hub (hubDatabase, root.path() / "hub.log", {}, hubPort);
    ASSERT_TRUE (eventually ([&]
                             { return ana->client().hub().messagesWaiting == 0 && ben.client().hub().messagesWaiting == 0; },
                             60s))
        << ana->log() << ben.log();
    anaLink = ana->client().hub();
    EXPECT_TRUE (anaLink.reachable);
    EXPECT_TRUE (anaLink.lastError.empty()) << anaLink.lastError;
    EXPECT_GT (anaLink.lastContactMs, 0);

    const auto anaKey = Identity::loadOrCreate (root.path() / "ana").publicKey();
    std::optional<v1::GetArtistResponse> page;
    ASSERT_TRUE (eventually ([&]
                             {
        page = artistPage (hub, anaKey);
        return page && page->listens() == 1 && page->passes() == 1; },
                             30s))
        << (page ? page->DebugString() : std::string ("no page"));
    ASSERT_EQ (page->tracks_size(), 1);
    EXPECT_EQ (page->tracks (0).track().track_id(), track.id);
    EXPECT_EQ (page->listeners(), 1u);
    EXPECT_EQ (page->fan_points(), 10u);

    // Everything arrived once: nothing is sent again after another restart.
    ASSERT_EQ (ben.stop(), 0);
    ben.start();
    EXPECT_EQ (ben.client().hub().messagesWaiting, 0u);
    page = artistPage (hub, anaKey);
    ASSERT_TRUE (page.has_value());
    EXPECT_EQ (page->listens(), 1u);
    EXPECT_EQ (page->passes(), 1u);
}

TEST_F (HubReportTest, WhatIsMadeWhileTheHubIsDownArrivesOnceAfterTheDaemonsRestartAndTheHubReturns)
{
    hubComesBackAfterRestarts ((root.path() / "hub.sqlite3").string());
}

TEST_F (HubReportTest, WhatIsMadeWhileAHubOnPostgresqlIsDownArrivesOnceAfterTheDaemonsRestartAndTheHubReturns)
{
    PostgresCluster cluster;
    hubComesBackAfterRestarts (cluster.createDatabase ("earshot_hub_report"));
}
