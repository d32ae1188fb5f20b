#pragma once

#include <juce_core/juce_core.h>

#include <array>
#include <atomic>
#include <cstdint>

namespace earshot
{
    /** The loudness-matching gain of the tracks in a player's FIFO, so that every track plays at
        the same loudness (Core's loudnessMatch) and a listener skimming a chart does not ride the
        volume. The queue's next track follows the current one inside the FIFO, so a gain cannot
        change when the decode thread opens a track: it marks where in the FIFO the track's audio
        starts, and the audio callback changes gain when its reading reaches the mark.

        One writer (the decode thread: trackStartsAt) and one reader (the audio callback:
        gainBefore), lock-free; the reader never blocks, allocates or locks. setEnabled and enabled
        from any thread. */
    class LoudnessMatcher final
    {
    public:
        /** The decode thread's: the track whose first frame is the FIFO's frame position (counted
            as PlaybackFifo::framesWritten counts) plays at gain. When marks pile up faster than the
            audio plays (more than a dozen tracks of a few frames each), the newest is dropped. */
        void trackStartsAt (std::uint64_t position, float gain) noexcept;

        /** The audio callback's: the gain for a block whose frames end before the FIFO's frame end
            (PlaybackFifo::framesRead before the block, plus its frames): the gain of the last track
            starting before end, or 1 while matching is off. */
        [[nodiscard]] float gainBefore (std::uint64_t end) noexcept;

        /** Turns matching on (the default) or off; the change ramps in over the next block. */
        void setEnabled (bool shouldMatch) noexcept { matching.store (shouldMatch, std::memory_order_relaxed); }
        [[nodiscard]] bool enabled() const noexcept { return matching.load (std::memory_order_relaxed); }

    private:
        struct Mark
        {
            std::uint64_t position = 0;
            float gain = 1.0f;
        };
        static constexpr int capacity = 16;

        std::array<Mark, capacity> marks {};
        juce::AbstractFifo waiting { capacity };
        float trackGain = 1.0f; // the audio callback's
        std::atomic<bool> matching { true };
    };
} // namespace earshot
