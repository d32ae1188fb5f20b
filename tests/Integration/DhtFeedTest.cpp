// Artists' news through the DHT with no hub: real earshotd processes forming a private DHT on
// loopback. Followers get the artist's release and tour date from its feed; a newcomer gets them
// from the followers (restarted, seeding the feed they kept) once the artist is offline; feeds
// forged under the artist's item are refused and never shown.

#include "Support/DaemonProcess.h"

#include "Core/FeedPointer.h"
#include "Core/Hex.h"
#include "Core/NewsRules.h"
#include "Swarm/SwarmSession.h"

#include "earshot/v1/news.pb.h"

#include <libtorrent/kademlia/ed25519.hpp>
#include <libtorrent/kademlia/item.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <memory>

namespace earshot
{
    namespace
    {
        using namespace std::chrono_literals;
        namespace fs = std::filesystem;
        using namespace earshot::testing;

        constexpr int followerCount = 5;

        /** An artist's daemon and its followers' on a private loopback DHT, polling every 300 ms. */
        class DhtFeedTest : public ::testing::Test
        {
        protected:
            DaemonProcess& startDaemon (const std::string& name)
            {
                std::vector<std::string> args { "--dht-private", "--feed-poll-ms", "300", "--feed-republish-ms", "1000" };
                for (const auto& node : dhtNodes)
                    args.insert (args.end(), { "--dht-node", node });
                daemons.push_back (std::make_unique<DaemonProcess> (folder.path() / name, args));
                auto& daemon = *daemons.back();
                daemon.start();
                dhtNodes.push_back (daemon.peerAddress());
                return daemon;
            }

            void startArtistAndFollowers()
            {
                artist = &startDaemon ("artist");
                for (int i = 0; i < followerCount; ++i)
                    followers.push_back (&startDaemon ("fan" + std::to_string (i)));
                artistKeyHex = toHex (std::string_view (identityFile().data() + 32, 32));
                for (auto* follower : followers)
                    follower->client().follow (artistKeyHex, "The Artist");
            }

            /** The artist's identity.key: the 32-byte seed, then the public key. */
            std::string identityFile() const { return readFileBytes (artist->dataDirectory() / "identity.key"); }

            static std::string upcomingDate()
            {
                const auto today = std::chrono::duration_cast<std::chrono::days> (std::chrono::system_clock::now().time_since_epoch()).count();
                return newsRules::dateOfDay (today + 30);
            }

            static bool showsTourDate (DaemonProcess& fan, const std::string& city)
            {
                for (const auto& item : fan.client().news().tourDates)
                    if (item.tourDate.city == city)
                        return true;
                return false;
            }

            static bool showsRelease (DaemonProcess& fan, const std::string& infoHash)
            {
                for (const auto& item : fan.client().news().releases)
                    if (! item.tracks.empty() && item.tracks.front().infoHashHex == infoHash)
                        return true;
                return false;
            }

            /** Every refusal is logged with its reason. */
            void expectEveryFollowerLogs (const std::string& line)
            {
                for (auto* fan : followers)
                    EXPECT_TRUE (eventually ([&]
                                             { return fan->log().find (line) != std::string::npos; },
                                             60s))
                        << "no '" << line << "' in\n"
                        << fan->log();
            }

            static std::int64_t feedSequenceOf (DaemonProcess& fan)
            {
                const auto follows = fan.client().following();
                return follows.empty() ? -1 : follows.front().feedSequence;
            }

            TemporaryDirectory folder { "earshot-dht-feed" };
            std::vector<std::unique_ptr<DaemonProcess>> daemons;
            std::vector<std::string> dhtNodes;
            DaemonProcess* artist = nullptr;
            std::vector<DaemonProcess*> followers;
            std::string artistKeyHex;
        };
    } // namespace

