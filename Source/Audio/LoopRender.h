#pragma once

#include "Client/DaemonClient.h"
#include "Client/TrackInputStream.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace earshot
{
    /** Renders a loop region of a track as it is heard in a host (stretched to the host's tempo,
        shifted to the session's key) into a WAV file, offline, on a worker thread of its own: the
        file a producer drags from the plugin into an arrangement.

        The track is read through the daemon's Stream call (TrackDecoder), stretched by the same
        TempoStretcher the player uses, and written to a temporary file in the folder that is
        renamed into place only when complete, so the folder never holds a half-written loop. A
        cancel() or a daemon that goes away ends it in cancelled or failed (failureReason says why),
        with the temporary file removed.

        Control calls from one thread (the message thread); state() from any. */
    class LoopRender final
    {
    public:
        /** What to render. */
        struct Request
        {
            std::string trackId;
            double startSeconds = 0.0; ///< the region, in seconds of the track
            double endSeconds = 0.0;
            double speed = 1.0; ///< the host's tempo over the track's (1 unstretched)
            double semitones = 0.0; ///< the pitch shift
            double sampleRate = 48000.0; ///< the host's
            std::filesystem::path folder; ///< where the file goes (the export folder)
            /** Only for the file's name: the host's tempo (0 when not stretched). */
            double hostBpm = 0.0;
        };

        enum class State
        {
            idle,
            rendering,
            done, ///< file() holds the loop
            failed, ///< failureReason() says why
            cancelled
        };

        explicit LoopRender (std::shared_ptr<DaemonClient> client);
        ~LoopRender();

        /** Starts rendering request on the worker thread, cancelling a render under way. */
        void start (const Request& request);
        /** Stops a render under way; its temporary file is removed. */
        void cancel();

        [[nodiscard]] State state() const noexcept { return static_cast<State> (currentState.load()); }
        /** The rendered file, once state() is done. */
        [[nodiscard]] std::filesystem::path file() const;
        [[nodiscard]] std::string failureReason() const;
        /** The request being rendered, or last rendered. */
        [[nodiscard]] Request request() const;

        /** The frames a region of regionSeconds lasts at speed: the loop's length at the host's tempo. */
        [[nodiscard]] static std::int64_t framesFor (double regionSeconds, double speed, double sampleRate) noexcept;

    private:
        void render (Request request, std::uint32_t generation);
        void finish (std::uint32_t generation, State state, const std::filesystem::path& file, const std::string& reason);

        const std::shared_ptr<DaemonClient> client;
        std::atomic<int> currentState { static_cast<int> (State::idle) };
        std::atomic<std::uint32_t> generationCount { 0 };

        mutable std::mutex mutex;
        Request current;
        std::filesystem::path rendered;
        std::string reason;
        std::shared_ptr<TrackInputStream> stream; // the one being read, for cancel()
        std::thread worker;
    };
} // namespace earshot
