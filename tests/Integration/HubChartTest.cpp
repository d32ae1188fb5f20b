// One hub and eight daemons on loopback: two artists publish tracks in two genres, six listeners
// get them as passes from friends, listen past the threshold (or not), and keep seeding. Once every
// daemon has delivered its reports, the hub's charts and artist pages equal a hand computation of
// the same events with Core's chart formulas.

#include "Support/DaemonProcess.h"
#include "Support/HubProcess.h"

#include "Core/ChartScore.h"
#include "Core/PassRules.h"
#include "Core/PublicKey.h"
#include "Daemon/Identity.h"
#include "Daemon/WireValues.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    /** What the test did to one track, from which its figures on the hub follow. */
    struct TrackEvents
    {
        std::string artist;
        std::string genre;
        /** Daemons that listened past the threshold (one listen each). */
        std::set<std::string> listeners;
        /** Passes whose receipt came back to their sender. */
        int passesLanded = 0;
        /** Daemons that hold the whole track (its artist too). */
        std::set<std::string> seeders;
    };

    /** The score a track has on an all-time chart made today, of events that all happened today. */
    double expectedScore (const TrackEvents& events)
    {
        const ChartWeights weights;
        const auto today = chartScore::dayWeight (0, weights);
        ScoreInputs inputs;
        inputs.listeners = static_cast<double> (events.listeners.size()) * today;
        inputs.passes = events.passesLanded * today;
        inputs.seeders = static_cast<std::int64_t> (events.seeders.size());
        return chartScore::of (inputs, weights);
    }

    class HubChartTest : public ::testing::Test
    {
    protected:
        HubChartTest()
        {
            for (const auto& name : { "ana", "bo", "l1", "l2", "l3", "l4", "l5", "l6" })
            {
                auto& daemon = daemons[name];
                daemon = std::make_unique<DaemonProcess> (root.path() / name, std::vector<std::string> { "--name", name, "--hub", hub.address() });
                daemon->start();
            }
        }

        DaemonProcess& daemon (const std::string& name) { return *daemons.at (name); }

        void befriend (const std::string& one, const std::string& other)
        {
            (void) daemon (one).client().addFriend (daemon (other).client().friendCode(), other);
            (void) daemon (other).client().addFriend (daemon (one).client().friendCode(), one);
        }

        /** from passes the track to `to`, who has it in the inbox when this returns. */
        void pass (const std::string& from, const std::string& to, const std::string& trackId)
        {
            (void) daemon (from).client().sendPass (trackId, to, "listen");
            ASSERT_TRUE (eventually ([&]
                                     {
                for (const auto& entry : daemon (to).client().listInbox().first)
                    if (trackIdOf (entry.manifest) == trackId)
                        return true;
                return false; },
                                     30s))
                << daemon (from).log();
        }

        bool seeding (const std::string& name, const std::string& trackId)
        {
            const auto track = daemon (name).client().getTrack (trackId);
            return track.status && track.status->state == TrackState::seeding;
        }

        std::optional<v1::GetArtistResponse> artistPage (const std::string& name)
        {
            grpc::ClientContext context;
            context.set_deadline (std::chrono::system_clock::now() + 10s);
            v1::GetArtistRequest request;
            request.set_artist_key (keyBytes (Identity::loadOrCreate (root.path() / name).publicKey()));
            request.set_days (3);
            v1::GetArtistResponse response;
            if (! hub.api().GetArtist (&context, request, &response).ok())
                return std::nullopt;
            return response;
        }

        std::map<std::string, v1::HubTrack> chart (const std::string& genre)
        {
            grpc::ClientContext context;
            context.set_deadline (std::chrono::system_clock::now() + 10s);
            v1::GetChartRequest request;
            request.set_genre (genre);
            request.set_period (v1::CHART_PERIOD_ALL_TIME);
            v1::GetChartResponse response;
            std::map<std::string, v1::HubTrack> rows;
            if (hub.api().GetChart (&context, request, &response).ok())
                for (const auto& row : response.tracks())
                    rows[row.track_id()] = row;
            return rows;
        }

        TemporaryDirectory root { "earshot-hub-chart" };
        HubProcess hub { (root.path() / "hub.sqlite3").string(), root.path() / "hub.log" };
        std::map<std::string, std::unique_ptr<DaemonProcess>> daemons;
    };
} // namespace

