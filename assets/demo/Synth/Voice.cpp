#include "Synth/Voice.h"
#include "Synth/Dsp.h"
#include "Synth/Envelope.h"
#include "Synth/Random.h"
#include "Synth/StateVariableFilter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace earshot::demo
{
    namespace
    {
        [[nodiscard]] inline float softClip (float x, float drive) noexcept
        {
            if (drive <= 0.0f)
                return x;

            return fastTanh (x * (1.0f + drive)) / fastTanh (1.0f + drive);
        }
    } // namespace

    void renderTone (const Tone& tone, Mix& mix, LevelMeter& meter)
    {
        const Patch& p = *tone.patch;
        const std::size_t first = toSamples (tone.start);

        if (first >= mix.size())
            return;

        // the gate shortens short notes by a fraction; long notes only lose that fraction of a quarter second
        const std::size_t gateLength = std::max<std::size_t> (1, toSamples (tone.length - (1.0 - p.gate) * std::min (tone.length, 0.25)));
        const std::size_t length = std::min (mix.size() - first, gateLength + toSamples (p.amp.release * 7.0) + 1);
        const double frequency = midiToHz (tone.pitch);
        const Routing routing { p.reverb, p.delay, p.ducked, tone.part };
        const float outputGain = tone.velocity * p.gain;

        Random random (first * 131 + static_cast<std::uint64_t> (tone.pitch));
        Envelope amp (p.amp);

        constexpr int maxUnison = 5;
        const int voices = std::clamp (p.unison, 1, maxUnison);
        std::array<double, maxUnison> phase {}, detune {};
        std::array<float, maxUnison> voiceLeft {}, voiceRight {};

        for (int v = 0; v < voices; ++v)
        {
            const double spread = voices > 1 ? 2.0 * v / (voices - 1) - 1.0 : 0.0;
            phase[static_cast<std::size_t> (v)] = random.uniform();
            detune[static_cast<std::size_t> (v)] = std::exp2 (p.detuneCents * spread / 1200.0);
            const auto gains = panGains (static_cast<float> (p.width * spread));
            voiceLeft[static_cast<std::size_t> (v)] = gains.left / std::sqrt (static_cast<float> (voices));
            voiceRight[static_cast<std::size_t> (v)] = gains.right / std::sqrt (static_cast<float> (voices));
        }

        double sinePhase = 0.0, subPhase = 0.0, modulatorPhase = 0.0, partialPhase = 0.0;
        float filterEnvelope = 1.0f;
        const float filterCoeff = decayCoefficient (p.filterDecay);
        float fmIndex = p.index * tone.brightness;
        const float fmSustain = p.indexSustain * tone.brightness;
        const float indexCoeff = decayCoefficient (p.indexDecay);
        float partialLevel = p.partialLevel;
        const float partialCoeff = decayCoefficient (p.partialDecay);
        const double keyScale = std::pow (frequency / 261.63, static_cast<double> (p.keyTrack));

        StateVariableFilter filterLeft, filterRight;
        double pitchRatio = 1.0;
        PanGains pan = panGains (p.pan + tone.pan);

        for (std::size_t n = 0; n < length; ++n)
        {
            if (n == gateLength)
                amp.release();

            const float level = amp.next();

            if (amp.isSilent())
                break;

            if ((n & 15) == 0)
            {
                const double t = static_cast<double> (n) / sampleRate;
                const double now = static_cast<double> (first + n) / sampleRate;
                double cents = p.wobbleCents * (0.7 * sine (0.37 * now) + 0.3 * sine (1.13 * now + 0.2));

                if (p.vibratoCents > 0.0f)
                    cents += p.vibratoCents * std::clamp ((t - p.vibratoDelay) / 0.4, 0.0, 1.0) * sine (p.vibratoRate * t);

                pitchRatio = std::exp2 (cents / 1200.0);

                if (p.engine == Patch::Engine::subtractive)
                {
                    const double cutoff = p.cutoff * tone.brightness * keyScale * std::exp2 (p.envOctaves * filterEnvelope);
                    filterLeft.setCutoff (cutoff, p.resonance);
                    filterRight.setCutoff (cutoff, p.resonance);
                }

                if (p.autoPan > 0.0f)
                    pan = panGains (p.pan + tone.pan + p.autoPan * sine (p.autoPanRate * now));
            }

            const double baseIncrement = frequency * pitchRatio / sampleRate;
            float left = 0.0f, right = 0.0f;

            if (p.engine == Patch::Engine::subtractive)
            {
                for (std::size_t v = 0; v < static_cast<std::size_t> (voices); ++v)
                {
                    const double increment = baseIncrement * detune[v];
                    double& ph = phase[v];
                    ph += increment;

                    if (ph >= 1.0)
                        ph -= 1.0;

                    float s = 0.0f;

                    if (p.saw > 0.0f)
                        s += p.saw * (static_cast<float> (2.0 * ph - 1.0) - polyBlep (ph, increment));

                    if (p.square > 0.0f)
                    {
                        double shifted = ph + (1.0 - p.pulseWidth);

                        if (shifted >= 1.0)
                            shifted -= 1.0;

                        s += p.square * ((ph < p.pulseWidth ? 1.0f : -1.0f) + polyBlep (ph, increment) - polyBlep (shifted, increment));
                    }

                    left += s * voiceLeft[v];
                    right += s * voiceRight[v];
                }

                float centre = 0.0f;

                if (p.sine > 0.0f)
                {
                    sinePhase += baseIncrement;
                    centre += p.sine * sine (sinePhase);
                }

                if (p.subOctave > 0.0f)
                {
                    subPhase += baseIncrement * 0.5;
                    centre += p.subOctave * sine (subPhase);
                }

                if (p.noise > 0.0f)
                    centre += p.noise * random.bipolar();

                left = filterLeft.process (left + centre).low;
                right = filterRight.process (right + centre).low;
                filterEnvelope *= filterCoeff;
            }
            else
            {
                modulatorPhase += baseIncrement * p.ratio;
                sinePhase += baseIncrement;
                float s = sine (sinePhase + fmIndex / twoPi * sine (modulatorPhase));
                fmIndex = fmSustain + (fmIndex - fmSustain) * indexCoeff;

                if (p.partialLevel > 0.0f)
                {
                    partialPhase += baseIncrement * p.partialRatio;
                    s += partialLevel * sine (partialPhase);
                    partialLevel *= partialCoeff;
                }

                left = right = s;
            }

            const float gain = level * outputGain;
            emit (mix, meter, routing, first + n, softClip (left, p.drive) * gain * pan.left, softClip (right, p.drive) * gain * pan.right);
        }
    }
} // namespace earshot::demo
