// earshot-hub as users meet it: a real hub process on loopback, on SQLite and on a throwaway
// PostgreSQL cluster, taking messages signed with daemons' real Ed25519 identities.

#include "Core/ChartScore.h"
#include "Core/PassRules.h"
#include "Daemon/Identity.h"
#include "Daemon/TagReader.h"
#include "HubProcessFixture.h"
#include "ProtoConvert.h"
#include "Support/DaemonProcess.h"
#include "Support/HubMessages.h"
#include "Support/HubProcess.h"
#include "Swarm/TrackTorrent.h"
#include "earshot/v1/hub.grpc.pb.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <sstream>
#include <thread>

namespace earshot::test
{
    namespace
    {
        using Daemon = testing::SigningDaemon;
        using testing::hubNowMs;
    } // namespace

    /** A hub on each backend, an artist and eight listeners. */
    class HubServiceTest : public HubProcessTest
    {
    protected:
        void SetUp() override
        {
            HubProcessTest::SetUp();
            for (int i = 0; i < 8; ++i)
                listeners.push_back (std::make_unique<Daemon> (folder / ("listener-" + std::to_string (i))));
        }

        static TrackManifest manifestOf (const std::string& media, const std::string& title, const std::string& genre)
        {
            return testing::hubManifestOf (media, title, genre);
        }

        grpc::Status submit (const v1::SignedHubMessage& message, bool* counted = nullptr)
        {
            return testing::submitToHub (hub->api(), message, counted);
        }

        std::string release (const Daemon& by, const TrackManifest& manifest)
        {
            const auto status = testing::releaseOnHub (hub->api(), by, manifest, "Lua Fria");
            EXPECT_TRUE (status.ok()) << status.error_message();
            return trackIdOf (manifest);
        }

        bool listen (const Daemon& listener, const std::string& trackId)
        {
            bool counted = false;
            EXPECT_TRUE (testing::listenOnHub (hub->api(), listener, trackId, &counted).ok());
            return counted;
        }

        /** The receipt `listener` signed for a pass of trackId from `sender`, reported by the sender. */
        grpc::Status passLanded (const Daemon& sender, const Daemon& listener, const std::string& trackId)
        {
            return submit (sender.seal (testing::passLandedMessage (sender, listener, trackId)));
        }

        v1::GetChartResponse chart (v1::ChartPeriod period, const std::string& genre = {})
        {
            grpc::ClientContext context;
            v1::GetChartRequest request;
            request.set_period (period);
            request.set_genre (genre);
            v1::GetChartResponse response;
            EXPECT_TRUE (hub->api().GetChart (&context, request, &response).ok());
            return response;
        }

        std::vector<std::unique_ptr<Daemon>> listeners;
    };

    TEST_P (HubServiceTest, ChartsAndTheArtistPageEqualAHandComputationOfTheReports)
    {
        const auto dawn = release (*artist, manifestOf ("excerpt.flac", "Dawn Wire", "ambient"));
        const auto tide = release (*artist, manifestOf ("excerpt.ogg", "Low Tide", "techno"));

        // Eight listen to Dawn Wire, three of them to Low Tide too; one passed Low Tide to another.
        for (const auto& listener : listeners)
            EXPECT_TRUE (listen (*listener, dawn));
        for (int i = 0; i < 3; ++i)
            EXPECT_TRUE (listen (*listeners[i], tide));
        ASSERT_TRUE (passLanded (*listeners[0], *listeners[1], tide).ok());

        const ChartWeights weights;
        const auto day = chart (v1::CHART_PERIOD_DAY);
        ASSERT_EQ (day.tracks_size(), 2);
        EXPECT_EQ (day.tracks (0).track_id(), dawn);
        EXPECT_EQ (day.tracks (0).listeners(), 8u);
        EXPECT_DOUBLE_EQ (day.tracks (0).score(), 8 * weights.listenWeight);
        EXPECT_EQ (day.tracks (1).track_id(), tide);
        EXPECT_EQ (day.tracks (1).listeners(), 3u);
        EXPECT_EQ (day.tracks (1).passes(), 1u);
        EXPECT_DOUBLE_EQ (day.tracks (1).score(), 3 * weights.listenWeight + 1 * weights.passWeight);
        EXPECT_EQ (day.tracks (1).rank(), 2u);
        // A row carries the manifest a player fetches the track with.
        EXPECT_EQ (trackIdOf (fromProto (day.tracks (0).manifest())), dawn);

        const auto techno = chart (v1::CHART_PERIOD_ALL_TIME, "techno");
        ASSERT_EQ (techno.tracks_size(), 1);
        EXPECT_EQ (techno.tracks (0).track_id(), tide);

        grpc::ClientContext context;
        v1::GetArtistRequest byName;
        byName.set_name ("lua fria");
        byName.set_days (7);
        v1::GetArtistResponse page;
        ASSERT_TRUE (hub->api().GetArtist (&context, byName, &page).ok());
        EXPECT_EQ (page.artist_key(), keyBytes (artist->identity.publicKey()));
        EXPECT_EQ (page.listens(), 11u);
        EXPECT_EQ (page.listeners(), 8u);
        EXPECT_EQ (page.passes(), 1u);
        EXPECT_EQ (page.fan_points(), static_cast<std::uint64_t> (passRules::directPoints));
        ASSERT_EQ (page.tracks_size(), 2);
        for (const auto& track : page.tracks())
            EXPECT_EQ (track.overall_rank(), track.track().track_id() == dawn ? 1u : 2u);
        ASSERT_EQ (page.daily_size(), 7);
        EXPECT_EQ (page.daily (6).day(), chartScore::dayOf (hubNowMs()));
        EXPECT_EQ (page.daily (6).listens(), 11u);
        EXPECT_EQ (page.daily (6).passes(), 1u);
        EXPECT_EQ (page.daily (0).listens(), 0u);
    }

