#pragma once

#include "Client/LibraryClient.h"

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
        a plugin bundle); the build tree's bin folder that this code was built for; then "earshotd" on
        PATH. */
    [[nodiscard]] std::string findDaemonBinary();

    /** Finds the daemon answering at options.address, or starts one in the background (its own
        session, detached from this process, so an app or a plugin host can quit without taking it
        along) and waits until it answers. Throws Error naming the problem, with the end of the
        daemon's log, when it cannot be started or does not answer in time. Safe to call from a
        multi-threaded process such as a plugin host: the child only execs. */
    DaemonLaunch ensureDaemon (const DaemonLaunchOptions& options);

    /** The local daemon as the app and the plugins see it: one client for the whole process (plugin
        instances share it through juce::SharedResourcePointer), with the daemon found or started in
        the background so a window or a plugin opens at once.

        The address is $EARSHOT_API, else the default socket; a daemon it starts keeps its library in
        $EARSHOT_DATA_DIR, else the default data directory, with the options in $EARSHOT_DAEMON_ARGS
        (separated by spaces). The daemon is started only when none
        answers at first; if it goes away later the client reconnects by itself when it is back, and
        the PlaybackController reopens what was playing. */
    class DaemonConnection final
    {
    public:
        DaemonConnection();
        explicit DaemonConnection (DaemonLaunchOptions options);
        ~DaemonConnection();

        [[nodiscard]] std::shared_ptr<LibraryClient> client() const { return libraryClient; }
        [[nodiscard]] const std::string& address() const noexcept { return launchOptions.address; }
        /** Why the daemon could not be found or started; empty while starting or once it answers. */
        [[nodiscard]] std::string startFailure() const;
        /** Whether this process started the daemon (false while starting, or when it was running). */
        [[nodiscard]] bool startedDaemon() const;
        /** True once the daemon was found or started (or could not be): startedDaemon and
            startFailure then say which. */
        [[nodiscard]] bool settled() const;

    private:
        const DaemonLaunchOptions launchOptions;
        const std::shared_ptr<LibraryClient> libraryClient;
        mutable std::mutex mutex;
        std::string failure;
        bool started = false;
        bool finished = false;
        std::thread starter;
    };

    /** The launch options DaemonConnection's default constructor uses. */
    [[nodiscard]] DaemonLaunchOptions defaultLaunchOptions();
} // namespace earshot
