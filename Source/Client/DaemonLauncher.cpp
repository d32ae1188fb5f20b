#include "DaemonLauncher.h"

#include "Core/DefaultLocations.h"
#include "Core/QuoteInput.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>

namespace earshot
{
    namespace
    {
        std::string tailOf (const std::filesystem::path& file, std::size_t bytes)
        {
            std::ifstream in (file, std::ios::binary);
            if (! in)
                return {};
            std::ostringstream text;
            text << in.rdbuf();
            auto all = text.str();
            return all.size() > bytes ? all.substr (all.size() - bytes) : all;
        }

        bool isExecutable (const std::filesystem::path& path)
        {
            return ! path.empty() && ::access (path.c_str(), X_OK) == 0 && std::filesystem::is_regular_file (path);
        }
        /** Whether a process exists and has not exited (a zombie waiting for init to reap it has). */
        bool isRunning (pid_t pid)
        {
            std::ifstream stat ("/proc/" + std::to_string (pid) + "/stat");
            std::string text;
            if (! std::getline (stat, text))
                return false;
            const auto close = text.rfind (')');
            return close != std::string::npos && close + 2 < text.size() && text[close + 2] != 'Z' && text[close + 2] != 'X';
        }
        /** Whether address is on this machine: a unix socket or a loopback host. */
        bool isLocalAddress (const std::string& address)
        {
            if (address.rfind ("unix:", 0) == 0)
                return true;
            const auto host = address.substr (0, address.rfind (':'));
            return host == "localhost" || host == "[::1]" || host.rfind ("127.", 0) == 0;
        }

        /** The process's program name (argv[0] without its folder); empty when it is gone. */
        std::string programOf (pid_t pid)
        {
            std::ifstream cmdline ("/proc/" + std::to_string (pid) + "/cmdline", std::ios::binary);
            std::string first;
            std::getline (cmdline, first, '\0');
            return std::filesystem::path (first).filename().string();
        }
    } // namespace

    std::string findDaemonBinary()
    {
        if (const char* fromEnvironment = std::getenv ("EARSHOT_DAEMON"); fromEnvironment != nullptr && *fromEnvironment != 0)
            return fromEnvironment;

        std::error_code ec;
        const auto self = std::filesystem::read_symlink ("/proc/self/exe", ec);
        if (! ec && isExecutable (self.parent_path() / "earshotd"))
            return (self.parent_path() / "earshotd").string();

        Dl_info library {};
        if (::dladdr (reinterpret_cast<void*> (&findDaemonBinary), &library) != 0 && library.dli_fname != nullptr)
        {
            auto folder = std::filesystem::path (library.dli_fname).parent_path();
            if (isExecutable (folder / "earshotd"))
                return (folder / "earshotd").string();

            // The bin/ of the tree the library is in, installed or built: <prefix>/lib/<multiarch>/libearshot.so,
            // <prefix>/lib/lv2/Earshot.lv2/, <prefix>/share/earshot/unity/ and, five folders down,
            // <prefix>/lib/vst3/Earshot.vst3/Contents/x86_64-linux/ all find <prefix>/bin/earshotd.
            for (int up = 0; up < 5 && folder.has_relative_path(); ++up)
            {
                folder = folder.parent_path();
                if (isExecutable (folder / "bin" / "earshotd"))
                    return (folder / "bin" / "earshotd").string();
            }
        }

#ifdef EARSHOT_BUILD_BIN_DIR
        if (isExecutable (std::filesystem::path (EARSHOT_BUILD_BIN_DIR) / "earshotd"))
            return (std::filesystem::path (EARSHOT_BUILD_BIN_DIR) / "earshotd").string();
#endif
        return "earshotd";
    }

