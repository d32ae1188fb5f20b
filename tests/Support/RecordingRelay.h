#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace earshot::testing
{
    /** A TCP relay on loopback, as someone on the path between two daemons would be: it accepts
        on a port of its own, connects each connection to the target port on 127.0.0.1, copies
        both ways, and keeps every byte that went through either way. Stops, closing every
        connection, when it goes. */
    class RecordingRelay final
    {
    public:
        /** Starts listening at once; throws std::runtime_error when it cannot. */
        explicit RecordingRelay (int targetPort);
        ~RecordingRelay();
        RecordingRelay (const RecordingRelay&) = delete;
        RecordingRelay& operator= (const RecordingRelay&) = delete;

        /** The port the relay listens on, to give in place of the target's. */
        [[nodiscard]] int port() const noexcept { return listeningPort; }

        /** Every byte relayed so far, towards the target and back, in the order each arrived. */
        [[nodiscard]] std::string recorded() const;
        /** How many connections the relay has taken. */
        [[nodiscard]] int connections() const;

    private:
        void acceptLoop();
        void relay (int client, int onward);

        const int target;
        int listener = -1;
        int listeningPort = 0;
        std::atomic<bool> stopping { false };
        mutable std::mutex mutex;
        std::string bytes; // guarded by mutex
        int accepted = 0; // guarded by mutex
        std::vector<std::thread> pumps; // acceptor thread only, until the destructor joins them
        std::thread acceptor;
    };
} // namespace earshot::testing
