#include "Synth/Effects.h"
#include "Synth/Dsp.h"
#include "Synth/OnePole.h"

#include <algorithm>
#include <cmath>
#include <deque>

namespace earshot::demo
{
    void processDelay (Mix& mix, double delaySeconds, float feedback)
    {
        const std::size_t delay = std::max<std::size_t> (1, toSamples (delaySeconds));
        std::vector<float> left (delay), right (delay);
        OnePole toneLeft (3800.0), toneRight (3800.0), lowCut (250.0);
        std::size_t position = 0;

        for (std::size_t n = 0; n < mix.size(); ++n)
        {
            const float outLeft = left[position];
            const float outRight = right[position];
            const float input = lowCut.highpass (0.5f * (mix.delayLeft[n] + mix.delayRight[n]));
            left[position] = input + feedback * toneRight.lowpass (outRight);
            right[position] = feedback * toneLeft.lowpass (outLeft);
            position = position + 1 == delay ? 0 : position + 1;

            mix.dryLeft[n] += outLeft;
            mix.dryRight[n] += outRight;
            mix.reverbLeft[n] += 0.3f * outLeft;
            mix.reverbRight[n] += 0.3f * outRight;
        }
    }

    void buildDuckCurve (const std::vector<Hit>& hits, float depth, Mix& mix)
    {
        const std::size_t window = toSamples (0.8);
        const std::size_t attack = toSamples (0.006);
        const float recovery = decayCoefficient (0.11);

        for (const auto& hit : hits)
        {
            if (hit.drum != Drum::kick)
                continue;

            const std::size_t first = toSamples (hit.time);
            float amount = depth * hit.velocity;

            for (std::size_t n = 0; n < window && first + n < mix.size(); ++n)
            {
                const float shape = n < attack ? static_cast<float> (n) / static_cast<float> (attack) : 1.0f;
                mix.duck[first + n] = std::min (mix.duck[first + n], 1.0f - amount * shape);

                if (n >= attack)
                    amount *= recovery;
            }
        }
    }

    float limit (std::vector<float>& left, std::vector<float>& right, float ceiling)
    {
        const std::size_t size = left.size();
        const std::size_t lookAhead = toSamples (0.004);
        const float release = 1.0f - decayCoefficient (0.12);
        std::vector<float> required (size);

        for (std::size_t n = 0; n < size; ++n)
        {
            const float peak = std::max (std::abs (left[n]), std::abs (right[n]));
            required[n] = peak > ceiling ? ceiling / peak : 1.0f;
        }

        // minimum over the next lookAhead samples (monotonic queue), then release, then a moving
        // average over lookAhead samples: each averaged value is at most the gain its peak needs
        std::vector<float> gain (size);
        std::deque<std::size_t> window;
        float released = 1.0f;

        for (std::size_t n = 0; n + 1 < size + lookAhead; ++n)
        {
            if (n < size)
            {
                while (! window.empty() && required[window.back()] >= required[n])
                    window.pop_back();

                window.push_back (n);
            }

            if (n < lookAhead - 1)
                continue;

            const std::size_t out = n + 1 - lookAhead;

            while (window.front() < out)
                window.pop_front();

            const float target = required[window.front()];
            released = target < released ? target : released + (target - released) * release;
            gain[out] = released;
        }

        double sum = 0.0;
        float deepest = 1.0f;

        for (std::size_t n = 0; n < size; ++n)
        {
            sum += gain[n];

            if (n >= lookAhead)
                sum -= gain[n - lookAhead];

            const auto g = static_cast<float> (sum / static_cast<double> (std::min (n + 1, lookAhead)));
            left[n] *= g;
            right[n] *= g;
            deepest = std::min (deepest, g);
        }

        return deepest;
    }
} // namespace earshot::demo
