#pragma once

#include "PendingCall.h"
#include "SerialWorker.h"

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace earshot
{
    /** Where earshotd's unary calls run, so that no gRPC callback thread ever waits: a handler
        hands its call here and returns its reactor at once. Quick calls (SQLite, a question to the
        swarm) share a small pool; long ones (hashing a published album, reading a .torrent or a
        manifest's files, deleting files) queue on a worker of their own, so one album's hashing
        never holds up a quick call. A call's work runs on copies of its request and response, so
        the call can be ended (cancelled by its client, or failed by stop()) while the work still
        runs. Owned by main(), which stops it before the servers and the library go. */
    class CallRunner final
    {
    public:
        /** Which workers run a call. */
        enum class Lane
        {
            quick,
            slow
        };

        /** Ends a call with the status its work came to (sending its response when OK). Call once;
            any thread. */
        using Completion = std::function<void (const grpc::Status&)>;

        /** serverName names the workers' threads (serverName-calls, serverName-long: what ps
            and a debugger show); quickThreads: how many quick calls run side by side. */
        explicit CallRunner (const std::string& serverName, int quickThreads = 4);
        /** Stops, as stop() does. */
        ~CallRunner();

        CallRunner (const CallRunner&) = delete;
        CallRunner& operator= (const CallRunner&) = delete;

        /** Runs body (const Request&, Response&, Completion) on the lane's workers and returns the
            call's reactor at once. body must call the completion exactly once, there or later
            from any thread, after its last write to the response. A call whose client has gone
            before its turn comes is finished CANCELLED without running. From the gRPC handler. */
        template <typename Request, typename Response, typename Body>
        grpc::ServerUnaryReactor* start (grpc::CallbackServerContext* context, const Request* request, Response* response, Lane lane, Body body)
        {
            auto* reactor = context->DefaultReactor();
            auto own = std::make_shared<std::pair<Request, Response>> (*request, Response {});
            auto call = std::make_shared<PendingCall> (*reactor, *context, [response, own]
                                                       { response->Swap (&own->second); });
            submit (lane, call, [call, own, body = std::move (body)]() mutable
                    { body (std::as_const (own->first), own->second, [call, own] (const grpc::Status& status)
                            { (void) call->finish (status); }); });
            return reactor;
        }

        /** Runs work on the quick workers: the reads of a call that is its own reactor (a
            stream), which ends itself. Returns false, and drops work, once stopping. Any thread. */
        bool run (std::function<void()> work);

        /** Fails every call not finished yet with UNAVAILABLE (clients hear at once that earshotd
            is stopping), fails every later one the same way, and waits for the work already
            running to end (a hash in progress runs to its end; its answer is dropped). Call
            before the servers shut down (they wait for every call to finish) and before anything
            the calls use goes. Calling again does nothing more. */
        void stop();

        /** The status of a call earshotd will not answer because it is stopping. */
        [[nodiscard]] static grpc::Status stoppingStatus();

    private:
        void submit (Lane lane, const std::shared_ptr<PendingCall>& call, std::function<void()> work);

        std::mutex mutex;
        /** The calls handed over and maybe not finished yet (weak: a finished one goes by itself). */
        std::vector<std::weak_ptr<PendingCall>> outstanding;
        bool stopping = false;
        SerialWorker quick;
        SerialWorker slow;
    };
} // namespace earshot
