#include "DaemonProcess.h"

#include <algorithm>

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <random>
#include <sstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace earshot::testing
{
    TemporaryDirectory::TemporaryDirectory (const std::string& prefix)
    {
        std::random_device random;
        folder = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string (::getpid()) + "-" + std::to_string (random()));
        std::filesystem::create_directories (folder);
    }

    TemporaryDirectory::~TemporaryDirectory()
    {
        if (std::getenv ("EARSHOT_KEEP_TEST_FILES") != nullptr)
            return; // for looking at daemons' logs after a failure
        std::error_code ec;
        std::filesystem::remove_all (folder, ec);
    }

    //==============================================================================
    DaemonProcess::DaemonProcess (std::filesystem::path dataDirectory, std::vector<std::string> extraArguments, std::string apiSocketName)
        : dataDir (std::move (dataDirectory))
        , extra (std::move (extraArguments))
        , socketName (std::move (apiSocketName))
    {
        std::filesystem::create_directories (dataDir);
    }

    DaemonProcess::~DaemonProcess()
    {
        if (pid > 0)
        {
            ::kill (pid, SIGTERM);
            for (int i = 0; i < 100 && pid > 0; ++i)
            {
                if (::waitpid (pid, nullptr, WNOHANG) == pid)
                    pid = -1;
                else
                    std::this_thread::sleep_for (std::chrono::milliseconds (50));
            }
            if (pid > 0)
                kill();
        }
    }

    std::string DaemonProcess::binary()
    {
        return EARSHOT_DAEMON_BINARY;
    }

    std::string DaemonProcess::apiAddress() const
    {
        return "unix:" + (dataDir / socketName).string();
    }

    std::string DaemonProcess::log() const
    {
        return readFileBytes (dataDir / "earshotd.log");
    }

    /** debug, or EARSHOT_TEST_LOG_LEVEL (trace logs every peer's wire conversation). */
    static std::string logLevel()
    {
        const char* level = std::getenv ("EARSHOT_TEST_LOG_LEVEL");
        return level != nullptr && *level != '\0' ? level : "debug";
    }

    void DaemonProcess::start()
    {
        if (pid > 0)
            return;

        std::vector<std::string> args { binary(), "--data-dir", dataDir.string(), "--listen", apiAddress(), "--bt-interface", "127.0.0.1", "--bt-port", "0", "--friends-listen", "127.0.0.1:0", "--log-level", logLevel() };
        if (std::find (extra.begin(), extra.end(), "--dht-private") == extra.end())
            args.push_back ("--no-dht");
        args.insert (args.end(), extra.begin(), extra.end());

        const auto logPath = (dataDir / "earshotd.log").string();
        pid = ::fork();
        if (pid < 0)
            throw std::runtime_error ("fork failed");
        if (pid == 0)
        {
            ::prctl (PR_SET_PDEATHSIG, SIGTERM); // a crashed or killed test leaves no daemon behind
            const int log = ::open (logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            ::dup2 (log, STDOUT_FILENO);
            ::dup2 (log, STDERR_FILENO);
            std::vector<char*> argv;
            for (auto& arg : args)
                argv.push_back (arg.data());
            argv.push_back (nullptr);
            ::execv (argv[0], argv.data());
            ::_exit (127);
        }

        api = std::make_unique<DaemonClient> (apiAddress());
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds (20);
        while (std::chrono::steady_clock::now() < deadline)
        {
            int status = 0;
            if (::waitpid (pid, &status, WNOHANG) == pid)
            {
                pid = -1;
                throw std::runtime_error ("earshotd exited at start: " + log());
            }
            if (api->waitUntilReady (std::chrono::milliseconds (100)))
            {
                try
                {
                    bittorrentPort = api->daemonInfo().bittorrentPort;
                    return;
                }
                catch (const Error&)
                {
                }
            }
        }
        throw std::runtime_error ("earshotd did not answer within 20 s: " + log());
    }

    int DaemonProcess::waitForExit()
    {
        int status = 0;
        const bool reaped = pid > 0 && ::waitpid (pid, &status, 0) == pid;
        pid = -1;
        api.reset();
        return reaped && WIFEXITED (status) ? WEXITSTATUS (status) : -1;
    }

    int DaemonProcess::stop()
    {
        if (pid > 0)
        {
            ::kill (pid, SIGTERM);
            ::kill (pid, SIGCONT); // a suspended daemon takes the SIGTERM only once it runs
        }
        return waitForExit();
    }

    void DaemonProcess::suspend()
    {
        if (pid <= 0)
            return;
        ::kill (pid, SIGSTOP);
        // The signal is delivered when the kernel gets to it: wait until the process has stopped,
        // so nothing the caller does next can still be answered.
        for (int status = 0; ::waitpid (pid, &status, WUNTRACED) == pid;)
            if (WIFSTOPPED (status))
                break;
    }

    void DaemonProcess::resume()
    {
        if (pid > 0)
            ::kill (pid, SIGCONT);
    }

    void DaemonProcess::kill()
    {
        if (pid > 0)
            ::kill (pid, SIGKILL);
        waitForExit();
    }

    DaemonClient& DaemonProcess::client()
    {
        if (! api)
            throw std::logic_error ("the daemon is not running");
        return *api;
    }

    std::string DaemonProcess::peerAddress()
    {
        return "127.0.0.1:" + std::to_string (bittorrentPort);
    }

    //==============================================================================
    std::string readFileBytes (const std::filesystem::path& file)
    {
        std::ifstream in (file, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        return bytes.str();
    }

    std::filesystem::path testMedia (const std::string& name)
    {
        return std::filesystem::path (EARSHOT_TEST_MEDIA_DIR) / name;
    }

    std::filesystem::path demoAlbum (const std::string& format)
    {
        return std::filesystem::path (EARSHOT_DEMO_ALBUM_DIR) / format;
    }

    std::string streamBytes (DaemonClient& client, const std::string& trackId, std::uint64_t offset, std::uint64_t limit)
    {
        std::string bytes;
        DaemonClient::StreamOptions options;
        options.offset = offset;
        options.timeout = std::chrono::minutes (2); // a stall fails the test instead of hanging it
        client.stream (trackId, options, [&] (std::uint64_t chunkOffset, std::string_view data, std::uint64_t)
                       {
            if (chunkOffset != offset + bytes.size())
                throw std::runtime_error ("the stream skipped from " + std::to_string (offset + bytes.size()) + " to " + std::to_string (chunkOffset));
            bytes.append (data.substr (0, static_cast<std::size_t> (std::min<std::uint64_t> (data.size(), limit - bytes.size()))));
            return bytes.size() < limit; });
        return bytes;
    }

    CommandResult runCommand (const std::string& commandLine)
    {
        CommandResult result;
        auto* pipe = ::popen ((commandLine + " 2>&1").c_str(), "r");
        if (pipe == nullptr)
            return result;
        std::array<char, 65536> buffer {};
        std::size_t got = 0;
        while ((got = std::fread (buffer.data(), 1, buffer.size(), pipe)) > 0)
            result.output.append (buffer.data(), got);
        result.exitCode = WEXITSTATUS (::pclose (pipe));
        return result;
    }

    int freeLoopbackPort()
    {
        const int fd = ::socket (AF_INET, SOCK_STREAM, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
        ::bind (fd, reinterpret_cast<sockaddr*> (&address), sizeof (address));
        socklen_t length = sizeof (address);
        ::getsockname (fd, reinterpret_cast<sockaddr*> (&address), &length);
        ::close (fd);
        return ntohs (address.sin_port);
    }

    bool eventually (const std::function<bool()>& done, std::chrono::seconds timeout)
    {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < until)
        {
            if (done())
                return true;
            std::this_thread::sleep_for (std::chrono::milliseconds (100));
        }
        return done();
    }

    bool holdsFirstBytes (const TrackStatus& status, std::uint64_t bytes)
    {
        if (status.pieceLength == 0 || status.pieces.empty())
            return false;
        const auto lastPiece = std::min<std::size_t> ((status.fileStartInPiece + bytes) / status.pieceLength, status.pieces.size() - 1);
        return std::all_of (status.pieces.begin(), status.pieces.begin() + static_cast<std::ptrdiff_t> (lastPiece) + 1, [] (bool have)
                            { return have; });
    }
} // namespace earshot::testing
