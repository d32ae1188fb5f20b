#pragma once

#include "Audio/PreviewPlayer.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace earshot
{
    /** Keeps a PreviewPlayer doing what its owner wants, for the app and the plugin: which track is
        selected, whether it should be playing, and the volume. The owner states wishes from any thread
        (the audio thread too, for "sync to host": setWantPlaying and setVolume are lock-free); a
        controller thread turns them into the player's control calls, which take locks and so never
        run on the audio thread.

        It also rides out a daemon restart: when playback fails because earshotd went away, it waits
        until the daemon answers again and reopens the track where it stopped, playing or paused as
        wished. */
    class PlaybackController final
    {
    public:
        /** daemonReady, when given, is asked on the controller thread each time a track is about to
            be loaded (a track is selected and playing is wished for): it may start the daemon, and
            returns true once the daemon answers (or could not be started: the player then says why).
            Until then the track waits and waitingForDaemon() is true. The plugin starts earshotd
            there, so that only asking for music starts it. */
        PlaybackController (std::shared_ptr<DaemonClient> client, PreviewPlayer& player, std::function<bool()> daemonReady = {});
        ~PlaybackController();

        /** Selects a track (an id or a unique prefix) to play from startSeconds; empty stops. */
        void select (const std::string& trackId, double startSeconds = 0.0);
        [[nodiscard]] std::string selected() const;

        /** Lock-free: safe from the audio thread. */
        void setWantPlaying (bool shouldPlay) noexcept;
        [[nodiscard]] bool wantPlaying() const noexcept;

        void seek (double seconds);

        /** True while the daemon is gone, or being started, and playback waits for it. */
        [[nodiscard]] bool waitingForDaemon() const noexcept;

    private:
        void run();
        void tick();

        const std::shared_ptr<DaemonClient> client;
        PreviewPlayer& player;
        const std::function<bool()> daemonReady;

        std::atomic<bool> want { false };
        std::atomic<bool> daemonGone { false };

        mutable std::mutex mutex;
        std::condition_variable wake;
        bool quit = false;
        std::string wantedTrack;
        double wantedStart = 0.0;
        bool selectionChanged = false;
        std::optional<double> wantedSeek;

        // Controller thread only.
        std::string selectedTrack; ///< wantedTrack as last taken, copied only when it changes
        std::string loadedTrack;
        double lastPosition = 0.0;
        std::chrono::steady_clock::time_point nextDaemonProbe;

        std::thread thread;
    };
} // namespace earshot
