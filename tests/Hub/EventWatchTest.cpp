// Hub.WatchEvents when a watcher does not keep up: the hub's service in this process on loopback,
// a watcher whose channel takes little at a time and does not read while a flood of posts is
// filed.

#include "Hub/EventWatch.h"
#include "../Core/FakeSigner.h"
#include "Core/ChartScore.h"
#include "Core/HubRules.h"
#include "Core/NewsRules.h"
#include "Hub/HubIntake.h"
#include "Hub/HubService.h"
#include "Server/TcpServer.h"
#include "earshot/v1/hub.grpc.pb.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <unistd.h>

using namespace earshot;

namespace
{
    [[nodiscard]] std::int64_t nowMs()
    {
        return std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count();
    }

    class EventWatchTest : public ::testing::Test
    {
    protected:
        void SetUp() override
        {
            folder = std::filesystem::temp_directory_path() / ("earshot-event-watch-" + std::to_string (::getpid()));
            std::filesystem::create_directories (folder);
            store = openHubStore ((folder / "hub.sqlite").string());
            intake = std::make_unique<HubIntake> (*store, artist, HubIntake::Rules {});
            service = std::make_unique<HubService> (*store, *intake, calls);
            auto served = serveOnTcp ("127.0.0.1:0", *service, v1::Hub::service_full_name(), hubRules::maxMessageBytes, "the test hub", "port");
            server = std::move (served.server);

            // A watcher that takes at most a few KiB before it reads: the hub's writes wait on it.
            grpc::ChannelArguments arguments;
            arguments.SetInt (GRPC_ARG_HTTP2_BDP_PROBE, 0);
            arguments.SetInt (GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 4096);
            hub = v1::Hub::NewStub (grpc::CreateCustomChannel ("127.0.0.1:" + std::to_string (served.port), grpc::InsecureChannelCredentials(), arguments));
        }

        void TearDown() override
        {
            calls.stop();
            server->Shutdown (std::chrono::system_clock::now() + std::chrono::milliseconds (100));
            server.reset();
            service.reset();
            intake.reset();
            store.reset();
            std::filesystem::remove_all (folder);
        }

        void post (int n)
        {
            v1::HubMessage message;
            message.set_message_id ("message-" + std::to_string (n));
            message.set_sent_at_ms (nowMs());
            auto& made = *message.mutable_post();
            made.set_post_id ("date-" + std::to_string (n));
            made.set_posted_at_ms (nowMs());
            made.mutable_tour_date()->set_date (newsRules::dateOfDay (chartScore::dayOf (nowMs()) + 10));
            made.mutable_tour_date()->set_city ("Coimbra");
            made.mutable_tour_date()->set_venue (std::string (150, 'v'));
            v1::SignedHubMessage sealed;
            sealed.set_message (message.SerializeAsString());
            sealed.set_signer_key (keyBytes (artist.publicKey()));
            sealed.set_signature (artist.sign (sealed.message()));
            ASSERT_TRUE (intake->submit (sealed, nowMs()));
        }

        [[nodiscard]] v1::WatchEventsRequest watchFrom (std::uint64_t after) const
        {
            v1::WatchEventsRequest request;
            request.add_artists()->set_artist_key (keyBytes (artist.publicKey()));
            request.mutable_artists (0)->set_after (after);
            return request;
        }

        FakeSigner artist { 0x41 };
        std::filesystem::path folder;
        std::unique_ptr<HubStore> store;
        std::unique_ptr<HubIntake> intake;
        CallRunner calls { "test-hub", 2 };
        std::unique_ptr<HubService> service;
        std::unique_ptr<grpc::Server> server;
        std::unique_ptr<v1::Hub::Stub> hub;
    };
} // namespace

TEST_F (EventWatchTest, AWatcherThatFallsBehindIsEndedAndResumesFromItsCursorWithNothingLost)
{
    constexpr int flood = static_cast<int> (EventWatch::maxQueued) * 3;
    post (0);
    grpc::ClientContext context;
    context.set_deadline (std::chrono::system_clock::now() + std::chrono::seconds (120));
    auto reader = hub->WatchEvents (&context, watchFrom (0));
    v1::HubEvent event;
    ASSERT_TRUE (reader->Read (&event)) << "the backlog: the watch is open";
    std::uint64_t cursor = event.sequence();

    for (int n = 1; n <= flood; ++n)
        post (n);

    int received = 1;
    while (reader->Read (&event))
    {
        ASSERT_GT (event.sequence(), cursor);
        cursor = event.sequence();
        ++received;
    }
    EXPECT_EQ (reader->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_LT (received, flood + 1);

    // From its cursor, the rest, then it is live again.
    grpc::ClientContext again;
    again.set_deadline (std::chrono::system_clock::now() + std::chrono::seconds (120));
    auto resumed = hub->WatchEvents (&again, watchFrom (cursor));
    while (received < flood + 1 && resumed->Read (&event))
        ++received;
    EXPECT_EQ (received, flood + 1);
    post (flood + 1);
    ASSERT_TRUE (resumed->Read (&event));
    v1::HubMessage message;
    ASSERT_TRUE (message.ParseFromString (event.post().message()));
    EXPECT_EQ (message.post().post_id(), "date-" + std::to_string (flood + 1));
    again.TryCancel();
    (void) resumed->Finish();
}
