#include "Synth/Textures.h"
#include "Synth/Dsp.h"
#include "Synth/OnePole.h"
#include "Synth/Random.h"
#include "Synth/StateVariableFilter.h"

#include <algorithm>
#include <cmath>

namespace earshot::demo
{
    void renderRiser (const Riser& riser, Mix& mix, LevelMeter& meter)
    {
        const std::size_t first = toSamples (riser.start);
        const std::size_t length = std::min (mix.size() - std::min (mix.size(), first), toSamples (riser.length));
        Random random (first);
        StateVariableFilter left, right;
        const Routing routing { 0.6f, 0.0f, false, Part::texture };

        for (std::size_t n = 0; n < length; ++n)
        {
            const double x = static_cast<double> (n) / static_cast<double> (length);

            if ((n & 15) == 0)
            {
                const double cutoff = 300.0 * std::pow (30.0, x);
                left.setCutoff (cutoff, 2.0);
                right.setCutoff (cutoff * 1.07, 2.0);
            }

            const auto gain = static_cast<float> (0.06 * x * x);
            emit (mix, meter, routing, first + n, gain * left.process (random.bipolar()).band, gain * right.process (random.bipolar()).band);
        }
    }

    void renderVinyl (double seconds, Mix& mix, LevelMeter& meter)
    {
        Random random (0x5eed);
        OnePole hissTone (3500.0);
        OnePole crackleTone (2500.0);
        const Routing routing { 0.0f, 0.0f, false, Part::texture };
        const std::size_t length = std::min (mix.size(), toSamples (seconds));
        float pop = 0.0f, popPan = 0.0f;

        for (std::size_t n = 0; n < length; ++n)
        {
            const float hiss = 0.0025f * hissTone.lowpass (random.bipolar());

            if (random.uniform() < 0.0006f)
            {
                const float size = random.uniform();
                pop = (random.uniform() < 0.5f ? -1.0f : 1.0f) * (0.01f + 0.06f * size * size * size);
                popPan = random.bipolar() * 0.6f;
            }

            const float crackle = crackleTone.highpass (pop);
            pop *= 0.82f;
            const auto edge = static_cast<double> (std::min (n, length - n));
            const auto fade = static_cast<float> (std::min (1.0, edge / (2.0 * sampleRate))); // two-second fades
            emit (mix, meter, routing, n, fade * (hiss + crackle * (1.0f - popPan)), fade * (hiss * 0.9f + crackle * (1.0f + popPan)));
        }
    }
} // namespace earshot::demo
