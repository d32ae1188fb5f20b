#include "FriendsService.h"

#include "GrpcStatus.h"

namespace earshot
{
    FriendsService::FriendsService (Passes& passesToUse)
        : passes (passesToUse)
    {
    }

    grpc::ServerUnaryReactor* FriendsService::Deliver (grpc::CallbackServerContext* context, const v1::SignedEnvelope* request, v1::DeliverResponse*)
    {
        auto* reactor = context->DefaultReactor();
        const auto status = guarded ([&]
                                     { passes.receive (*request); });
        if (! status.ok())
            spdlog::info ("refused a message from {}: {}", context->peer(), status.error_message());
        reactor->Finish (status);
        return reactor;
    }

    grpc::ServerUnaryReactor* FriendsService::Acknowledge (grpc::CallbackServerContext* context, const v1::SignedEnvelope* request, v1::AcknowledgeResponse*)
    {
        auto* reactor = context->DefaultReactor();
        const auto status = guarded ([&]
                                     { passes.acknowledge (*request); });
        if (! status.ok())
            spdlog::info ("refused a receipt from {}: {}", context->peer(), status.error_message());
        reactor->Finish (status);
        return reactor;
    }
} // namespace earshot
