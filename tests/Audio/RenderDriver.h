#pragma once

#include "Audio/PreviewPlayer.h"
#include "RealtimeGuard.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <thread>
#include <vector>

namespace earshot::testing
{
    /** Plays the part of an audio device: a thread that calls PreviewPlayer::render() in 512-frame
        stereo blocks at 48 kHz, paced in real time, each call inside a RealtimeGuard. It records which
        states the player went through, the level it put out, and what the guard counted during render()
        alone. */
    class RenderDriver final
    {
    public:
        explicit RenderDriver (PreviewPlayer& playerToDrive, double speed = 1.0)
            : player (playerToDrive)
            , pace (speed)
        {
            player.prepare (sampleRate, blockSize);
            thread = std::thread ([this]
                                  { run(); });
        }

        ~RenderDriver()
        {
            stopping = true;
            thread.join();
        }

        /** Whether the player was in this state after a block, since the driver started or forgetStates(). */
        [[nodiscard]] bool seen (PlayerState state) const noexcept { return (statesSeen.load() & (1u << static_cast<unsigned> (state))) != 0; }
        /** Starts the record of states seen afresh, so a test can ask what happened after a given moment. */
        void forgetStates() noexcept { statesSeen.store (0); }
        [[nodiscard]] std::uint64_t allocations() const noexcept { return allocationsInRender.load(); }
        [[nodiscard]] std::uint64_t locks() const noexcept { return locksInRender.load(); }
        [[nodiscard]] std::uint64_t audibleBlocks() const noexcept { return audible.load(); }
        [[nodiscard]] std::uint64_t blocks() const noexcept { return blockCount.load(); }
        /** The level of the left output in dB (full scale 0) over the blocks after which the
            player was playing, since the driver started or forgetLevel(). */
        [[nodiscard]] double levelDb() const noexcept
        {
            const auto frames = levelFrames.load();
            return frames == 0 ? -200.0 : 10.0 * std::log10 (levelSum.load() / static_cast<double> (frames) + 1.0e-20);
        }
        void forgetLevel() noexcept
        {
            levelSum.store (0.0);
            levelFrames.store (0);
        }

        /** Waits (bounded) until the predicate holds; true when it did. */
        static bool waitFor (const std::function<bool()>& predicate, std::chrono::milliseconds timeout)
        {
            const auto until = std::chrono::steady_clock::now() + timeout;
            while (std::chrono::steady_clock::now() < until)
            {
                if (predicate())
                    return true;
                std::this_thread::sleep_for (std::chrono::milliseconds (5));
            }
            return predicate();
        }

        static constexpr double sampleRate = 48000.0;
        static constexpr int blockSize = 512;

    private:
        void run()
        {
            std::vector<float> left (blockSize), right (blockSize);
            float* outputs[] = { left.data(), right.data() };
            const auto period = std::chrono::duration<double> (blockSize / sampleRate / pace);
            auto next = std::chrono::steady_clock::now();
            while (! stopping)
            {
                const auto before = RealtimeGuard::counts();
                {
                    RealtimeGuard guard;
                    player.render (outputs, 2, blockSize);
                }
                const auto after = RealtimeGuard::counts();
                allocationsInRender += after.allocations - before.allocations;
                locksInRender += after.locks - before.locks;

                statesSeen |= 1u << static_cast<unsigned> (player.state());
                if (player.state() == PlayerState::playing)
                {
                    double sum = 0.0;
                    for (const auto sample : left)
                        sum += static_cast<double> (sample) * sample;
                    levelSum.fetch_add (sum);
                    levelFrames.fetch_add (blockSize);
                }
                ++blockCount;
                for (int i = 0; i < blockSize; ++i)
                    if (std::abs (left[static_cast<std::size_t> (i)]) > 1.0e-4f)
                    {
                        ++audible;
                        break;
                    }
                next += std::chrono::duration_cast<std::chrono::steady_clock::duration> (period);
                std::this_thread::sleep_until (next);
            }
        }

        PreviewPlayer& player;
        const double pace;
        std::atomic<bool> stopping { false };
        std::atomic<unsigned> statesSeen { 0 };
        std::atomic<std::uint64_t> allocationsInRender { 0 };
        std::atomic<std::uint64_t> locksInRender { 0 };
        std::atomic<std::uint64_t> audible { 0 };
        std::atomic<std::uint64_t> blockCount { 0 };
        std::atomic<double> levelSum { 0.0 };
        std::atomic<std::uint64_t> levelFrames { 0 };
        std::thread thread;
    };
} // namespace earshot::testing
