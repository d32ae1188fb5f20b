#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace earshot
{
    /** A track's waveform overview as it is decoded: bucketCount equal stretches of its duration,
        each holding the peak absolute sample value (0 to 1) of the audio decoded in it so far, or
        "not yet known" (negative) while none of it has been.

        One thread writes (reset() and add(): the player's decode thread); any number of threads
        read (peak(), durationSeconds(), knownBuckets(), generation(): the UI on a timer) without a
        lock. Every member is a relaxed atomic, so a reader racing a reset() may see a few buckets
        of the previous track for one frame; generation() tells a reader that a reset happened. */
    class WaveformPeaks final
    {
    public:
        static constexpr int bucketCount = 1024;

        WaveformPeaks() noexcept;

        /** Forgets every peak and starts a track of durationSeconds (0: none; add() then does nothing). */
        void reset (double durationSeconds) noexcept;

        /** Takes numFrames frames of audio that start startSeconds into the track, at sampleRate, as
            numChannels channel pointers. Each bucket keeps the largest absolute value it has been
            given; frames outside the track's duration are ignored. Real-time safe, but meant for the
            decode thread. */
        void add (double startSeconds, const float* const* channels, int numChannels, int numFrames, double sampleRate) noexcept;

        /** The peak of a bucket (0 to 1), or a negative value while nothing of it has been decoded
            (or for a bucket outside 0..bucketCount-1). */
        [[nodiscard]] float peak (int bucket) const noexcept;
        [[nodiscard]] double durationSeconds() const noexcept;
        /** Buckets with a known peak. */
        [[nodiscard]] int knownBuckets() const noexcept;
        /** Changes at every reset(), so a reader can tell that the buckets now describe another track. */
        [[nodiscard]] std::uint32_t generation() const noexcept;

        /** The value peak() gives for a bucket not decoded yet. */
        static constexpr float unknown = -1.0f;

    private:
        std::array<std::atomic<float>, bucketCount> peaks;
        std::atomic<double> duration { 0.0 };
        std::atomic<int> known { 0 };
        std::atomic<std::uint32_t> resets { 0 };
    };
} // namespace earshot
