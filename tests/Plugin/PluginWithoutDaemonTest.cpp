// The plugin on a machine where no earshotd runs: a host scanning it (instantiating it, preparing it,
// running its audio, opening its editor) starts no earshotd and opens no port; a session that names
// a track starts the user's daemon once the host plays, and it plays from it.

#include "Core/DefaultLocations.h"
#include "PluginHostSupport.h"
#include "Support/MessagePump.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <unistd.h>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    /** A socket in this network namespace that others can reach: TCP listening, or UDP bound and
        unconnected. */
    struct OpenPort
    {
        std::string table; ///< tcp, tcp6, udp or udp6
        std::string localAddress; ///< as /proc/net has it: hex address and port
        unsigned long inode = 0;
    };

    std::vector<OpenPort> openPorts()
    {
        std::vector<OpenPort> ports;
        for (const auto* table : { "tcp", "tcp6", "udp", "udp6" })
        {
            std::ifstream in (std::string ("/proc/net/") + table);
            std::string line;
            std::getline (in, line); // the header
            const std::string open = table[0] == 't' ? "0A" : "07"; // TCP_LISTEN; a UDP socket not connected
            while (std::getline (in, line))
            {
                std::istringstream fields (line);
                std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout;
                OpenPort port { table, {}, 0 };
                if (fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> port.inode && state == open)
                {
                    port.localAddress = local;
                    ports.push_back (port);
                }
            }
        }
        return ports;
    }

    /** A process's command line, its arguments joined by spaces; empty once it has gone. */
    std::string commandLineOf (int pid)
    {
        std::ifstream in ("/proc/" + std::to_string (pid) + "/cmdline", std::ios::binary);
        std::string text ((std::istreambuf_iterator<char> (in)), std::istreambuf_iterator<char>());
        std::replace (text.begin(), text.end(), '\0', ' ');
        return text;
    }

    std::vector<int> allProcesses()
    {
        std::vector<int> pids;
        for (const auto& entry : std::filesystem::directory_iterator ("/proc"))
        {
            const auto name = entry.path().filename().string();
            if (! name.empty() && std::all_of (name.begin(), name.end(), [] (char c)
                                               { return c >= '0' && c <= '9'; }))
                pids.push_back (std::stoi (name));
        }
        return pids;
    }

    /** The process holding a socket (by inode), or 0 when none is found (it has closed meanwhile). */
    int ownerOfSocket (unsigned long inode)
    {
        const auto wanted = "socket:[" + std::to_string (inode) + "]";
        for (const int pid : allProcesses())
        {
            std::error_code ec;
            for (std::filesystem::directory_iterator fd ("/proc/" + std::to_string (pid) + "/fd", ec), end; ! ec && fd != end; fd.increment (ec))
                if (std::filesystem::read_symlink (fd->path(), ec).string() == wanted)
                    return pid;
        }
        return 0;
    }

    /** A user's machine where no earshotd runs, as a host scanning plugins meets it: private
        $XDG_RUNTIME_DIR and $XDG_DATA_HOME (the default socket and library are this test's own, so no
        other daemon is found), no EARSHOT_API or EARSHOT_DATA_DIR, and for a daemon that is started,
        the built earshotd on loopback. The environment is put back and any earshotd running with this
        test's folders stopped when this goes. */
    class NoDaemonRunning final
    {
    public:
        NoDaemonRunning()
        {
            std::filesystem::create_directories (runtime);
            std::filesystem::permissions (runtime, std::filesystem::perms::owner_all);
            for (const auto* name : { "XDG_RUNTIME_DIR", "XDG_DATA_HOME", "EARSHOT_API", "EARSHOT_DATA_DIR", "EARSHOT_DAEMON", "EARSHOT_DAEMON_ARGS" })
                if (const char* value = std::getenv (name))
                    saved[name] = value;
                else
                    saved[name] = std::nullopt;
            ::setenv ("XDG_RUNTIME_DIR", runtime.c_str(), 1);
            ::setenv ("XDG_DATA_HOME", dataHome.c_str(), 1);
            ::unsetenv ("EARSHOT_API");
            ::unsetenv ("EARSHOT_DATA_DIR");
            ::setenv ("EARSHOT_DAEMON", DaemonProcess::binary().c_str(), 1);
            ::setenv ("EARSHOT_DAEMON_ARGS", "--bt-interface 127.0.0.1 --bt-port 0 --no-dht --friends-listen 127.0.0.1:0", 1);
            portsBefore = openPorts();
        }

        ~NoDaemonRunning()
        {
            for (const int pid : daemons())
                ::kill (pid, SIGTERM);
            (void) eventually ([this]
                               { return daemons().empty(); },
                               10s);
            for (const int pid : daemons())
                ::kill (pid, SIGKILL);
            for (const auto& [name, value] : saved)
                if (value)
                    ::setenv (name.c_str(), value->c_str(), 1);
                else
                    ::unsetenv (name.c_str());
        }

        /** The default API socket and library here. */
        [[nodiscard]] std::filesystem::path socket() const { return runtime / "earshot" / "earshotd.sock"; }
        [[nodiscard]] std::filesystem::path library() const { return dataHome / "earshot"; }

        /** Processes other than this one whose command line names this test's folders: an earshotd
            started by the plugin (it is given --data-dir), however detached. */
        [[nodiscard]] std::vector<int> daemons() const
        {
            std::vector<int> found;
            for (const int pid : allProcesses())
                if (pid != ::getpid() && commandLineOf (pid).find (root.path().string()) != std::string::npos)
                    found.push_back (pid);
            return found;
        }

        [[nodiscard]] std::string describe (const std::vector<int>& pids) const
        {
            std::string text;
            for (const int pid : pids)
                text += "\n  " + std::to_string (pid) + ": " + commandLineOf (pid);
            return text;
        }

        /** Ports opened since this was made by this process, or by a process that names this test's
            folders. (Other programs on the machine, other test suites among them, may open ports
            meanwhile: those are not the plugin's.) */
        [[nodiscard]] std::string portsOpenedByUs() const
        {
            std::string opened;
            for (const auto& port : openPorts())
            {
                const bool old = std::any_of (portsBefore.begin(), portsBefore.end(), [&] (const OpenPort& before)
                                              { return before.inode == port.inode; });
                if (old)
                    continue;
                const int owner = ownerOfSocket (port.inode);
                const auto command = commandLineOf (owner);
                if (owner == ::getpid() || command.find (root.path().string()) != std::string::npos)
                    opened += "\n  " + port.table + " " + port.localAddress + " by " + std::to_string (owner) + ": " + command;
            }
            return opened;
        }

    private:
        TemporaryDirectory root { "earshot-plugin-nodaemon" };
        std::filesystem::path runtime = root.path() / "run";
        std::filesystem::path dataHome = root.path() / "data";
        std::map<std::string, std::optional<std::string>> saved;
        std::vector<OpenPort> portsBefore;
    };

    /** No daemon at all: the plugin alone, as a host that scans it or opens a session meets it. */
    class PluginWithoutDaemon : public ::testing::TestWithParam<Format>
    {
    protected:
        juce::ScopedJuceInitialiser_GUI juce;
        NoDaemonRunning machine;
        TemporaryDirectory home { "earshot-plugin-home" };
    };
} // namespace

