// Every call that takes an id, a prefix, a path, a name or any other text, given megabytes of it,
// answers with its real reason: the right status and a short message that names the problem, never
// gRPC's "metadata size exceeds limit" (which is what a client sees when an error echoes its input
// whole). Against a real earshotd and a real earshot-hub, with the generated stubs as any program
// would call them.

#include "Support/DaemonProcess.h"
#include "Support/HubProcess.h"

#include "ProtoConvert.h"

#include "earshot/v1/discovery.grpc.pb.h"
#include "earshot/v1/hub.grpc.pb.h"
#include "earshot/v1/library.grpc.pb.h"
#include "earshot/v1/news.grpc.pb.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    /** Longest message a refusal may have: a sentence naming the problem and a short prefix of the
        input, far below gRPC's 8 KiB of metadata. */
    constexpr std::size_t maxMessageBytes = 400;

    /** One call with an overlong input, and the status it must answer with. */
    struct LongInputCall
    {
        std::string what;
        grpc::StatusCode expected;
        std::function<grpc::Status (grpc::ClientContext&)> call;
    };

    /** Runs each call and checks its status and message. */
    void expectShortRefusals (const std::vector<LongInputCall>& calls)
    {
        for (const auto& each : calls)
        {
            grpc::ClientContext context;
            context.set_deadline (std::chrono::system_clock::now() + std::chrono::seconds (60));
            const auto status = each.call (context);
            const auto& message = status.error_message();
            EXPECT_EQ (status.error_code(), each.expected) << each.what << ": " << message.substr (0, 300);
            if (each.expected == grpc::StatusCode::OK)
                continue;
            EXPECT_FALSE (message.empty()) << each.what;
            EXPECT_LT (message.size(), maxMessageBytes) << each.what << ": " << message.substr (0, 300);
            EXPECT_EQ (message.find ("metadata"), std::string::npos) << each.what << ": " << message.substr (0, 300);
        }
    }

    /** A server-streaming call's final status. */
    template <typename Reader, typename Response>
    grpc::Status finishStream (Reader reader, Response response)
    {
        while (reader->Read (&response))
        {
        }
        return reader->Finish();
    }
} // namespace

