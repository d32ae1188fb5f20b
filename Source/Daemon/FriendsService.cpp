#include "FriendsService.h"

#include "Server/GrpcStatus.h"

namespace earshot
{
    FriendsService::FriendsService (Passes& passesToUse, CallRunner& callRunner)
        : passes (passesToUse), calls (callRunner)
    {
    }

    template <typename Request, typename Response, typename Fn>
    grpc::ServerUnaryReactor* FriendsService::answer (grpc::CallbackServerContext* context, const Request* request, Response* response, Fn handle)
    {
        // The peer is read now: the worker may run after the call has ended.
        return calls.start (context, request, response, CallRunner::Lane::quick, [handle = std::move (handle), peer = context->peer()] (const Request& in, Response& out, const CallRunner::Completion& done)
                            {
            const auto status = guarded ([&]
                                         { handle (&in, &out); });
            if (! status.ok())
                spdlog::info ("refused a message from {}: {}", peer, status.error_message());
            done (status); });
    }

    grpc::ServerUnaryReactor* FriendsService::Deliver (grpc::CallbackServerContext* context, const v1::SealedEnvelope* grpcRequest, v1::DeliverResponse* grpcResponse)
    {
        return answer (context, grpcRequest, grpcResponse, [this] (const auto* request, auto*)
                       { passes.receive (passes.unseal (*request)); });
    }

    grpc::ServerUnaryReactor* FriendsService::Acknowledge (grpc::CallbackServerContext* context, const v1::SealedEnvelope* grpcRequest, v1::AcknowledgeResponse* grpcResponse)
    {
        return answer (context, grpcRequest, grpcResponse, [this] (const auto* request, auto*)
                       { passes.acknowledge (passes.unseal (*request)); });
    }

    grpc::ServerUnaryReactor* FriendsService::Ping (grpc::CallbackServerContext* context, const v1::SealedEnvelope* grpcRequest, v1::PingResponse* grpcResponse)
    {
        return answer (context, grpcRequest, grpcResponse, [this] (const auto* request, auto* response)
                       { *response->mutable_answer() = passes.ping (passes.unseal (*request)); });
    }
} // namespace earshot