//==============================================================================
TEST_P (PluginWithoutDaemon, AHostScanningItStartsNoDaemonAndOpensNoPort)
{
    {
        // What a host's scan does: load it (the VST3 look-up instantiates it too), read its state,
        // prepare it and run its audio for a while, then destroy it.
        auto plugin = loadPlugin (GetParam(), home.path());
        ASSERT_NE (plugin, nullptr) << "the built " << nameOf (GetParam()) << " plugin did not load";
        juce::MemoryBlock state;
        plugin->getStateInformation (state);
        plugin->setStateInformation (state.getData(), static_cast<int> (state.getSize()));
        HostDriver host (*plugin, 4.0);
        host.playHead.playing = true;
        std::this_thread::sleep_for (1500ms);
        EXPECT_EQ (host.audibleFramesSince (0), 0u);
    }
    // A daemon started in the background would be answering by now (and the old plugin waited for it
    // as it was destroyed).
    std::this_thread::sleep_for (1s);

    EXPECT_TRUE (machine.daemons().empty()) << "the scan started earshotd:" << machine.describe (machine.daemons());
    EXPECT_FALSE (std::filesystem::exists (machine.socket())) << "an earshotd socket appeared at " << machine.socket();
    EXPECT_FALSE (std::filesystem::exists (machine.library())) << "a library was made at " << machine.library();
    const auto opened = machine.portsOpenedByUs();
    EXPECT_TRUE (opened.empty()) << "the scan opened ports:" << opened;
}

