#include "HubStoreFixture.h"

#include "Core/ChartScore.h"

#include <gmock/gmock.h>

#include <fstream>
#include <iterator>

namespace earshot::test
{
    namespace
    {
        using ::testing::ElementsAre;

        [[nodiscard]] ErrorCode kindOf (const std::function<void()>& operation)
        {
            try
            {
                operation();
            }
            catch (const Error& error)
            {
                return error.code();
            }

            ADD_FAILURE() << "no Error was thrown";
            return ErrorCode::internal;
        }

        constexpr auto today = chartEpochDay + 40;
    } // namespace

    TEST_P (HubStoreTest, ProfileRoundTripsAndOnlyANewerOneReplacesIt)
    {
        const ArtistProfile profile { key (1), "Nadia", "Modular techno", "Lyon", { "https://a.example", "https://b.example" }, 2000 };
        store->putProfile (profile);
        EXPECT_EQ (store->profile (key (1)), profile);
        EXPECT_EQ (store->profile (key (2)), std::nullopt);

        auto older = profile;
        older.name = "Old name";
        older.updatedAtMs = 1000;
        store->putProfile (older);
        EXPECT_EQ (store->profile (key (1)), profile);

        auto newer = profile;
        newer.links = { "https://c.example" };
        newer.updatedAtMs = 3000;
        store->putProfile (newer);
        EXPECT_EQ (reopen()->profile (key (1)), newer);
    }

    TEST_P (HubStoreTest, ReleaseRoundTripsBytesAndUnknownsAndItsArtistCanUpdateIt)
    {
        auto first = release ("t1", 1, "Night Drive");
        auto unknowns = release ("t2", 1, "No tags");
        unknowns.bpm.reset();
        unknowns.loudnessLufs.reset();
        unknowns.cover.clear();
        store->putRelease (first);
        store->putRelease (unknowns);
        EXPECT_EQ (store->release ("t1"), first);
        EXPECT_EQ (store->release ("t2"), unknowns);
        EXPECT_EQ (store->release ("t3"), std::nullopt);

        first.title = "Night Drive (Edit)";
        first.bpm = 126.0;
        store->putRelease (first);
        EXPECT_EQ (reopen()->release ("t1"), first);
    }

    TEST_P (HubStoreTest, AReleaseOfAnotherArtistsTrackIsRefusedAndChangesNothing)
    {
        const auto original = release ("t1", 1, "Original");
        store->putRelease (original);

        auto hijack = release ("t1", 2, "Hijacked");
        EXPECT_EQ (kindOf ([&]
                           { store->putRelease (hijack); }),
                   ErrorCode::permissionDenied);

        EXPECT_EQ (store->release ("t1"), original);
        EXPECT_EQ (store->search (textSearch ("Hijacked")).total, 0);
        EXPECT_EQ (store->search (textSearch ("Original")).total, 1);
    }

    TEST_P (HubStoreTest, ListensCountOncePerListenerTrackAndDayUpToTheDailyCap)
    {
        store->putRelease (release ("t1", 1, "One"));
        store->putRelease (release ("t2", 1, "Two"));
        store->putRelease (release ("t3", 1, "Three"));
        rules.maxPerListenerPerDay = 2;

        listen (7, "t1", noonOf (today));
        listen (7, "t1", noonOf (today) + 1000, ListenOutcome::repeated);
        listen (7, "t2", noonOf (today));
        listen (7, "t3", noonOf (today), ListenOutcome::overDailyCap);
        listen (7, "t1", noonOf (today + 1));
        listen (7, "nope", noonOf (today), ListenOutcome::unknownTrack);
        listen (8, "t3", noonOf (today));

        const auto page = store->artistPage (key (1), noonOf (today + 1), 2);
        EXPECT_EQ (page.listens, 4);
        EXPECT_EQ (page.listeners, 2);
    }

    TEST_P (HubStoreTest, ANetworkAdmitsItsFirstReportersOfTheDayAndKeepsThemAdmitted)
    {
        const std::string network = "198.51.100.0/24";
        EXPECT_TRUE (store->admitReporter (network, key (1), today, 2));
        EXPECT_TRUE (store->admitReporter (network, key (2), today, 2));
        EXPECT_FALSE (store->admitReporter (network, key (3), today, 2));
        EXPECT_TRUE (store->admitReporter (network, key (1), today, 2)) << "an admitted key keeps its seat";
        EXPECT_TRUE (store->admitReporter (network, key (2), today, 2));
        EXPECT_FALSE (store->admitReporter (network, key (3), today, 2));
        EXPECT_TRUE (store->admitReporter ("192.0.2.0/24", key (3), today, 2)) << "other networks have their own seats";
        EXPECT_TRUE (store->admitReporter (network, key (3), today + 1, 2)) << "a new day opens the seats";
    }

