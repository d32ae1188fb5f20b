#pragma once

#include <optional>

namespace earshot
{
    /** How much audio a player holds before it starts (or resumes after a stall), from how fast
        the track's bytes arrive against how fast playing uses them: enough that what is buffered
        plus what arrives meanwhile stays ahead of the playhead to the end of the track (or for
        horizonSeconds), so a swarm barely faster than the bitrate starts at once and plays
        through, and one slower than it starts late enough not to stall. */
    struct BufferTarget
    {
        /** Never less than this: the decoder's and the output's own jitter. */
        double floorSeconds = 0.1;
        /** While the rate is not known yet. */
        double unknownRateSeconds = 0.5;
        /** The measured rate is divided by this before it counts, for a swarm whose rate wavers. */
        double safety = 1.1;
        /** How far ahead playback must be kept fed; the rest of the track when shorter. */
        double horizonSeconds = 600.0;
        /** Never more than this (what the player can hold). */
        double ceilingSeconds = 20.0;

        /** Seconds of audio to hold before playing. arrivalRatio: seconds of audio arriving per
            second (the arrival rate over the track's bytes per second of audio), or nothing while
            unmeasured; remainingSeconds: what is left of the track after what is buffered. */
        [[nodiscard]] double secondsToBuffer (std::optional<double> arrivalRatio, double remainingSeconds) const noexcept;
    };
} // namespace earshot
