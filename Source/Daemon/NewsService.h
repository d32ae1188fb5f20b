#pragma once

#include "ArtistNews.h"
#include "HubForwarder.h"
#include "Server/CallRunner.h"
#include "Server/SerialWorker.h"

#include "earshot/v1/news.grpc.pb.h"

#include <string>

namespace earshot
{
    /** earshot.v1.News for local clients, beside the Library API on its socket: following artists
        (by key, or by name through the hub), this daemon's own tour dates, the news filed here and
        the home city, all kept by ArtistNews. Calls run on the CallRunner's quick workers, so no
        gRPC thread waits for SQLite; a follow by name asks the hub through HubForwarder, so no
        worker waits for the hub either, and the follow itself is done on a worker of this
        service's own once the hub has answered, never on gRPC's thread. A follow by key may carry the name the artist goes by
        (an artist page's), kept until the artist's own posts name it. Needs the daemon's token as
        LocalApiService does. */
    class NewsService final : public v1::News::CallbackService
    {
    public:
        /** news, hub and calls must outlive this. */
        NewsService (ArtistNews& news, HubForwarder& hub, std::string token, CallRunner& calls);

        grpc::ServerUnaryReactor* Follow (grpc::CallbackServerContext*, const v1::FollowRequest*, v1::FollowResponse*) override;
        grpc::ServerUnaryReactor* Unfollow (grpc::CallbackServerContext*, const v1::UnfollowRequest*, v1::UnfollowResponse*) override;
        grpc::ServerUnaryReactor* ListFollowing (grpc::CallbackServerContext*, const v1::ListFollowingRequest*, v1::ListFollowingResponse*) override;
        grpc::ServerUnaryReactor* AddTourDate (grpc::CallbackServerContext*, const v1::AddTourDateRequest*, v1::AddTourDateResponse*) override;
        grpc::ServerUnaryReactor* ListTourDates (grpc::CallbackServerContext*, const v1::ListTourDatesRequest*, v1::ListTourDatesResponse*) override;
        grpc::ServerUnaryReactor* RemoveTourDate (grpc::CallbackServerContext*, const v1::RemoveTourDateRequest*, v1::RemoveTourDateResponse*) override;
        grpc::ServerUnaryReactor* ListNews (grpc::CallbackServerContext*, const v1::ListNewsRequest*, v1::ListNewsResponse*) override;
        grpc::ServerUnaryReactor* SetHomeCity (grpc::CallbackServerContext*, const v1::SetHomeCityRequest*, v1::SetHomeCityResponse*) override;
        grpc::ServerUnaryReactor* GetHomeCity (grpc::CallbackServerContext*, const v1::GetHomeCityRequest*, v1::GetHomeCityResponse*) override;

    private:
        /** Checks the caller, then runs body (request, response, done) on a quick worker; body
            answers through done, at once or when the hub has. */
        template <typename Request, typename Response, typename Body>
        grpc::ServerUnaryReactor* start (grpc::CallbackServerContext* context, const Request* request, Response* response, Body body);
        /** start() for a body (request, response) that answers when it returns. */
        template <typename Request, typename Response, typename Body>
        grpc::ServerUnaryReactor* unary (grpc::CallbackServerContext* context, const Request* request, Response* response, Body body);

        /** Follows artist (32 bytes) under name and writes the answer. */
        void follow (const std::string& artistKey, const std::string& name, v1::FollowResponse& out);

        ArtistNews& news;
        HubForwarder& hub;
        const std::string token;
        CallRunner& calls;
        /** Where a follow by name is made once the hub has named the key. */
        SerialWorker afterHub { "news follows", 1, "earshotd-follow" };
    };
} // namespace earshot
