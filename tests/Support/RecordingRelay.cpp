#include "RecordingRelay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace earshot::testing
{
    namespace
    {
        /** How often the relay's threads look whether it is stopping. */
        constexpr int pollMs = 50;

        sockaddr_in loopback (int port)
        {
            sockaddr_in address {};
            address.sin_family = AF_INET;
            address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
            address.sin_port = htons (static_cast<std::uint16_t> (port));
            return address;
        }
    } // namespace

    RecordingRelay::RecordingRelay (int targetPort)
        : target (targetPort)
    {
        listener = ::socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        auto address = loopback (0);
        socklen_t length = sizeof (address);
        if (listener < 0
            || ::bind (listener, reinterpret_cast<sockaddr*> (&address), sizeof (address)) != 0
            || ::listen (listener, 16) != 0
            || ::getsockname (listener, reinterpret_cast<sockaddr*> (&address), &length) != 0)
        {
            if (listener >= 0)
                ::close (listener);
            throw std::runtime_error ("the relay cannot listen on 127.0.0.1");
        }
        listeningPort = ntohs (address.sin_port);
        acceptor = std::thread ([this]
                                { acceptLoop(); });
    }

    RecordingRelay::~RecordingRelay()
    {
        stopping = true;
        acceptor.join();
        for (auto& pump : pumps)
            pump.join();
        ::close (listener);
    }

    std::string RecordingRelay::recorded() const
    {
        std::lock_guard lock (mutex);
        return bytes;
    }

    int RecordingRelay::connections() const
    {
        std::lock_guard lock (mutex);
        return accepted;
    }

    void RecordingRelay::acceptLoop()
    {
        while (! stopping)
        {
            pollfd waiting { listener, POLLIN, 0 };
            if (::poll (&waiting, 1, pollMs) <= 0)
                continue;
            const int client = ::accept4 (listener, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0)
                continue;
            const int onward = ::socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            auto address = loopback (target);
            if (onward < 0 || ::connect (onward, reinterpret_cast<sockaddr*> (&address), sizeof (address)) != 0)
            {
                // The target is down: the caller sees a refused connection, as it would directly.
                if (onward >= 0)
                    ::close (onward);
                ::close (client);
                continue;
            }
            {
                std::lock_guard lock (mutex);
                ++accepted;
            }
            pumps.emplace_back ([this, client, onward]
                                { relay (client, onward); });
        }
    }

    void RecordingRelay::relay (int client, int onward)
    {
        pollfd ends[2] = { { client, POLLIN, 0 }, { onward, POLLIN, 0 } };
        char buffer[16384];
        bool open = true;
        while (open && ! stopping)
        {
            if (::poll (ends, 2, pollMs) <= 0)
                continue;
            for (int side = 0; side < 2 && open; ++side)
            {
                if (ends[side].revents == 0)
                    continue;
                const auto got = ::read (ends[side].fd, buffer, sizeof (buffer));
                if (got <= 0)
                {
                    open = false;
                    break;
                }
                {
                    std::lock_guard lock (mutex);
                    bytes.append (buffer, static_cast<std::size_t> (got));
                }
                const int to = ends[1 - side].fd;
                for (ssize_t sent = 0; sent < got && open;)
                {
                    const auto wrote = ::send (to, buffer + sent, static_cast<std::size_t> (got - sent), MSG_NOSIGNAL);
                    open = wrote > 0;
                    sent += wrote > 0 ? wrote : 0;
                }
            }
        }
        ::close (client);
        ::close (onward);
    }
} // namespace earshot::testing
