#pragma once

#include "Audio/PreviewPlayer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <thread>

namespace earshot::bench
{
    /** Stands in for an audio device: a thread that calls a PreviewPlayer's render() in 512-frame
        stereo blocks at 48 kHz, paced in real time with sleep_until (as WavFileOutput does, without
        the file). It can also watch what comes out, for a check of the player's own figures that
        does not rely on the player: the first audible block rendered while the player's position is
        within a range. Shared by the benchmarks that listen to a player. */
    class RealTimeRenderer final
    {
    public:
        using Clock = std::chrono::steady_clock;

        static constexpr double sampleRate = 48000.0;
        static constexpr int blockFrames = 512;
        /** PreviewPlayer's own threshold for "audible". */
        static constexpr float audibleLevel = 1.0e-4f;

        /** Prepares the player for 48 kHz and starts rendering. */
        explicit RealTimeRenderer (PreviewPlayer& playerToDrive)
            : player (playerToDrive)
        {
            player.prepare (sampleRate, blockFrames);
            thread = std::thread ([this]
                                  { run(); });
        }

        ~RealTimeRenderer()
        {
            stopping.store (true);
            thread.join();
        }

        RealTimeRenderer (const RealTimeRenderer&) = delete;
        RealTimeRenderer& operator= (const RealTimeRenderer&) = delete;

        /** From now on, notes the time of the first audible block rendered while the player's
            position is within [fromSeconds, toSeconds]. Call from one controlling thread. */
        void watchForAudio (double fromSeconds, double toSeconds)
        {
            watching.store (false, std::memory_order_release);
            watchFrom.store (fromSeconds);
            watchTo.store (toSeconds);
            seenNs.store (0);
            watching.store (true, std::memory_order_release);
        }

        /** When the watched-for audio came out; empty until it has. */
        [[nodiscard]] std::optional<Clock::time_point> audioSeen() const
        {
            const auto ns = seenNs.load (std::memory_order_acquire);
            if (ns == 0)
                return std::nullopt;
            return Clock::time_point (std::chrono::duration_cast<Clock::duration> (std::chrono::nanoseconds (ns)));
        }

    private:
        void run()
        {
            juce::AudioBuffer<float> block (2, blockFrames);
            const auto period = std::chrono::duration_cast<Clock::duration> (std::chrono::duration<double> (blockFrames / sampleRate));
            auto next = Clock::now();
            while (! stopping.load())
            {
                player.render (block.getArrayOfWritePointers(), 2, blockFrames);
                if (watching.load (std::memory_order_acquire))
                {
                    bool audible = false;
                    for (int channel = 0; channel < 2 && ! audible; ++channel)
                    {
                        const auto range = juce::FloatVectorOperations::findMinAndMax (block.getReadPointer (channel), blockFrames);
                        audible = std::max (std::abs (range.getStart()), std::abs (range.getEnd())) > audibleLevel;
                    }
                    const auto position = player.positionSeconds();
                    if (audible && position >= watchFrom.load() && position <= watchTo.load())
                    {
                        seenNs.store (std::chrono::duration_cast<std::chrono::nanoseconds> (Clock::now().time_since_epoch()).count(), std::memory_order_release);
                        watching.store (false, std::memory_order_release);
                    }
                }
                next += period;
                std::this_thread::sleep_until (next);
            }
        }

        PreviewPlayer& player;
        std::atomic<bool> stopping { false };
        std::atomic<bool> watching { false };
        std::atomic<double> watchFrom { 0.0 };
        std::atomic<double> watchTo { 0.0 };
        std::atomic<std::int64_t> seenNs { 0 };
        std::thread thread;
    };
} // namespace earshot::bench
