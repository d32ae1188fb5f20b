#include "NewsService.h"

#include "Core/HubRules.h"
#include "Core/Paging.h"

#include "Server/BearerToken.h"
#include "Server/GrpcStatus.h"

#include <memory>

namespace earshot
{
    namespace
    {
        void toProto (const NewsStore::Follow& follow, v1::FollowedArtist& out)
        {
            out.set_artist_key (keyBytes (follow.artistKey));
            out.set_name (follow.name);
            out.set_followed_at_ms (follow.followedAtMs);
            out.set_feed_sequence (follow.feedSequence);
            out.set_last_news_ms (follow.lastNewsMs);
        }

        /** The key of a request, as Core holds it; throws Error (invalidArgument) unless 32 bytes. */
        [[nodiscard]] PublicKey keyOf (const std::string& bytes)
        {
            const auto key = publicKeyFrom (bytes);
            if (! key)
                throw Error (ErrorCode::invalidArgument, "an artist's key is 32 bytes (64 hex digits); got " + std::to_string (bytes.size()) + " bytes");
            return *key;
        }
    } // namespace

    NewsService::NewsService (ArtistNews& artistNews, HubForwarder& hubForwarder, std::string accessToken, CallRunner& callRunner)
        : news (artistNews), hub (hubForwarder), token (std::move (accessToken)), calls (callRunner)
    {
    }

    template <typename Request, typename Response, typename Body>
    grpc::ServerUnaryReactor* NewsService::start (grpc::CallbackServerContext* context, const Request* request, Response* response, Body body)
    {
        if (! carriesToken (*context, token))
        {
            auto* reactor = context->DefaultReactor();
            reactor->Finish (missingTokenStatus());
            return reactor;
        }
        return calls.start (context, request, response, CallRunner::Lane::quick, [body = std::move (body)] (const Request& in, Response& out, const CallRunner::Completion& done)
                            {
            const auto status = guarded ([&]
                                         { body (in, out, done); });
            if (! status.ok())
                done (status); });
    }

    template <typename Request, typename Response, typename Body>
    grpc::ServerUnaryReactor* NewsService::unary (grpc::CallbackServerContext* context, const Request* request, Response* response, Body body)
    {
        return start (context, request, response, [body = std::move (body)] (const Request& in, Response& out, const CallRunner::Completion& done)
                      {
            body (in, out);
            done (grpc::Status::OK); });
    }

    void NewsService::follow (const std::string& artistKey, const std::string& name, v1::FollowResponse& out)
    {
        bool added = false;
        toProto (news.follow (keyOf (artistKey), name, added), *out.mutable_artist());
        out.set_added (added);
    }

    grpc::ServerUnaryReactor* NewsService::Follow (grpc::CallbackServerContext* context, const v1::FollowRequest* request, v1::FollowResponse* response)
    {
        return start (context, request, response, [this] (const v1::FollowRequest& in, v1::FollowResponse& out, const CallRunner::Completion& done)
                      {
            if (! in.artist_key().empty())
            {
                follow (in.artist_key(), in.name(), out);
                done (grpc::Status::OK);
                return;
            }
            if (in.name().empty())
                throw Error (ErrorCode::invalidArgument, "name the artist to follow: its key (64 hex digits) or the name it goes by on the hub");
            hubRules::checkLength ("the artist's name", in.name(), hubRules::maxNameBytes);

            // The hub says whose the name is (NOT_FOUND, or INVALID_ARGUMENT listing the keys when
            // several artists go by it); the follow is by the key it answers.
            auto ask = std::make_shared<v1::GetArtistRequest>();
            ask->set_name (in.name());
            ask->set_days (1);
            auto page = std::make_shared<v1::GetArtistResponse>();
            hub.call ([ask, page] (grpc::ClientContext* hubContext, v1::Hub::Stub& stub, std::function<void (grpc::Status)> callback)
                      { stub.async()->GetArtist (hubContext, ask.get(), page.get(), std::move (callback)); },
                      [this, page, &out, done] (const grpc::Status& status)
                      {
                          if (! status.ok())
                          {
                              done (status);
                              return;
                          }
                          // Off gRPC's thread: the follow writes SQLite and tells the transports.
                          const bool queued = afterHub.post ([this, page, &out, done]
                                                             { done (guarded ([&]
                                                                              { follow (page->artist_key(), page->profile().name(), out); })); });
                          if (! queued)
                              done (CallRunner::stoppingStatus());
                      }); });
    }

