#pragma once

#include "Passes.h"
#include "Server/CallRunner.h"

#include "earshot/v1/friends.grpc.pb.h"

namespace earshot
{
    /** earshot.v1.Friends over gRPC's callback API, served on TCP for friends' daemons. Every
        message is unsealed first (Passes::unseal), then checked by Passes (signature, sender,
        freshness, replays, size, rate). */
    class FriendsService final : public v1::Friends::CallbackService
    {
    public:
        /** Calls run on calls' workers (see CallRunner), which must outlive this. */
        FriendsService (Passes& passes, CallRunner& calls);

        grpc::ServerUnaryReactor* Deliver (grpc::CallbackServerContext*, const v1::SealedEnvelope*, v1::DeliverResponse*) override;
        grpc::ServerUnaryReactor* Acknowledge (grpc::CallbackServerContext*, const v1::SealedEnvelope*, v1::AcknowledgeResponse*) override;
        grpc::ServerUnaryReactor* Ping (grpc::CallbackServerContext*, const v1::SealedEnvelope*, v1::PingResponse*) override;

    private:
        /** Runs handle (request, response) on a call worker and answers with what handling it
            gave, logging a refusal. */
        template <typename Request, typename Response, typename Fn>
        grpc::ServerUnaryReactor* answer (grpc::CallbackServerContext* context, const Request* request, Response* response, Fn handle);

        Passes& passes;
        CallRunner& calls;
    };
} // namespace earshot