TEST (LongInputTest, EveryDaemonCallRefusesTenMebibytesOfInputWithItsRealReasonInAShortMessage)
{
    TemporaryDirectory root { "earshot-long-input" };
    HubProcess hub { (root.path() / "hub.sqlite3").string(), root.path() / "hub.log" };
    DaemonProcess daemon { root.path() / "daemon" };
    daemon.start();
    daemon.client().setHub (hub.address());
    const auto track = daemon.client().publish ({ testMedia ("excerpt.ogg").string() }).front();
    const auto code = daemon.client().friendCode();

    const std::string huge (10 * 1024 * 1024, 'x');
    const std::string key (32, '\x07');
    const auto channel = grpc::CreateChannel (daemon.apiAddress(), grpc::InsecureChannelCredentials());
    const auto library = v1::Library::NewStub (channel);
    const auto news = v1::News::NewStub (channel);
    const auto discovery = v1::Discovery::NewStub (channel);
    const auto hubLink = v1::HubLink::NewStub (channel);
    using Code = grpc::StatusCode;

    const auto tourDate = [] (auto edit)
    {
        v1::AddTourDateRequest request;
        request.mutable_date()->set_date ("2099-06-01");
        request.mutable_date()->set_city ("Lisbon");
        request.mutable_date()->set_venue ("Musicbox");
        edit (*request.mutable_date());
        return request;
    };
    const auto profile = [] (auto edit)
    {
        v1::SetProfileRequest request;
        request.mutable_profile()->set_name ("Ana");
        edit (*request.mutable_profile());
        return request;
    };

    std::vector<LongInputCall> calls {
        // Library
        { "Publish's path", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::PublishRequest in; in.add_paths (huge); v1::PublishResponse out; return library->Publish (&context, in, &out); } },
        { "Publish's tracker", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::PublishRequest in; in.add_paths (testMedia ("excerpt.flac").string()); in.add_trackers (huge); v1::PublishResponse out; return library->Publish (&context, in, &out); } },
        { "AddTrack's magnet link", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::AddTrackRequest in; in.set_magnet_uri (huge); v1::AddTrackResponse out; return library->AddTrack (&context, in, &out); } },
        { "AddTrack's .torrent file", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::AddTrackRequest in; in.set_torrent_file (huge); v1::AddTrackResponse out; return library->AddTrack (&context, in, &out); } },
        { "AddTrack's manifest", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::AddTrackRequest in; toProto (track.manifest, *in.mutable_manifest()); in.mutable_manifest()->set_info_hash (huge); v1::AddTrackResponse out; return library->AddTrack (&context, in, &out); } },
        { "AddTrack's manifest's file name", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::AddTrackRequest in; toProto (track.manifest, *in.mutable_manifest()); in.mutable_manifest()->set_file_name (huge); v1::AddTrackResponse out; return library->AddTrack (&context, in, &out); } },
        { "GetTrack's id", Code::NOT_FOUND, [&] (auto& context)
          { v1::GetTrackRequest in; in.set_track_id (huge); v1::GetTrackResponse out; return library->GetTrack (&context, in, &out); } },
        { "WatchTrack's id", Code::NOT_FOUND, [&] (auto& context)
          { v1::WatchTrackRequest in; in.set_track_id (huge); return finishStream (library->WatchTrack (&context, in), v1::WatchTrackResponse()); } },
        { "Stream's id", Code::NOT_FOUND, [&] (auto& context)
          { v1::StreamRequest in; in.set_track_id (huge); return finishStream (library->Stream (&context, in), v1::StreamResponse()); } },
        { "RemoveTrack's id", Code::NOT_FOUND, [&] (auto& context)
          { v1::RemoveTrackRequest in; in.set_track_id (huge); v1::RemoveTrackResponse out; return library->RemoveTrack (&context, in, &out); } },
        { "ConnectPeer's endpoint", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::ConnectPeerRequest in; in.set_endpoint (huge); in.set_track_id (track.id); v1::ConnectPeerResponse out; return library->ConnectPeer (&context, in, &out); } },
        { "ConnectPeer's track id", Code::NOT_FOUND, [&] (auto& context)
          { v1::ConnectPeerRequest in; in.set_endpoint ("127.0.0.1:6881"); in.set_track_id (huge); v1::ConnectPeerResponse out; return library->ConnectPeer (&context, in, &out); } },
        { "AddFriend's code", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::AddFriendRequest in; in.set_code (huge); in.set_name ("Ben"); v1::AddFriendResponse out; return library->AddFriend (&context, in, &out); } },
        { "AddFriend's name", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::AddFriendRequest in; in.set_code (code); in.set_name (huge); v1::AddFriendResponse out; return library->AddFriend (&context, in, &out); } },
        { "RemoveFriend's name", Code::NOT_FOUND, [&] (auto& context)
          { v1::RemoveFriendRequest in; in.set_name (huge); v1::RemoveFriendResponse out; return library->RemoveFriend (&context, in, &out); } },
        { "SendPass's track id", Code::NOT_FOUND, [&] (auto& context)
          { v1::SendPassRequest in; in.set_track_id (huge); in.set_to ("Ben"); v1::SendPassResponse out; return library->SendPass (&context, in, &out); } },
        { "SendPass's friend", Code::NOT_FOUND, [&] (auto& context)
          { v1::SendPassRequest in; in.set_track_id (track.id); in.set_to (huge); v1::SendPassResponse out; return library->SendPass (&context, in, &out); } },
        { "SendPass's note", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::SendPassRequest in; in.set_track_id (track.id); in.set_to ("Ben"); in.set_note (huge); v1::SendPassResponse out; return library->SendPass (&context, in, &out); } },
        { "MarkRead's pass id", Code::NOT_FOUND, [&] (auto& context)
          { v1::MarkReadRequest in; in.set_pass_id (huge); v1::MarkReadResponse out; return library->MarkRead (&context, in, &out); } },
        { "ReportListening's track id", Code::NOT_FOUND, [&] (auto& context)
          { v1::ReportListeningRequest in; in.set_track_id (huge); in.set_listened_ms (60'000); v1::ReportListeningResponse out; return library->ReportListening (&context, in, &out); } },

        // News
        { "Follow's key", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::FollowRequest in; in.set_artist_key (huge); v1::FollowResponse out; return news->Follow (&context, in, &out); } },
        { "Follow's name", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::FollowRequest in; in.set_artist_key (key); in.set_name (huge); v1::FollowResponse out; return news->Follow (&context, in, &out); } },
        { "Follow's name alone, for the hub to look up", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::FollowRequest in; in.set_name (huge); v1::FollowResponse out; return news->Follow (&context, in, &out); } },
        { "Unfollow's key", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::UnfollowRequest in; in.set_artist_key (huge); v1::UnfollowResponse out; return news->Unfollow (&context, in, &out); } },
        { "AddTourDate's date", Code::INVALID_ARGUMENT, [&] (auto& context)
          { const auto in = tourDate ([&] (auto& date) { date.set_date (huge); }); v1::AddTourDateResponse out; return news->AddTourDate (&context, in, &out); } },
        { "AddTourDate's city", Code::INVALID_ARGUMENT, [&] (auto& context)
          { const auto in = tourDate ([&] (auto& date) { date.set_city (huge); }); v1::AddTourDateResponse out; return news->AddTourDate (&context, in, &out); } },
        { "AddTourDate's venue", Code::INVALID_ARGUMENT, [&] (auto& context)
          { const auto in = tourDate ([&] (auto& date) { date.set_venue (huge); }); v1::AddTourDateResponse out; return news->AddTourDate (&context, in, &out); } },
        { "AddTourDate's link", Code::INVALID_ARGUMENT, [&] (auto& context)
          { const auto in = tourDate ([&] (auto& date) { date.set_link (huge); }); v1::AddTourDateResponse out; return news->AddTourDate (&context, in, &out); } },
        { "RemoveTourDate's id", Code::NOT_FOUND, [&] (auto& context)
          { v1::RemoveTourDateRequest in; in.set_post_id (huge); v1::RemoveTourDateResponse out; return news->RemoveTourDate (&context, in, &out); } },
        { "SetHomeCity's city", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::SetHomeCityRequest in; in.set_city (huge); v1::SetHomeCityResponse out; return news->SetHomeCity (&context, in, &out); } },

        // Discovery: refused before the hub is asked, which would not take a request this large.
        { "GetArtist's key", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::GetArtistRequest in; in.set_artist_key (huge); v1::GetArtistResponse out; return discovery->GetArtist (&context, in, &out); } },
        { "GetArtist's name", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::GetArtistRequest in; in.set_name (huge); v1::GetArtistResponse out; return discovery->GetArtist (&context, in, &out); } },
        { "Search's text", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::SearchRequest in; in.set_text (huge); v1::SearchResponse out; return discovery->Search (&context, in, &out); } },
        { "GetChart's genre", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::GetChartRequest in; in.set_genre (huge); v1::GetChartResponse out; return discovery->GetChart (&context, in, &out); } },
        { "GetCover's track id", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::GetCoverRequest in; in.set_track_id (huge); v1::GetCoverResponse out; return discovery->GetCover (&context, in, &out); } },
        // A manifest that cannot be fetched is skipped (and logged, briefly), the call answered.
        { "PrefetchOpenings' manifest", Code::OK, [&] (auto& context)
          { v1::PrefetchOpeningsRequest in; toProto (track.manifest, *in.add_manifests()); in.mutable_manifests (0)->set_info_hash (huge); v1::PrefetchOpeningsResponse out; return discovery->PrefetchOpenings (&context, in, &out); } },

        // HubLink
        { "SetHub's address", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::SetHubRequest in; in.set_address (huge); v1::SetHubResponse out; return hubLink->SetHub (&context, in, &out); } },
        { "SetProfile's name", Code::INVALID_ARGUMENT, [&] (auto& context)
          { const auto in = profile ([&] (auto& p) { p.set_name (huge); }); v1::SetProfileResponse out; return hubLink->SetProfile (&context, in, &out); } },
        { "SetProfile's bio", Code::INVALID_ARGUMENT, [&] (auto& context)
          { const auto in = profile ([&] (auto& p) { p.set_bio (huge); }); v1::SetProfileResponse out; return hubLink->SetProfile (&context, in, &out); } },
        { "SetProfile's city", Code::INVALID_ARGUMENT, [&] (auto& context)
          { const auto in = profile ([&] (auto& p) { p.set_home_city (huge); }); v1::SetProfileResponse out; return hubLink->SetProfile (&context, in, &out); } },
        { "SetProfile's link", Code::INVALID_ARGUMENT, [&] (auto& context)
          { const auto in = profile ([&] (auto& p) { p.add_links (huge); }); v1::SetProfileResponse out; return hubLink->SetProfile (&context, in, &out); } },
    };
    expectShortRefusals (calls);

    // Nothing was queued or kept from any of them.
    EXPECT_TRUE (daemon.client().listOutbox().empty());
    EXPECT_EQ (daemon.client().listTracks().size(), 1u);
}

