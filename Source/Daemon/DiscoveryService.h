#pragma once

#include "CoverCache.h"
#include "Daemon/TrackLibrary.h"
#include "HubForwarder.h"
#include "Previews.h"
#include "Server/CallRunner.h"

#include "earshot/v1/discovery.grpc.pb.h"

#include <optional>
#include <string>

namespace earshot
{
    /** earshot.v1.Discovery: the hub's charts, artist pages, search and covers, asked through the
        daemon so a local client needs neither the hub's address nor a key. Each call is handed to
        a CallRunner worker, which sends it on to the hub asynchronously (HubForwarder): neither a
        gRPC server thread nor a worker waits for the hub. Needs the daemon's token as
        LocalApiService does. */
    class DiscoveryService final : public v1::Discovery::CallbackService
    {
    public:
        /** hub, previews and calls must outlive this. */
        DiscoveryService (TrackLibrary& library, HubForwarder& hub, Previews& previews, std::string token, CallRunner& calls);

        grpc::ServerUnaryReactor* GetChart (grpc::CallbackServerContext*, const v1::GetChartRequest*, v1::GetChartResponse*) override;
        grpc::ServerUnaryReactor* GetArtist (grpc::CallbackServerContext*, const v1::GetArtistRequest*, v1::GetArtistResponse*) override;
        grpc::ServerUnaryReactor* Search (grpc::CallbackServerContext*, const v1::SearchRequest*, v1::SearchResponse*) override;
        grpc::ServerUnaryReactor* GetCover (grpc::CallbackServerContext*, const v1::GetCoverRequest*, v1::GetCoverResponse*) override;
        grpc::ServerUnaryReactor* PrefetchOpenings (grpc::CallbackServerContext*, const v1::PrefetchOpeningsRequest*, v1::PrefetchOpeningsResponse*) override;

    private:
        /** Checks the caller, then runs body (request, response, done) on a worker of the lane;
            body answers through done, at once or when the hub has. */
        template <typename Request, typename Response, typename Body>
        grpc::ServerUnaryReactor* start (grpc::CallbackServerContext* context, const Request* request, Response* response, CallRunner::Lane lane, Body body);
        /** Sends a call on to the hub: send (stub's async(), context, request, response, callback)
            makes it. */
        template <typename Request, typename Response, typename Send>
        grpc::ServerUnaryReactor* forward (grpc::CallbackServerContext* context, const Request* request, Response* response, Send send);

        /** The cover of a track in the library: made from its own file's tags when it was published
            here or arrived whole. */
        [[nodiscard]] std::optional<Cover> libraryCover (const std::string& trackId) const;

        TrackLibrary& library;
        HubForwarder& hub;
        Previews& previews;
        const std::string token;
        CallRunner& calls;
        CoverCache covers;
    };
} // namespace earshot