    TEST_F (DhtFeedTest, FollowersGetTheArtistsReleaseAndTourDateAndANewcomerGetsThemFromRestartedFollowersWithTheArtistOffline)
    {
        startArtistAndFollowers();
        const auto published = artist->client().publish ({ testMedia ("excerpt.flac").string() }).front();
        const auto infoHash = published.id.substr (0, 40);
        artist->client().addTourDate ({ upcomingDate(), "Lisbon", "Musicbox", "" });

        for (auto* fan : followers)
        {
            EXPECT_TRUE (eventually ([&]
                                     { return showsRelease (*fan, infoHash) && showsTourDate (*fan, "Lisbon"); },
                                     60s))
                << fan->log();
        }

        // The release is fresh: each follower fetched its opening ahead (peers from the DHT), so
        // it plays at once, and keeps it out of the library until it is played.
        const auto& metadata = published.manifest.metadata;
        ASSERT_GT (metadata.durationMs, 6000u);
        const auto openingBytes = published.manifest.fileSize * 6000 / metadata.durationMs;
        for (auto* fan : followers)
        {
            EXPECT_TRUE (eventually ([&]
                                     {
                                         const auto status = fan->client().getTrack (published.id).status;
                                         return status && holdsFirstBytes (*status, openingBytes); },
                                     60s))
                << fan->log();
            EXPECT_EQ (fan->client().daemonInfo().tracks, 0) << "a preview is not in the library";
        }

        // The artist goes offline, and the followers restart, their DHT nodes holding nothing now:
        // they seed the feed they kept and put the artist's item again.
        artist->stop();
        dhtNodes.clear();
        for (auto* fan : followers)
        {
            fan->stop();
            fan->start();
            dhtNodes.push_back (fan->peerAddress());
        }
        auto& newcomer = startDaemon ("newcomer");
        newcomer.client().follow (artistKeyHex, "The Artist");
        EXPECT_TRUE (eventually ([&]
                                 { return showsRelease (newcomer, infoHash) && showsTourDate (newcomer, "Lisbon"); },
                                 60s))
            << newcomer.log();
    }

    namespace
    {
        /** An in-process swarm on the same private DHT: what a forger runs. */
        struct Forger
        {
            std::unique_ptr<SwarmSession> swarm;

            explicit Forger (const std::vector<std::string>& nodes)
            {
                SwarmSettings settings;
                settings.listenInterfaces = "127.0.0.1:0";
                settings.privateDht = true;
                settings.dhtNodes = nodes;
                swarm = std::make_unique<SwarmSession> (settings, SwarmEvents {});
            }

            std::string seed (const fs::path& file)
            {
                std::promise<std::string> seeded;
                swarm->seedDocument (file.string(), [&seeded] (std::function<std::string()> answer)
                                     { seeded.set_value (answer()); });
                return seeded.get_future().get();
            }

            /** Puts {"ih": infoHash} under the artist's key at sequence, signed with its secret key. */
            void point (const std::string& identityFile, const std::string& infoHash, std::int64_t sequence)
            {
                put (identityFile, feedPointer::encode (fromHex (infoHash)), sequence);
            }

            /** Puts a bencoded value under the artist's key at sequence, signed with its secret key. */
            void put (const std::string& identityFile, const std::string& value, std::int64_t sequence)
            {
                std::array<char, 32> seed {};
                std::copy_n (identityFile.begin(), 32, seed.begin());
                const auto [publicKey, secretKey] = lt::dht::ed25519_create_keypair (seed);
                const std::string salt (newsRules::feedSalt);
                const auto signature = lt::dht::sign_mutable_item (value, salt, lt::dht::sequence_number (sequence), publicKey, secretKey);
                std::promise<int> stored;
                swarm->putDhtItem ({ identityFile.substr (32, 32), salt, value, sequence, { signature.bytes.begin(), signature.bytes.end() } }, [&stored] (std::function<int()> answer)
                                   { stored.set_value (answer()); });
                EXPECT_GT (stored.get_future().get(), 0);
            }
        };

