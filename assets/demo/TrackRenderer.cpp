#include "TrackRenderer.h"
#include "Score/Arranger.h"
#include "Synth/Dsp.h"
#include "Synth/Effects.h"
#include "Synth/OnePole.h"
#include "Synth/Reverb.h"
#include "Synth/Textures.h"
#include "Synth/Voice.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <utility>

namespace earshot::demo
{
    Rendered render (const TrackScore& score)
    {
        Arranger arranger (score);
        const auto arrangement = arranger.arrange();
        const double tail = 4.5;
        Mix mix (toSamples (arrangement.musicSeconds + tail));
        Rendered out;

        buildDuckCurve (arrangement.hits, score.duckDepth, mix);

        for (const auto& tone : arrangement.tones)
            renderTone (tone, mix, out.meter);

        for (const auto& hit : arrangement.hits)
            renderHit (hit, score.kit, mix, out.meter);

        for (const auto& riser : arrangement.risers)
            renderRiser (riser, mix, out.meter);

        if (score.vinyl)
            renderVinyl (arrangement.musicSeconds + tail, mix, out.meter);

        processDelay (mix, score.delayBeats * 60.0 / score.bpm, score.delayFeedback);
        Reverb (score.reverbRoom, score.reverbDamp).process (mix, score.reverbWet, 0.018);

        out.left = std::move (mix.dryLeft);
        out.right = std::move (mix.dryRight);

        // master: optional tape-ish low-pass, DC blocker, loudness, limiter, fades
        OnePole lowA (score.masterLowpass), lowB (score.masterLowpass), lowC (score.masterLowpass), lowD (score.masterLowpass);
        OnePole dcLeft (20.0), dcRight (20.0);
        double energy = 0.0;

        for (std::size_t n = 0; n < out.left.size(); ++n)
        {
            if (score.masterLowpass > 0.0f)
            {
                out.left[n] = lowB.lowpass (lowA.lowpass (out.left[n]));
                out.right[n] = lowD.lowpass (lowC.lowpass (out.right[n]));
            }

            out.left[n] = dcLeft.highpass (out.left[n]);
            out.right[n] = dcRight.highpass (out.right[n]);
            energy += out.left[n] * out.left[n] + out.right[n] * out.right[n];
        }

        const double rms = std::sqrt (energy / (2.0 * static_cast<double> (out.left.size())));
        const auto gain = static_cast<float> (std::pow (10.0, score.targetRmsDb / 20.0) / std::max (rms, 1.0e-9));

        for (std::size_t n = 0; n < out.left.size(); ++n)
        {
            out.left[n] *= gain;
            out.right[n] *= gain;
        }

        out.gainReductionDb = 20.0f * std::log10 (limit (out.left, out.right, 0.891f)); // -1 dBFS

        const std::size_t fadeIn = toSamples (0.01);
        const std::size_t fadeOut = toSamples (tail - 0.5);
        const std::size_t size = out.left.size();

        for (std::size_t n = 0; n < std::min (fadeIn, size); ++n)
        {
            const float g = static_cast<float> (n) / static_cast<float> (fadeIn);
            out.left[n] *= g;
            out.right[n] *= g;
        }

        for (std::size_t n = 0; n < std::min (fadeOut, size); ++n)
        {
            const auto x = static_cast<float> (n) / static_cast<float> (fadeOut);
            const float g = 0.5f - 0.5f * std::cos (static_cast<float> (std::numbers::pi) * x);
            out.left[size - 1 - n] *= g;
            out.right[size - 1 - n] *= g;
        }

        return out;
    }

    void printLevels (const Rendered& rendered)
    {
        double total = 0.0;

        for (double e : rendered.meter.energy)
            total += e;

        for (std::size_t i = 0; i < partNames.size(); ++i)
            if (rendered.meter.energy[i] > 0.0)
                std::printf ("    %-8s %6.1f dB\n", partNames[i], 10.0 * std::log10 (rendered.meter.energy[i] / total));
    }
} // namespace earshot::demo
