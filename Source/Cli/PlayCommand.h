#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace earshot
{
    struct PlayOptions
    {
        std::string apiAddress;
        std::string token;
        std::string track;
        double seekSeconds = 0.0;
        /** Render in real time into this WAV file instead of the audio device. */
        std::optional<std::string> outFile;
        /** (at, to): when playback reaches `at` seconds, seek to `to`. */
        std::vector<std::pair<double, double>> seeks;
        /** Stop after this many seconds of audio; 0 plays to the end. */
        double forSeconds = 0.0;
        float volume = 1.0f;
        /** The player gives up, saying why, when a read waits this long for a byte; 0: never. */
        double stallSeconds = 20.0;
        /** When the command started, for time-to-first-audio. */
        std::chrono::steady_clock::time_point commandStart;
    };

    /** `earshot play`: plays a track while it streams, showing the player's state, buffered seconds,
        stalls, peers and the piece map, and reports time-to-first-audio and each seek's latency.
        Returns the process exit code. */
    int playTrack (const PlayOptions& options, const std::atomic<bool>& interrupted);
} // namespace earshot
