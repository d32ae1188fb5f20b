#include "Synth/Reverb.h"
#include "Synth/Dsp.h"
#include "Synth/OnePole.h"

namespace earshot::demo
{
    Reverb::Reverb (float roomSize, float damping)
    {
        constexpr std::array<int, 8> combTunings { 1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617 };
        constexpr std::array<int, 4> allpassTunings { 556, 441, 341, 225 };
        constexpr int stereoSpread = 23;

        for (std::size_t i = 0; i < combTunings.size(); ++i)
        {
            combs[0][i].resize (combTunings[i]);
            combs[1][i].resize (combTunings[i] + stereoSpread);
        }

        for (std::size_t i = 0; i < allpassTunings.size(); ++i)
        {
            allpasses[0][i].resize (allpassTunings[i]);
            allpasses[1][i].resize (allpassTunings[i] + stereoSpread);
        }

        feedback = roomSize * 0.28f + 0.7f;
        damp = damping * 0.4f;
    }

    void Reverb::process (Mix& mix, float wet, double preDelaySeconds)
    {
        OnePole lowCutLeft (180.0), lowCutRight (180.0);
        const std::size_t preDelay = toSamples (preDelaySeconds);

        for (std::size_t n = 0; n + preDelay < mix.size(); ++n)
        {
            const float input = 0.015f * (lowCutLeft.highpass (mix.reverbLeft[n]) + lowCutRight.highpass (mix.reverbRight[n]));
            std::array<float, 2> out {};

            for (std::size_t c = 0; c < 2; ++c)
            {
                for (auto& comb : combs[c])
                    out[c] += comb.process (input, feedback, damp);

                for (auto& allpass : allpasses[c])
                    out[c] = allpass.process (out[c]);
            }

            mix.dryLeft[n + preDelay] += wet * 3.0f * out[0];
            mix.dryRight[n + preDelay] += wet * 3.0f * out[1];
        }
    }
} // namespace earshot::demo
