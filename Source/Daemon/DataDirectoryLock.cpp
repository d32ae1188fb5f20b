#include "DataDirectoryLock.h"

#include "Core/Error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/file.h>
#include <unistd.h>

namespace earshot
{
    DataDirectoryLock::DataDirectoryLock (const std::filesystem::path& dataDirectory)
    {
        std::error_code ec;
        std::filesystem::create_directories (dataDirectory, ec);
        if (ec)
            throw Error (ErrorCode::failedPrecondition, "cannot create the data directory " + dataDirectory.string() + ": " + ec.message());

        const auto path = dataDirectory / "earshotd.lock";
        fd = ::open (path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            throw Error (ErrorCode::failedPrecondition, "cannot open " + path.string() + ": " + std::strerror (errno));

        if (::flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
            char pid[32] = {};
            const auto got = ::pread (fd, pid, sizeof (pid) - 1, 0);
            ::close (fd);
            fd = -1;
            const std::string holder = got > 0 ? " (pid " + std::string (pid, static_cast<std::size_t> (got)) + ")" : "";
            throw Error (ErrorCode::failedPrecondition,
                         "another earshotd" + holder + " is already using the data directory " + dataDirectory.string() + "; stop it or pass a different --data-dir");
        }

        const auto pid = std::to_string (::getpid());
        if (::ftruncate (fd, 0) == 0)
            (void) ! ::pwrite (fd, pid.data(), pid.size(), 0);
    }

    DataDirectoryLock::~DataDirectoryLock()
    {
        if (fd >= 0)
            ::close (fd);
    }
} // namespace earshot
