#include "ServiceNotify.h"

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace earshot
{
    bool notifyServiceManager (const std::string& state)
    {
        const char* path = std::getenv ("NOTIFY_SOCKET");
        if (path == nullptr || (path[0] != '/' && path[0] != '@'))
            return false;
        const auto length = std::strlen (path);
        sockaddr_un address {};
        if (length >= sizeof (address.sun_path))
            return false;
        address.sun_family = AF_UNIX;
        std::memcpy (address.sun_path, path, length);
        if (path[0] == '@')
            address.sun_path[0] = '\0'; // an abstract socket
        const int fd = ::socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return false;
        const auto addressLength = static_cast<socklen_t> (offsetof (sockaddr_un, sun_path) + length);
        const bool sent = ::sendto (fd, state.data(), state.size(), MSG_NOSIGNAL, reinterpret_cast<const sockaddr*> (&address), addressLength) == static_cast<ssize_t> (state.size());
        ::close (fd);
        return sent;
    }
} // namespace earshot
