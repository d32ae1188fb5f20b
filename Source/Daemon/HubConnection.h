#pragma once

#include "earshot/v1/hub.grpc.pb.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace earshot
{
    /** The daemon's connection to its discovery hub: the hub's address, one gRPC channel to it,
        and how the last call went. What sends reports and what asks the hub on a client's behalf
        share it. Thread-safe. */
    class HubConnection final
    {
    public:
        /** address: HOST:PORT, or empty for no hub. */
        explicit HubConnection (std::string address = {});

        /** Points at another hub (or none, when empty): later stub() calls get the new one; a
            call already made on the old stub finishes there. Forgets how calls went. */
        void setAddress (const std::string& address);
        [[nodiscard]] std::string address() const;

        /** A stub for the hub, or null when none is set. */
        [[nodiscard]] std::shared_ptr<v1::Hub::Stub> stub() const;

        /** How the last call went, for GetHub and for the log. */
        void noteSuccess();
        void noteFailure (const std::string& why);
        /** The hub answered but refused a message for good: it is reachable, and why stays the
            last error until a later call succeeds. */
        void noteRefusal (const std::string& why);

        struct State
        {
            std::string address;
            bool reachable = false;
            std::string lastError;
            std::int64_t lastContactMs = 0;
        };
        [[nodiscard]] State state() const;

    private:
        mutable std::mutex mutex;
        State current; // guarded by mutex
        std::shared_ptr<v1::Hub::Stub> hub; // guarded by mutex
    };
} // namespace earshot
