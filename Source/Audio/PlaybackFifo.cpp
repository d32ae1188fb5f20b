#include "PlaybackFifo.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace earshot
{
    void PlaybackFifo::setCapacity (int frames)
    {
        buffer.setSize (2, frames, false, true, false);
        fifo.setTotalSize (frames);
        fifo.reset();
        readTotal.store (writtenTotal.load());
    }

    void PlaybackFifo::discard() noexcept
    {
        const auto dropped = fifo.getNumReady();
        fifo.finishedRead (dropped);
        readTotal.fetch_add (static_cast<std::uint64_t> (dropped), std::memory_order_release);
    }

    std::optional<std::uint32_t> PlaybackFifo::pendingFlush() const noexcept
    {
        const auto wanted = flushesWanted.load (std::memory_order_acquire);
        if (wanted == flushesDone.load (std::memory_order_relaxed))
            return std::nullopt;
        return wanted;
    }

    void PlaybackFifo::read (float* const* outputs, int numChannels, int frames) noexcept
    {
        int start1 = 0, size1 = 0, start2 = 0, size2 = 0;
        fifo.prepareToRead (frames, start1, size1, start2, size2);
        for (int channel = 0; channel < std::min (numChannels, 2); ++channel)
        {
            auto* out = outputs[channel];
            if (out == nullptr)
                continue;
            if (numChannels == 1)
            {
                // Mono output: the mean of both channels.
                juce::FloatVectorOperations::copyWithMultiply (out, buffer.getReadPointer (0, start1), 0.5f, size1);
                juce::FloatVectorOperations::addWithMultiply (out, buffer.getReadPointer (1, start1), 0.5f, size1);
                if (size2 > 0)
                {
                    juce::FloatVectorOperations::copyWithMultiply (out + size1, buffer.getReadPointer (0, start2), 0.5f, size2);
                    juce::FloatVectorOperations::addWithMultiply (out + size1, buffer.getReadPointer (1, start2), 0.5f, size2);
                }
            }
            else
            {
                juce::FloatVectorOperations::copy (out, buffer.getReadPointer (channel, start1), size1);
                if (size2 > 0)
                    juce::FloatVectorOperations::copy (out + size1, buffer.getReadPointer (channel, start2), size2);
            }
        }
        fifo.finishedRead (size1 + size2);
        readTotal.fetch_add (static_cast<std::uint64_t> (size1 + size2), std::memory_order_release);
    }

    void PlaybackFifo::flush()
    {
        // The reader owns the read side, so it does the discarding; wait until it has.
        const auto wanted = flushesWanted.fetch_add (1, std::memory_order_acq_rel) + 1;
        auto calls = readerCalls.load();
        for (int waited = 0; flushesDone.load (std::memory_order_acquire) != wanted; ++waited)
        {
            std::this_thread::sleep_for (std::chrono::milliseconds (1));
            if (waited % 100 == 99)
            {
                const auto now = readerCalls.load();
                if (now == calls)
                {
                    fifo.reset();
                    readTotal.store (writtenTotal.load());
                    flushesDone.store (wanted, std::memory_order_release);
                    break;
                }
                calls = now;
            }
        }
    }

    bool PlaybackFifo::write (const juce::AudioBuffer<float>& source, int frames, const std::function<bool()>& waitForRoom)
    {
        int written = 0;
        while (written < frames)
        {
            int start1 = 0, size1 = 0, start2 = 0, size2 = 0;
            fifo.prepareToWrite (frames - written, start1, size1, start2, size2);
            if (size1 + size2 == 0)
            {
                if (! waitForRoom())
                    return false;
                continue;
            }
            for (int channel = 0; channel < 2; ++channel)
            {
                buffer.copyFrom (channel, start1, source, channel, written, size1);
                if (size2 > 0)
                    buffer.copyFrom (channel, start2, source, channel, written + size1, size2);
            }
            fifo.finishedWrite (size1 + size2);
            writtenTotal.fetch_add (static_cast<std::uint64_t> (size1 + size2), std::memory_order_release);
            written += size1 + size2;
        }
        return true;
    }
} // namespace earshot
