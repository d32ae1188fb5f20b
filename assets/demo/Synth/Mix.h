#pragma once

#include <array>
#include <cstddef>
#include <vector>

namespace earshot::demo
{
    /** The whole track in memory: the dry mix plus the reverb and delay send buses. */
    struct Mix
    {
        explicit Mix (std::size_t length)
            : dryLeft (length), dryRight (length), reverbLeft (length), reverbRight (length), delayLeft (length), delayRight (length), duck (length, 1.0f)
        {
        }

        [[nodiscard]] std::size_t size() const noexcept { return dryLeft.size(); }

        std::vector<float> dryLeft, dryRight, reverbLeft, reverbRight, delayLeft, delayRight;

        /** Gain curve pulled down by each kick, applied to "ducked" instruments (side-chain pumping). */
        std::vector<float> duck;
    };

    /** The parts of an arrangement, for the level report. */
    enum class Part
    {
        pad,
        arp,
        bass,
        lead,
        counter,
        drums,
        texture,
        count
    };

    constexpr std::array<const char*, static_cast<std::size_t> (Part::count)> partNames { "pad", "arp", "bass", "lead", "counter", "drums", "texture" };

    /** Sums the energy each part puts into the dry mix (ignoring how notes of a part interfere). */
    struct LevelMeter
    {
        std::array<double, static_cast<std::size_t> (Part::count)> energy {};
    };

    /** Where a voice's output goes. */
    struct Routing
    {
        float reverb = 0.0f, delay = 0.0f;
        bool ducked = false;
        Part part = Part::lead;
    };

    inline void emit (Mix& mix, LevelMeter& meter, const Routing& routing, std::size_t index, float left, float right) noexcept
    {
        if (routing.ducked)
        {
            left *= mix.duck[index];
            right *= mix.duck[index];
        }

        mix.dryLeft[index] += left;
        mix.dryRight[index] += right;
        mix.reverbLeft[index] += left * routing.reverb;
        mix.reverbRight[index] += right * routing.reverb;
        mix.delayLeft[index] += left * routing.delay;
        mix.delayRight[index] += right * routing.delay;
        meter.energy[static_cast<std::size_t> (routing.part)] += static_cast<double> (left * left + right * right);
    }
} // namespace earshot::demo
