// earshotd as a desktop service: its systemd user unit, its log under systemd, `earshot daemon
// --stop`, and clients that use the daemon already running before they start one of their own.

#include "Client/DaemonLauncher.h"
#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <spawn.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    CommandResult runCli (const std::string& api, const std::string& arguments)
    {
        return runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + api + " " + arguments);
    }

    /** earshotd started as systemd starts a service: standard output and error to files, and
        environment variables added to this process's. */
    class ServiceProcess final
    {
    public:
        ServiceProcess (const std::filesystem::path& folder, const std::vector<std::string>& environment, bool stderrIsTheJournal)
            : api ("unix:" + (folder / "api.sock").string()), outFile (folder / "stdout"), errFile (folder / "stderr")
        {
            // The journal's stream is named by its device and inode, as systemd names it.
            std::ofstream (errFile).flush();
            struct stat info
            {
            };
            ::stat (errFile.c_str(), &info);
            std::vector<std::string> env;
            for (char** each = environ; *each != nullptr; ++each)
                if (std::strncmp (*each, "JOURNAL_STREAM=", 15) != 0 && std::strncmp (*each, "NOTIFY_SOCKET=", 14) != 0)
                    env.emplace_back (*each);
            env.push_back ("JOURNAL_STREAM=" + (stderrIsTheJournal ? std::to_string (info.st_dev) + ":" + std::to_string (info.st_ino) : std::string ("1:1")));
            env.insert (env.end(), environment.begin(), environment.end());

            std::vector<std::string> args { DaemonProcess::binary(), "--data-dir", (folder / "data").string(), "--listen", api, "--bt-interface", "127.0.0.1", "--bt-port", "0", "--no-dht", "--friends-listen", "127.0.0.1:0", "--log-level", "debug" };
            std::vector<char*> argv, envp;
            for (auto& arg : args)
                argv.push_back (arg.data());
            argv.push_back (nullptr);
            for (auto& each : env)
                envp.push_back (each.data());
            envp.push_back (nullptr);
            posix_spawn_file_actions_t files;
            posix_spawn_file_actions_init (&files);
            posix_spawn_file_actions_addopen (&files, STDOUT_FILENO, outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            posix_spawn_file_actions_addopen (&files, STDERR_FILENO, errFile.c_str(), O_WRONLY | O_APPEND, 0600);
            if (::posix_spawn (&pid, argv[0], &files, nullptr, argv.data(), envp.data()) != 0)
                pid = -1;
            posix_spawn_file_actions_destroy (&files);
        }

        ~ServiceProcess()
        {
            if (pid > 0)
            {
                ::kill (pid, SIGKILL);
                ::waitpid (pid, nullptr, 0);
            }
        }

        [[nodiscard]] bool ready()
        {
            DaemonClient client (api);
            return pid > 0 && client.waitUntilReady (20s);
        }

        /** SIGTERM, then its exit code. */
        int stop()
        {
            ::kill (pid, SIGTERM);
            int status = 0;
            ::waitpid (pid, &status, 0);
            pid = -1;
            return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
        }

        const std::string api;
        const std::filesystem::path outFile;
        const std::filesystem::path errFile;

    private:
        pid_t pid = -1;
    };

    std::vector<std::string> linesOf (const std::string& text)
    {
        std::vector<std::string> lines;
        std::istringstream in (text);
        for (std::string line; std::getline (in, line);)
            if (! line.empty())
                lines.push_back (line);
        return lines;
    }

    /** A unix datagram socket standing in for systemd's notification socket. */
    class NotifySocket final
    {
    public:
        explicit NotifySocket (std::filesystem::path where)
            : path (std::move (where))
        {
            fd = ::socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            sockaddr_un address {};
            address.sun_family = AF_UNIX;
            std::strncpy (address.sun_path, path.c_str(), sizeof (address.sun_path) - 1);
            ::bind (fd, reinterpret_cast<sockaddr*> (&address), sizeof (address));
            timeval timeout { 20, 0 };
            ::setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof (timeout));
        }

        ~NotifySocket() { ::close (fd); }

        /** The next datagram, or "" after 20 s without one. */
        std::string next()
        {
            char buffer[4096];
            const auto got = ::recv (fd, buffer, sizeof (buffer), 0);
            return got > 0 ? std::string (buffer, static_cast<std::size_t> (got)) : std::string();
        }

        const std::filesystem::path path;

    private:
        int fd = -1;
    };
} // namespace

