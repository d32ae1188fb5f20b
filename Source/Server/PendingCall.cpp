#include "PendingCall.h"

namespace earshot
{
    PendingCall::PendingCall (grpc::ServerUnaryReactor& callReactor, grpc::CallbackServerContext& callContext, std::function<void()> deliverResponse)
        : reactor (&callReactor), context (&callContext), deliver (std::move (deliverResponse))
    {
    }

    bool PendingCall::finish (const grpc::Status& status)
    {
        return end (status, true);
    }

    bool PendingCall::fail (const grpc::Status& status)
    {
        return end (status, false);
    }

    bool PendingCall::abandoned()
    {
        {
            std::lock_guard lock (mutex);
            if (finished)
                return true;
            // The context lives until the reactor is done, which it cannot be before Finish.
            if (! context->IsCancelled())
                return false;
        }
        (void) fail (grpc::Status::CANCELLED);
        return true;
    }

    bool PendingCall::end (const grpc::Status& status, bool withResponse)
    {
        std::lock_guard lock (mutex);
        if (finished)
            return false;
        finished = true;
        // gRPC sends no response with an error; one left half-filled by a failed body stays ours.
        if (withResponse && status.ok())
            deliver();
        deliver = nullptr;
        // After Finish gRPC frees the request, the response and the context: they are not touched again.
        reactor->Finish (status);
        reactor = nullptr;
        context = nullptr;
        return true;
    }
} // namespace earshot
