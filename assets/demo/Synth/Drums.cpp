#include "Synth/Drums.h"
#include "Synth/Dsp.h"
#include "Synth/OnePole.h"
#include "Synth/Random.h"
#include "Synth/StateVariableFilter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace earshot::demo
{
    void renderHit (const Hit& hit, const DrumKit& kit, Mix& mix, LevelMeter& meter)
    {
        const std::size_t first = toSamples (hit.time);

        if (first >= mix.size())
            return;

        Random random (first * 7 + static_cast<std::uint64_t> (hit.drum));
        OnePole tone (kit.lowpass);
        const double seconds = [&]
        {
            switch (hit.drum)
            {
                case Drum::kick:
                    return kit.kickDecay * 7.0;
                case Drum::snare:
                case Drum::clap:
                    return kit.snareDecay * 7.0;
                case Drum::closedHat:
                    return kit.hatDecay * 7.0;
                case Drum::openHat:
                    return kit.openHatDecay * 7.0;
                case Drum::rim:
                    return 0.2;
                case Drum::crash:
                    return 4.0;
            }

            return 1.0;
        }();

        const std::size_t length = std::min (mix.size() - first, toSamples (seconds));
        Routing routing { 0.0f, 0.0f, false, Part::drums };
        float gain = 1.0f, panPosition = 0.0f;

        // Six square waves at the 808's inharmonic ratios give hats and crash their metallic shimmer.
        constexpr std::array<double, 6> metalRatios { 1.0, 1.4471, 1.6170, 1.9265, 2.5028, 2.6637 };
        std::array<double, 6> metalPhase {};
        StateVariableFilter bandFilter, highFilter;
        double phase = 0.0;
        float envelope = 1.0f;

        switch (hit.drum)
        {
            case Drum::kick:
                gain = kit.kickGain;
                break;

            case Drum::snare:
                gain = kit.snareGain;
                routing.reverb = kit.snareReverb;
                panPosition = -0.04f;
                highFilter.setCutoff (kit.snareNoiseCutoff, 0.7);
                bandFilter.setCutoff (kit.snareNoiseCutoff * 2.5, 0.5);
                break;

            case Drum::clap:
                gain = kit.clapGain;
                routing.reverb = kit.snareReverb * 1.2f;
                panPosition = 0.12f;
                bandFilter.setCutoff (1150.0, 1.6);
                break;

            case Drum::closedHat:
            case Drum::openHat:
            case Drum::crash:
                gain = hit.drum == Drum::closedHat ? kit.hatGain : (hit.drum == Drum::openHat ? kit.openHatGain : kit.crashGain);
                routing.reverb = hit.drum == Drum::crash ? 0.3f : kit.hatReverb;
                panPosition = hit.drum == Drum::crash ? -0.3f : 0.28f;
                bandFilter.setCutoff (hit.drum == Drum::crash ? 7000.0 : 10000.0, 0.8);
                highFilter.setCutoff (hit.drum == Drum::crash ? kit.hatCutoff * 0.6 : kit.hatCutoff, 0.7);
                break;

            case Drum::rim:
                gain = kit.rimGain;
                routing.reverb = kit.snareReverb;
                panPosition = -0.25f;
                highFilter.setCutoff (2500.0, 0.7);
                break;
        }

        const auto pan = panGains (panPosition);
        const double noiseSeconds = [&]
        {
            switch (hit.drum)
            {
                case Drum::closedHat:
                    return kit.hatDecay * (0.6 + 0.4 * hit.velocity); // soft hats are shorter, as when played
                case Drum::openHat:
                    return static_cast<double> (kit.openHatDecay);
                case Drum::crash:
                    return 0.9;
                default:
                    return static_cast<double> (kit.snareDecay);
            }
        }();

        const float decay = decayCoefficient (noiseSeconds);
        const float bodyDecay = decayCoefficient (hit.drum == Drum::kick ? kit.kickDecay : 0.055);
        const float clickDecay = decayCoefficient (0.0025);
        const float sweepDecay = decayCoefficient (kit.kickPitchDecay);
        float body = 1.0f, click = 1.0f, sweep = 1.0f;

        for (std::size_t n = 0; n < length; ++n)
        {
            const double t = static_cast<double> (n) / sampleRate;
            const float noise = random.bipolar();
            float s = 0.0f;

            switch (hit.drum)
            {
                case Drum::kick:
                {
                    phase += (kit.kickLow + (kit.kickHigh - kit.kickLow) * sweep) / sampleRate;
                    sweep *= sweepDecay;
                    const float attack = std::min (1.0f, static_cast<float> (t / 0.0015)); // no click from a jump
                    s = attack * body * sine (phase) + kit.kickClick * click * noise * 0.5f;
                    s = fastTanh (s * (1.0f + kit.kickDrive)) / fastTanh (1.0f + kit.kickDrive);
                    body *= bodyDecay;
                    click *= clickDecay;
                    break;
                }

                case Drum::snare:
                {
                    phase += kit.snareTone / sampleRate;
                    const float toneBody = body * (sine (phase) + 0.5f * sine (phase * 1.63));
                    const float rattle = envelope * bandFilter.process (highFilter.process (noise).high).low;
                    s = kit.snareToneMix * toneBody + (1.0f - kit.snareToneMix) * 1.6f * rattle;
                    body *= bodyDecay;
                    envelope *= decay;
                    break;
                }

                case Drum::clap:
                {
                    // three quick claps, then the room
                    const double burst = std::fmod (t, 0.011);
                    const float flutter = t < 0.033 ? static_cast<float> (std::exp (-burst / 0.003)) : 0.0f;
                    const float tail = t >= 0.022 ? static_cast<float> (std::exp (-(t - 0.022) / (kit.snareDecay * 0.7))) : 0.0f;
                    s = 2.5f * std::max (flutter, tail) * bandFilter.process (noise).band;
                    break;
                }

                case Drum::closedHat:
                case Drum::openHat:
                case Drum::crash:
                {
                    float metal = 0.0f;
                    const double base = hit.drum == Drum::crash ? 340.0 : 410.0;

                    for (std::size_t i = 0; i < metalRatios.size(); ++i)
                    {
                        metalPhase[i] += base * metalRatios[i] / sampleRate;

                        if (metalPhase[i] >= 1.0)
                            metalPhase[i] -= 1.0;

                        metal += metalPhase[i] < 0.5 ? 1.0 : -1.0;
                    }

                    const float mixture = (hit.drum == Drum::crash ? 0.5f : 0.25f) * metal / 6.0f + noise * (hit.drum == Drum::crash ? 0.6f : 0.45f);
                    const float attack = std::min (1.0f, static_cast<float> (t / 0.0008));
                    s = 2.0f * attack * envelope * highFilter.process (bandFilter.process (mixture).band * 1.5f + mixture * 0.5f).high;
                    envelope *= decay;
                    break;
                }

                case Drum::rim:
                {
                    phase += 1720.0 / sampleRate;
                    s = static_cast<float> (std::exp (-t / 0.01)) * (0.8f * sine (phase) + 0.6f * sine (phase * 0.29))
                        + static_cast<float> (std::exp (-t / 0.004)) * highFilter.process (noise).high;
                    break;
                }
            }

            s = tone.lowpass (s) * gain * hit.velocity;
            emit (mix, meter, routing, first + n, s * pan.left, s * pan.right);
        }
    }
} // namespace earshot::demo
