#include "HubConnection.h"

#include "WireValues.h"

#include <grpcpp/grpcpp.h>

namespace earshot
{
    HubConnection::HubConnection (std::string address)
    {
        setAddress (address);
    }

    void HubConnection::setAddress (const std::string& address)
    {
        std::shared_ptr<v1::Hub::Stub> next;
        if (! address.empty())
        {
            grpc::ChannelArguments arguments;
            // A hub that was down is tried again within seconds, not after minutes of backoff.
            arguments.SetInt (GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 5000);
            next = v1::Hub::NewStub (grpc::CreateCustomChannel (address, grpc::InsecureChannelCredentials(), arguments));
        }
        const std::scoped_lock lock (mutex);
        hub = std::move (next);
        current = State {};
        current.address = address;
    }

    std::string HubConnection::address() const
    {
        const std::scoped_lock lock (mutex);
        return current.address;
    }

    std::shared_ptr<v1::Hub::Stub> HubConnection::stub() const
    {
        const std::scoped_lock lock (mutex);
        return hub;
    }

    void HubConnection::noteSuccess()
    {
        const auto now = nowMs();
        const std::scoped_lock lock (mutex);
        current.reachable = true;
        current.lastError.clear();
        current.lastContactMs = now;
    }

    void HubConnection::noteFailure (const std::string& why)
    {
        const std::scoped_lock lock (mutex);
        current.reachable = false;
        current.lastError = why;
    }

    void HubConnection::noteRefusal (const std::string& why)
    {
        noteSuccess();
        const std::scoped_lock lock (mutex);
        current.lastError = why;
    }

    HubConnection::State HubConnection::state() const
    {
        const std::scoped_lock lock (mutex);
        return current;
    }
} // namespace earshot
