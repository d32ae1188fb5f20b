#pragma once

// What a running process holds, read from /proc: open file descriptors, threads, resident memory and
// CPU time. The load and soak benches sample their daemons with it to see whether anything grows.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace earshot::bench
{
    /** One look at a process; every figure is -1 when the process was gone. */
    struct ProcessSample
    {
        int fds = -1;
        int threads = -1;
        long long rssKiB = -1;
        /** User plus system time since the process started. */
        double cpuSeconds = -1.0;
    };

    /** Reads /proc/<pid>: the entries of fd/, Threads and VmRSS of status, utime and stime of stat. */
    inline ProcessSample sampleProcess (int pid)
    {
        ProcessSample sample;
        const auto folder = std::filesystem::path ("/proc") / std::to_string (pid);
        std::error_code error;
        int fds = 0;
        for (std::filesystem::directory_iterator it (folder / "fd", error), end; ! error && it != end; it.increment (error))
            ++fds;
        if (error)
            return sample;
        sample.fds = fds;

        std::ifstream status (folder / "status");
        for (std::string line; std::getline (status, line);)
        {
            if (line.rfind ("Threads:", 0) == 0)
                sample.threads = std::stoi (line.substr (8));
            else if (line.rfind ("VmRSS:", 0) == 0)
                sample.rssKiB = std::stoll (line.substr (6));
        }

        // stat: the command name is in parentheses and may hold spaces; utime and stime are the
        // 14th and 15th fields, the 12th and 13th after the closing parenthesis.
        std::ifstream statFile (folder / "stat");
        std::string stat ((std::istreambuf_iterator<char> (statFile)), std::istreambuf_iterator<char>());
        const auto close = stat.rfind (')');
        if (close != std::string::npos)
        {
            std::istringstream fields (stat.substr (close + 2));
            std::string field;
            unsigned long long utime = 0, stime = 0;
            for (int i = 0; i < 13 && fields >> field; ++i)
            {
                if (i == 11)
                    utime = std::stoull (field);
                else if (i == 12)
                    stime = std::stoull (field);
            }
            sample.cpuSeconds = static_cast<double> (utime + stime) / static_cast<double> (::sysconf (_SC_CLK_TCK));
        }
        return sample;
    }
} // namespace earshot::bench
