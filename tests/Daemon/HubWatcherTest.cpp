// The daemon's hub watcher against the hub's real service, in this process on loopback: what it
// files, from which cursor, and how it comes back after the hub was down or changed.

#include "Daemon/HubWatcher.h"
#include "Core/ChartScore.h"
#include "Core/HubRules.h"
#include "Core/NewsRules.h"
#include "Daemon/ArtistNews.h"
#include "Daemon/WireValues.h"
#include "Hub/HubIntake.h"
#include "Hub/HubService.h"
#include "Server/TcpServer.h"
#include "Store/TemporaryDirectory.h"
#include "Swarm/Ed25519Verifier.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

namespace earshot
{
    namespace
    {
        using namespace std::chrono_literals;

        /** Polls done() every 10 ms for up to 30 s (only so that a broken watcher fails rather than
            hangs); true once it holds. */
        bool eventually (const std::function<bool()>& done)
        {
            const auto deadline = std::chrono::steady_clock::now() + 30s;
            while (! done())
            {
                if (std::chrono::steady_clock::now() > deadline)
                    return false;
                std::this_thread::sleep_for (10ms);
            }
            return true;
        }

        /** The hub's service over a SQLite file, served on a loopback port (0: a free one). */
        struct InProcessHub
        {
            InProcessHub (const std::filesystem::path& file, int port = 0)
                : store (openHubStore (file.string())), intake (*store, verifier, HubIntake::Rules {}), service (*store, intake, calls)
            {
                auto served = serveOnTcp ("127.0.0.1:" + std::to_string (port), service, v1::Hub::service_full_name(), hubRules::maxMessageBytes, "the test hub", "port");
                server = std::move (served.server);
                boundPort = served.port;
            }

            ~InProcessHub()
            {
                calls.stop();
                server->Shutdown (std::chrono::system_clock::now() + 100ms);
            }

            [[nodiscard]] std::string address() const { return "127.0.0.1:" + std::to_string (boundPort); }

            /** The artist's tour date, signed, filed as if its daemon had sent it. */
            void postTourDate (const Identity& artist, const std::string& postId, int days)
            {
                v1::HubMessage message;
                message.set_message_id (newMessageId());
                message.set_sent_at_ms (nowMs());
                auto& post = *message.mutable_post();
                post.set_post_id (postId);
                post.set_posted_at_ms (nowMs());
                post.set_artist_name ("Ana");
                post.mutable_tour_date()->set_date (newsRules::dateOfDay (chartScore::dayOf (nowMs()) + days));
                post.mutable_tour_date()->set_city ("Braga");
                post.mutable_tour_date()->set_venue ("Theatro Circo");
                v1::SignedHubMessage sealed;
                sealed.set_message (message.SerializeAsString());
                sealed.set_signer_key (keyBytes (artist.publicKey()));
                sealed.set_signature (artist.sign (sealed.message()));
                ASSERT_TRUE (intake.submit (sealed, nowMs()));
            }

            Ed25519Verifier verifier;
            std::unique_ptr<HubStore> store;
            HubIntake intake;
            CallRunner calls { "test-hub", 2 };
            HubService service;
            std::unique_ptr<grpc::Server> server;
            int boundPort = 0;
        };

        /** The identity kept in folder, made with the folder when missing. */
        Identity identityIn (const std::filesystem::path& folder)
        {
            std::filesystem::create_directories (folder);
            return Identity::loadOrCreate (folder);
        }

        /** A follower's news desk and its hub watcher. */
        struct Follower
        {
            Follower (const std::filesystem::path& folder, const std::string& hubAddress)
                : identity (identityIn (folder)), database (folder / "library.sqlite3"), connection (hubAddress)
            {
                ArtistNews::Hooks hooks;
                hooks.followsChanged = [this]
                {
                    if (watcher)
                        watcher->restart();
                };
                news = std::make_unique<ArtistNews> (
                    store, identity, []
                    { return std::string ("Rui"); },
                    hooks);
                watcher = std::make_unique<HubWatcher> (*news, store, connection, HubWatcher::Options { 20ms, 100ms });
            }