    DaemonLaunch ensureDaemon (const DaemonLaunchOptions& options)
    {
        DaemonLaunch launch;
        {
            // A daemon that listens but is busy is waited for, not joined by a second one.
            DaemonClient probe (options.address);
            switch (probe.reach (options.startTimeout))
            {
                case DaemonClient::Reach::answering:
                    launch.info = probe.daemonInfo();
                    return launch;
                case DaemonClient::Reach::notAnswering:
                    throw Error (ErrorCode::unavailable, "an earshotd listens at " + options.address + " but has not answered for " + std::to_string (options.startTimeout.count() / 1000) + " s: is it stopped or overloaded? (a second one is not started)");
                case DaemonClient::Reach::notRunning:
                    break;
            }
        }

        std::filesystem::create_directories (options.dataDirectory);
        launch.logFile = options.dataDirectory / "earshotd.log";
        const auto binary = options.daemonBinary.empty() ? findDaemonBinary() : options.daemonBinary;

        // Everything the child needs is made before fork: after it, only async-signal-safe calls.
        std::vector<std::string> args { binary, "--data-dir", options.dataDirectory.string(), "--listen", options.address };
        args.insert (args.end(), options.extraArguments.begin(), options.extraArguments.end());
        std::vector<char*> argv;
        for (auto& arg : args)
            argv.push_back (arg.data());
        argv.push_back (nullptr);
        const auto logPath = launch.logFile.string();
        static constexpr char execFailed[] = "earshot: cannot run earshotd\n";

        int pidPipe[2] = { -1, -1 };
        if (::pipe2 (pidPipe, O_CLOEXEC) != 0)
            throw Error (ErrorCode::internal, "cannot start earshotd: pipe failed");
        const pid_t child = ::fork();
        if (child < 0)
        {
            ::close (pidPipe[0]);
            ::close (pidPipe[1]);
            throw Error (ErrorCode::internal, "cannot start earshotd: fork failed");
        }
        if (child == 0)
        {
            // A grandchild runs the daemon, so it is nobody's child here and never a zombie of the host.
            const pid_t daemon = ::fork();
            if (daemon != 0)
            {
                [[maybe_unused]] auto sent = ::write (pidPipe[1], &daemon, sizeof (daemon));
                ::_exit (0);
            }
            ::setsid();
            const int log = ::open (logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
            const int null = ::open ("/dev/null", O_RDONLY | O_CLOEXEC);
            if (log >= 0)
            {
                ::dup2 (log, STDOUT_FILENO);
                ::dup2 (log, STDERR_FILENO);
            }
            if (null >= 0)
                ::dup2 (null, STDIN_FILENO);
            for (int fd = 3; fd < 1024; ++fd)
                if (fd != pidPipe[1])
                    ::close (fd);
            ::execvp (argv[0], argv.data());
            [[maybe_unused]] auto written = ::write (STDERR_FILENO, execFailed, sizeof (execFailed) - 1);
            ::_exit (127);
        }
        ::close (pidPipe[1]);
        pid_t daemon = -1;
        const auto got = ::read (pidPipe[0], &daemon, sizeof (daemon));
        ::close (pidPipe[0]);
        int status = 0;
        ::waitpid (child, &status, 0);
        if (got != sizeof (daemon) || daemon <= 0)
            throw Error (ErrorCode::internal, "cannot start earshotd: fork failed");
        launch.pid = daemon;

        DaemonClient client (options.address);
        const auto deadline = std::chrono::steady_clock::now() + options.startTimeout;
        while (std::chrono::steady_clock::now() < deadline)
        {
            if (client.waitUntilReady (std::chrono::milliseconds (100)))
            {
                launch.started = true;
                launch.info = client.daemonInfo();
                return launch;
            }
            if (! isRunning (daemon))
                throw Error (ErrorCode::unavailable, "earshotd (" + binary + ") exited at once; the end of its log (" + logPath + ") says:\n" + tailOf (launch.logFile, 2000));
        }
        throw Error (ErrorCode::unavailable, "earshotd (" + binary + ") did not answer at " + options.address + " within " + std::to_string (options.startTimeout.count() / 1000) + " s; the end of its log (" + logPath + ") says:\n" + tailOf (launch.logFile, 2000));
    }

    DaemonStop stopDaemon (const std::string& address, std::chrono::milliseconds timeout)
    {
        DaemonStop stop;
        DaemonClient client (address);
        switch (client.reach (DaemonClient::connectPatience))
        {
            case DaemonClient::Reach::notRunning:
                return stop;
            case DaemonClient::Reach::notAnswering:
                throw Error (ErrorCode::unavailable, "an earshotd listens at " + address + " but has not answered for " + std::to_string (DaemonClient::connectPatience.count() / 1000) + " s, so its process is not known; nothing was stopped");
            case DaemonClient::Reach::answering:
                break;
        }
        if (! isLocalAddress (address))
            throw Error (ErrorCode::invalidArgument, "the earshotd at " + address + " is not on this machine; stop it where it runs; nothing was stopped");

        const auto lockFile = std::filesystem::path (client.daemonInfo().dataDirectory) / "earshotd.lock";
        std::ifstream lock (lockFile);
        long pid = 0;
        if (! (lock >> pid) || pid <= 1)
            throw Error (ErrorCode::failedPrecondition, "the earshotd at " + address + " answers, but its lock file " + quoteInput (lockFile.string(), pathQuoteBytes) + " names no process; nothing was stopped");
        // The lock file is the daemon's while it answers; a program of another name there means it
        // is not (a reused pid): never signal it.
        if (programOf (static_cast<pid_t> (pid)) != "earshotd")
            throw Error (ErrorCode::failedPrecondition, "the lock file " + quoteInput (lockFile.string(), pathQuoteBytes) + " names pid " + std::to_string (pid) + ", which is not an earshotd; nothing was stopped");

        stop.wasRunning = true;
        stop.pid = static_cast<int> (pid);
        const auto signalled = std::chrono::steady_clock::now();
        if (::kill (static_cast<pid_t> (pid), SIGTERM) != 0)
        {
            if (errno == ESRCH)
                return stop; // it ended by itself just now
            throw Error (ErrorCode::permissionDenied, "cannot stop earshotd (pid " + std::to_string (pid) + "): " + std::strerror (errno) + " (is it another user's?)");
        }
        // It saves every track's resume data and closes its database before it ends: wait for that.
        while (isRunning (static_cast<pid_t> (pid)))
        {
            if (std::chrono::steady_clock::now() - signalled > timeout)
                throw Error (ErrorCode::unavailable, "earshotd (pid " + std::to_string (pid) + ") has not exited " + std::to_string (timeout.count() / 1000) + " s after SIGTERM; it may still be saving its state (`kill -KILL " + std::to_string (pid) + "` ends it at once, losing what it has not saved)");
            std::this_thread::sleep_for (std::chrono::milliseconds (20));
        }
        stop.took = std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::steady_clock::now() - signalled);
        return stop;
    }