    TEST_P (HubServiceTest, ForgedReleasesAndStuffedListensMoveNoChart)
    {
        const auto dawn = release (*artist, manifestOf ("excerpt.flac", "Dawn Wire", "ambient"));
        ASSERT_TRUE (listen (*listeners[0], dawn));
        const auto before = chart (v1::CHART_PERIOD_DAY).SerializeAsString();

        // A listener replaying all day, and the artist listening to their own track.
        for (int i = 0; i < 20; ++i)
            EXPECT_FALSE (listen (*listeners[0], dawn));
        EXPECT_FALSE (listen (*artist, dawn));

        // A message whose signature is not its signer's, and a release of the track by another key.
        v1::HubMessage message;
        message.mutable_listen()->set_track_id (dawn);
        message.mutable_listen()->set_listened_ms (60'000);
        auto forged = listeners[1]->seal (message);
        forged.set_signer_key (keyBytes (listeners[2]->identity.publicKey()));
        EXPECT_EQ (submit (forged).error_code(), grpc::StatusCode::PERMISSION_DENIED);

        v1::HubMessage claim;
        toProto (manifestOf ("excerpt.flac", "Mine Now", "ambient"), *claim.mutable_release()->mutable_manifest());
        claim.mutable_release()->set_artist_name ("Impostor");
        const auto refused = submit (listeners[3]->seal (claim));
        EXPECT_EQ (refused.error_code(), grpc::StatusCode::PERMISSION_DENIED) << refused.error_message();

        // A receipt the reporter signed for itself.
        EXPECT_EQ (passLanded (*listeners[4], *listeners[4], dawn).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

        EXPECT_EQ (chart (v1::CHART_PERIOD_DAY).SerializeAsString(), before);
    }

    TEST_P (HubServiceTest, FreshKeysFromOneMachineAddNoMoreThanTheNetworksDailySeats)
    {
        const auto dawn = release (*artist, manifestOf ("excerpt.flac", "Dawn Wire", "ambient"));

        // Every report here comes from 127.0.0.1: one network, 20 seats a day by default. A stuffer
        // minting a key per listen gets the seats the eight listeners left, and no more.
        for (const auto& listener : listeners)
            ASSERT_TRUE (listen (*listener, dawn));
        int counted = 0;
        for (int i = 0; i < 20; ++i)
            counted += listen (Daemon (folder / ("fresh-" + std::to_string (i))), dawn) ? 1 : 0;
        EXPECT_EQ (counted, 20 - static_cast<int> (listeners.size()));

        const auto day = chart (v1::CHART_PERIOD_DAY);
        ASSERT_EQ (day.tracks_size(), 1);
        EXPECT_EQ (day.tracks (0).listeners(), 20u);
        // The eight who took their seats first still count, as they did.
        EXPECT_FALSE (listen (*listeners[0], dawn)) << "a repeat, not a new listener";
        EXPECT_EQ (chart (v1::CHART_PERIOD_DAY).tracks (0).listeners(), 20u);
    }

    TEST_P (HubServiceTest, SearchTakesAnyTextLiterallyAndPages)
    {
        release (*artist, manifestOf ("excerpt.flac", "Dawn Wire", "ambient"));
        release (*artist, manifestOf ("excerpt.ogg", "Dawn Chorus", "ambient"));
        release (*artist, manifestOf ("excerpt.mp3", "Night Bus", "techno"));

        const auto search = [this] (const std::string& text, std::uint32_t limit = 0)
        {
            grpc::ClientContext context;
            v1::SearchRequest request;
            request.set_text (text);
            request.set_limit (limit);
            v1::SearchResponse response;
            const auto status = hub->api().Search (&context, request, &response);
            EXPECT_TRUE (status.ok()) << text << ": " << status.error_message();
            return response;
        };
        EXPECT_EQ (search ("dawn").total(), 2u);
        EXPECT_EQ (search ("dawn", 1).tracks_size(), 1);
        EXPECT_EQ (search ("lua fria night").total(), 1u);
        for (const auto* hostile : { "\"", "*", "NEAR(", "dawn\" OR \"x", "(((", "AND", "-", "'; DROP TABLE hub_releases; --" })
            (void) search (hostile);
        EXPECT_EQ (search ("dawn").total(), 2u);
    }

    TEST_P (HubServiceTest, APostgresHubIsUnavailableWhileItsDatabaseIsDownAndRecoversByItself)
    {
        if (GetParam() != Backend::postgres)
            GTEST_SKIP() << "a SQLite hub has no server to lose";
        const auto dawn = release (*artist, manifestOf ("excerpt.flac", "Dawn Wire", "ambient"));

        cluster().stop();
        grpc::ClientContext context;
        v1::GetChartRequest request;
        v1::GetChartResponse response;
        const auto down = hub->api().GetChart (&context, request, &response);
        EXPECT_EQ (down.error_code(), grpc::StatusCode::UNAVAILABLE) << down.error_message();

        cluster().start();
        EXPECT_TRUE (listen (*listeners[0], dawn));
        EXPECT_EQ (chart (v1::CHART_PERIOD_DAY).tracks_size(), 1);
    }

    INSTANTIATE_TEST_SUITE_P (Backends, HubServiceTest, ::testing::Values (Backend::sqlite, Backend::postgres), backendName);
} // namespace earshot::test
