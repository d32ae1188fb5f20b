#pragma once

#include "Client/DaemonClient.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace earshot
{
    /** Where to find or start the local earshotd. */
    struct DaemonLaunchOptions
    {
        /** The API address to find it at and to give a daemon that is started. */
        std::string address;
        /** The data directory of a daemon that is started (its log, earshotd.log, goes there too). */
        std::filesystem::path dataDirectory;
        /** More earshotd options for a daemon that is started. */
        std::vector<std::string> extraArguments;
        /** The earshotd binary; empty means findDaemonBinary(). */
        std::string daemonBinary;
        /** How long a started daemon has to answer. */
        std::chrono::milliseconds startTimeout { 15000 };
    };

    /** What ensureDaemon found or did. */
    struct DaemonLaunch
    {
        /** True when this call started the daemon, false when one was already answering. */
        bool started = false;
        int pid = 0;
        std::filesystem::path logFile;
        DaemonInfo info;
    };

    /** The earshotd binary to start, looked for in this order: $EARSHOT_DAEMON; beside the running
        executable (a build tree or an install); beside the shared library holding this code (libearshot,
        a plugin bundle), then in the bin/ folder of the tree that library is in (up to five folders
        up: an installed libearshot or plugin bundle finds the earshotd installed with it); the build
        tree's bin folder that this code was built for; then "earshotd" on PATH. */
    [[nodiscard]] std::string findDaemonBinary();

    /** Finds the daemon answering at options.address, or starts one in the background (its own
        session, detached from this process, so an app or a plugin host can quit without taking it
        along) and waits until it answers. Throws Error naming the problem, with the end of the
        daemon's log, when it cannot be started or does not answer in time. Safe to call from a
        multi-threaded process such as a plugin host: the child only execs. */
    DaemonLaunch ensureDaemon (const DaemonLaunchOptions& options);

    /** What stopDaemon found or did. */
    struct DaemonStop
    {
        /** False when no daemon answered at the address: nothing was stopped. */
        bool wasRunning = false;
        int pid = 0;
        /** From the signal to the process's end. */
        std::chrono::milliseconds took { 0 };
    };

    /** Stops the earshotd answering at address, on this machine (a unix socket or a loopback
        address), the way a service manager does: SIGTERM to the process its data directory's lock
        file (earshotd.lock) names, after which it stops serving, saves every track's resume data,
        closes its database, removes its socket and exits 0. Waits up to timeout for the process to
        end. Throws Error naming the problem when the daemon listens but does not answer, is not on
        this machine, is another user's, or has not ended in time. */
    DaemonStop stopDaemon (const std::string& address, std::chrono::milliseconds timeout);

    /** The local daemon as the app and the plugins see it: one client for the whole process (plugin
        instances share it through juce::SharedResourcePointer), and a daemon found or started in the
        background once start() is called, so a window or a plugin opens at once.

        Making one starts nothing and opens no port: its client talks to a daemon that already answers
        (over the local socket), and start() finds or starts one. The app calls start() at launch (a
        user who opens it is asking for music); the plugin only when the user first asks it for music,
        because a host instantiates every plugin it scans, and a started earshotd joins the swarm
        and the DHT and outlives the host.

        The address is $EARSHOT_API, else the default socket; a daemon it starts keeps its library in
        $EARSHOT_DATA_DIR, else the default data directory, with the options in $EARSHOT_DAEMON_ARGS
        (separated by spaces). start() starts the daemon only when none answers then, and only the
        first start() does anything: if the daemon goes away later the client reconnects by itself when
        it is back, and the PlaybackController reopens what was playing. */
    class DaemonConnection final
    {
    public:
        DaemonConnection();
        explicit DaemonConnection (DaemonLaunchOptions options);
        /** Waits for a start under way to finish (up to the start timeout). */
        ~DaemonConnection();

        [[nodiscard]] std::shared_ptr<DaemonClient> client() const { return daemonClient; }
        [[nodiscard]] const std::string& address() const noexcept { return launchOptions.address; }

        /** Finds the daemon, or starts one, on a thread of its own; returns at once. Only the first
            call does anything. Any thread but an audio thread (it may create a thread). */
        void start();
        /** Whether start() has been called. */
        [[nodiscard]] bool startRequested() const;
        /** True once start() has found or started the daemon (or could not): startedDaemon and
            startFailure then say which. */
        [[nodiscard]] bool settled() const;
        /** Why the daemon could not be found or started; empty before start(), while starting, or
            once it answers. */
        [[nodiscard]] std::string startFailure() const;
        /** Whether this process started the daemon (false until settled, or when it was running). */
        [[nodiscard]] bool startedDaemon() const;

    private:
        const DaemonLaunchOptions launchOptions;
        const std::shared_ptr<DaemonClient> daemonClient;
        mutable std::mutex mutex;
        std::string failure;
        bool requested = false;
        bool started = false;
        bool finished = false;
        std::thread starter;
    };

    /** The launch options DaemonConnection's default constructor uses. */
    [[nodiscard]] DaemonLaunchOptions defaultLaunchOptions();
} // namespace earshot