    DaemonLaunchOptions defaultLaunchOptions()
    {
        DaemonLaunchOptions options;
        const char* address = std::getenv ("EARSHOT_API");
        options.address = address != nullptr && *address != 0 ? std::string (address) : defaultApiAddress();
        const char* dataDirectory = std::getenv ("EARSHOT_DATA_DIR");
        options.dataDirectory = dataDirectory != nullptr && *dataDirectory != 0 ? std::filesystem::path (dataDirectory) : defaultDataDirectory();
        if (const char* extra = std::getenv ("EARSHOT_DAEMON_ARGS"))
        {
            std::istringstream words (extra);
            for (std::string word; words >> word;)
                options.extraArguments.push_back (word);
        }
        return options;
    }

    DaemonConnection::DaemonConnection()
        : DaemonConnection (defaultLaunchOptions()) {}

    DaemonConnection::DaemonConnection (DaemonLaunchOptions options)
        : launchOptions (std::move (options)), daemonClient (std::make_shared<DaemonClient> (launchOptions.address))
    {
    }

    DaemonConnection::~DaemonConnection()
    {
        // Nobody calls start() any more (its callers are gone), so starter is read without the lock,
        // which the starter takes as it finishes.
        if (starter.joinable())
            starter.join();
    }

    void DaemonConnection::start()
    {
        std::lock_guard lock (mutex);
        if (std::exchange (requested, true))
            return;
        starter = std::thread ([this]
                               {
                                   std::string why;
                                   bool startedHere = false;
                                   try
                                   {
                                       startedHere = ensureDaemon (launchOptions).started;
                                   }
                                   catch (const std::exception& e)
                                   {
                                       why = e.what();
                                   }
                                   std::lock_guard done (mutex);
                                   started = startedHere;
                                   failure = std::move (why);
                                   finished = true; });
    }

    bool DaemonConnection::startRequested() const
    {
        std::lock_guard lock (mutex);
        return requested;
    }

    std::string DaemonConnection::startFailure() const
    {
        std::lock_guard lock (mutex);
        return failure;
    }

    bool DaemonConnection::settled() const
    {
        std::lock_guard lock (mutex);
        return finished;
    }

    bool DaemonConnection::startedDaemon() const
    {
        std::lock_guard lock (mutex);
        return started;
    }
} // namespace earshot
