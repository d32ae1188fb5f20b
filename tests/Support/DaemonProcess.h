#pragma once

#include "Client/DaemonClient.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace earshot::testing
{
    /** A fresh temporary folder, removed with everything in it when this goes. */
    class TemporaryDirectory final
    {
    public:
        explicit TemporaryDirectory (const std::string& prefix = "earshot-test");
        ~TemporaryDirectory();
        TemporaryDirectory (const TemporaryDirectory&) = delete;
        TemporaryDirectory& operator= (const TemporaryDirectory&) = delete;

        [[nodiscard]] const std::filesystem::path& path() const noexcept { return folder; }

    private:
        std::filesystem::path folder;
    };

    /** A real earshotd, run as a separate process on loopback: its own data folder, a unix socket
        for the API, BitTorrent on 127.0.0.1 at a free port, no DHT (unless extraArguments hold
        --dht-private: then a DHT among the daemons it is given with --dht-node). Stopped (SIGTERM, then SIGKILL)
        when this goes. */
    class DaemonProcess final
    {
    public:
        /** dataDirectory: where the library lives (kept across restart()). extraArguments go to
            earshotd as they are, e.g. { "--upload-limit", "256" }. apiSocketName: the API socket's
            name in the data directory, or an absolute path for one elsewhere. */
        DaemonProcess (std::filesystem::path dataDirectory, std::vector<std::string> extraArguments = {}, std::string apiSocketName = "api.sock");
        ~DaemonProcess();

        /** Starts the process and waits until its API answers (throws std::runtime_error with the
            daemon's log when it does not within 20 s). */
        void start();
        /** SIGTERM and wait: a clean shutdown. Returns its exit code, or -1 when it did not exit
            by itself (a signal ended it) or was not running. */
        int stop();
        /** SIGKILL and wait: a crash. */
        void kill();
        /** SIGSTOP, and waits until it has stopped: the daemon hangs, its sockets still open and
            accepting, until resume(). */
        void suspend();
        /** SIGCONT: a suspended daemon runs on. */
        void resume();
        [[nodiscard]] bool running() const noexcept { return pid > 0; }
        /** The process's id while it runs, for a test that signals or traces it itself. */
        [[nodiscard]] int processId() const noexcept { return pid; }

        [[nodiscard]] DaemonClient& client();
        /** "127.0.0.1:PORT", the BitTorrent address other peers connect to. */
        [[nodiscard]] std::string peerAddress();
        [[nodiscard]] std::string apiAddress() const;
        [[nodiscard]] const std::filesystem::path& dataDirectory() const noexcept { return dataDir; }
        [[nodiscard]] std::string log() const;

        /** The path to the built earshotd. */
        [[nodiscard]] static std::string binary();

    private:
        /** Reaps the process; its exit code as stop() returns it. */
        int waitForExit();

        std::filesystem::path dataDir;
        std::vector<std::string> extra;
        std::string socketName;
        int pid = -1;
        int bittorrentPort = 0;
        std::unique_ptr<DaemonClient> api;
    };

    /** A file's bytes. */
    [[nodiscard]] std::string readFileBytes (const std::filesystem::path& file);

    /** The test media rendered by the build (assets/): excerpt.flac, .ogg, .mp3, .wav. */
    [[nodiscard]] std::filesystem::path testMedia (const std::string& name);
    /** The rendered demo album: "flac" or "ogg" folders. */
    [[nodiscard]] std::filesystem::path demoAlbum (const std::string& format);

    /** A TCP port on 127.0.0.1 that was free a moment ago (for a daemon that must keep its port
        across restarts, or a third-party client that needs one picked for it). */
    [[nodiscard]] int freeLoopbackPort();

    /** What a command printed (standard output and error together) and its exit code. */
    struct CommandResult
    {
        int exitCode = -1;
        std::string output;
    };
    /** Runs a shell command line to its end. */
    [[nodiscard]] CommandResult runCommand (const std::string& commandLine);

    /** Polls done() every 100 ms until it holds or the time is up; true when it held. */
    [[nodiscard]] bool eventually (const std::function<bool()>& done, std::chrono::seconds timeout);

    /** Whether every piece holding the file's first `bytes` is verified here (the opening a
        prefetch or a pre-buffer fetches). */
    [[nodiscard]] bool holdsFirstBytes (const TrackStatus& status, std::uint64_t bytes);

    /** Reads a track from offset until limit bytes (or the end) through the Stream RPC. */
    [[nodiscard]] std::string streamBytes (DaemonClient& client, const std::string& trackId, std::uint64_t offset, std::uint64_t limit = UINT64_MAX);
} // namespace earshot::testing
