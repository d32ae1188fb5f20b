#include "FriendsService.h"

#include "GrpcStatus.h"

namespace earshot
{
    FriendsService::FriendsService (Passes& passesToUse)
        : passes (passesToUse)
    {
    }

    namespace
    {
        /** Answers a friend's call with what handling it gave, and logs a refusal. */
        template <typename Fn>
        grpc::ServerUnaryReactor* answer (grpc::CallbackServerContext* context, Fn&& handle)
        {
            auto* reactor = context->DefaultReactor();
            const auto status = guarded (std::forward<Fn> (handle));
            if (! status.ok())
                spdlog::info ("refused a message from {}: {}", context->peer(), status.error_message());
            reactor->Finish (status);
            return reactor;
        }
    } // namespace

    grpc::ServerUnaryReactor* FriendsService::Deliver (grpc::CallbackServerContext* context, const v1::SignedEnvelope* request, v1::DeliverResponse*)
    {
        return answer (context, [&]
                       { passes.receive (*request); });
    }

    grpc::ServerUnaryReactor* FriendsService::Acknowledge (grpc::CallbackServerContext* context, const v1::SignedEnvelope* request, v1::AcknowledgeResponse*)
    {
        return answer (context, [&]
                       { passes.acknowledge (*request); });
    }

    grpc::ServerUnaryReactor* FriendsService::Ping (grpc::CallbackServerContext* context, const v1::SignedEnvelope* request, v1::PingResponse* response)
    {
        return answer (context, [&]
                       { *response->mutable_answer() = passes.ping (*request); });
    }
} // namespace earshot
