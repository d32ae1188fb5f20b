// From launching the installed earshot-app to its first audio block, on a machine with no sound card.
//
// The programs are installed from this build (`cmake --install --component programs`, what the
// earshot package holds) into a scratch prefix and run from there. One Xvfb serves every launch, so
// its start is not counted. Each trial launches, in turn:
//
//   app, cold   earshot-app --play TRACK --out FILE.wav with no earshotd running: the app starts the
//               installed earshotd on the library (as a first launch after login does)
//   app, warm   the same with that earshotd running (as with the systemd user unit)
//   play, warm  the baseline: the installed `earshot play TRACK --out FILE.wav` against that earshotd
//
// and takes the time from just before fork() to the first block the player put out, which each
// program reports as "first audio block rendered at steady clock N ns" (CLOCK_MONOTONIC, the same
// clock in every process). The track is the demo album's first FLAC, published beforehand.
//
//   cmake --build build --target earshot_packaged earshot_app_launch_bench earshot_test_media
//   build/bin/earshot_app_launch_bench --trials 10

#include "BenchFigures.h"
#include "Client/DaemonClient.h"
#include "Support/DaemonProcess.h"

#include <CLI/CLI.hpp>

#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace earshot;
using namespace earshot::bench;
using namespace earshot::testing;
namespace fs = std::filesystem;

namespace
{
    /** A child process, its output going to a file; waited for or killed when this goes. */
    class Child final
    {
    public:
        Child (const std::vector<std::string>& arguments, const std::vector<std::string>& environment, const fs::path& output, int passFd = -1)
        {
            std::vector<std::string> args (arguments), env (environment);
            startedAt = Clock::now();
            pid = ::fork();
            if (pid < 0)
                throw std::runtime_error ("fork failed");
            if (pid == 0)
            {
                const int log = ::open (output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
                ::dup2 (log, STDOUT_FILENO);
                ::dup2 (log, STDERR_FILENO);
                for (int fd = 3; fd < 256; ++fd)
                    if (fd != passFd)
                        ::close (fd);
                std::vector<char*> argv, envp;
                for (auto& arg : args)
                    argv.push_back (arg.data());
                argv.push_back (nullptr);
                for (auto& entry : env)
                    envp.push_back (entry.data());
                envp.push_back (nullptr);
                ::execve (argv[0], argv.data(), envp.data());
                ::_exit (127);
            }
        }

        ~Child()
        {
            if (pid > 0 && ! waitFor (std::chrono::seconds (0)))
            {
                ::kill (pid, SIGTERM);
                if (! waitFor (std::chrono::seconds (5)))
                {
                    ::kill (pid, SIGKILL);
                    (void) waitFor (std::chrono::seconds (5));
                }
            }
        }

        Child (const Child&) = delete;
        Child& operator= (const Child&) = delete;

        /** True once it has exited (then exitCode holds its code, or -1 for a signal). */
        bool waitFor (Clock::duration timeout)
        {
            return waitUntil ([this]
                              {
                                  int status = 0;
                                  if (pid <= 0)
                                      return true;
                                  if (::waitpid (pid, &status, WNOHANG) != pid)
                                      return false;
                                  exitCode = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
                                  pid = -1;
                                  return true; },
                              timeout,
                              std::chrono::milliseconds (10));
        }

        Clock::time_point startedAt;
        int exitCode = -1;
        pid_t pid = -1;
    };

    /** A word for sh, in single quotes (the paths here hold none). */
    std::string shellQuote (const std::string& text)
    {
        return "'" + text + "'";
    }