TEST (DaemonService, UnderSystemdTheLogGoesToTheJournalAsPriorityLinesAndReadinessIsNotified)
{
    TemporaryDirectory root ("earshot-journal");
    NotifySocket notify (root.path() / "notify.sock");
    {
        ServiceProcess daemon (root.path(), { "NOTIFY_SOCKET=" + notify.path.string() }, true);
        ASSERT_TRUE (daemon.ready()) << readFileBytes (daemon.errFile) << readFileBytes (daemon.outFile);
        EXPECT_EQ (notify.next(), "READY=1\nSTATUS=serving " + daemon.api);
        EXPECT_EQ (daemon.stop(), 0);
        EXPECT_EQ (notify.next(), "STOPPING=1");

        const auto lines = linesOf (readFileBytes (daemon.errFile));
        ASSERT_FALSE (lines.empty());
        // Every line starts with its syslog priority and carries no time stamp or level name:
        // the journal records both.
        for (const auto& line : lines)
        {
            EXPECT_TRUE (std::regex_search (line, std::regex ("^<[0-7]>"))) << line;
            EXPECT_FALSE (std::regex_search (line, std::regex ("\\[20[0-9][0-9]-|\\[info\\]|\\[debug\\]"))) << line;
        }
        const auto has = [&lines] (const std::string& start)
        {
            return std::any_of (lines.begin(), lines.end(), [&] (const std::string& line)
                                { return line.rfind (start, 0) == 0; });
        };
        EXPECT_TRUE (has ("<6>made this daemon's identity key: ")) << readFileBytes (daemon.errFile);
        EXPECT_TRUE (has ("<6>stopping (signal 15)")) << readFileBytes (daemon.errFile);
        EXPECT_TRUE (has ("<7>")) << "--log-level debug: debug lines have priority 7\n"
                                  << readFileBytes (daemon.errFile);
    }

    // A JOURNAL_STREAM that names another stream (the daemon's standard error was redirected by
    // hand) is not the journal: the log keeps its time-stamped lines.
    TemporaryDirectory other ("earshot-journal-not");
    ServiceProcess daemon (other.path(), {}, false);
    ASSERT_TRUE (daemon.ready()) << readFileBytes (daemon.errFile) << readFileBytes (daemon.outFile);
    EXPECT_EQ (daemon.stop(), 0);
    const auto out = readFileBytes (daemon.outFile) + readFileBytes (daemon.errFile);
    EXPECT_TRUE (std::regex_search (out, std::regex ("\\[20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] [^\\]]*\\] \\[info\\] made this daemon's identity key"))) << out;
    EXPECT_EQ (out.find ("<6>"), std::string::npos) << out;
}

TEST (DaemonService, StopEndsTheDaemonCleanlyAndTheLibrarySurvives)
{
    TemporaryDirectory root ("earshot-stop");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto id = daemon.client().publish ({ testMedia ("excerpt.ogg").string() }).front().id;
    (void) daemon.client().addTourDate ({ "2099-05-01", "Lisbon", "Musicbox", "" });
    const auto socket = daemon.dataDirectory() / "api.sock";
    ASSERT_TRUE (std::filesystem::exists (socket));

    const auto stopped = runCli (daemon.apiAddress(), "daemon --stop");
    EXPECT_EQ (stopped.exitCode, 0) << stopped.output;
    EXPECT_NE (stopped.output.find ("earshotd (pid " + std::to_string (daemon.processId()) + ") at " + daemon.apiAddress() + " has stopped"), std::string::npos) << stopped.output;
    // The command returned once the process had ended, with exit code 0, and its socket gone.
    EXPECT_EQ (daemon.stop(), 0) << daemon.log();
    EXPECT_FALSE (std::filesystem::exists (socket));

    const auto again = runCli (daemon.apiAddress(), "daemon --stop");
    EXPECT_EQ (again.exitCode, 3) << again.output;
    EXPECT_NE (again.output.find ("no earshotd is running at " + daemon.apiAddress()), std::string::npos) << again.output;

    // What it saved as it stopped is there on the next start: the track, seeding again, and the
    // database's rows.
    daemon.start();
    const auto tracks = daemon.client().listTracks();
    ASSERT_EQ (tracks.size(), 1u);
    EXPECT_EQ (tracks[0].id, id);
    EXPECT_TRUE (eventually ([&]
                             {
        const auto track = daemon.client().getTrack (id);
        return track.status && track.status->state == TrackState::seeding; },
                             20s));
    ASSERT_EQ (daemon.client().tourDates().size(), 1u);
    EXPECT_EQ (daemon.client().tourDates()[0].date.city, "Lisbon");
}

