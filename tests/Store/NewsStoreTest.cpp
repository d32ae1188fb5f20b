#include "Store/NewsStore.h"
#include "PassFixtures.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace earshot
{
    namespace
    {
        using namespace test;
        using Kind = NewsStore::Kind;

        NewsStore::NewsEntry makeEntry (const std::string& postId, int artistSeed, Kind kind, std::int64_t postedAtMs, std::int64_t tourDay = 0, const std::string& city = {}, const std::string& cancels = {})
        {
            NewsStore::NewsEntry entry;
            entry.artistKey = keyFor (artistSeed);
            entry.postId = postId;
            entry.kind = kind;
            entry.post = "post " + postId;
            entry.postedAtMs = postedAtMs;
            entry.tourDay = tourDay;
            entry.tourCity = city;
            entry.cancels = cancels;
            entry.receivedAtMs = t0;
            entry.source = NewsStore::Source::hub;
            return entry;
        }

        std::vector<std::string> idsOf (const std::vector<NewsStore::NewsEntry>& entries)
        {
            std::vector<std::string> ids;
            for (const auto& entry : entries)
                ids.push_back (entry.postId);
            return ids;
        }

        class NewsStoreTest : public PassFileTest
        {
        protected:
            SharedDatabase database { file };
            NewsStore store { database };
        };
    } // namespace

    TEST_F (NewsStoreTest, AFollowIsKeptOnceAndItsNameFollowsTheArtist)
    {
        EXPECT_TRUE (store.follow (keyFor (1), "", t0));
        EXPECT_FALSE (store.follow (keyFor (1), "Ana Moura", t0 + 5)) << "following again adds nothing";
        ASSERT_EQ (store.follows().size(), 1u);
        EXPECT_EQ (store.follows()[0].name, "Ana Moura");
        EXPECT_EQ (store.follows()[0].followedAtMs, t0) << "the follow keeps when it began";
        store.setArtistName (keyFor (1), "");
        EXPECT_EQ (store.followOf (keyFor (1))->name, "Ana Moura") << "an empty name changes nothing";
    }

    TEST_F (NewsStoreTest, APostIsFiledOnceWhicheverWayItCameAndOnlyForAFollowedArtist)
    {
        ASSERT_TRUE (store.follow (keyFor (1), "A", t0));
        EXPECT_FALSE (store.file (makeEntry ("p0", 2, Kind::release, t0)).has_value()) << "not followed";
        const auto first = store.file (makeEntry ("p1", 1, Kind::release, t0));
        ASSERT_TRUE (first.has_value());
        auto again = makeEntry ("p1", 1, Kind::release, t0);
        again.source = NewsStore::Source::dht;
        EXPECT_FALSE (store.file (again).has_value()) << "the same post through the DHT after the hub";
        EXPECT_TRUE (store.isFiled ("p1"));
        EXPECT_EQ (store.releases (0, 50).size(), 1u);
        EXPECT_EQ (store.releases (0, 50)[0].source, NewsStore::Source::hub);
        EXPECT_EQ (store.lastId(), *first);
        EXPECT_EQ (store.followOf (keyFor (1))->lastNewsMs, t0);
    }

    TEST_F (NewsStoreTest, ReleasesComeNewestFirstAndAfterAnId)
    {
        ASSERT_TRUE (store.follow (keyFor (1), "A", t0));
        const auto older = store.file (makeEntry ("old", 1, Kind::release, t0 - 1000));
        (void) store.file (makeEntry ("new", 1, Kind::release, t0));
        (void) store.file (makeEntry ("date", 1, Kind::tourDate, t0, 20000, "Lisbon"));
        EXPECT_EQ (idsOf (store.releases (0, 50)), (std::vector<std::string> { "new", "old" }));
        EXPECT_EQ (idsOf (store.releases (*older, 50)), (std::vector<std::string> { "new" }));
        EXPECT_EQ (idsOf (store.releases (0, 1)), (std::vector<std::string> { "new" }));
    }

    TEST_F (NewsStoreTest, TourDatesInTheHomeCityComeFirstThenByDayAndCancelledOnesAreMarked)
    {
        ASSERT_TRUE (store.follow (keyFor (1), "A", t0));
        ASSERT_TRUE (store.follow (keyFor (2), "B", t0));
        (void) store.file (makeEntry ("porto", 1, Kind::tourDate, t0, 20003, "Porto"));
        (void) store.file (makeEntry ("lisbon-late", 2, Kind::tourDate, t0, 20010, "lisbon"));
        (void) store.file (makeEntry ("berlin", 1, Kind::tourDate, t0, 20001, "Berlin"));
        (void) store.file (makeEntry ("lisbon", 1, Kind::tourDate, t0, 20005, "Lisbon"));
        (void) store.file (makeEntry ("past", 1, Kind::tourDate, t0, 19990, "Lisbon"));
        (void) store.file (makeEntry ("off", 1, Kind::tourDateCancelled, t0, 0, {}, "porto"));
        // A cancellation by another artist calls nothing off.
        (void) store.file (makeEntry ("forged-off", 2, Kind::tourDateCancelled, t0, 0, {}, "berlin"));

        const auto dates = store.tourDates (20000, "LISBON");
        EXPECT_EQ (idsOf (dates), (std::vector<std::string> { "lisbon", "lisbon-late", "berlin", "porto" }));
        EXPECT_FALSE (dates[2].cancelled);
        EXPECT_TRUE (dates[3].cancelled);
        EXPECT_EQ (idsOf (store.tourDates (20000, "")), (std::vector<std::string> { "berlin", "porto", "lisbon", "lisbon-late" }));
    }

    TEST_F (NewsStoreTest, UnfollowingForgetsTheArtistsNews)
    {
        ASSERT_TRUE (store.follow (keyFor (1), "A", t0));
        (void) store.file (makeEntry ("p1", 1, Kind::release, t0));
        EXPECT_TRUE (store.unfollow (keyFor (1)));
        EXPECT_FALSE (store.unfollow (keyFor (1)));
        EXPECT_TRUE (store.releases (0, 50).empty());
        EXPECT_FALSE (store.isFiled ("p1"));
        EXPECT_EQ (store.followCount(), 0u);
    }

    TEST_F (NewsStoreTest, AFeedIsKeptOnlyWhenNewerAndTheHubCursorOnlyMovesForward)
    {
        ASSERT_TRUE (store.follow (keyFor (1), "A", t0));
        EXPECT_TRUE (store.recordFeed (keyFor (1), 3, "ih3", "d2:ih20:...e", "sig3"));
        EXPECT_FALSE (store.recordFeed (keyFor (1), 2, "ih2", "old", "sig2")) << "an older sequence replayed";
        EXPECT_FALSE (store.recordFeed (keyFor (1), 3, "ih3b", "same", "sig")) << "the same sequence again";
        EXPECT_FALSE (store.recordFeed (keyFor (2), 9, "ih", "v", "s")) << "an artist not followed";
        const auto follow = *store.followOf (keyFor (1));
        EXPECT_EQ (follow.feedSequence, 3);
        EXPECT_EQ (follow.feedInfoHash, "ih3");
        EXPECT_EQ (follow.feedItemSignature, "sig3");

        store.advanceHubCursor (keyFor (1), 40);
        store.advanceHubCursor (keyFor (1), 12);
        EXPECT_EQ (store.followOf (keyFor (1))->hubAfter, 40u);
        store.resetHubCursors();
        EXPECT_EQ (store.followOf (keyFor (1))->hubAfter, 0u);
    }

    TEST_F (NewsStoreTest, OwnTourDatesAreCalledOffOnceAndTheFeedSequenceRisesAcrossReopening)
    {
        store.addOwnPost ({ "date", Kind::tourDate, "post date", t0, 20005, {}, false });
        store.addOwnPost ({ "release", Kind::release, "post release", t0 + 1, 0, {}, false });
        EXPECT_FALSE (store.cancelOwnTourDate ({ "off0", Kind::tourDateCancelled, "x", t0 + 2, 0, "release", false })) << "a release is not a date";
        EXPECT_FALSE (store.cancelOwnTourDate ({ "off1", Kind::tourDateCancelled, "x", t0 + 2, 0, "nothing", false }));
        EXPECT_TRUE (store.cancelOwnTourDate ({ "off2", Kind::tourDateCancelled, "x", t0 + 2, 0, "date", false }));
        EXPECT_FALSE (store.cancelOwnTourDate ({ "off3", Kind::tourDateCancelled, "x", t0 + 3, 0, "date", false })) << "called off already";
        EXPECT_TRUE (store.ownPost ("date")->cancelled);
        EXPECT_EQ (store.ownPosts().size(), 3u);

        EXPECT_EQ (store.nextFeedSequence(), 1);
        EXPECT_EQ (store.nextFeedSequence(), 2);
        SharedDatabase reopened (file);
        NewsStore again (reopened);
        EXPECT_EQ (again.nextFeedSequence(), 3);
    }

    TEST_F (NewsStoreTest, SettingsAreKeptAndClearedWithAnEmptyValue)
    {
        EXPECT_FALSE (store.setting ("home_city").has_value());
        store.setSetting ("home_city", "Lisbon");
        EXPECT_EQ (store.setting ("home_city"), "Lisbon");
        store.setSetting ("home_city", "");
        EXPECT_FALSE (store.setting ("home_city").has_value());
    }
} // namespace earshot
