#pragma once

#include <juce_audio_basics/juce_audio_basics.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>

namespace earshot
{
    /** The stereo audio between a player's decode thread, its only writer, and its audio callback,
        its only reader: a juce::AbstractFifo, plus the handshake by which the writer has the reader
        drop everything buffered (a seek, a new track) without the two ever sharing a lock.

        The reader's side never blocks, allocates or locks. */
    class PlaybackFifo final
    {
    public:
        /** Sizes it for frames stereo frames and empties it; call while neither side runs. */
        void setCapacity (int frames);

        /** Frames buffered and not yet read; from any thread. */
        [[nodiscard]] int ready() const noexcept { return fifo.getNumReady(); }
        /** Frames ever written, and ever read or dropped: positions in the stream of audio that
            passes through, by which the player says where a track starts (LoudnessMatcher). */
        [[nodiscard]] std::uint64_t framesWritten() const noexcept { return writtenTotal.load (std::memory_order_acquire); }
        [[nodiscard]] std::uint64_t framesRead() const noexcept { return readTotal.load (std::memory_order_acquire); }

        //==============================================================================
        // The reader's side: the audio callback only.

        /** Counts a call of the audio callback: flush() tells a running reader from none by it. */
        void readerCalled() noexcept { readerCalls.fetch_add (1, std::memory_order_relaxed); }
        /** The flush the writer asked for and the reader has not done yet, if any. */
        [[nodiscard]] std::optional<std::uint32_t> pendingFlush() const noexcept;
        /** Tells the writer the flush is done (after discard()). */
        void flushDone (std::uint32_t flush) noexcept { flushesDone.store (flush, std::memory_order_release); }
        /** Drops every buffered frame. */
        void discard() noexcept;
        /** Takes frames buffered frames (at most ready()) into outputs: both channels into the first
            two, their mean into a single one; outputs beyond two and null ones are left alone. */
        void read (float* const* outputs, int numChannels, int frames) noexcept;

        //==============================================================================
        // The writer's side: the decode thread only.

        /** Has the reader drop everything buffered, and returns once it has. While no reader runs
            (no device started) nothing would, so after a while of no reader calls it empties the
            FIFO itself. */
        void flush();
        /** Writes frames frames of a stereo buffer. When the FIFO is full it calls waitForRoom, which
            waits a little and returns true, or returns false to give up (the rest of the frames are
            not written). False when it gave up. */
        bool write (const juce::AudioBuffer<float>& source, int frames, const std::function<bool()>& waitForRoom);

    private:
        juce::AbstractFifo fifo { 1 };
        juce::AudioBuffer<float> buffer;
        std::atomic<std::uint32_t> flushesWanted { 0 };
        std::atomic<std::uint32_t> flushesDone { 0 };
        std::atomic<std::uint64_t> readerCalls { 0 };
        std::atomic<std::uint64_t> writtenTotal { 0 };
        std::atomic<std::uint64_t> readTotal { 0 };
    };
} // namespace earshot
