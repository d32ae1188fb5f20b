// Artists' posts and follow reports, as the hub files them through HubIntake, on both backends.

#include "../Core/FakeSigner.h"
#include "Core/ChartScore.h"
#include "Core/NewsRules.h"
#include "ErrorCodeOf.h"
#include "Hub/HubIntake.h"
#include "HubStoreFixture.h"
#include "ProtoConvert.h"
#include "Swarm/TrackTorrent.h"
#include "earshot/v1/hub.pb.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>

namespace earshot::test
{
    namespace
    {
        constexpr std::int64_t today = chartEpochDay + 40;
    } // namespace

    /** A hub's intake on each backend, with artists and fans signing with fake keys. */
    class HubNewsTest : public HubStoreTest
    {
    protected:
        static constexpr std::int64_t now = today * dayMs + dayMs / 2;

        void SetUp() override
        {
            HubStoreTest::SetUp();
            intake = std::make_unique<HubIntake> (*store, artist, HubIntake::Rules {});
        }

        void TearDown() override
        {
            intake.reset();
            HubStoreTest::TearDown();
        }

        /** message signed by signer, sent at sentAtMs. */
        static v1::SignedHubMessage seal (const FakeSigner& signer, v1::HubMessage message, std::int64_t sentAtMs)
        {
            static int sent = 0;
            message.set_message_id ("message-" + std::to_string (++sent));
            message.set_sent_at_ms (sentAtMs);
            v1::SignedHubMessage sealed;
            sealed.set_message (message.SerializeAsString());
            sealed.set_signer_key (keyBytes (signer.publicKey()));
            sealed.set_signature (signer.sign (sealed.message()));
            return sealed;
        }

        /** Files post as signer's, received at atMs (and posted then). */
        bool submit (const FakeSigner& signer, v1::ArtistPost post, std::int64_t atMs = now)
        {
            if (post.posted_at_ms() == 0)
                post.set_posted_at_ms (atMs);
            post.set_artist_name ("Ana Lua");
            v1::HubMessage message;
            *message.mutable_post() = post;
            return intake->submit (seal (signer, message, atMs), atMs);
        }

        static v1::ArtistPost tourDate (const std::string& postId, std::int64_t day, const std::string& city = "Lisbon")
        {
            v1::ArtistPost post;
            post.set_post_id (postId);
            auto& date = *post.mutable_tour_date();
            date.set_date (newsRules::dateOfDay (day));
            date.set_city (city);
            date.set_venue ("Musicbox");
            return post;
        }

        static v1::ArtistPost cancellation (const std::string& postId, const std::string& cancels)
        {
            v1::ArtistPost post;
            post.set_post_id (postId);
            post.set_tour_date_cancelled (cancels);
            return post;
        }

        /** A release post of one real single-file torrent's track. */
        v1::ArtistPost releasePost (const std::string& postId, std::int64_t postedAtMs) const
        {
            v1::ArtistPost post;
            post.set_post_id (postId);
            post.set_posted_at_ms (postedAtMs);
            post.mutable_release()->set_title ("Saudade");
            toProto (manifest ("saudade-" + postId + ".wav"), *post.mutable_release()->add_tracks());
            return post;
        }

        TrackManifest manifest (const std::string& name) const
        {
            const auto file = folder / name;
            std::ofstream (file, std::ios::binary) << std::string (50'000, static_cast<char> (name.size()));
            TrackManifest made;
            copyTorrentFields (createTrackTorrent (file), made);
            made.metadata.title = name;
            return made;
        }

        /** The post ids of what a new watcher of signer gets first at atMs. */
        std::vector<std::string> backlogOf (const FakeSigner& signer, std::uint64_t after = 0, std::int64_t atMs = now) const
        {
            std::vector<std::string> ids;
            for (const auto& post : store->news (signer.publicKey(), after, atMs).posts)
                ids.push_back (post.postId);
            return ids;
        }

        bool follows (const FakeSigner& fan, const std::vector<PublicKey>& artists, std::int64_t atMs = now)
        {
            v1::HubMessage message;
            message.mutable_follows(); // following nobody is a report too
            for (const auto& each : artists)
                message.mutable_follows()->add_artist_keys (keyBytes (each));
            return intake->submit (seal (fan, message, atMs), atMs);
        }

        FakeSigner artist { 0x11 };
        FakeSigner otherArtist { 0x22 };
        std::unique_ptr<HubIntake> intake;
    };