TEST (DaemonService, ClientsUseTheDaemonThatAnswersAndStartTheirOwnOnlyWhenNoneDoes)
{
    TemporaryDirectory root ("earshot-running");
    DaemonProcess running (root.path() / "running");
    running.start();

    // The app's and the plugins' connection, with a data folder of its own: the daemon already on
    // the socket is the one used, and nothing is started or made.
    DaemonLaunchOptions options;
    options.address = running.apiAddress();
    options.dataDirectory = root.path() / "own";
    options.extraArguments = { "--bt-interface", "127.0.0.1", "--bt-port", "0", "--no-dht", "--friends-listen", "127.0.0.1:0" };
    options.daemonBinary = DaemonProcess::binary();
    {
        const auto found = ensureDaemon (options);
        EXPECT_FALSE (found.started);
        EXPECT_EQ (found.info.dataDirectory, running.dataDirectory().string());

        DaemonConnection connection (options);
        connection.start();
        ASSERT_TRUE (eventually ([&]
                                 { return connection.settled(); },
                                 30s));
        EXPECT_FALSE (connection.startedDaemon());
        EXPECT_EQ (connection.startFailure(), "");
        EXPECT_EQ (connection.client()->daemonInfo().dataDirectory, running.dataDirectory().string());
        EXPECT_FALSE (std::filesystem::exists (options.dataDirectory)) << "a second daemon was started";

        const auto cli = runCli (running.apiAddress(), "daemon --data-dir " + options.dataDirectory.string());
        EXPECT_EQ (cli.exitCode, 0) << cli.output;
        EXPECT_NE (cli.output.find ("already running"), std::string::npos) << cli.output;
        EXPECT_FALSE (std::filesystem::exists (options.dataDirectory));
    }

    // With that daemon gone, the connection starts its own on the socket; `daemon --stop` ends it.
    EXPECT_EQ (running.stop(), 0);
    DaemonConnection connection (options);
    connection.start();
    ASSERT_TRUE (eventually ([&]
                             { return connection.settled(); },
                             30s));
    EXPECT_TRUE (connection.startedDaemon()) << connection.startFailure();
    EXPECT_EQ (connection.client()->daemonInfo().dataDirectory, options.dataDirectory.string());
    const auto stopped = runCli (options.address, "daemon --stop");
    EXPECT_EQ (stopped.exitCode, 0) << stopped.output;
    if (stopped.exitCode != 0)
    {
        std::ifstream lock (options.dataDirectory / "earshotd.lock");
        int pid = 0;
        if (lock >> pid && pid > 1)
            ::kill (pid, SIGKILL);
    }
    const auto after = runCli (options.address, "info");
    EXPECT_EQ (after.exitCode, 3) << after.output;
    EXPECT_NE (after.output.find ("not running"), std::string::npos) << after.output;
}

TEST (DaemonService, TheUserUnitPassesSystemdAnalyzeVerify)
{
    const auto unitSource = std::filesystem::path (EARSHOT_SOURCE_DIR) / "packaging" / "earshotd.service";
    const auto unit = readFileBytes (unitSource);
    for (const auto* line : { "\nType=notify\n", "\nExecStart=earshotd\n", "\nRestart=on-failure\n", "\nWantedBy=default.target\n" })
        EXPECT_NE (unit.find (line), std::string::npos) << "the unit has no line " << line;

    if (runCommand ("command -v systemd-analyze").exitCode != 0)
        GTEST_SKIP() << "systemd-analyze is not installed (Debian package systemd): the unit is not verified";

    // As installed: ExecStart names earshotd's path (systemd-analyze checks that it can run it).
    TemporaryDirectory root ("earshot-unit");
    auto installed = unit;
    installed.replace (installed.find ("ExecStart=earshotd"), std::strlen ("ExecStart=earshotd"), "ExecStart=" + DaemonProcess::binary());
    std::ofstream (root.path() / "earshotd.service") << installed;
    const auto runtime = root.path() / "runtime";
    std::filesystem::create_directories (runtime);
    std::filesystem::permissions (runtime, std::filesystem::perms::owner_all);

    const auto verified = runCommand ("XDG_RUNTIME_DIR=" + runtime.string() + " systemd-analyze verify --user " + (root.path() / "earshotd.service").string());
    EXPECT_EQ (verified.exitCode, 0) << verified.output;
    // It passes unknown keys and bad values with a warning: the unit must draw none.
    EXPECT_EQ (verified.output, "");
}
