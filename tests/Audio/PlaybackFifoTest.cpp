// The FIFO between the decode thread and the audio callback, and the resampler, without a daemon.

#include "Audio/PlaybackFifo.h"
#include "Audio/StreamResampler.h"
#include "RealtimeGuard.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <thread>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    /** A stereo buffer whose left channel counts up from start and whose right is its negative. */
    juce::AudioBuffer<float> ramp (int frames, float start)
    {
        juce::AudioBuffer<float> buffer (2, frames);
        for (int i = 0; i < frames; ++i)
        {
            buffer.setSample (0, i, start + static_cast<float> (i));
            buffer.setSample (1, i, -(start + static_cast<float> (i)));
        }
        return buffer;
    }

    const auto neverWait = []
    { return false; };
} // namespace

TEST (PlaybackFifo, FramesComeOutInOrderAcrossTheWrapWithoutAllocatingOrLocking)
{
    PlaybackFifo fifo;
    fifo.setCapacity (1000);
    std::vector<float> left (300), right (300);
    float* outputs[] = { left.data(), right.data() };

    float next = 0.0f;
    for (int round = 0; round < 10; ++round) // 3000 frames through 1000 of room: it wraps
    {
        ASSERT_TRUE (fifo.write (ramp (300, next), 300, neverWait));
        EXPECT_EQ (fifo.ready(), 300);
        const auto before = RealtimeGuard::counts();
        {
            RealtimeGuard guard;
            fifo.read (outputs, 2, 300);
        }
        const auto after = RealtimeGuard::counts();
        EXPECT_EQ (after.allocations, before.allocations);
        EXPECT_EQ (after.locks, before.locks);
        for (int i = 0; i < 300; ++i)
        {
            ASSERT_EQ (left[static_cast<std::size_t> (i)], next + static_cast<float> (i)) << "round " << round;
            ASSERT_EQ (right[static_cast<std::size_t> (i)], -(next + static_cast<float> (i))) << "round " << round;
        }
        next += 300.0f;
    }
    EXPECT_EQ (fifo.ready(), 0);
}

TEST (PlaybackFifo, AMonoOutputGetsTheMeanOfBothChannels)
{
    PlaybackFifo fifo;
    fifo.setCapacity (100);
    auto audio = ramp (10, 1.0f);
    for (int i = 0; i < 10; ++i)
        audio.setSample (1, i, 3.0f);
    ASSERT_TRUE (fifo.write (audio, 10, neverWait));
    std::vector<float> mono (10);
    float* outputs[] = { mono.data() };
    fifo.read (outputs, 1, 10);
    for (int i = 0; i < 10; ++i)
        EXPECT_FLOAT_EQ (mono[static_cast<std::size_t> (i)], (1.0f + static_cast<float> (i) + 3.0f) / 2.0f);
}

TEST (PlaybackFifo, AFullFifoAsksTheWriterToWaitAndGivesUpWhenItSays)
{
    PlaybackFifo fifo;
    fifo.setCapacity (100);
    int waits = 0;
    EXPECT_FALSE (fifo.write (ramp (150, 0.0f), 150, [&]
                              { return ++waits < 3; }));
    EXPECT_EQ (waits, 3);
    EXPECT_EQ (fifo.ready(), 99) << "an AbstractFifo holds one frame less than its size";
}

TEST (PlaybackFifo, AFlushIsDoneByTheReaderWhileOneRunsAndByTheWriterWhenNoneDoes)
{
    PlaybackFifo fifo;
    fifo.setCapacity (1000);
    ASSERT_TRUE (fifo.write (ramp (500, 0.0f), 500, neverWait));

    // A reader calling: it sees the flush, discards and acknowledges; the writer waits for that.
    std::atomic<bool> stop { false };
    std::atomic<int> flushesSeen { 0 };
    std::thread reader ([&]
                        {
                            while (! stop)
                            {
                                fifo.readerCalled();
                                if (const auto flush = fifo.pendingFlush())
                                {
                                    fifo.discard();
                                    ++flushesSeen;
                                    fifo.flushDone (*flush);
                                }
                                std::this_thread::sleep_for (std::chrono::milliseconds (1));
                            } });
    fifo.flush();
    EXPECT_EQ (fifo.ready(), 0);
    stop = true;
    reader.join();
    EXPECT_EQ (flushesSeen.load(), 1);

    // No reader: the writer empties the FIFO itself rather than wait for ever.
    ASSERT_TRUE (fifo.write (ramp (500, 0.0f), 500, neverWait));
    fifo.flush();
    EXPECT_EQ (fifo.ready(), 0);
    EXPECT_FALSE (fifo.pendingFlush().has_value());
}

TEST (StreamResampler, MatchingRatesPassTheInputThroughAndOthersScaleTheFrameCount)
{
    StreamResampler resampler (4096);
    const auto input = ramp (4096, 0.0f);

    resampler.reset (1.0);
    const auto same = resampler.process (input, 4096);
    EXPECT_EQ (same.audio, &input);
    EXPECT_EQ (same.frames, 4096);

    // 44.1 kHz to 48 kHz: over many blocks, the frames out are the frames in times 48 / 44.1.
    resampler.reset (44100.0 / 48000.0);
    juce::AudioBuffer<float> sine (2, 4096);
    long long produced = 0;
    for (int block = 0; block < 20; ++block)
    {
        for (int i = 0; i < 4096; ++i)
            for (int channel = 0; channel < 2; ++channel)
                sine.setSample (channel, i, static_cast<float> (std::sin ((block * 4096 + i) * 0.01)));
        const auto out = resampler.process (sine, 4096);
        ASSERT_NE (out.audio, &sine);
        produced += out.frames;
    }
    EXPECT_NEAR (static_cast<double> (produced), 20 * 4096 * 48000.0 / 44100.0, 8.0);
}