    TEST_P (HubNewsTest, APostIsFiledOnceInARisingHubWideSequence)
    {
        EXPECT_TRUE (submit (artist, tourDate ("date-1", today + 30)));
        EXPECT_TRUE (submit (otherArtist, tourDate ("date-2", today + 31)));
        // Sent again (a new message around the same post): nothing changes.
        EXPECT_FALSE (submit (artist, tourDate ("date-1", today + 30)));

        const auto first = store->news (artist.publicKey(), 0, now);
        const auto second = store->news (otherArtist.publicKey(), 0, now);
        ASSERT_EQ (first.posts.size(), 1u);
        ASSERT_EQ (second.posts.size(), 1u);
        EXPECT_LT (first.posts[0].sequence, second.posts[0].sequence);
        EXPECT_EQ (first.lastSequence, first.posts[0].sequence);

        // The signed message is kept as it came, for watchers to verify.
        v1::SignedHubMessage kept;
        ASSERT_TRUE (kept.ParseFromString (first.posts[0].signedMessage));
        EXPECT_EQ (kept.signer_key(), keyBytes (artist.publicKey()));
        v1::HubMessage message;
        ASSERT_TRUE (message.ParseFromString (kept.message()));
        EXPECT_EQ (message.post().tour_date().date(), newsRules::dateOfDay (today + 30));

        EXPECT_TRUE (submit (artist, tourDate ("date-3", today + 32)));
        EXPECT_EQ (backlogOf (artist, first.posts[0].sequence), std::vector<std::string> { "date-3" });
        EXPECT_TRUE (backlogOf (artist, store->news (artist.publicKey(), 0, now).lastSequence).empty());
        // A restarted hub keeps them.
        EXPECT_EQ (reopen()->news (artist.publicKey(), 0, now).posts.size(), 2u);
    }

    TEST_P (HubNewsTest, PostsThatBreakTheNewsRulesOrNameAnotherKeysMusicAreRefused)
    {
        EXPECT_EQ (codeOf ([&]
                           { submit (artist, tourDate ("past", today - 3)); }),
                   ErrorCode::invalidArgument);
        auto noVenue = tourDate ("no-venue", today + 3);
        noVenue.mutable_tour_date()->clear_venue();
        EXPECT_EQ (codeOf ([&]
                           { submit (artist, noVenue); }),
                   ErrorCode::invalidArgument);
        v1::ArtistPost empty;
        empty.set_post_id ("empty");
        EXPECT_EQ (codeOf ([&]
                           { submit (artist, empty); }),
                   ErrorCode::invalidArgument);
        EXPECT_EQ (codeOf ([&]
                           { submit (artist, tourDate ("", today + 3)); }),
                   ErrorCode::invalidArgument);

        // A later track of an album's torrent may leave the dictionary out; the first may not.
        auto album = releasePost ("album", now);
        auto second = album.release().tracks (0);
        second.clear_info_dict();
        *album.mutable_release()->add_tracks() = second;
        EXPECT_TRUE (submit (artist, album));
        auto headless = releasePost ("headless", now);
        headless.mutable_release()->mutable_tracks (0)->clear_info_dict();
        EXPECT_EQ (codeOf ([&]
                           { submit (artist, headless); }),
                   ErrorCode::invalidArgument);
        auto wrongHash = releasePost ("wrong-hash", now);
        wrongHash.mutable_release()->mutable_tracks (0)->set_info_hash (std::string (40, 'a'));
        EXPECT_EQ (codeOf ([&]
                           { submit (artist, wrongHash); }),
                   ErrorCode::invalidArgument);

        // Music another key released here is not this artist's release.
        const auto theirs = manifest ("theirs.wav");
        v1::HubMessage released;
        toProto (theirs, *released.mutable_release()->mutable_manifest());
        released.mutable_release()->set_artist_name ("Rui");
        ASSERT_TRUE (intake->submit (seal (otherArtist, released, now), now));
        auto borrowed = releasePost ("borrowed", now);
        toProto (theirs, *borrowed.mutable_release()->mutable_tracks (0));
        EXPECT_EQ (codeOf ([&]
                           { submit (artist, borrowed); }),
                   ErrorCode::permissionDenied);

        EXPECT_EQ (backlogOf (artist), std::vector<std::string> { "album" });
    }

    TEST_P (HubNewsTest, ACancellationNamesATourDateOfTheSameArtist)
    {
        EXPECT_TRUE (submit (artist, tourDate ("date", today + 10)));
        EXPECT_TRUE (submit (otherArtist, tourDate ("other-date", today + 10)));
        EXPECT_TRUE (submit (artist, releasePost ("release", now)));

        EXPECT_EQ (codeOf ([&]
                           { submit (artist, cancellation ("cancel-1", "no-such-post")); }),
                   ErrorCode::notFound);
        EXPECT_EQ (codeOf ([&]
                           { submit (artist, cancellation ("cancel-2", "other-date")); }),
                   ErrorCode::notFound);
        EXPECT_EQ (codeOf ([&]
                           { submit (artist, cancellation ("cancel-3", "release")); }),
                   ErrorCode::notFound);
        EXPECT_TRUE (submit (artist, cancellation ("cancel-4", "date")));

        EXPECT_EQ (backlogOf (artist), (std::vector<std::string> { "date", "release", "cancel-4" }));
        EXPECT_EQ (backlogOf (otherArtist), std::vector<std::string> { "other-date" });
    }

