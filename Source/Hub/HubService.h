#pragma once

#include "HubIntake.h"
#include "Server/CallRunner.h"
#include "earshot/v1/hub.grpc.pb.h"

namespace earshot
{
    /** Serves earshot.v1.Hub: each call is handed to the CallRunner's workers (the store may wait
        on a disk or a database server, so never on gRPC's threads) and answered from there. The
        store, intake and runner must outlive the service's server. */
    class HubService final : public v1::Hub::CallbackService
    {
    public:
        HubService (HubStore& store, HubIntake& intake, CallRunner& calls);

        grpc::ServerUnaryReactor* Submit (grpc::CallbackServerContext* context, const v1::SignedHubMessage* request, v1::SubmitResponse* response) override;
        grpc::ServerUnaryReactor* GetChart (grpc::CallbackServerContext* context, const v1::GetChartRequest* request, v1::GetChartResponse* response) override;
        grpc::ServerUnaryReactor* GetArtist (grpc::CallbackServerContext* context, const v1::GetArtistRequest* request, v1::GetArtistResponse* response) override;
        grpc::ServerUnaryReactor* Search (grpc::CallbackServerContext* context, const v1::SearchRequest* request, v1::SearchResponse* response) override;
        grpc::ServerUnaryReactor* GetCover (grpc::CallbackServerContext* context, const v1::GetCoverRequest* request, v1::GetCoverResponse* response) override;
        /** A stream of its own (EventWatch): the backlog is read on the CallRunner's workers, live
            posts come from the intake's NewsNotifier. */
        grpc::ServerWriteReactor<v1::HubEvent>* WatchEvents (grpc::CallbackServerContext* context, const v1::WatchEventsRequest* request) override;

    private:
        HubStore& store;
        HubIntake& intake;
        CallRunner& calls;
    };
} // namespace earshot