    TEST_P (HubStoreTest, APassCountsOncePerReceiptAndOnlyForAKnownTrack)
    {
        store->putRelease (release ("t1", 1, "One"));
        pass ("r1", "t1", noonOf (today), 5);
        pass ("r1", "t1", noonOf (today), 5, PassOutcome::repeated);
        pass ("r2", "nope", noonOf (today), 5, PassOutcome::unknownTrack);
        pass ("r3", "t1", noonOf (today), 2);

        const auto page = store->artistPage (key (1), noonOf (today), 1);
        EXPECT_EQ (page.passes, 2);
        EXPECT_EQ (page.pointsEarnedByFans, 7);
    }

    TEST_P (HubStoreTest, ASeederReportReplacesTheLastAndStaleSeedersStopCounting)
    {
        store->putRelease (release ("t1", 1, "One"));
        store->putRelease (release ("t2", 1, "Two"));
        const SeedRules fresh { dayMs };
        const auto seeders = [&] (const std::string& trackId)
        {
            for (const auto& track : store->artistPage (key (1), noonOf (today), 1).tracks)
                if (track.release.trackId == trackId)
                    return track.seeders;
            return std::int64_t { -1 };
        };

        // t3 is announced before it is released, and counts once it is.
        EXPECT_EQ (store->setSeeding ({ key (10), { "t1", "t2", "t1", "t3" }, noonOf (today) }, fresh), SeedOutcome::replaced);
        EXPECT_EQ (store->setSeeding ({ key (11), { "t1" }, noonOf (today) }, fresh), SeedOutcome::replaced);
        store->putRelease (release ("t3", 1, "Three"));
        EXPECT_EQ (seeders ("t1"), 2);
        EXPECT_EQ (seeders ("t2"), 1);
        EXPECT_EQ (seeders ("t3"), 1);

        EXPECT_EQ (store->setSeeding ({ key (10), { "t2" }, noonOf (today) + 2 * 3600 * 1000 }, fresh), SeedOutcome::replaced);
        EXPECT_EQ (store->setSeeding ({ key (10), { "t1" }, noonOf (today) }, fresh), SeedOutcome::outdated);
        EXPECT_EQ (seeders ("t1"), 1);
        EXPECT_EQ (seeders ("t2"), 1);
        EXPECT_EQ (seeders ("t3"), 0);
        EXPECT_EQ (store->artistPage (key (1), noonOf (today), 1).seeders, 2);

        // A report counts for a day after it (inclusive): seeder 11's last was at noon, seeder 10's two hours later.
        store->expireSeeders (noonOf (today + 1), fresh);
        EXPECT_EQ (seeders ("t1"), 1);
        store->expireSeeders (noonOf (today + 1) + 1, fresh);
        EXPECT_EQ (seeders ("t1"), 0);
        EXPECT_EQ (seeders ("t2"), 1);
        EXPECT_EQ (store->artistPage (key (1), noonOf (today), 1).seeders, 1);
    }

    TEST_P (HubStoreTest, ArtistPageHasTotalsTracksAndAZeroFilledDailySeries)
    {
        store->putProfile ({ key (1), "Nadia", "", "Lyon", {}, 1 });
        auto older = release ("t1", 1, "Older");
        older.publishedAtMs = 1000;
        auto newer = release ("t2", 1, "Newer");
        newer.publishedAtMs = 2000;
        store->putRelease (older);
        store->putRelease (newer);
        store->putRelease (release ("other", 2, "Someone else's"));

        listen (1, "t1", noonOf (today - 3));
        listen (1, "t1", noonOf (today));
        listen (2, "t2", noonOf (today));
        listen (3, "other", noonOf (today));
        listen (1, "t1", noonOf (today - 10)); // before the series
        pass ("r1", "t2", noonOf (today - 1), 4);
        pass ("r2", "other", noonOf (today), 9);

        const auto page = store->artistPage (key (1), noonOf (today), 5);
        ASSERT_TRUE (page.profile.has_value());
        EXPECT_EQ (page.profile->name, "Nadia");
        ASSERT_EQ (page.tracks.size(), 2u);
        EXPECT_EQ (page.tracks[0].release.trackId, "t2");
        EXPECT_EQ (page.tracks[0].listens, 1);
        EXPECT_EQ (page.tracks[0].passes, 1);
        EXPECT_EQ (page.tracks[1].release.trackId, "t1");
        EXPECT_EQ (page.tracks[1].listens, 3);
        EXPECT_EQ (page.tracks[1].listeners, 1);
        EXPECT_EQ (page.listens, 4);
        EXPECT_EQ (page.listeners, 2);
        EXPECT_EQ (page.passes, 1);
        EXPECT_EQ (page.pointsEarnedByFans, 4);
        EXPECT_THAT (page.series, ElementsAre (ArtistDay { today - 4, 0, 0 }, ArtistDay { today - 3, 1, 0 }, ArtistDay { today - 2, 0, 0 }, ArtistDay { today - 1, 0, 1 }, ArtistDay { today, 2, 0 }));

        // An artist with releases and no profile has a page; one with neither has none.
        EXPECT_FALSE (store->artistPage (key (2), noonOf (today), 1).profile.has_value());
        EXPECT_EQ (kindOf ([&]
                           { (void) store->artistPage (key (3), noonOf (today), 7); }),
                   ErrorCode::notFound);
    }