TEST_P (PluginWithoutDaemon, TheEditorOpensWithNoDaemonRunningAndStartsNone)
{
    // Needs a display: CTest runs this under xvfb-run (PluginEditors.UnderXvfb).
    if (std::getenv ("DISPLAY") == nullptr)
        GTEST_SKIP() << "no display; the xvfb-run test runs this";

    auto plugin = loadPlugin (GetParam(), home.path());
    ASSERT_NE (plugin, nullptr);
    HostDriver host (*plugin, 10.0);
    installHostXErrorHandler();
    {
        // Opening the editor is looking, not asking for music: its view polls for a daemon (none
        // answers) and says how one starts.
        HostWindow shown (*plugin);
        auto& window = shown.window;
        auto& editor = shown.editor;
        ASSERT_NE (editor, nullptr) << "no editor";
        pumpMessagesUntil ([]
                           { return false; },
                           3s);
        window.clearContentComponent();
        editor.reset();
        pumpMessagesUntil ([]
                           { return false; },
                           500ms);
    }

    EXPECT_TRUE (machine.daemons().empty()) << "opening the editor started earshotd:" << machine.describe (machine.daemons());
    EXPECT_FALSE (std::filesystem::exists (machine.socket()));
    const auto opened = machine.portsOpenedByUs();
    EXPECT_TRUE (opened.empty()) << "opening the editor opened ports:" << opened;
}

TEST_P (PluginWithoutDaemon, ASessionThatNamesATrackStartsTheDaemonWhenTheHostPlays)
{
    // The user's library already holds the track: an earlier run of their daemon published it.
    const auto source = demoAlbum ("flac") / "01-first-light.flac";
    std::string trackId;
    {
        DaemonProcess earlier (machine.library());
        earlier.start();
        trackId = earlier.client().publish ({ source.string() }).front().id;
        earlier.stop();
    }

    // The session is restored: its track, sync to host, Play on. The host's transport is stopped.
    auto plugin = loadPlugin (GetParam(), home.path());
    ASSERT_NE (plugin, nullptr);
    restoreSession (GetParam(), *plugin, trackId, true, true, 0.0f);
    HostDriver host (*plugin, 60.0);
    std::this_thread::sleep_for (1500ms);
    EXPECT_TRUE (machine.daemons().empty()) << "a session started earshotd before the host played:" << machine.describe (machine.daemons());
    EXPECT_FALSE (std::filesystem::exists (machine.socket()));

    // The host plays: that asks for the track, so the user's daemon is started and plays it.
    const auto startedAt = host.recorded();
    host.playHead.playing = true;
    ASSERT_TRUE (HostDriver::waitFor ([&]
                                      { return host.audibleFramesSince (startedAt) > hostRate * 4; },
                                      60s))
        << "no audio after the host played; daemons:" << machine.describe (machine.daemons());
    const auto match = compareWithSource (host, startedAt, source, 3.0);
    EXPECT_GT (match.correlation, 0.9) << "the output does not follow the track (" << match.windows << " windows)";

    // It is the user's own daemon: one, at the default socket, with the default library.
    EXPECT_EQ (machine.daemons().size(), 1u) << machine.describe (machine.daemons());
    DaemonClient client (defaultApiAddress());
    ASSERT_TRUE (client.waitUntilReady (5s)) << "nothing answers at " << defaultApiAddress();
    EXPECT_EQ (client.daemonInfo().dataDirectory, machine.library().string());
    EXPECT_EQ (client.listTracks().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P (Formats, PluginWithoutDaemon, ::testing::Values (Format::vst3, Format::lv2), [] (const auto& testInfo)
                          { return nameOf (testInfo.param); });
