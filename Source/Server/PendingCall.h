#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <mutex>

namespace earshot
{
    /** A unary call handed off from its gRPC callback thread: finishes its reactor exactly once,
        whoever comes first (the worker with the answer, or the daemon stopping with an error), and
        touches gRPC's request, response and context only until then. The worker fills a response
        of its own, handed over to gRPC's (deliver) only by the finish that sends it. */
    class PendingCall final
    {
    public:
        /** deliver: moves the worker's response into gRPC's; called at most once, before Finish. */
        PendingCall (grpc::ServerUnaryReactor& reactor, grpc::CallbackServerContext& context, std::function<void()> deliver);

        /** Sends the answer: the response when status is OK, then the status. Returns false,
            doing nothing, when the call has already finished. Any thread. */
        bool finish (const grpc::Status& status);
        /** Ends the call with an error and no response (the daemon is stopping). Returns false,
            doing nothing, when the call has already finished. Any thread. */
        bool fail (const grpc::Status& status);
        /** True when there is no point starting the work: the call has finished, or its client
            cancelled it or let its deadline pass (the call is finished CANCELLED then). */
        [[nodiscard]] bool abandoned();

    private:
        bool end (const grpc::Status& status, bool withResponse);

        std::mutex mutex;
        grpc::ServerUnaryReactor* reactor;
        grpc::CallbackServerContext* context;
        std::function<void()> deliver;
        bool finished = false;
    };
} // namespace earshot
