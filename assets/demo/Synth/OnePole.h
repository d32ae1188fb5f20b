#pragma once

#include "Synth/Dsp.h"

#include <cmath>

namespace earshot::demo
{
    /** One-pole low-pass; `highpass` returns the complement. */
    class OnePole final
    {
    public:
        explicit OnePole (double cutoffHz = 1000.0) noexcept { setCutoff (cutoffHz); }

        void setCutoff (double hz) noexcept { coefficient = static_cast<float> (std::exp (-twoPi * hz / sampleRate)); }

        float lowpass (float input) noexcept
        {
            state = input + (state - input) * coefficient;
            return state;
        }

        float highpass (float input) noexcept { return input - lowpass (input); }

    private:
        float coefficient = 0.0f, state = 0.0f;
    };
} // namespace earshot::demo
