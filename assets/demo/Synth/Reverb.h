#pragma once

#include "Synth/Mix.h"

#include <array>
#include <cstddef>
#include <vector>

namespace earshot::demo
{
    /** Freeverb (Jezar at Dreampoint, public domain): eight combs and four all-passes per channel. */
    class Reverb final
    {
    public:
        /** Room size and damping from 0 to 1, as Freeverb takes them. */
        Reverb (float roomSize, float damping);

        /** Adds the wet signal of the send buses to the dry buses. */
        void process (Mix& mix, float wet, double preDelaySeconds);

    private:
        struct Comb
        {
            std::vector<float> buffer;
            std::size_t index = 0;
            float store = 0.0f;

            void resize (int size) { buffer.assign (static_cast<std::size_t> (size), 0.0f); }

            float process (float input, float feedback, float damp) noexcept
            {
                const float output = buffer[index];
                store = output * (1.0f - damp) + store * damp + 1.0e-20f;
                buffer[index] = input + store * feedback;
                index = index + 1 == buffer.size() ? 0 : index + 1;
                return output;
            }
        };

        struct Allpass
        {
            std::vector<float> buffer;
            std::size_t index = 0;

            void resize (int size) { buffer.assign (static_cast<std::size_t> (size), 0.0f); }

            float process (float input) noexcept
            {
                const float delayed = buffer[index];
                buffer[index] = input + delayed * 0.5f;
                index = index + 1 == buffer.size() ? 0 : index + 1;
                return delayed - input;
            }
        };

        std::array<std::array<Comb, 8>, 2> combs;
        std::array<std::array<Allpass, 4>, 2> allpasses;
        float feedback = 0.84f, damp = 0.2f;
    };
} // namespace earshot::demo