            ~Follower()
            {
                watcher.reset(); // while its stream is open: it must not hang
            }

            void follow (const Identity& artist)
            {
                bool added = false;
                (void) news->follow (artist.publicKey(), "", added);
            }

            [[nodiscard]] std::uint64_t cursorOf (const Identity& artist) const { return store.followOf (artist.publicKey())->hubAfter; }

            Identity identity;
            SharedDatabase database;
            NewsStore store { database };
            HubConnection connection;
            std::unique_ptr<ArtistNews> news;
            std::unique_ptr<HubWatcher> watcher;
        };
    } // namespace

    class HubWatcherTest : public ::testing::Test
    {
    protected:
        test::TemporaryDirectory folder;
        Identity ana = identityIn (folder.file ("ana"));
        Identity rui = identityIn (folder.file ("rui"));
    };

    TEST_F (HubWatcherTest, FilesWhatTheHubHasAndWhatComesThenAndWatchesAgainWhenTheFollowsChange)
    {
        InProcessHub hub (folder.file ("hub.sqlite3"));
        hub.postTourDate (ana, "ana-1", 10);
        hub.postTourDate (rui, "rui-1", 11);
        Follower fan (folder.file ("fan"), hub.address());

        fan.follow (ana);
        // A post is filed, then its artist's cursor moves past it.
        ASSERT_TRUE (eventually ([&]
                                 { return fan.store.isFiled ("ana-1") && fan.cursorOf (ana) > 0; }));
        const auto firstCursor = fan.cursorOf (ana);
        EXPECT_FALSE (fan.store.isFiled ("rui-1")) << "not followed";

        hub.postTourDate (ana, "ana-2", 12);
        ASSERT_TRUE (eventually ([&]
                                 { return fan.store.isFiled ("ana-2") && fan.cursorOf (ana) > firstCursor; }));

        fan.follow (rui);
        ASSERT_TRUE (eventually ([&]
                                 { return fan.store.isFiled ("rui-1") && fan.cursorOf (rui) > 0; }));
        EXPECT_LT (fan.cursorOf (rui), fan.cursorOf (ana)) << "each artist's cursor is the sequence of its own last post: rui's came before ana's second";
        EXPECT_EQ (fan.store.tourDates (0, "").size(), 3u);
    }

    TEST_F (HubWatcherTest, ComesBackAfterTheHubWasDownAndStartsOverOnANewHub)
    {
        std::uint64_t cursor = 0;
        auto hub = std::make_unique<InProcessHub> (folder.file ("hub.sqlite3"));
        const auto port = hub->boundPort;
        Follower fan (folder.file ("fan"), hub->address());
        fan.follow (ana);
        hub->postTourDate (ana, "before", 10);
        ASSERT_TRUE (eventually ([&]
                                 { return fan.store.isFiled ("before") && fan.cursorOf (ana) > 0; }));
        const auto cursorBefore = fan.cursorOf (ana);

        // Down, then back on the same port with what it had, and a post made meanwhile.
        hub.reset();
        hub = std::make_unique<InProcessHub> (folder.file ("hub.sqlite3"), port);
        hub->postTourDate (ana, "after", 11);
        ASSERT_TRUE (eventually ([&]
                                 { return fan.store.isFiled ("after") && fan.cursorOf (ana) > cursorBefore; }));
        cursor = fan.cursorOf (ana);

        // Another hub numbers its posts from 1: the cursors start over, or its posts would be skipped.
        InProcessHub other (folder.file ("other.sqlite3"));
        other.postTourDate (ana, "elsewhere", 12);
        fan.connection.setAddress (other.address());
        fan.watcher->restart();
        ASSERT_TRUE (eventually ([&]
                                 { return fan.store.isFiled ("elsewhere"); }));
        EXPECT_LT (fan.cursorOf (ana), cursor);
    }
} // namespace earshot