    TEST_P (HubNewsTest, ANewWatcherGetsRecentReleasesAndUpcomingDatesWithTheirCancellations)
    {
        const auto earlier = now - 20 * dayMs;
        // Filed 20 days ago: a date that is over by now, and its cancellation; one still to come.
        EXPECT_TRUE (submit (artist, tourDate ("over", today - 5), earlier));
        EXPECT_TRUE (submit (artist, cancellation ("over-cancelled", "over"), earlier));
        EXPECT_TRUE (submit (artist, tourDate ("coming", today + 5), earlier));
        // Yesterday's show may still be on somewhere in the world.
        EXPECT_TRUE (submit (artist, tourDate ("yesterday", today - 1), earlier));
        // A release posted long ago, sent to this hub only now (a new hub gets the feed), and a
        // recent one.
        EXPECT_TRUE (submit (artist, releasePost ("old-release", now - newsRules::recentReleaseMs - dayMs)));
        EXPECT_TRUE (submit (artist, releasePost ("new-release", now - 10 * dayMs)));
        EXPECT_TRUE (submit (artist, cancellation ("coming-cancelled", "coming")));

        EXPECT_EQ (backlogOf (artist), (std::vector<std::string> { "coming", "yesterday", "new-release", "coming-cancelled" }));
        // Two days on, yesterday's show is past everywhere.
        EXPECT_EQ (backlogOf (artist, 0, now + 2 * dayMs), (std::vector<std::string> { "coming", "new-release", "coming-cancelled" }));
        // Resuming from a cursor gets everything filed after it, whatever its age.
        const auto all = store->news (artist.publicKey(), 0, now);
        EXPECT_EQ (backlogOf (artist, all.posts.front().sequence), (std::vector<std::string> { "yesterday", "old-release", "new-release", "coming-cancelled" }));
    }

    TEST_P (HubNewsTest, ANewWatcherGetsTheSoonestTourDatesAsAFeedCarriesThem)
    {
        const auto count = static_cast<int> (newsRules::maxTourDatesInFeed);
        // Posted latest first: the last one posted is the soonest.
        for (int i = count; i >= 0; --i)
            EXPECT_TRUE (submit (artist, tourDate ("date-" + std::to_string (i), today + 1 + i)));
        EXPECT_TRUE (submit (artist, cancellation ("latest-cancelled", "date-" + std::to_string (count))));
        EXPECT_TRUE (submit (artist, cancellation ("soonest-cancelled", "date-0")));

        const auto ids = backlogOf (artist);
        EXPECT_EQ (ids.size(), newsRules::maxTourDatesInFeed + 1);
        EXPECT_EQ (std::count (ids.begin(), ids.end(), "date-" + std::to_string (count)), 0) << "the latest date is left out";
        EXPECT_EQ (std::count (ids.begin(), ids.end(), "latest-cancelled"), 0) << "and so is its cancellation";
        EXPECT_EQ (ids.back(), "soonest-cancelled");
        EXPECT_EQ (ids.front(), "date-" + std::to_string (count - 1));
    }

    TEST_P (HubNewsTest, FollowReportsReplaceTheFollowersSetAndTheArtistPageCountsThem)
    {
        store->putProfile ({ artist.publicKey(), "Ana Lua", "", "", {}, now });
        store->putProfile ({ otherArtist.publicKey(), "Rui", "", "", {}, now });
        const FakeSigner fanA { 0x31 };
        const FakeSigner fanB { 0x32 };

        EXPECT_EQ (store->artistPage (artist.publicKey(), now, 1).followers, 0);
        EXPECT_TRUE (follows (fanA, { artist.publicKey(), otherArtist.publicKey() }));
        EXPECT_TRUE (follows (fanB, { artist.publicKey(), artist.publicKey() }));
        EXPECT_EQ (store->artistPage (artist.publicKey(), now, 1).followers, 2);
        EXPECT_EQ (store->artistPage (otherArtist.publicKey(), now, 1).followers, 1);

        EXPECT_TRUE (follows (fanA, { otherArtist.publicKey() }, now + 1000));
        EXPECT_EQ (store->artistPage (artist.publicKey(), now, 1).followers, 1);
        // An older report than the last one changes nothing.
        EXPECT_FALSE (follows (fanA, { artist.publicKey() }, now));
        EXPECT_EQ (store->artistPage (artist.publicKey(), now, 1).followers, 1);
        EXPECT_TRUE (follows (fanB, {}, now + 1000));
        EXPECT_EQ (store->artistPage (artist.publicKey(), now, 1).followers, 0);

        v1::HubMessage shortKey;
        shortKey.mutable_follows()->add_artist_keys (std::string (31, 'k'));
        EXPECT_EQ (codeOf ([&]
                           { intake->submit (seal (fanA, shortKey, now), now); }),
                   ErrorCode::invalidArgument);
        v1::HubMessage tooMany;
        for (std::size_t i = 0; i <= newsRules::maxFollows; ++i)
            tooMany.mutable_follows()->add_artist_keys (std::string (32, 'k'));
        EXPECT_EQ (codeOf ([&]
                           { intake->submit (seal (fanA, tooMany, now), now); }),
                   ErrorCode::invalidArgument);
    }

    INSTANTIATE_TEST_SUITE_P (Backends, HubNewsTest, ::testing::Values (Backend::sqlite, Backend::postgres), backendName);
} // namespace earshot::test
