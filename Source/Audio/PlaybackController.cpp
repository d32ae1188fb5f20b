#include "PlaybackController.h"

namespace earshot
{
    namespace
    {
        constexpr auto controllerTick = std::chrono::milliseconds (10);
        constexpr auto daemonProbeInterval = std::chrono::milliseconds (250);

        bool isDaemonLoss (PlayerState state, const char* reason)
        {
            return state == PlayerState::failed && std::string_view (reason).find ("daemon unavailable") != std::string_view::npos;
        }
    } // namespace

    PlaybackController::PlaybackController (std::shared_ptr<DaemonClient> daemonClient, PreviewPlayer& previewPlayer, std::function<bool()> ready)
        : client (std::move (daemonClient)), player (previewPlayer), daemonReady (std::move (ready)), thread ([this]
                                                                                                              { run(); })
    {
    }

    PlaybackController::~PlaybackController()
    {
        {
            std::lock_guard lock (mutex);
            quit = true;
        }
        wake.notify_all();
        thread.join();
    }

    void PlaybackController::select (const std::string& trackId, double startSeconds)
    {
        {
            std::lock_guard lock (mutex);
            wantedTrack = trackId;
            wantedStart = startSeconds;
            wantedSeek.reset();
            selectionChanged = true;
        }
        wake.notify_all();
    }

    std::string PlaybackController::selected() const
    {
        std::lock_guard lock (mutex);
        return wantedTrack;
    }

    void PlaybackController::setWantPlaying (bool shouldPlay) noexcept { want.store (shouldPlay); }
    bool PlaybackController::wantPlaying() const noexcept { return want.load(); }
    bool PlaybackController::waitingForDaemon() const noexcept { return daemonGone.load(); }

    void PlaybackController::seek (double seconds)
    {
        {
            std::lock_guard lock (mutex);
            wantedSeek = seconds;
        }
        wake.notify_all();
    }

    void PlaybackController::run()
    {
        std::unique_lock lock (mutex);
        while (! quit)
        {
            lock.unlock();
            tick();
            lock.lock();
            wake.wait_for (lock, controllerTick);
        }
    }

    void PlaybackController::tick()
    {
        bool changed = false;
        std::optional<double> seekTo;
        {
            std::lock_guard lock (mutex);
            if ((changed = std::exchange (selectionChanged, false)))
            {
                selectedTrack = wantedTrack;
                lastPosition = wantedStart;
            }
            seekTo = std::exchange (wantedSeek, std::nullopt);
        }
        const bool shouldPlay = want.load();

        if (changed)
        {
            daemonGone.store (false);
            loadedTrack.clear();
            if (selectedTrack.empty())
                player.stop();
        }

        // A seek before the track is loaded is where it will start.
        if (seekTo && loadedTrack.empty())
            lastPosition = *seekTo;

        // A track is loaded only once playing is wished for, so selecting one costs nothing until then
        // (not even a daemon: the owner may start it only now).
        if (loadedTrack.empty())
        {
            if (selectedTrack.empty() || ! shouldPlay)
                return;
            const bool ready = ! daemonReady || daemonReady();
            daemonGone.store (! ready);
            if (! ready)
                return;
            player.play (selectedTrack, lastPosition);
            loadedTrack = selectedTrack;
            return;
        }

        if (seekTo)
        {
            player.seek (*seekTo);
            lastPosition = *seekTo;
        }

        const auto state = player.state();
        if (isDaemonLoss (state, player.failureReason()))
        {
            // Reopen where playback stopped once the daemon answers again (a restart keeps the socket).
            daemonGone.store (true);
            const auto now = std::chrono::steady_clock::now();
            if (now < nextDaemonProbe)
                return;
            nextDaemonProbe = now + daemonProbeInterval;
            if (! client->waitUntilReady (std::chrono::milliseconds (100)))
                return;
            player.play (loadedTrack, lastPosition);
            if (! shouldPlay)
                player.pause();
            daemonGone.store (false);
            return;
        }

        if (state == PlayerState::playing || state == PlayerState::paused || state == PlayerState::starving)
            lastPosition = player.positionSeconds();

        if (shouldPlay)
            player.resume();
        else
            player.pause();
    }
} // namespace earshot
