#pragma once

#include "Synth/Dsp.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace earshot::demo
{
    /** Topology-preserving state-variable filter (Zavalishin / Simper): stable under fast modulation. */
    class StateVariableFilter final
    {
    public:
        struct Outputs
        {
            float low, band, high;
        };

        void setCutoff (double hz, double q) noexcept
        {
            const double g = std::tan (std::numbers::pi * std::clamp (hz, 20.0, sampleRate * 0.45) / sampleRate);
            k = 1.0 / q;
            a1 = 1.0 / (1.0 + g * (g + k));
            a2 = g * a1;
            a3 = g * a2;
        }

        Outputs process (float input) noexcept
        {
            const double v3 = input - ic2;
            const double v1 = a1 * ic1 + a2 * v3;
            const double v2 = ic2 + a2 * ic1 + a3 * v3;
            ic1 = 2.0 * v1 - ic1;
            ic2 = 2.0 * v2 - ic2;
            return { static_cast<float> (v2), static_cast<float> (v1), static_cast<float> (input - k * v1 - v2) };
        }

    private:
        double k = 1.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
        double ic1 = 0.0, ic2 = 0.0;
    };
} // namespace earshot::demo
