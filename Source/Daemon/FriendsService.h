#pragma once

#include "Passes.h"

#include "earshot/v1/friends.grpc.pb.h"

namespace earshot
{
    /** earshot.v1.Friends over gRPC's callback API, served on TCP for friends' daemons. Every
        message is checked by Passes (signature, sender, freshness, replays, size, rate). */
    class FriendsService final : public v1::Friends::CallbackService
    {
    public:
        explicit FriendsService (Passes& passes);

        grpc::ServerUnaryReactor* Deliver (grpc::CallbackServerContext*, const v1::SignedEnvelope*, v1::DeliverResponse*) override;
        grpc::ServerUnaryReactor* Acknowledge (grpc::CallbackServerContext*, const v1::SignedEnvelope*, v1::AcknowledgeResponse*) override;
        grpc::ServerUnaryReactor* Ping (grpc::CallbackServerContext*, const v1::SignedEnvelope*, v1::PingResponse*) override;

    private:
        Passes& passes;
    };
} // namespace earshot