        /** A feed naming the artist, with one tour date in city, signed by another key. */
        std::string feedSignedByAnotherKey (const std::string& artistKey, std::int64_t sequence, const std::string& city, const std::string& date)
        {
            v1::ArtistFeed feed;
            feed.set_artist_key (artistKey);
            feed.set_sequence (sequence);
            feed.set_updated_at_ms (std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count());
            auto* post = feed.add_posts();
            post->set_post_id (std::string (32, 'f'));
            post->set_posted_at_ms (feed.updated_at_ms());
            post->set_artist_name ("The Artist");
            post->mutable_tour_date()->set_date (date);
            post->mutable_tour_date()->set_city (city);
            post->mutable_tour_date()->set_venue ("Nowhere");
            std::array<char, 32> seed {};
            seed.fill ('f');
            const auto [publicKey, secretKey] = lt::dht::ed25519_create_keypair (seed);
            v1::SignedArtistFeed signedFeed;
            signedFeed.set_feed (feed.SerializeAsString());
            const auto signature = lt::dht::ed25519_sign (signedFeed.feed(), publicKey, secretKey);
            signedFeed.set_signature (std::string (signature.bytes.begin(), signature.bytes.end()));
            return signedFeed.SerializeAsString();
        }
    } // namespace

    TEST_F (DhtFeedTest, AFeedForgedUnderTheArtistsItemOrAnOlderFeedUnderANewSequenceIsNeverShown)
    {
        startArtistAndFollowers();
        artist->client().addTourDate ({ upcomingDate(), "Lisbon", "Musicbox", "" });
        for (auto* fan : followers)
            ASSERT_TRUE (eventually ([&]
                                     { return showsTourDate (*fan, "Lisbon"); },
                                     60s))
                << fan->log();
        const auto kept = feedSequenceOf (*followers.front());
        ASSERT_GT (kept, 0);
        for (auto* fan : followers)
            ASSERT_TRUE (eventually ([&]
                                     { return feedSequenceOf (*fan) == kept; },
                                     30s));

        // A feed signed by another key, under an item only the artist's key could sign.
        Forger forger (dhtNodes);
        const auto forgedFile = folder.path() / "forged" / "feed.bin";
        fs::create_directories (forgedFile.parent_path());
        std::ofstream (forgedFile, std::ios::binary) << feedSignedByAnotherKey (identityFile().substr (32, 32), kept + 1, "Forgedville", upcomingDate());
        forger.point (identityFile(), forger.seed (forgedFile), kept + 1);
        expectEveryFollowerLogs ("refused DHT feed " + std::to_string (kept + 1) + " of artist " + artistKeyHex + ": the feed is not signed by artist");

        // The artist's genuine current feed, replayed under a newer sequence.
        const auto ownFeed = artist->dataDirectory() / "feeds" / "own" / ("feed-" + std::to_string (kept) + ".bin");
        ASSERT_TRUE (fs::exists (ownFeed));
        const auto replayFile = folder.path() / "replay" / ownFeed.filename();
        fs::create_directories (replayFile.parent_path());
        fs::copy_file (ownFeed, replayFile);
        forger.point (identityFile(), forger.seed (replayFile), kept + 2);
        expectEveryFollowerLogs ("refused DHT feed " + std::to_string (kept + 2) + " of artist " + artistKeyHex + ": the feed says sequence");

        // A feed over the size limit, and a value that does not point to a torrent.
        const auto hugeFile = folder.path() / "huge" / "feed.bin";
        fs::create_directories (hugeFile.parent_path());
        std::ofstream (hugeFile, std::ios::binary) << std::string (newsRules::maxFeedBytes + 1, 'x');
        forger.point (identityFile(), forger.seed (hugeFile), kept + 3);
        expectEveryFollowerLogs ("refused DHT feed " + std::to_string (kept + 3) + " of artist " + artistKeyHex + ": document");
        forger.put (identityFile(), "d2:ih3:abce", kept + 4);
        expectEveryFollowerLogs ("(sequence " + std::to_string (kept + 4) + "): its value is not");

        for (auto* fan : followers)
        {
            EXPECT_FALSE (showsTourDate (*fan, "Forgedville"));
            EXPECT_TRUE (showsTourDate (*fan, "Lisbon"));
            EXPECT_EQ (feedSequenceOf (*fan), kept);
        }
    }
} // namespace earshot
