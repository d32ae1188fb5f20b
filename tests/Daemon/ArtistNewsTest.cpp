#include "Daemon/ArtistNews.h"
#include "Core/Error.h"
#include "Core/NewsRules.h"
#include "Daemon/WireValues.h"
#include "ProtoConvert.h"
#include "Store/TemporaryDirectory.h"
#include "Support/SyntheticWav.h"
#include "Swarm/TrackTorrent.h"

#include <libtorrent/kademlia/ed25519.hpp>
#include <libtorrent/kademlia/item.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace earshot
{
    namespace
    {
        std::string readWholeFileOf (const std::filesystem::path& file)
        {
            return test::readWholeFile (file);
        }

        /** A date n days from now, as YYYY-MM-DD. */
        std::string daysFromNow (int days)
        {
            return newsRules::dateOfDay (nowMs() / 86'400'000 + days);
        }

        /** One daemon's news desk over its own identity and database. */
        struct Desk
        {
            explicit Desk (const std::filesystem::path& folder)
                : identity (Identity::loadOrCreate (folder)), database (folder / "library.sqlite3")
            {
                ArtistNews::Hooks hooks;
                hooks.posted = [this] (const v1::ArtistPost& post)
                { posted.push_back (post); };
                hooks.followsChanged = [this]
                { ++followsChanged; };
                hooks.freshRelease = [this] (const std::vector<TrackManifest>& tracks)
                { prefetched.push_back (tracks); };
                news = std::make_unique<ArtistNews> (
                    store, identity, []
                    { return std::string ("Ana Moura"); },
                    hooks);
            }

            /** The post as Hub.WatchEvents hands it: a HubMessage signed by signer. */
            [[nodiscard]] static v1::SignedHubMessage sealed (const v1::ArtistPost& post, const Identity& signer)
            {
                v1::HubMessage message;
                message.set_message_id (newMessageId());
                message.set_sent_at_ms (nowMs());
                *message.mutable_post() = post;
                v1::SignedHubMessage signedMessage;
                signedMessage.set_message (message.SerializeAsString());
                signedMessage.set_signer_key (keyBytes (signer.publicKey()));
                signedMessage.set_signature (signer.sign (signedMessage.message()));
                return signedMessage;
            }

            Identity identity;
            SharedDatabase database;
            NewsStore store { database };
            std::unique_ptr<ArtistNews> news;
            std::vector<v1::ArtistPost> posted;
            std::vector<std::vector<TrackManifest>> prefetched;
            int followsChanged = 0;
        };

        class ArtistNewsTest : public ::testing::Test
        {
        protected:
            /** A real track: a short WAV and the torrent earshotd makes for it. */
            TrackManifest makeTrack (const std::string& name)
            {
                const auto file = folder.file (name + ".wav");
                testing::syntheticWav::write (file, 1.0, [] (double t)
                                              { return 0.25 * std::sin (2.0 * M_PI * 440.0 * t); });
                TrackManifest manifest;
                copyTorrentFields (createTrackTorrent (file), manifest);
                manifest.metadata.title = name;
                manifest.metadata.album = "Desfado";
                return manifest;
            }

            test::TemporaryDirectory folder;
            Desk artist { folder.file ("artist") };
            Desk fan { folder.file ("fan") };
            Desk stranger { folder.file ("stranger") };
        };
    } // namespace

    TEST_F (ArtistNewsTest, AFanFollowsOthersButNotItself)
    {
        bool added = false;
        EXPECT_THROW (fan.news->follow (fan.identity.publicKey(), "me", added), Error);
        (void) fan.news->follow (artist.identity.publicKey(), "Ana", added);
        EXPECT_TRUE (added);
        (void) fan.news->follow (artist.identity.publicKey(), "Ana", added);
        EXPECT_FALSE (added);
        EXPECT_EQ (fan.followsChanged, 1) << "following again changes nothing";
        EXPECT_TRUE (fan.news->unfollow (artist.identity.publicKey()));
        EXPECT_EQ (fan.followsChanged, 2);
    }

    TEST_F (ArtistNewsTest, TourDatesArePostedCheckedAndCalledOff)
    {
        EXPECT_THROW ((void) artist.news->addTourDate ({ daysFromNow (-5), "Lisbon", "Musicbox", {} }), Error) << "in the past";
        EXPECT_THROW ((void) artist.news->addTourDate ({ "2027-02-30", "Lisbon", "Musicbox", {} }), Error);
        EXPECT_THROW ((void) artist.news->addTourDate ({ daysFromNow (10), "", "Musicbox", {} }), Error);
        EXPECT_THROW ((void) artist.news->addTourDate ({ daysFromNow (10), "Lisbon", "Musicbox", "ftp://x" }), Error);
        EXPECT_TRUE (artist.posted.empty()) << "nothing refused is posted";

        const auto later = artist.news->addTourDate ({ daysFromNow (30), " Porto ", "Casa da Música", "https://example.org/t" });
        const auto sooner = artist.news->addTourDate ({ daysFromNow (3), "Lisbon", "Musicbox", {} });
        ASSERT_EQ (artist.posted.size(), 2u);
        auto dates = artist.news->tourDates (false);
        ASSERT_EQ (dates.size(), 2u);
        EXPECT_EQ (dates[0].post_id(), sooner) << "soonest first";
        EXPECT_EQ (dates[1].date().city(), "Porto") << "trimmed";
        EXPECT_EQ (dates[1].date().link(), "https://example.org/t");

        EXPECT_THROW (artist.news->removeTourDate ("no-such-date"), Error);
        artist.news->removeTourDate (later);
        EXPECT_THROW (artist.news->removeTourDate (later), Error) << "called off already";
        ASSERT_EQ (artist.posted.size(), 3u);
        EXPECT_EQ (artist.posted.back().tour_date_cancelled(), later);
        ASSERT_EQ (artist.news->tourDates (false).size(), 1u);
    }

    TEST_F (ArtistNewsTest, TheSignedFeedCarriesReleasesDatesAndCancellationsAndOnlyItsArtistsSignaturePasses)
    {
        const auto release = artist.news->postRelease ({}, { makeTrack ("Lua"), makeTrack ("Mar") });
        EXPECT_EQ (release.release().title(), "Desfado") << "an album's title when its tracks share one";
        const auto date = artist.news->addTourDate ({ daysFromNow (3), "Lisbon", "Musicbox", {} });
        const auto off = artist.news->addTourDate ({ daysFromNow (4), "Porto", "Hard Club", {} });
        artist.news->removeTourDate (off);

        const auto signedFeed = artist.news->signedFeed();
        const auto feed = ArtistNews::verifyFeed (artist.identity.publicKey(), signedFeed.SerializeAsString());
        EXPECT_EQ (feed.sequence(), 1);
        EXPECT_EQ (feed.posts_size(), 4) << "the release, both dates and the cancellation";
        EXPECT_EQ (ArtistNews::verifyFeed (artist.identity.publicKey(), artist.news->signedFeed().SerializeAsString()).sequence(), 2) << "each feed a newer sequence";

        // Signed by another key: refused whatever it says.
        EXPECT_THROW ((void) ArtistNews::verifyFeed (stranger.identity.publicKey(), signedFeed.SerializeAsString()), Error);
        auto forged = signedFeed;
        forged.set_signature (stranger.identity.sign (forged.feed()));
        EXPECT_THROW ((void) ArtistNews::verifyFeed (artist.identity.publicKey(), forged.SerializeAsString()), Error);
        // The artist's signature over a feed that names someone else.
        auto misnamed = feed;
        misnamed.set_artist_key (keyBytes (stranger.identity.publicKey()));
        v1::SignedArtistFeed misnamedFeed;
        misnamedFeed.set_feed (misnamed.SerializeAsString());
        misnamedFeed.set_signature (artist.identity.sign (misnamedFeed.feed()));
        EXPECT_THROW ((void) ArtistNews::verifyFeed (artist.identity.publicKey(), misnamedFeed.SerializeAsString()), Error);
        EXPECT_THROW ((void) ArtistNews::verifyFeed (artist.identity.publicKey(), "not a feed at all"), Error);
        EXPECT_THROW ((void) ArtistNews::verifyFeed (artist.identity.publicKey(), std::string (newsRules::maxFeedBytes + 1, 'x')), Error);

        // A fan files the feed once, and a feed of an artist not followed not at all.
        EXPECT_EQ (fan.news->fileFeed (artist.identity.publicKey(), feed), 0u);
        bool added = false;
        (void) fan.news->follow (artist.identity.publicKey(), {}, added);
        EXPECT_EQ (fan.news->fileFeed (artist.identity.publicKey(), feed), 4u);
        EXPECT_EQ (fan.news->fileFeed (artist.identity.publicKey(), feed), 0u);
        const auto news = fan.news->news (0, 0);
        ASSERT_EQ (news.releases_size(), 1);
        ASSERT_EQ (news.releases (0).post().release().tracks_size(), 2);
        EXPECT_FALSE (news.releases (0).post().release().tracks (1).info_dict().empty()) << "every track's manifest is whole for the client";
        ASSERT_EQ (news.tour_dates_size(), 2);
        EXPECT_EQ (news.tour_dates (0).post().post_id(), date);
        EXPECT_TRUE (news.tour_dates (1).cancelled());
        EXPECT_EQ (fan.store.followOf (artist.identity.publicKey())->name, "Ana Moura");
        ASSERT_EQ (fan.prefetched.size(), 1u) << "a fresh release has its opening fetched ahead";
        EXPECT_EQ (fan.prefetched[0].size(), 2u);
    }

    TEST_F (ArtistNewsTest, APostFromTheHubIsFiledOnlyUnderItsArtistsSignature)
    {
        bool added = false;
        (void) fan.news->follow (artist.identity.publicKey(), {}, added);
        const auto release = artist.news->postRelease ("Lua", { makeTrack ("Lua") });

        EXPECT_EQ (fan.news->fileSigned (Desk::sealed (release, stranger.identity), NewsStore::Source::hub), ArtistNews::Filed::notFollowed) << "the stranger signed it as itself";
        auto forged = Desk::sealed (release, stranger.identity);
        forged.set_signer_key (keyBytes (artist.identity.publicKey()));
        EXPECT_EQ (fan.news->fileSigned (forged, NewsStore::Source::hub), ArtistNews::Filed::refused) << "the artist's key, another's signature";
        EXPECT_EQ (fan.news->news (0, 0).releases_size(), 0);

        EXPECT_EQ (fan.news->fileSigned (Desk::sealed (release, artist.identity), NewsStore::Source::hub), ArtistNews::Filed::filed);
        EXPECT_EQ (fan.news->file (artist.identity.publicKey(), release, NewsStore::Source::dht), ArtistNews::Filed::duplicate) << "the same post through the DHT";
        EXPECT_EQ (fan.news->news (0, 0).releases_size(), 1);
        EXPECT_EQ (fan.news->news (0, 0).releases (0).source(), v1::NEWS_SOURCE_HUB);
    }

    TEST_F (ArtistNewsTest, PostsThatBreakTheRulesAreNotFiled)
    {
        bool added = false;
        (void) fan.news->follow (artist.identity.publicKey(), {}, added);
        v1::ArtistPost past;
        past.set_post_id ("past-date");
        past.set_posted_at_ms (nowMs());
        past.mutable_tour_date()->set_date (daysFromNow (-10));
        past.mutable_tour_date()->set_city ("Lisbon");
        past.mutable_tour_date()->set_venue ("Musicbox");
        EXPECT_EQ (fan.news->file (artist.identity.publicKey(), past, NewsStore::Source::dht), ArtistNews::Filed::refused);

        v1::ArtistPost broken;
        broken.set_post_id ("broken-release");
        broken.set_posted_at_ms (nowMs());
        auto& track = *broken.mutable_release()->add_tracks();
        toProto (makeTrack ("Lua"), track);
        track.set_info_hash (std::string (40, 'a'));
        EXPECT_EQ (fan.news->file (artist.identity.publicKey(), broken, NewsStore::Source::dht), ArtistNews::Filed::refused) << "a manifest whose dictionary is not its info-hash";

        v1::ArtistPost empty;
        empty.set_post_id ("empty");
        empty.set_posted_at_ms (nowMs());
        EXPECT_EQ (fan.news->file (artist.identity.publicKey(), empty, NewsStore::Source::dht), ArtistNews::Filed::refused);
        EXPECT_EQ (fan.store.lastId(), 0) << "nothing stored";
    }

    TEST_F (ArtistNewsTest, TourDatesInTheHomeCityComeFirst)
    {
        bool added = false;
        (void) fan.news->follow (artist.identity.publicKey(), {}, added);
        (void) artist.news->addTourDate ({ daysFromNow (2), "Porto", "Hard Club", {} });
        (void) artist.news->addTourDate ({ daysFromNow (9), "Lisbon", "Musicbox", {} });
        (void) fan.news->fileFeed (artist.identity.publicKey(), ArtistNews::verifyFeed (artist.identity.publicKey(), artist.news->signedFeed().SerializeAsString()));
        fan.news->setHomeCity ("  lisbon ");
        EXPECT_EQ (fan.news->homeCity(), "lisbon");
        const auto news = fan.news->news (0, 0);
        ASSERT_EQ (news.tour_dates_size(), 2);
        EXPECT_EQ (news.tour_dates (0).post().tour_date().city(), "Lisbon");
        EXPECT_TRUE (news.tour_dates (0).in_home_city());
        EXPECT_FALSE (news.tour_dates (1).in_home_city());
    }

    TEST_F (ArtistNewsTest, TheFeedItemsSignatureIsBep44sSoAnyNodeTakesIt)
    {
        // libtorrent signs a mutable item the way every DHT node checks it; with the artist's
        // secret key (from its key file) it must sign exactly what the news desk does.
        const auto keyFile = readWholeFileOf (Identity::keyFileIn (folder.file ("artist")));
        ASSERT_EQ (keyFile.size(), 64u);
        std::array<char, 32> seed {};
        std::copy_n (keyFile.begin(), 32, seed.begin());
        const auto [publicKey, secretKey] = lt::dht::ed25519_create_keypair (seed);

        const std::string value = "d2:ih20:" + std::string (20, 'x') + "e";
        const auto salt = std::string (newsRules::feedSalt);
        const auto expected = lt::dht::sign_mutable_item ({ value.data(), static_cast<std::ptrdiff_t> (value.size()) }, { salt.data(), static_cast<std::ptrdiff_t> (salt.size()) }, lt::dht::sequence_number (7), publicKey, secretKey);
        const auto signature = artist.news->signItem (value, salt, 7);
        EXPECT_EQ (signature, std::string (expected.bytes.data(), expected.bytes.size()));
        EXPECT_NE (artist.news->signItem (value, salt, 8), signature) << "the sequence is signed";
    }
} // namespace earshot
