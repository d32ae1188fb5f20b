#include "DaemonClientImpl.h"

#include <algorithm>
#include <cctype>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace earshot::client
{
    bool isKeyHex (const std::string& text) noexcept
    {
        return text.size() == 64 && std::all_of (text.begin(), text.end(), [] (char c)
                                                 { return std::isxdigit (static_cast<unsigned char> (c)) != 0; });
    }

    ErrorCode codeOf (grpc::StatusCode code)
    {
        switch (code)
        {
            case grpc::StatusCode::INVALID_ARGUMENT:
                return ErrorCode::invalidArgument;
            case grpc::StatusCode::NOT_FOUND:
                return ErrorCode::notFound;
            case grpc::StatusCode::ALREADY_EXISTS:
                return ErrorCode::alreadyExists;
            case grpc::StatusCode::OUT_OF_RANGE:
                return ErrorCode::outOfRange;
            case grpc::StatusCode::FAILED_PRECONDITION:
                return ErrorCode::failedPrecondition;
            case grpc::StatusCode::PERMISSION_DENIED:
            case grpc::StatusCode::UNAUTHENTICATED:
                return ErrorCode::permissionDenied;
            case grpc::StatusCode::UNAVAILABLE:
            case grpc::StatusCode::DEADLINE_EXCEEDED:
                return ErrorCode::unavailable;
            default:
                return ErrorCode::internal;
        }
    }

    int listenerErrorAt (const std::string& path)
    {
        const int fd = ::socket (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return errno;
        sockaddr_un address {};
        address.sun_family = AF_UNIX;
        if (path.size() >= sizeof (address.sun_path))
        {
            ::close (fd);
            return ENAMETOOLONG;
        }
        std::memcpy (address.sun_path, path.c_str(), path.size());
        int error = 0;
        if (::connect (fd, reinterpret_cast<sockaddr*> (&address), sizeof (address)) != 0)
            error = errno;
        ::close (fd);
        return error == EAGAIN || error == EINPROGRESS ? 0 : error;
    }
} // namespace earshot::client