    grpc::ServerUnaryReactor* NewsService::Unfollow (grpc::CallbackServerContext* context, const v1::UnfollowRequest* request, v1::UnfollowResponse* response)
    {
        return unary (context, request, response, [this] (const v1::UnfollowRequest& in, v1::UnfollowResponse& out)
                      { out.set_removed (news.unfollow (keyOf (in.artist_key()))); });
    }

    grpc::ServerUnaryReactor* NewsService::ListFollowing (grpc::CallbackServerContext* context, const v1::ListFollowingRequest* request, v1::ListFollowingResponse* response)
    {
        return unary (context, request, response, [this] (const v1::ListFollowingRequest& in, v1::ListFollowingResponse& out)
                      {
            constexpr auto list = "following";
            const auto page = news.followingPage (paging::keyOf (list, in.page_token(), NewsStore::followPageKeyShape), paging::pageSizeOf (in.page_size()));
            for (const auto& each : page.entries)
                toProto (each, *out.add_artists());
            if (page.more && ! page.entries.empty())
                out.set_next_page_token (paging::tokenOf (list, NewsStore::followPageKeyOf (page.entries.back())));
            out.set_total (static_cast<std::uint32_t> (news.followingCount())); });
    }

    grpc::ServerUnaryReactor* NewsService::AddTourDate (grpc::CallbackServerContext* context, const v1::AddTourDateRequest* request, v1::AddTourDateResponse* response)
    {
        return unary (context, request, response, [this] (const v1::AddTourDateRequest& in, v1::AddTourDateResponse& out)
                      {
            const auto& date = in.date();
            out.set_post_id (news.addTourDate ({ date.date(), date.city(), date.venue(), date.link() })); });
    }

    grpc::ServerUnaryReactor* NewsService::ListTourDates (grpc::CallbackServerContext* context, const v1::ListTourDatesRequest* request, v1::ListTourDatesResponse* response)
    {
        return unary (context, request, response, [this] (const v1::ListTourDatesRequest& in, v1::ListTourDatesResponse& out)
                      { news.tourDatesPage (in.include_past(), in.page_token(), paging::pageSizeOf (in.page_size()), out); });
    }

    grpc::ServerUnaryReactor* NewsService::RemoveTourDate (grpc::CallbackServerContext* context, const v1::RemoveTourDateRequest* request, v1::RemoveTourDateResponse* response)
    {
        return unary (context, request, response, [this] (const v1::RemoveTourDateRequest& in, v1::RemoveTourDateResponse&)
                      { news.removeTourDate (in.post_id()); });
    }

    grpc::ServerUnaryReactor* NewsService::ListNews (grpc::CallbackServerContext* context, const v1::ListNewsRequest* request, v1::ListNewsResponse* response)
    {
        return unary (context, request, response, [this] (const v1::ListNewsRequest& in, v1::ListNewsResponse& out)
                      {
            constexpr std::size_t defaultLimit = 50;
            out = news.news (in.after(), in.limit() == 0 ? defaultLimit : in.limit()); });
    }

    grpc::ServerUnaryReactor* NewsService::SetHomeCity (grpc::CallbackServerContext* context, const v1::SetHomeCityRequest* request, v1::SetHomeCityResponse* response)
    {
        return unary (context, request, response, [this] (const v1::SetHomeCityRequest& in, v1::SetHomeCityResponse&)
                      { news.setHomeCity (in.city()); });
    }

    grpc::ServerUnaryReactor* NewsService::GetHomeCity (grpc::CallbackServerContext* context, const v1::GetHomeCityRequest* request, v1::GetHomeCityResponse* response)
    {
        return unary (context, request, response, [this] (const v1::GetHomeCityRequest&, v1::GetHomeCityResponse& out)
                      { out.set_city (news.homeCity()); });
    }
} // namespace earshot
