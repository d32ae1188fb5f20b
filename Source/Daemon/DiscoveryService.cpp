#include "DiscoveryService.h"

#include "ProtoConvert.h"

#include "Core/Error.h"
#include "Core/HubRules.h"
#include "Server/BearerToken.h"
#include "Server/GrpcStatus.h"

namespace earshot
{
    namespace
    {
        /** Refuses, before the hub is asked, a request larger than the hub takes: its transport
            would cut it off with a message about sizes, not about what was asked. */
        void checkForHub (const google::protobuf::Message& request)
        {
            const auto bytes = request.ByteSizeLong();
            if (bytes > hubRules::maxMessageBytes)
                throw Error (ErrorCode::invalidArgument, "the request is " + std::to_string (bytes) + " bytes; the hub takes requests of at most " + std::to_string (hubRules::maxMessageBytes) + " (is an id, a name or the search text far too long?)");
        }
    } // namespace

    DiscoveryService::DiscoveryService (TrackLibrary& trackLibrary, HubForwarder& hubForwarder, Previews& tracksAhead, std::string accessToken, CallRunner& callRunner)
        : library (trackLibrary)
        , hub (hubForwarder)
        , previews (tracksAhead)
        , token (std::move (accessToken))
        , calls (callRunner)
    {
    }

    template <typename Request, typename Response, typename Body>
    grpc::ServerUnaryReactor* DiscoveryService::start (grpc::CallbackServerContext* context, const Request* request, Response* response, CallRunner::Lane lane, Body body)
    {
        if (! carriesToken (*context, token))
        {
            auto* reactor = context->DefaultReactor();
            reactor->Finish (missingTokenStatus());
            return reactor;
        }
        return calls.start (context, request, response, lane, [body = std::move (body)] (const Request& in, Response& out, const CallRunner::Completion& done)
                            {
            const auto status = guarded ([&]
                                         { body (in, out, done); });
            if (! status.ok())
                done (status); });
    }

    template <typename Request, typename Response, typename Send>
    grpc::ServerUnaryReactor* DiscoveryService::forward (grpc::CallbackServerContext* context, const Request* request, Response* response, Send send)
    {
        // in and out live as long as done does: the hub's answer is written into them.
        return start (context, request, response, CallRunner::Lane::quick, [this, send] (const Request& in, Response& out, const CallRunner::Completion& done)
                      {
                          checkForHub (in);
                          hub.call ([&in, &out, send] (grpc::ClientContext* hubContext, v1::Hub::Stub& stub, std::function<void (grpc::Status)> callback)
                                  { send (*stub.async(), hubContext, &in, &out, std::move (callback)); },
                                  done); });
    }

    grpc::ServerUnaryReactor* DiscoveryService::GetChart (grpc::CallbackServerContext* context, const v1::GetChartRequest* request, v1::GetChartResponse* response)
    {
        return forward (context, request, response, [] (auto& hubCalls, auto... arguments)
                        { hubCalls.GetChart (std::move (arguments)...); });
    }

    grpc::ServerUnaryReactor* DiscoveryService::GetArtist (grpc::CallbackServerContext* context, const v1::GetArtistRequest* request, v1::GetArtistResponse* response)
    {
        return forward (context, request, response, [] (auto& hubCalls, auto... arguments)
                        { hubCalls.GetArtist (std::move (arguments)...); });
    }

    grpc::ServerUnaryReactor* DiscoveryService::Search (grpc::CallbackServerContext* context, const v1::SearchRequest* request, v1::SearchResponse* response)
    {
        return forward (context, request, response, [] (auto& hubCalls, auto... arguments)
                        { hubCalls.Search (std::move (arguments)...); });
    }

    std::optional<Cover> DiscoveryService::libraryCover (const std::string& trackId) const
    {
        return library.coverOf (trackId);
    }

    grpc::ServerUnaryReactor* DiscoveryService::GetCover (grpc::CallbackServerContext* context, const v1::GetCoverRequest* request, v1::GetCoverResponse* response)
    {
        return start (context, request, response, CallRunner::Lane::quick, [this] (const v1::GetCoverRequest& in, v1::GetCoverResponse& out, const CallRunner::Completion& done)
                      {
            checkForHub (in);
            auto cover = libraryCover (in.track_id());
            if (! cover)
                cover = covers.find (in.track_id());
            if (cover)
            {
                out.set_cover (std::move (cover->bytes));
                out.set_cover_type (std::move (cover->mimeType));
                done (grpc::Status::OK);
                return;
            }
            // out lives as long as done does; the hub's cover is kept once it has come.
            hub.call ([&in, &out] (grpc::ClientContext* hubContext, v1::Hub::Stub& stub, std::function<void (grpc::Status)> callback)
                      { stub.async()->GetCover (hubContext, &in, &out, std::move (callback)); },
                      [this, &out, trackId = in.track_id(), done] (const grpc::Status& status)
                      {
                          if (status.ok())
                              covers.put (trackId, { out.cover(), out.cover_type() });
                          done (status);
                      }); });
    }

    grpc::ServerUnaryReactor* DiscoveryService::PrefetchOpenings (grpc::CallbackServerContext* context, const v1::PrefetchOpeningsRequest* request, v1::PrefetchOpeningsResponse* response)
    {
        // The slow lane, as AddTrack from a manifest: adding tracks may read files already on disk.
        return start (context, request, response, CallRunner::Lane::slow, [this] (const v1::PrefetchOpeningsRequest& in, v1::PrefetchOpeningsResponse& out, const CallRunner::Completion& done)
                      {
            std::vector<TrackManifest> manifests;
            manifests.reserve (static_cast<std::size_t> (in.manifests_size()));
            for (const auto& manifest : in.manifests())
                manifests.push_back (fromProto (manifest));
            for (const auto& id : previews.prefetch (manifests))
                out.add_track_ids (id);
            done (grpc::Status::OK); });
    }
} // namespace earshot
