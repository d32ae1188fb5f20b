#include "CallbackCost.h"

#include "Audio/PreviewPlayer.h"
#include "BenchFigures.h"
#include "RealTimeRenderer.h"
#include "Support/DaemonProcess.h"

#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

namespace earshot::bench
{
    using namespace earshot::testing;

    namespace
    {
        constexpr double outputRate = RealTimeRenderer::sampleRate;
        constexpr int blockFrames = RealTimeRenderer::blockFrames;
    } // namespace

    /** Times render() for 512 stereo frames while the player is Playing with data in its FIFO (a
        complete track from a local daemon), interleaved with the cheapest callback there is: a copy
        of 512×2 floats from a ring as large as the player's FIFO. */
    CallbackCost callbackCost (const std::filesystem::path& file, int calls)
    {
        TemporaryDirectory data ("earshot-bench-callback");
        DaemonProcess daemon (data.path());
        daemon.start();
        const auto id = daemon.client().publish ({ file.string() }).front().id;
        auto client = std::make_shared<DaemonClient> (daemon.apiAddress());
        PreviewPlayer player (client);

        {
            // A second at real-time pace first, as a device would: the player gets to Playing and
            // its decoder fills the FIFO.
            RealTimeRenderer output (player);
            player.play (id);
            if (! waitUntil ([&]
                             { return player.state() == PlayerState::playing || player.state() == PlayerState::failed; },
                             std::chrono::seconds (20)))
                throw std::runtime_error (std::string ("the local track did not start playing (state ") + toString (player.state()) + ")");
            if (player.state() == PlayerState::failed)
                throw std::runtime_error (std::string ("the local track failed: ") + player.failureReason());
            std::this_thread::sleep_for (std::chrono::seconds (1));
        }

        const int ringFrames = static_cast<int> (outputRate * PreviewPlayer::Options {}.fifoSeconds);
        juce::AudioBuffer<float> ring (2, ringFrames);
        std::mt19937 noise (1);
        std::uniform_real_distribution<float> sample (-0.5f, 0.5f);
        for (int channel = 0; channel < 2; ++channel)
            for (int i = 0; i < ringFrames; ++i)
                ring.setSample (channel, i, sample (noise));
        juce::AudioBuffer<float> block (2, blockFrames);
        auto* const* outputs = block.getArrayOfWritePointers();
        int ringPosition = 0;
        volatile float sink = 0.0f;

        CallbackCost cost;
        cost.renderNs.reserve (static_cast<std::size_t> (calls));
        cost.copyNs.reserve (static_cast<std::size_t> (calls));
        const auto fullSeconds = PreviewPlayer::Options {}.fifoSeconds - 0.5;
        const auto deadline = Clock::now() + std::chrono::seconds (180);
        while (static_cast<int> (cost.renderNs.size()) < calls && Clock::now() < deadline)
        {
            if (player.state() == PlayerState::failed)
                throw std::runtime_error (std::string ("the local track failed: ") + player.failureReason());
            if (player.positionSeconds() > player.durationSeconds() - 10.0)
            {
                // 20,000 blocks is more than the track: go round again before it ends.
                player.seek (0.0);
                ++cost.rewinds;
                const auto rewound = waitUntil ([&]
                                                { player.render (outputs, 2, blockFrames); return player.positionSeconds() < player.durationSeconds() - 10.0; },
                                                std::chrono::seconds (10));
                if (! rewound)
                    throw std::runtime_error ("the player did not seek back to the start within 10 s");
            }
            if (player.state() != PlayerState::playing)
            {
                // Buffering after a rewind (or a stall): untimed calls let it resume.
                player.render (outputs, 2, blockFrames);
                std::this_thread::sleep_for (std::chrono::milliseconds (2));
                continue;
            }
            if (player.bufferedSeconds() < 1.0)
            {
                // Running low: let the decoder fill the FIFO again, untimed.
                ++cost.refills;
                waitUntil ([&]
                           { return player.bufferedSeconds() >= fullSeconds || player.state() != PlayerState::playing; },
                           std::chrono::seconds (10));
                continue;
            }

            // Both in turn, each first on alternate calls, so neither always gets the warmer cache.
            const bool renderFirst = cost.renderNs.size() % 2 == 0;
            for (int pass = 0; pass < 2; ++pass)
            {
                if ((pass == 0) == renderFirst)
                {
                    const auto before = Clock::now();
                    player.render (outputs, 2, blockFrames);
                    const auto after = Clock::now();
                    cost.renderNs.push_back (static_cast<double> (std::chrono::duration_cast<std::chrono::nanoseconds> (after - before).count()));
                }
                else
                {
                    const auto before = Clock::now();
                    std::memcpy (outputs[0], ring.getReadPointer (0, ringPosition), blockFrames * sizeof (float));
                    std::memcpy (outputs[1], ring.getReadPointer (1, ringPosition), blockFrames * sizeof (float));
                    const auto after = Clock::now();
                    cost.copyNs.push_back (static_cast<double> (std::chrono::duration_cast<std::chrono::nanoseconds> (after - before).count()));
                    ringPosition = (ringPosition + blockFrames) % (ringFrames - blockFrames);
                }
                sink = sink + outputs[0][0];
            }
        }
        if (static_cast<int> (cost.renderNs.size()) < calls)
            std::fprintf (stderr, "callback cost: only %zu timed calls within 180 s\n", cost.renderNs.size());
        player.stop();
        return cost;
    }
} // namespace earshot::bench
