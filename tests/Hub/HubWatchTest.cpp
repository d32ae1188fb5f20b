// Hub.WatchEvents over real gRPC: a real earshot-hub on each backend, artists signing their posts
// with real Ed25519 identities.

#include "Core/ChartScore.h"
#include "Core/NewsRules.h"
#include "HubProcessFixture.h"
#include "Support/HubMessages.h"
#include "Support/HubProcess.h"
#include "earshot/v1/hub.grpc.pb.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

namespace earshot::test
{
    namespace
    {
        using testing::hubNowMs;

        /** An open WatchEvents stream. */
        struct Watch
        {
            Watch (v1::Hub::Stub& hub, const std::vector<std::pair<PublicKey, std::uint64_t>>& artists)
            {
                // Only so that a hub that never sends fails the test rather than hanging it.
                context.set_deadline (std::chrono::system_clock::now() + std::chrono::seconds (60));
                v1::WatchEventsRequest request;
                for (const auto& [artist, after] : artists)
                {
                    auto& watched = *request.add_artists();
                    watched.set_artist_key (keyBytes (artist));
                    watched.set_after (after);
                }
                reader = hub.WatchEvents (&context, request);
            }

            ~Watch()
            {
                context.TryCancel();
                (void) reader->Finish();
            }

            /** The next event's post id and sequence; empty id when the stream ended. */
            std::pair<std::string, std::uint64_t> next()
            {
                v1::HubEvent event;
                if (! reader->Read (&event))
                    return {};
                v1::HubMessage message;
                EXPECT_TRUE (message.ParseFromString (event.post().message()));
                return { message.post().post_id(), event.sequence() };
            }

            grpc::ClientContext context;
            std::unique_ptr<grpc::ClientReader<v1::HubEvent>> reader;
        };
    } // namespace

    /** A hub on each backend, and an artist posting to it. */
    class HubWatchTest : public HubProcessTest
    {
    protected:
        /** The artist's tour date in `days` days, signed by `by` (the artist unless forged). */
        grpc::Status postTourDate (const std::string& postId, int days, const testing::SigningDaemon* by = nullptr)
        {
            v1::HubMessage message;
            auto& post = *message.mutable_post();
            post.set_post_id (postId);
            post.set_posted_at_ms (hubNowMs());
            post.set_artist_name ("Ana Lua");
            post.mutable_tour_date()->set_date (newsRules::dateOfDay (chartScore::dayOf (hubNowMs()) + days));
            post.mutable_tour_date()->set_city ("Porto");
            post.mutable_tour_date()->set_venue ("Maus Hábitos");
            auto sealed = (by != nullptr ? *by : *artist).seal (message);
            if (by != nullptr)
                sealed.set_signer_key (keyBytes (artist->identity.publicKey()));
            return testing::submitToHub (hub->api(), sealed);
        }

        [[nodiscard]] PublicKey artistKey() const { return artist->identity.publicKey(); }
    };

    TEST_P (HubWatchTest, AWatcherGetsTheBacklogThenEachPostAsItIsFiledAndResumesAfterItsCursor)
    {
        ASSERT_TRUE (postTourDate ("first", 10).ok());
        std::uint64_t firstSequence = 0;
        {
            Watch watch (hub->api(), { { artistKey(), 0 } });
            const auto [id, sequence] = watch.next();
            EXPECT_EQ (id, "first");
            firstSequence = sequence;

            ASSERT_TRUE (postTourDate ("second", 11).ok());
            const auto live = watch.next();
            EXPECT_EQ (live.first, "second");
            EXPECT_GT (live.second, firstSequence);
        }

        // Back after its cursor: only what came since, then live again.
        Watch resumed (hub->api(), { { artistKey(), firstSequence } });
        EXPECT_EQ (resumed.next().first, "second");
        ASSERT_TRUE (postTourDate ("third", 12).ok());
        EXPECT_EQ (resumed.next().first, "third");
    }

    TEST_P (HubWatchTest, AForgedPostIsRefusedAndABadWatchIsInvalid)
    {
        const testing::SigningDaemon forger (folder / "forger");
        EXPECT_EQ (postTourDate ("forged", 10, &forger).error_code(), grpc::StatusCode::PERMISSION_DENIED);

        ASSERT_TRUE (postTourDate ("real", 10).ok());
        Watch watch (hub->api(), { { artistKey(), 0 } });
        EXPECT_EQ (watch.next().first, "real");

        grpc::ClientContext context;
        v1::WatchEventsRequest bad;
        bad.add_artists()->set_artist_key ("short");
        auto reader = hub->api().WatchEvents (&context, bad);
        v1::HubEvent event;
        EXPECT_FALSE (reader->Read (&event));
        EXPECT_EQ (reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    }

    INSTANTIATE_TEST_SUITE_P (Backends, HubWatchTest, ::testing::Values (Backend::sqlite, Backend::postgres), backendName);
} // namespace earshot::test
