#pragma once

// Running a third-party BitTorrent client from a test or a benchmark: in the background, its output
// in a log file, ended when the test is done with it (and by the kernel if the test dies first).
// Header only, so bench/ uses it as the interop suite does.

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <netinet/in.h>
#include <stdexcept>
#include <string>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace earshot::testing
{
    /** A program run in the background, standard output and error in logFile, standard input from
        /dev/null. Ended with SIGTERM (then SIGKILL after 10 s) when this goes. */
    class ChildProcess final
    {
    public:
        ChildProcess (std::vector<std::string> arguments, const std::filesystem::path& logFile)
        {
            const auto log = logFile.string();
            pid = ::fork();
            if (pid < 0)
                throw std::runtime_error ("fork failed for " + arguments.front());
            if (pid == 0)
            {
                ::prctl (PR_SET_PDEATHSIG, SIGTERM); // a crashed test leaves no client running
                const int in = ::open ("/dev/null", O_RDONLY);
                const int out = ::open (log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
                ::dup2 (in, STDIN_FILENO);
                ::dup2 (out, STDOUT_FILENO);
                ::dup2 (out, STDERR_FILENO);
                std::vector<char*> argv;
                for (auto& argument : arguments)
                    argv.push_back (argument.data());
                argv.push_back (nullptr);
                ::execvp (argv[0], argv.data());
                ::_exit (127);
            }
        }

        ~ChildProcess() { stop(); }

        ChildProcess (const ChildProcess&) = delete;
        ChildProcess& operator= (const ChildProcess&) = delete;

        /** Whether the program is still running (false once it exited, e.g. not installed). */
        [[nodiscard]] bool running()
        {
            if (pid > 0 && ::waitpid (pid, nullptr, WNOHANG) == pid)
                pid = -1;
            return pid > 0;
        }

        /** SIGTERM, and SIGKILL if it has not exited within 10 s. */
        void stop()
        {
            if (pid <= 0)
                return;
            ::kill (pid, SIGTERM);
            for (int i = 0; i < 200 && running(); ++i)
                std::this_thread::sleep_for (std::chrono::milliseconds (50));
            if (pid > 0)
            {
                ::kill (pid, SIGKILL);
                ::waitpid (pid, nullptr, 0);
                pid = -1;
            }
        }

    private:
        pid_t pid = -1;
    };

    /** Whether something accepts TCP connections on 127.0.0.1:port. */
    [[nodiscard]] inline bool acceptsLoopbackConnections (int port)
    {
        const int fd = ::socket (AF_INET, SOCK_STREAM, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
        address.sin_port = htons (static_cast<std::uint16_t> (port));
        const bool connected = ::connect (fd, reinterpret_cast<sockaddr*> (&address), sizeof (address)) == 0;
        ::close (fd);
        return connected;
    }
} // namespace earshot::testing