    TEST_P (HubStoreTest, BadRecordsAndQueriesAreRefusedAsInvalid)
    {
        EXPECT_EQ (kindOf ([&]
                           { store->putRelease (release ("", 1, "No id")); }),
                   ErrorCode::invalidArgument);
        EXPECT_EQ (kindOf ([&]
                           { store->putRelease (release ("t1", 1, "Not \xc3\x28 UTF-8")); }),
                   ErrorCode::invalidArgument);
        EXPECT_EQ (store->release ("t1"), std::nullopt);
        ChartQuery tooLong;
        tooLong.limit = 101;
        EXPECT_EQ (kindOf ([&]
                           { (void) store->chart (tooLong); }),
                   ErrorCode::invalidArgument);
        ChartQuery negative;
        negative.offset = -1;
        EXPECT_EQ (kindOf ([&]
                           { (void) store->chart (negative); }),
                   ErrorCode::invalidArgument);
        EXPECT_EQ (kindOf ([&]
                           { (void) store->artistPage (key (1), 0, 0); }),
                   ErrorCode::invalidArgument);
    }

    TEST_P (HubStoreTest, AFileThatIsNotAHubStoreIsRefusedAndLeftAsItIs)
    {
        if (GetParam() != Backend::sqlite)
            GTEST_SKIP() << "a PostgreSQL store is not a file";

        const auto garbage = folder / "not-a-database";
        const std::string bytes = "these bytes are not a SQLite database, whatever their length may be";
        std::ofstream (garbage, std::ios::binary) << bytes;
        EXPECT_EQ (kindOf ([&]
                           { (void) openHubStore (garbage.string()); }),
                   ErrorCode::internal);
        std::ifstream stream (garbage, std::ios::binary);
        EXPECT_EQ (std::string (std::istreambuf_iterator<char> (stream), {}), bytes);
        EXPECT_EQ (kindOf ([&]
                           { (void) openHubStore (""); }),
                   ErrorCode::invalidArgument);
    }

    TEST_P (HubStoreTest, APostgresStoreIsUnavailableWhileTheServerIsDownAndReconnectsByItself)
    {
        if (GetParam() != Backend::postgres)
            GTEST_SKIP() << "only a database server can go away";

        store->putRelease (release ("t1", 1, "Before"));
        cluster().stop();
        EXPECT_EQ (kindOf ([&]
                           { (void) store->release ("t1"); }),
                   ErrorCode::unavailable);
        EXPECT_EQ (kindOf ([&]
                           { store->putRelease (release ("t2", 1, "While down")); }),
                   ErrorCode::unavailable);

        cluster().start();
        EXPECT_EQ (store->release ("t1")->title, "Before");
        store->putRelease (release ("t2", 1, "After"));
        EXPECT_EQ (store->release ("t2")->title, "After");
    }

    TEST_P (HubStoreTest, APostgresUriOpensTheSameDatabase)
    {
        if (GetParam() != Backend::postgres)
            GTEST_SKIP() << "a SQLite store is opened by its path";

        store->putRelease (release ("t1", 1, "Shared"));
        const auto database = location.substr (location.rfind ('=') + 1);
        std::string host;
        for (const auto c : cluster().socketFolder().string())
            host += c == '/' ? std::string ("%2F") : std::string (1, c);

        const auto viaUri = openHubStore ("postgresql://earshot@" + host + "/" + database);
        EXPECT_EQ (viaUri->release ("t1")->title, "Shared");
    }

    TEST_P (HubStoreTest, ArtistsAreFoundByTheNameOfTheirProfileOrReleasesWithCaseIgnored)
    {
        store->putRelease (release ("t1", 1, "One"));
        ArtistProfile renamed;
        renamed.artistKey = key (2);
        renamed.name = "Ana";
        renamed.updatedAtMs = 1;
        store->putProfile (renamed);

        const auto byRelease = release ("t1", 1, "One").artistName;
        EXPECT_EQ (store->artistsNamed (byRelease), std::vector<PublicKey> { key (1) });
        EXPECT_EQ (store->artistsNamed ("aNA"), std::vector<PublicKey> { key (2) });
        EXPECT_TRUE (store->artistsNamed ("Nobody").empty());

        // Two artists going by one name are both found, for the user to choose.
        auto namesake = renamed;
        namesake.artistKey = key (3);
        namesake.name = "ARTIST 1";
        store->putProfile (namesake);
        EXPECT_EQ (store->artistsNamed ("artist 1").size(), 2u);
    }

    INSTANTIATE_TEST_SUITE_P (Backends, HubStoreTest, ::testing::Values (Backend::sqlite, Backend::postgres), backendName);
} // namespace earshot::test
