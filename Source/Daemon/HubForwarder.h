#pragma once

#include "HubConnection.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace earshot
{
    /** Asks the daemon's hub on a local client's behalf without any thread waiting for the answer:
        each call goes out on gRPC's asynchronous client callback API with a deadline, and its
        answer finishes the client's call from gRPC's own thread. The hub's status is turned into
        what a local client can act on: no hub set is FAILED_PRECONDITION saying how to set one, a
        hub that does not answer is UNAVAILABLE naming it, and the hub's own errors (NOT_FOUND,
        INVALID_ARGUMENT) come through as the hub gave them. Every answer, or silence, is noted on
        the HubConnection. Thread-safe. */
    class HubForwarder final
    {
    public:
        /** How long the hub has to answer one call. */
        static constexpr std::chrono::milliseconds defaultDeadline { 5000 };

        /** The status of every call made while no hub is set. */
        [[nodiscard]] static grpc::Status noHubStatus();

        /** hub must outlive this. */
        explicit HubForwarder (HubConnection& hub, std::chrono::milliseconds deadline = defaultDeadline);
        /** Stops, as stop() does. */
        ~HubForwarder();

        HubForwarder (const HubForwarder&) = delete;
        HubForwarder& operator= (const HubForwarder&) = delete;

        /** Ends a call with what the hub's answer came to (the response is written before). */
        using Done = std::function<void (const grpc::Status&)>;
        /** Starts one call to the hub: send (context, stub, callback) must hand all three to one of
            the stub's async() methods. done is called exactly once, from gRPC's thread or, when no
            hub is set or this has stopped, at once from this one. */
        void call (const std::function<void (grpc::ClientContext*, v1::Hub::Stub&, std::function<void (grpc::Status)>)>& send, Done done);

        /** Cancels the calls still out (their done gets CANCELLED), waits for their answers, and
            fails every later call at once. Call before the HubConnection goes. */
        void stop();

    private:
        /** A hub's status as the local client should see it, noting how the call went. */
        [[nodiscard]] grpc::Status answerFrom (const grpc::Status& status, const std::string& address);

        HubConnection& hub;
        const std::chrono::milliseconds deadline;

        std::mutex mutex;
        std::condition_variable allAnswered;
        std::set<std::shared_ptr<grpc::ClientContext>> outstanding; // guarded by mutex
        bool stopping = false; // guarded by mutex
    };
} // namespace earshot
