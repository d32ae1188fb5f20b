// earshot.v1.News on a real earshotd's socket, asked as any gRPC client would: each wrong request
// gets the status code news.proto promises, with a message that says what was wrong.

#include "DiscoveryFixture.h"

#include "Core/Hex.h"
#include "Core/PublicKey.h"
#include "Support/DaemonProcess.h"
#include "earshot/v1/news.grpc.pb.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    std::unique_ptr<v1::News::Stub> newsAt (const std::string& apiAddress)
    {
        return v1::News::NewStub (grpc::CreateChannel (apiAddress, grpc::InsecureChannelCredentials()));
    }

    grpc::Status follow (v1::News::Stub& news, const std::string& key, const std::string& name, v1::FollowResponse* response = nullptr)
    {
        grpc::ClientContext context;
        v1::FollowRequest request;
        request.set_artist_key (key);
        request.set_name (name);
        v1::FollowResponse ignored;
        return news.Follow (&context, request, response != nullptr ? response : &ignored);
    }
} // namespace

TEST (NewsService, WrongRequestsGetTheCodesTheProtocolPromises)
{
    TemporaryDirectory root ("earshot-news-service");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    auto news = newsAt (daemon.apiAddress());
    const auto ownKey = daemon.client().profile().second;

    const auto shortKey = follow (*news, std::string (31, 'k'), {});
    EXPECT_EQ (shortKey.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE (shortKey.error_message().find ("32 bytes"), std::string::npos) << shortKey.error_message();
    const auto someone = follow (*news, std::string (32, '\x07'), {});
    EXPECT_TRUE (someone.ok()) << someone.error_message(); // anyone's key but one's own
    EXPECT_EQ (follow (*news, fromHex (ownKey), {}).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ (follow (*news, {}, {}).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    const auto noHub = follow (*news, {}, "Lua Fria");
    EXPECT_EQ (noHub.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_NE (noHub.error_message().find ("earshot hub set"), std::string::npos) << noHub.error_message();

    grpc::ClientContext unfollowContext;
    v1::UnfollowRequest unfollow;
    unfollow.set_artist_key ("not a key");
    v1::UnfollowResponse unfollowed;
    EXPECT_EQ (news->Unfollow (&unfollowContext, unfollow, &unfollowed).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

    grpc::ClientContext addContext;
    v1::AddTourDateRequest past;
    *past.mutable_date() = []
    {
        v1::TourDate date;
        date.set_date ("2001-05-01");
        date.set_city ("Lisbon");
        date.set_venue ("Musicbox");
        return date;
    }();
    v1::AddTourDateResponse added;
    EXPECT_EQ (news->AddTourDate (&addContext, past, &added).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

    grpc::ClientContext removeContext;
    v1::RemoveTourDateRequest remove;
    remove.set_post_id ("0123456789abcdef");
    v1::RemoveTourDateResponse removed;
    const auto notPosted = news->RemoveTourDate (&removeContext, remove, &removed);
    EXPECT_EQ (notPosted.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_NE (notPosted.error_message().find ("earshot tour list"), std::string::npos) << notPosted.error_message();
}

TEST_F (DiscoveryTest, AFollowByNameTakesTheKeyTheHubNamesAndAnUnknownNameIsNotFound)
{
    (void) release (hubManifestOf ("excerpt.flac", "Dawn Wire", "ambient"));
    auto news = newsAt (daemon->apiAddress());
    EXPECT_EQ (follow (*news, {}, "Nobody Here").error_code(), grpc::StatusCode::NOT_FOUND);

    v1::FollowResponse followed;
    const auto status = follow (*news, {}, "LUA FRIA", &followed);
    ASSERT_TRUE (status.ok()) << status.error_message();
    EXPECT_EQ (followed.artist().artist_key(), keyBytes (artist->identity.publicKey()));
    EXPECT_EQ (followed.artist().name(), "Lua Fria");
    EXPECT_TRUE (followed.added());
}