TEST_F (HubChartTest, ChartsAndArtistPagesEqualAHandComputationOfWhatEightDaemonsDid)
{
    // Ana publishes two tracks of the demo album (Downtempo, Lo-Fi), Bo one excerpt (Downtempo).
    // Every event happens on one UTC day, the day the hand computation scores them on.
    const auto today = chartScore::dayOf (nowMs());
    const auto a1 = daemon ("ana").client().publish ({ (demoAlbum ("ogg") / "01-first-light.ogg").string() }).front().id;
    const auto a2 = daemon ("ana").client().publish ({ (demoAlbum ("ogg") / "02-paper-lanterns.ogg").string() }).front().id;
    const auto b1 = daemon ("bo").client().publish ({ testMedia ("excerpt.ogg").string() }).front().id;
    std::map<std::string, TrackEvents> events {
        { a1, { "ana", "Downtempo", {}, 0, { "ana" } } },
        { a2, { "ana", "Lo-Fi", {}, 0, { "ana" } } },
        { b1, { "bo", "Downtempo", {}, 0, { "bo" } } },
    };

    for (const auto& [one, other] : std::vector<std::pair<std::string, std::string>> { { "ana", "l1" }, { "ana", "l2" }, { "ana", "l3" }, { "bo", "l4" }, { "bo", "l5" }, { "l1", "l6" } })
        befriend (one, other);

    // Passes, and who hears each past the threshold (30 s of a demo track, 15 s of the excerpt).
    struct Pass
    {
        std::string from, to, track;
        std::chrono::milliseconds listened;
    };
    const std::vector<Pass> passes {
        { "ana", "l1", a1, 40s },
        { "ana", "l2", a1, 31s },
        { "ana", "l3", a2, 10s }, // a skip: no receipt, no listen
        { "bo", "l4", b1, 16s },
        { "bo", "l5", b1, 30s },
        { "l1", "l6", a1, 60s }, // a pass on: l1 reports it, Ana earns a share
    };
    for (const auto& each : passes)
    {
        ASSERT_TRUE (eventually ([&]
                                 { return seeding (each.from, each.track); },
                                 60s))
            << each.from << " holds " << each.track << " whole before passing it on";
        pass (each.from, each.to, each.track);
        const auto receipts = daemon (each.to).client().reportListening (each.track, each.listened);
        auto& track = events[each.track];
        if (! receipts.empty())
        {
            track.listeners.insert (each.to);
            ++track.passesLanded;
        }
        track.seeders.insert (each.to); // the pass added the track; it downloads whole and seeds
    }
    EXPECT_EQ (events[a1].listeners.size(), 3u) << "the receipts the daemons sent are the hand count's";
    EXPECT_EQ (events[a2].listeners.size(), 0u);

    for (const auto& [trackId, track] : events)
        for (const auto& seeder : track.seeders)
            ASSERT_TRUE (eventually ([&, id = trackId] // clang 14 lets no lambda capture a structured binding
                                     { return seeding (seeder, id); },
                                     120s))
                << seeder << " seeds " << trackId;

    // Every receipt has reached its sender (who reports the pass), and every daemon has
    // delivered everything, its last seed report included (a seed report follows the seeded set
    // a few seconds later, so the hub's seeders and passes are waited for too).
    ASSERT_TRUE (eventually ([&]
                             {
        for (const auto& [name, each] : daemons)
        {
            const auto link = each->client().hub();
            if (link.messagesWaiting != 0 || ! link.lastError.empty())
                return false;
        }
        const auto overall = chart ("");
        for (const auto& [trackId, track] : events)
            if (overall.count (trackId) == 0 || overall.at (trackId).seeders() != track.seeders.size() || overall.at (trackId).passes() != static_cast<std::uint64_t> (track.passesLanded))
                return false;
        return true; },
                             90s))
        << hub.output();

    if (chartScore::dayOf (nowMs()) != today)
        GTEST_SKIP() << "the UTC day changed while the daemons reported: the hand computation scores one day";

    // The charts, all time: overall and per genre.
    for (const std::string genre : { "", "Downtempo", "Lo-Fi" })
    {
        const auto rows = chart (genre);
        std::set<std::string> expectedIds;
        for (const auto& [trackId, track] : events)
            if (genre.empty() || track.genre == genre)
                expectedIds.insert (trackId);
        std::set<std::string> ids;
        for (const auto& [trackId, row] : rows)
            ids.insert (trackId);
        EXPECT_EQ (ids, expectedIds) << "genre '" << genre << "'";

        for (const auto& [trackId, row] : rows)
        {
            const auto& expected = events.at (trackId);
            EXPECT_EQ (row.listeners(), expected.listeners.size()) << trackId;
            EXPECT_EQ (row.passes(), static_cast<std::uint64_t> (expected.passesLanded)) << trackId;
            EXPECT_EQ (row.seeders(), expected.seeders.size()) << trackId;
            EXPECT_NEAR (row.score(), expectedScore (expected), 1e-9) << trackId;
            EXPECT_EQ (row.artist_key(), keyBytes (Identity::loadOrCreate (root.path() / expected.artist).publicKey()));
            // Ranked by score, best first.
            std::uint32_t better = 0;
            for (const auto& [otherId, other] : rows)
                better += expectedScore (events.at (otherId)) > expectedScore (expected) ? 1 : 0;
            EXPECT_EQ (row.rank(), better + 1) << trackId;
        }
    }

    // Each artist's page: totals over their tracks, fan points, and today's place in the series.
    for (const std::string artist : { "ana", "bo" })
    {
        std::set<std::string> listeners, seeders;
        std::uint64_t listens = 0, passesLanded = 0;
        for (const auto& [trackId, track] : events)
        {
            if (track.artist != artist)
                continue;
            listeners.insert (track.listeners.begin(), track.listeners.end());
            seeders.insert (track.seeders.begin(), track.seeders.end());
            listens += track.listeners.size();
            passesLanded += static_cast<std::uint64_t> (track.passesLanded);
        }
        const auto page = artistPage (artist);
        ASSERT_TRUE (page.has_value()) << artist;
        EXPECT_EQ (page->listens(), listens) << artist;
        EXPECT_EQ (page->listeners(), listeners.size()) << artist;
        EXPECT_EQ (page->passes(), passesLanded) << artist;
        EXPECT_EQ (page->seeders(), seeders.size()) << artist;
        EXPECT_EQ (page->fan_points(), passesLanded * static_cast<std::uint64_t> (passRules::directPoints)) << artist;
        ASSERT_EQ (page->daily_size(), 3) << artist;
        const auto& lastDay = page->daily (2);
        EXPECT_EQ (lastDay.day(), today);
        EXPECT_EQ (lastDay.listens(), listens) << artist;
        EXPECT_EQ (lastDay.passes(), passesLanded) << artist;
        EXPECT_EQ (page->daily (0).listens() + page->daily (1).listens(), 0u) << artist;
    }
}
