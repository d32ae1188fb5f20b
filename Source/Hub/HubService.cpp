#include "HubService.h"

#include "Core/IpAddress.h"
#include "EventWatch.h"
#include "HubAnswers.h"
#include "Server/GrpcStatus.h"

#include <chrono>

namespace earshot
{
    namespace
    {
        [[nodiscard]] std::int64_t nowMs()
        {
            return std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count();
        }

        /** Runs body (request, response) on the quick workers and answers with what it came to. */
        template <typename Request, typename Response, typename Body>
        grpc::ServerUnaryReactor* answer (CallRunner& calls, grpc::CallbackServerContext* context, const Request* request, Response* response, Body body)
        {
            return calls.start (context, request, response, CallRunner::Lane::quick, [body] (const Request& ownRequest, Response& ownResponse, const CallRunner::Completion& done)
                                { done (guarded ([&]
                                                 { body (ownRequest, ownResponse); })); });
        }
    } // namespace

    HubService::HubService (HubStore& hubStore, HubIntake& hubIntake, CallRunner& callRunner)
        : store (hubStore), intake (hubIntake), calls (callRunner)
    {
    }

    grpc::ServerUnaryReactor* HubService::Submit (grpc::CallbackServerContext* context, const v1::SignedHubMessage* request, v1::SubmitResponse* response)
    {
        return answer (calls, context, request, response, [this, network = networkOfPeer (context->peer())] (const v1::SignedHubMessage& message, v1::SubmitResponse& out)
                       { out.set_counted (intake.submit (message, nowMs(), network)); });
    }

    grpc::ServerUnaryReactor* HubService::GetChart (grpc::CallbackServerContext* context, const v1::GetChartRequest* request, v1::GetChartResponse* response)
    {
        return answer (calls, context, request, response, [this] (const v1::GetChartRequest& question, v1::GetChartResponse& out)
                       { hubAnswers::chart (store, intake.rules().weights, question, out, nowMs()); });
    }

    grpc::ServerUnaryReactor* HubService::GetArtist (grpc::CallbackServerContext* context, const v1::GetArtistRequest* request, v1::GetArtistResponse* response)
    {
        return answer (calls, context, request, response, [this] (const v1::GetArtistRequest& question, v1::GetArtistResponse& out)
                       { hubAnswers::artist (store, intake.rules().weights, question, out, nowMs()); });
    }

    grpc::ServerUnaryReactor* HubService::Search (grpc::CallbackServerContext* context, const v1::SearchRequest* request, v1::SearchResponse* response)
    {
        return answer (calls, context, request, response, [this] (const v1::SearchRequest& question, v1::SearchResponse& out)
                       { hubAnswers::search (store, question, out); });
    }

    grpc::ServerUnaryReactor* HubService::GetCover (grpc::CallbackServerContext* context, const v1::GetCoverRequest* request, v1::GetCoverResponse* response)
    {
        return answer (calls, context, request, response, [this] (const v1::GetCoverRequest& question, v1::GetCoverResponse& out)
                       { hubAnswers::cover (store, question, out); });
    }

    grpc::ServerWriteReactor<v1::HubEvent>* HubService::WatchEvents (grpc::CallbackServerContext*, const v1::WatchEventsRequest* request)
    {
        // The callback API's way: the reactor is handed to gRPC and deletes itself in OnDone.
        return new EventWatch (*request, store, intake.news(), calls);
    }
} // namespace earshot
