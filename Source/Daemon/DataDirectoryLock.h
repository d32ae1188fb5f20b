#pragma once

#include <filesystem>

namespace earshot
{
    /** Holds an exclusive lock on a data directory for the daemon's lifetime, so that a second
        earshotd on the same library fails at once instead of corrupting it. The lock is an flock on
        `earshotd.lock`, released by the kernel even when the daemon is killed. */
    class DataDirectoryLock final
    {
    public:
        /** Creates the directory if needed and takes the lock. Throws Error (failedPrecondition)
            naming the other daemon's pid when the directory is already in use. */
        explicit DataDirectoryLock (const std::filesystem::path& dataDirectory);
        ~DataDirectoryLock();

        DataDirectoryLock (const DataDirectoryLock&) = delete;
        DataDirectoryLock& operator= (const DataDirectoryLock&) = delete;

    private:
        int fd = -1;
    };
} // namespace earshot