TEST (LongInputTest, EveryHubCallRefusesTheLargestInputItTakesWithItsRealReasonInAShortMessage)
{
    TemporaryDirectory root { "earshot-long-input-hub" };
    HubProcess hub { (root.path() / "hub.sqlite3").string(), root.path() / "hub.log" };
    auto& api = hub.api();

    // The hub takes requests of up to 512 KiB; just under that reaches its checks.
    const std::string huge (500 * 1024, 'x');
    using Code = grpc::StatusCode;
    std::vector<LongInputCall> calls {
        { "GetArtist's key", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::GetArtistRequest in; in.set_artist_key (huge); v1::GetArtistResponse out; return api.GetArtist (&context, in, &out); } },
        { "GetArtist's name", Code::NOT_FOUND, [&] (auto& context)
          { v1::GetArtistRequest in; in.set_name (huge); v1::GetArtistResponse out; return api.GetArtist (&context, in, &out); } },
        { "Search's text", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::SearchRequest in; in.set_text (huge); v1::SearchResponse out; return api.Search (&context, in, &out); } },
        { "GetChart's genre", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::GetChartRequest in; in.set_genre (huge); v1::GetChartResponse out; return api.GetChart (&context, in, &out); } },
        { "GetCover's track id", Code::NOT_FOUND, [&] (auto& context)
          { v1::GetCoverRequest in; in.set_track_id (huge); v1::GetCoverResponse out; return api.GetCover (&context, in, &out); } },
        { "Submit's message, unsigned", Code::PERMISSION_DENIED, [&] (auto& context)
          { v1::SignedHubMessage in; in.set_message (huge); in.set_signer_key (std::string (32, '\x07')); v1::SubmitResponse out; return api.Submit (&context, in, &out); } },
        { "Submit's signer key", Code::INVALID_ARGUMENT, [&] (auto& context)
          { v1::SignedHubMessage in; in.set_message ("m"); in.set_signer_key (huge); v1::SubmitResponse out; return api.Submit (&context, in, &out); } },
    };
    expectShortRefusals (calls);
}