    std::string fileText (const fs::path& path)
    {
        std::ifstream in (path);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

    /** Milliseconds from the launch to the first audio block the program reported, if it did. */
    std::optional<double> launchToAudioMs (const Child& child, const std::string& output)
    {
        std::smatch match;
        static const std::regex line ("first audio block rendered at steady clock ([0-9]+) ns");
        if (! std::regex_search (output, match, line))
            return std::nullopt;
        const Clock::time_point audio { std::chrono::nanoseconds (std::stoll (match[1].str())) };
        return millisecondsBetween (child.startedAt, audio);
    }

    /** An Xvfb of the bench's own on a display it picks (-displayfd), for every launch. */
    class VirtualDisplay final
    {
    public:
        explicit VirtualDisplay (const fs::path& log)
        {
            int fds[2];
            if (::pipe (fds) != 0)
                throw std::runtime_error ("pipe failed");
            server = std::make_unique<Child> (std::vector<std::string> { "/usr/bin/Xvfb", "-displayfd", std::to_string (fds[1]), "-nolisten", "tcp", "-screen", "0", "1600x1000x24" },
                                              std::vector<std::string> {},
                                              log,
                                              fds[1]);
            ::close (fds[1]);
            std::string number;
            char c = 0;
            while (::read (fds[0], &c, 1) == 1 && c != '\n')
                number += c;
            ::close (fds[0]);
            if (number.empty())
                throw std::runtime_error ("Xvfb did not start (Debian package xvfb): " + fileText (log));
            name = ":" + number;
        }

        std::string name;

    private:
        std::unique_ptr<Child> server;
    };

    void printRow (const char* label, const std::vector<double>& values, int trials, double baselineMedian)
    {
        std::printf ("%-12s  %8.0f  %8.0f  %8.0f  %5zu/%d", label, percentile (values, 0.5), percentile (values, 0.95), values.empty() ? std::nan ("") : *std::max_element (values.begin(), values.end()), values.size(), trials);
        if (baselineMedian > 0.0 && ! values.empty())
            std::printf ("  %5.2fx", percentile (values, 0.5) / baselineMedian);
        std::printf ("\n");
    }
} // namespace

int main (int argc, char** argv)
{
    CLI::App app { "Time from launching the installed earshot-app to its first audio block, against earshot play" };
    int trials = 5;
    std::string buildDir = EARSHOT_BUILD_DIR;
    app.add_option ("--trials", trials, "Launches of each kind")->check (CLI::Range (1, 100));
    app.add_option ("--build", buildDir, "The build folder to install from")->capture_default_str();
    CLI11_PARSE (app, argc, argv);

    TemporaryDirectory root ("earshot-app-launch");
    const auto prefix = root.path() / "usr";
    const auto install = runCommand ("cmake --install " + shellQuote (buildDir) + " --prefix " + shellQuote (prefix.string()) + " --component programs");
    if (install.exitCode != 0 || ! fs::exists (prefix / "bin" / "earshot-app"))
    {
        std::fprintf (stderr, "cmake --install failed (build the target earshot_packaged first):\n%s\n", install.output.c_str());
        return 1;
    }
    const auto bin = prefix / "bin";
    std::printf ("installed into %s (cmake --install --component programs)\n", prefix.c_str());

    const auto library = root.path() / "library";
    const auto config = root.path() / "config";
    const auto runtime = root.path() / "runtime";
    fs::create_directories (config / "earshot-app");
    fs::create_directories (runtime);
    fs::permissions (runtime, fs::perms::owner_all);
    // The first start's question answered already ("share"), as a user who said yes once.
    std::ofstream (config / "earshot-app" / "earshot-app.settings") << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PROPERTIES>\n  <VALUE name=\"network\" val=\"share\"/>\n</PROPERTIES>\n";
    const auto address = "unix:" + (root.path() / "api.sock").string();
    const std::string daemonArgs = "--bt-interface 127.0.0.1 --bt-port 0 --no-dht --friends-listen 127.0.0.1:0";

    VirtualDisplay display (root.path() / "xvfb.log");
    const std::vector<std::string> environment { "PATH=/usr/bin:/bin", "HOME=" + root.path().string(), "DISPLAY=" + display.name, "XDG_CONFIG_HOME=" + config.string(), "XDG_RUNTIME_DIR=" + runtime.string(), "EARSHOT_API=" + address, "EARSHOT_DATA_DIR=" + library.string(), "EARSHOT_DAEMON_ARGS=" + daemonArgs };
    const auto earshot = [&] (const std::string& arguments)
    { return runCommand ("EARSHOT_API=" + shellQuote (address) + " " + shellQuote ((bin / "earshot").string()) + " " + arguments); };
    const auto startDaemon = [&]
    {
        const auto started = earshot ("daemon --data-dir " + shellQuote (library.string()) + " -- " + daemonArgs);
        if (started.exitCode != 0)
            throw std::runtime_error ("the installed earshot daemon failed: " + started.output);
    };
    const auto stopDaemon = [&]
    { (void) earshot ("daemon --stop"); };

    // The track, published into the library by the installed earshotd.
    startDaemon();
    const auto track = DaemonClient (address).publish ({ (demoAlbum ("flac") / "01-first-light.flac").string() }).front();
    printTrack ("track: ", track.manifest);
    std::printf ("display %s (Xvfb), audio into a WAV file in real time (--out: no sound card)\n\n", display.name.c_str());

    std::map<std::string, std::vector<double>> figures;
    // expected: what the launch must say it did (found the daemon, or started it), or nothing.
    const auto launch = [&] (const std::string& kind, std::vector<std::string> arguments, const std::string& expected)
    {
        const auto output = root.path() / (kind + ".log");
        Child child (arguments, environment, output);
        const bool exited = child.waitFor (std::chrono::seconds (30));
        const auto text = fileText (output);
        if (const auto ms = launchToAudioMs (child, text); ms && exited && child.exitCode == 0 && text.find (expected) != std::string::npos)
            figures[kind].push_back (*ms);
        else
            std::fprintf (stderr, "%s: no first audio block, or not \"%s\" (%s, exit %d):\n%s\n", kind.c_str(), expected.c_str(), exited ? "exited" : "killed", child.exitCode, text.c_str());
    };
    const auto wav = (root.path() / "heard.wav").string();
    const std::vector<std::string> appLaunch { (bin / "earshot-app").string(), "--play", track.id.substr (0, 12), "--out", wav, "--quit-after", "4" };

    for (int trial = 0; trial < trials; ++trial)
    {
        stopDaemon();
        launch ("app, cold", appLaunch, "started earshotd at " + address);
        // The daemon the app started stays, as it does for a user: the next launch finds it.
        if (! DaemonClient (address).waitUntilReady (std::chrono::milliseconds (10000)))
            startDaemon();
        launch ("app, warm", appLaunch, "found earshotd at " + address);
        launch ("play, warm", { (bin / "earshot").string(), "--api", address, "play", track.id.substr (0, 12), "--out", wav, "--for", "0.5" }, "time to first audio");
        std::printf ("trial %d/%d done\n", trial + 1, trials);
        std::fflush (stdout);
    }
    stopDaemon();

    std::printf ("\n== launch -> first audio block rendered, ms (%d trials)\n", trials);
    std::printf ("%-12s  %8s  %8s  %8s  %7s  %s\n", "", "median", "p95", "max", "heard", "vs play");
    const auto baseline = figures["play, warm"].empty() ? 0.0 : percentile (figures["play, warm"], 0.5);
    printRow ("play, warm", figures["play, warm"], trials, 0.0);
    printRow ("app, warm", figures["app, warm"], trials, baseline);
    printRow ("app, cold", figures["app, cold"], trials, baseline);
    return figures["app, warm"].size() == static_cast<std::size_t> (trials) && figures["app, cold"].size() == static_cast<std::size_t> (trials) ? 0 : 1;
}
