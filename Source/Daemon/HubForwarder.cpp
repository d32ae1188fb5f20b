#include "HubForwarder.h"

#include <spdlog/spdlog.h>

namespace earshot
{
    grpc::Status HubForwarder::noHubStatus()
    {
        return { grpc::StatusCode::FAILED_PRECONDITION, "no hub is set: earshot hub set HOST:PORT" };
    }

    HubForwarder::HubForwarder (HubConnection& connection, std::chrono::milliseconds callDeadline)
        : hub (connection)
        , deadline (callDeadline)
    {
    }

    HubForwarder::~HubForwarder()
    {
        stop();
    }

    void HubForwarder::call (const std::function<void (grpc::ClientContext*, v1::Hub::Stub&, std::function<void (grpc::Status)>)>& send, Done done)
    {
        const auto stub = hub.stub();
        if (! stub)
        {
            done (noHubStatus());
            return;
        }
        const auto address = hub.address();
        auto context = std::make_shared<grpc::ClientContext>();
        context->set_deadline (std::chrono::system_clock::now() + deadline);
        bool refused = false;
        {
            const std::scoped_lock lock (mutex);
            refused = stopping;
            if (! refused)
                outstanding.insert (context);
        }
        if (refused)
        {
            done ({ grpc::StatusCode::UNAVAILABLE, "earshotd is shutting down" });
            return;
        }
        // The stub is held until the answer, so a hub changed meanwhile does not pull the channel away.
        send (context.get(), *stub, [this, context, stub, address, done = std::move (done)] (const grpc::Status& status)
              {
            done (answerFrom (status, address));
            const std::scoped_lock lock (mutex);
            outstanding.erase (context);
            if (outstanding.empty())
                allAnswered.notify_all(); });
    }

    grpc::Status HubForwarder::answerFrom (const grpc::Status& status, const std::string& address)
    {
        switch (status.error_code())
        {
            case grpc::StatusCode::UNAVAILABLE:
            {
                const auto why = "the hub at " + address + " is unreachable: " + status.error_message();
                hub.noteFailure (why);
                return { grpc::StatusCode::UNAVAILABLE, why };
            }
            case grpc::StatusCode::DEADLINE_EXCEEDED:
            {
                const auto why = "the hub at " + address + " did not answer within " + std::to_string (deadline.count() / 1000) + " s";
                hub.noteFailure (why);
                return { grpc::StatusCode::UNAVAILABLE, why };
            }
            case grpc::StatusCode::CANCELLED:
                return status; // the daemon stopping, not the hub failing
            case grpc::StatusCode::OK:
            case grpc::StatusCode::UNKNOWN:
            case grpc::StatusCode::INVALID_ARGUMENT:
            case grpc::StatusCode::NOT_FOUND:
            case grpc::StatusCode::ALREADY_EXISTS:
            case grpc::StatusCode::PERMISSION_DENIED:
            case grpc::StatusCode::RESOURCE_EXHAUSTED:
            case grpc::StatusCode::FAILED_PRECONDITION:
            case grpc::StatusCode::ABORTED:
            case grpc::StatusCode::OUT_OF_RANGE:
            case grpc::StatusCode::UNIMPLEMENTED:
            case grpc::StatusCode::INTERNAL:
            case grpc::StatusCode::DATA_LOSS:
            case grpc::StatusCode::UNAUTHENTICATED:
            case grpc::StatusCode::DO_NOT_USE:
                break;
        }
        // The hub answered, even if with an error of its own: that goes to the client unchanged.
        hub.noteSuccess();
        return status;
    }

    void HubForwarder::stop()
    {
        std::unique_lock lock (mutex);
        stopping = true;
        for (const auto& context : outstanding)
            context->TryCancel();
        allAnswered.wait (lock, [this]
                          { return outstanding.empty(); });
    }
} // namespace earshot
