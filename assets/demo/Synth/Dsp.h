#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>

namespace earshot::demo
{
    // The sample rate and the small pure functions every generator and effect of the renderer uses.

    constexpr double sampleRate = 44100.0;
    constexpr double twoPi = 2.0 * std::numbers::pi;

    [[nodiscard]] inline std::size_t toSamples (double seconds) noexcept
    {
        return seconds <= 0.0 ? 0 : static_cast<std::size_t> (std::llround (seconds * sampleRate));
    }

    [[nodiscard]] inline double midiToHz (double note) noexcept
    {
        return 440.0 * std::exp2 ((note - 69.0) / 12.0);
    }

    /** Time constant to one-pole coefficient: the level falls to 1/e after `seconds`. */
    [[nodiscard]] inline float decayCoefficient (double seconds) noexcept
    {
        return static_cast<float> (std::exp (-1.0 / std::max (1.0, seconds * sampleRate)));
    }

    /** A sine lookup with linear interpolation; phase is in cycles. */
    class SineTable final
    {
    public:
        SineTable()
        {
            for (int i = 0; i <= size; ++i)
                table[static_cast<std::size_t> (i)] = static_cast<float> (std::sin (twoPi * i / size));
        }

        [[nodiscard]] float operator() (double phase) const noexcept
        {
            double fraction = phase - static_cast<double> (static_cast<std::int64_t> (phase)); // cheaper than floor

            if (fraction < 0.0)
                fraction += 1.0;

            const double wrapped = fraction * size;
            const auto index = static_cast<std::size_t> (wrapped);
            const auto weight = static_cast<float> (wrapped - static_cast<double> (index));
            return table[index] + weight * (table[index + 1] - table[index]);
        }

    private:
        static constexpr int size = 4096;
        std::array<float, size + 1> table {};
    };

    /** One table for every oscillator, filled before main() runs. */
    inline const SineTable sine;

    /** Padé approximant of tanh, within 1e-4 of it and about ten times cheaper than std::tanh. */
    [[nodiscard]] inline float fastTanh (float x) noexcept
    {
        if (x > 4.97f)
            return 1.0f;

        if (x < -4.97f)
            return -1.0f;

        const float x2 = x * x;
        return x * (135135.0f + x2 * (17325.0f + x2 * (378.0f + x2))) / (135135.0f + x2 * (62370.0f + x2 * (3150.0f + x2 * 28.0f)));
    }

    /** Equal-power pan law scaled so that the centre is unity in both channels. */
    struct PanGains
    {
        float left = 1.0f, right = 1.0f;
    };

    [[nodiscard]] inline PanGains panGains (float pan) noexcept
    {
        const double angle = (std::clamp (pan, -1.0f, 1.0f) + 1.0) * 0.125; // in cycles, 0..1/4
        return { static_cast<float> (std::numbers::sqrt2 * sine (angle + 0.25)),
                 static_cast<float> (std::numbers::sqrt2 * sine (angle)) };
    }

    /** PolyBLEP residual that takes the aliasing edge off a naive sawtooth or pulse. */
    [[nodiscard]] inline float polyBlep (double t, double dt) noexcept
    {
        if (t < dt)
        {
            t /= dt;
            return static_cast<float> (t + t - t * t - 1.0);
        }

        if (t > 1.0 - dt)
        {
            t = (t - 1.0) / dt;
            return static_cast<float> (t * t + t + t + 1.0);
        }

        return 0.0f;
    }
} // namespace earshot::demo
