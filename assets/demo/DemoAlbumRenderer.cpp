/*
    Earshot demo album renderer.

    Renders "First Light" by The Earshot Ensemble, the three-track album that ships with Earshot,
    from the score at the bottom of this file: a small deterministic synthesizer (subtractive and FM
    voices, synthesized drums, a reverb, a ping-pong delay, a look-ahead limiter) driven by a tiny
    step sequencer. No samples, no downloads: every sound is computed here, so the album is the
    project's own work and is released under CC0 (see README.md beside this file).

    The audio is not committed; the build runs this program (see assets/CMakeLists.txt):

        earshot_demo_render OUTDIR                    writes OUTDIR/NN-slug.wav and OUTDIR/album.tsv
        earshot_demo_render --excerpt SECONDS OUTDIR  writes OUTDIR/excerpt.wav and OUTDIR/excerpt.tsv,
                                                      the first SECONDS of track 1
        earshot_demo_render --levels OUTDIR           also prints each part's level, to balance a mix

    Output is 44.1 kHz, 16-bit stereo PCM WAV, the same bytes on every run.

    Plain C++20 standard library only.
*/

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <numbers>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::demo
{
    constexpr double sampleRate = 44100.0;
    constexpr double twoPi = 2.0 * std::numbers::pi;

    constexpr const char* albumArtist = "The Earshot Ensemble";
    constexpr const char* albumTitle = "First Light";
    constexpr const char* albumDate = "2026";

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

    //==============================================================================
    /** xorshift64*: the same numbers on every platform, unlike <random>'s distributions. */
    class Random final
    {
    public:
        explicit Random (std::uint64_t seed) noexcept
            : state ((seed + 1) * 0x9E3779B97F4A7C15ull | 1)
        {
        }

        std::uint64_t next() noexcept
        {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            return state * 0x2545F4914F6CDD1Dull;
        }

        /** Uniform in [0, 1). */
        float uniform() noexcept { return static_cast<float> (next() >> 40) * (1.0f / 16777216.0f); }

        /** Uniform in [-1, 1). */
        float bipolar() noexcept { return uniform() * 2.0f - 1.0f; }

    private:
        std::uint64_t state;
    };

    //==============================================================================
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

    const SineTable sine;

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

    //==============================================================================
    /** Attack, decay, sustain, release, stepped once per sample. Decay and release are time constants. */
    struct EnvelopeShape
    {
        float attack = 0.005f, decay = 0.3f, sustain = 0.7f, release = 0.2f;
    };

    class Envelope final
    {
    public:
        explicit Envelope (const EnvelopeShape& shape) noexcept
            : attackStep (1.0f / std::max (1.0f, shape.attack * static_cast<float> (sampleRate)))
            , decayCoeff (decayCoefficient (shape.decay))
            , sustain (shape.sustain)
            , releaseCoeff (decayCoefficient (shape.release))
        {
        }

        void release() noexcept { stage = Stage::release; }

        /** True once the sound has died away: released, or decayed to nothing with no sustain. */
        [[nodiscard]] bool isSilent() const noexcept { return stage != Stage::attack && level < 1.0e-4f; }

        float next() noexcept
        {
            switch (stage)
            {
                case Stage::attack:
                    level += attackStep;

                    if (level >= 1.0f)
                    {
                        level = 1.0f;
                        stage = Stage::decay;
                    }

                    break;

                case Stage::decay:
                    level = sustain + (level - sustain) * decayCoeff;
                    break;

                case Stage::release:
                    level *= releaseCoeff;
                    break;
            }

            return level;
        }

    private:
        enum class Stage
        {
            attack,
            decay,
            release
        };

        float attackStep, decayCoeff, sustain, releaseCoeff;
        float level = 0.0f;
        Stage stage = Stage::attack;
    };

    //==============================================================================
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

    //==============================================================================
    /** The whole track in memory: the dry mix plus the reverb and delay send buses. */
    struct Mix
    {
        explicit Mix (std::size_t length)
            : dryLeft (length), dryRight (length), reverbLeft (length), reverbRight (length), delayLeft (length), delayRight (length), duck (length, 1.0f)
        {
        }

        [[nodiscard]] std::size_t size() const noexcept { return dryLeft.size(); }

        std::vector<float> dryLeft, dryRight, reverbLeft, reverbRight, delayLeft, delayRight;

        /** Gain curve pulled down by each kick, applied to "ducked" instruments (side-chain pumping). */
        std::vector<float> duck;
    };

    /** The parts of an arrangement, for the level report. */
    enum class Part
    {
        pad,
        arp,
        bass,
        lead,
        counter,
        drums,
        texture,
        count
    };

    constexpr std::array<const char*, static_cast<std::size_t> (Part::count)> partNames { "pad", "arp", "bass", "lead", "counter", "drums", "texture" };

    /** Sums the energy each part puts into the dry mix (ignoring how notes of a part interfere). */
    struct LevelMeter
    {
        std::array<double, static_cast<std::size_t> (Part::count)> energy {};
    };

    /** Where a voice's output goes. */
    struct Routing
    {
        float reverb = 0.0f, delay = 0.0f;
        bool ducked = false;
        Part part = Part::lead;
    };

    inline void emit (Mix& mix, LevelMeter& meter, const Routing& routing, std::size_t index, float left, float right) noexcept
    {
        if (routing.ducked)
        {
            left *= mix.duck[index];
            right *= mix.duck[index];
        }

        mix.dryLeft[index] += left;
        mix.dryRight[index] += right;
        mix.reverbLeft[index] += left * routing.reverb;
        mix.reverbRight[index] += right * routing.reverb;
        mix.delayLeft[index] += left * routing.delay;
        mix.delayRight[index] += right * routing.delay;
        meter.energy[static_cast<std::size_t> (routing.part)] += static_cast<double> (left * left + right * right);
    }

    //==============================================================================
    /** A synthesizer voice's settings. One struct covers both engines; each ignores the other's fields. */
    struct Patch
    {
        enum class Engine
        {
            subtractive,
            fm
        };

        Engine engine = Engine::subtractive;

        // Subtractive oscillators: levels of each waveform, unison stack and its stereo width.
        float saw = 1.0f, square = 0.0f, sine = 0.0f, subOctave = 0.0f, noise = 0.0f;
        float pulseWidth = 0.5f;
        int unison = 1;
        float detuneCents = 0.0f, width = 0.0f;

        // Subtractive filter: cutoff at middle C, how far it follows the key, its envelope in octaves.
        float cutoff = 2000.0f, keyTrack = 0.0f, envOctaves = 0.0f, filterDecay = 0.3f, resonance = 0.7f;

        // FM: a modulator at `ratio` whose index decays from `index` to `indexSustain`, plus a decaying
        // sine partial at `partialRatio` (the tine of an electric piano, the 4th partial of a vibraphone).
        float ratio = 1.0f, index = 1.0f, indexSustain = 0.2f, indexDecay = 0.5f;
        float partialRatio = 0.0f, partialLevel = 0.0f, partialDecay = 0.1f;

        // Shared.
        EnvelopeShape amp;
        float vibratoCents = 0.0f, vibratoRate = 5.0f, vibratoDelay = 0.3f;
        float wobbleCents = 0.0f; // slow tape-like drift shared by all notes
        float autoPan = 0.0f, autoPanRate = 4.0f;
        float drive = 0.0f;
        float gate = 0.95f; // how much of a short note sounds before it is released (see renderTone)
        float strum = 0.0f; // seconds between the notes of a chord, low to high

        // Mix.
        float gain = 0.2f, pan = 0.0f, reverb = 0.2f, delay = 0.0f;
        bool ducked = false;
    };

    /** One note to render. */
    struct Tone
    {
        double start = 0.0, length = 0.0;
        int pitch = 60;
        float velocity = 0.8f;
        float pan = 0.0f;
        float brightness = 1.0f;
        const Patch* patch = nullptr;
        Part part = Part::lead;
    };

    [[nodiscard]] inline float softClip (float x, float drive) noexcept
    {
        if (drive <= 0.0f)
            return x;

        return fastTanh (x * (1.0f + drive)) / fastTanh (1.0f + drive);
    }

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

    //==============================================================================
    enum class Drum
    {
        kick,
        snare,
        clap,
        closedHat,
        openHat,
        rim,
        crash
    };

    struct Hit
    {
        double time = 0.0;
        Drum drum = Drum::kick;
        float velocity = 1.0f;
    };

    /** A synthesized drum kit's sound and levels. */
    struct DrumKit
    {
        float kickHigh = 150.0f, kickLow = 48.0f, kickPitchDecay = 0.035f, kickDecay = 0.3f, kickClick = 0.3f, kickDrive = 0.5f;
        float snareTone = 190.0f, snareDecay = 0.16f, snareNoiseCutoff = 1800.0f, snareToneMix = 0.4f;
        float hatDecay = 0.045f, openHatDecay = 0.35f, hatCutoff = 7000.0f;
        float lowpass = 18000.0f; // the whole kit's tone: lower for a dusty sampler feel

        float kickGain = 0.9f, snareGain = 0.5f, clapGain = 0.4f, hatGain = 0.12f, openHatGain = 0.12f, rimGain = 0.2f, crashGain = 0.15f;
        float snareReverb = 0.25f, hatReverb = 0.1f;
    };

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

    /** A noise sweep that rises into the next section. */
    struct Riser
    {
        double start = 0.0, length = 0.0;
    };

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

    /** Vinyl hiss and crackle across the whole track, for the lo-fi piece. */
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

    //==============================================================================
    /** Freeverb (Jezar at Dreampoint, public domain): eight combs and four all-passes per channel. */
    class Reverb final
    {
    public:
        Reverb (float roomSize, float damping)
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

        /** Adds the wet signal of the send buses to the dry buses. */
        void process (Mix& mix, float wet, double preDelaySeconds)
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

    /** Ping-pong echo: the send bounces left, right, left, each repeat darker. Feeds the reverb a little. */
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

    //==============================================================================
    /** A chord: pitch classes over a root, and the bass note under it (the slash, if any). */
    struct Chord
    {
        int root = 0, bass = 0;
        std::vector<int> intervals;

        [[nodiscard]] int third() const
        {
            for (int i : intervals)
                if (i == 3 || i == 4)
                    return i;

            return std::find (intervals.begin(), intervals.end(), 5) != intervals.end() ? 5 : 2;
        }

        [[nodiscard]] int fifth() const
        {
            return std::find (intervals.begin(), intervals.end(), 6) != intervals.end() ? 6 : 7;
        }

        [[nodiscard]] int seventh() const
        {
            for (int i : intervals)
                if (i == 10 || i == 11)
                    return i;

            return 12;
        }

        /** Close voicing within an octave around `centre`; five-note chords drop the root (the bass has it). */
        [[nodiscard]] std::vector<int> voicing (int centre) const
        {
            std::vector<int> notes;

            for (std::size_t i = 0; i < intervals.size(); ++i)
            {
                if (intervals.size() >= 5 && i == 0)
                    continue;

                if (intervals.size() >= 6 && intervals[i] == 7)
                    continue;

                const int pitchClass = (root + intervals[i]) % 12;
                notes.push_back (centre - 6 + ((pitchClass - (centre - 6)) % 12 + 12) % 12);
            }

            std::sort (notes.begin(), notes.end());
            return notes;
        }
    };

    [[nodiscard]] int parsePitchClass (std::string_view text, std::size_t& used)
    {
        constexpr std::array<int, 7> naturals { 9, 11, 0, 2, 4, 5, 7 }; // A B C D E F G

        if (text.empty() || text[0] < 'A' || text[0] > 'G')
            throw std::runtime_error ("expected a note letter A-G in \"" + std::string (text) + "\"");

        int pitchClass = naturals[static_cast<std::size_t> (text[0] - 'A')];
        used = 1;

        if (text.size() > 1 && (text[1] == '#' || text[1] == 'b'))
        {
            pitchClass += text[1] == '#' ? 1 : -1;
            used = 2;
        }

        return (pitchClass + 12) % 12;
    }

    [[nodiscard]] Chord parseChord (std::string_view symbol)
    {
        static const std::map<std::string, std::vector<int>, std::less<>> qualities {
            { "", { 0, 4, 7 } },
            { "m", { 0, 3, 7 } },
            { "6", { 0, 4, 7, 9 } },
            { "m6", { 0, 3, 7, 9 } },
            { "7", { 0, 4, 7, 10 } },
            { "maj7", { 0, 4, 7, 11 } },
            { "m7", { 0, 3, 7, 10 } },
            { "m7b5", { 0, 3, 6, 10 } },
            { "9", { 0, 4, 7, 10, 14 } },
            { "maj9", { 0, 4, 7, 11, 14 } },
            { "m9", { 0, 3, 7, 10, 14 } },
            { "m11", { 0, 3, 7, 10, 14, 17 } },
            { "13", { 0, 4, 7, 10, 14, 21 } },
            { "7sus4", { 0, 5, 7, 10 } },
            { "sus2", { 0, 2, 7 } },
            { "sus4", { 0, 5, 7 } },
            { "add9", { 0, 4, 7, 14 } },
        };

        const auto slash = symbol.find ('/');
        const auto name = symbol.substr (0, slash);
        std::size_t used = 0;
        Chord chord;
        chord.root = parsePitchClass (name, used);
        const auto quality = qualities.find (name.substr (used));

        if (quality == qualities.end())
            throw std::runtime_error ("unknown chord quality in \"" + std::string (symbol) + "\"");

        chord.intervals = quality->second;
        chord.bass = chord.root;

        if (slash != std::string_view::npos)
            chord.bass = parsePitchClass (symbol.substr (slash + 1), used);

        return chord;
    }

    /** "C#5" to a MIDI note number (C4 = 60). */
    [[nodiscard]] int parseNote (std::string_view name)
    {
        std::size_t used = 0;
        const int pitchClass = parsePitchClass (name, used);
        const auto octaveText = name.substr (used);

        if (octaveText.empty() || octaveText.find_first_not_of ("0123456789") != std::string_view::npos)
            throw std::runtime_error ("expected an octave number in note \"" + std::string (name) + "\"");

        return 12 * (std::stoi (std::string (octaveText)) + 1) + pitchClass;
    }

    //==============================================================================
    /**
        One passage of a score. Every pattern is a loop of bars separated by '|', repeated to fill
        `bars`; each bar is divided evenly by its number of steps (16 steps = sixteenth notes).

        Melodic lines (`lead`, `counter`) are space-separated tokens: a note ("F#5"), '-' to hold,
        '.' to rest. The other patterns take one character per step (spaces are ignored):
          pad      "~" holds each chord for its length; otherwise 'x' strikes the chord, '-' holds, '.' rests
          arp      '0'-'9' picks a note of the chord's voicing (past the top it climbs an octave)
          bass     '1' root (or slash bass), '3', '5', '7' chord tones, '8' root an octave up,
                   'L' the fifth below, 'a' a semitone under the next chord's root
          drums    'X' accent, 'x' normal, 'o' soft, ',' ghost, '.' nothing
    */
    struct Section
    {
        std::string name {};
        int bars = 4;
        std::string chords {};
        std::string pad {}, arp {}, bass {}, lead {}, counter {};
        std::string kick {}, snare {}, clap {}, hat {}, openHat {}, rim {};
        bool crash = false, riser = false, leadDouble = false;
        float brightStart = 1.0f, brightEnd = 1.0f;
    };

    /** A track: its tags, its sound (patches, kit, effects) and its sections. */
    struct TrackScore
    {
        int number = 1;
        std::string title, slug, genre, key;
        double bpm = 100.0;
        double swing = 0.5; // 0.5 straight, 0.66 triplet feel; applies to the off-steps of 8th and 16th grids
        float humanize = 0.0f;

        int padCentre = 60, bassFloor = 33, arpShift = 12;
        Patch pad, arp, bass, lead, counter;
        DrumKit kit;

        float duckDepth = 0.3f;
        float reverbRoom = 0.8f, reverbDamp = 0.5f, reverbWet = 1.0f;
        double delayBeats = 0.75;
        float delayFeedback = 0.35f;
        float masterLowpass = 0.0f; // 0 for none
        bool vinyl = false;
        float targetRmsDb = -15.0f;

        std::vector<Section> sections;

        [[nodiscard]] double barSeconds() const noexcept { return 4.0 * 60.0 / bpm; }

        [[nodiscard]] int totalBars() const
        {
            int bars = 0;

            for (const auto& section : sections)
                bars += section.bars;

            return bars;
        }

        [[nodiscard]] std::string fileStem() const
        {
            char prefix[8];
            std::snprintf (prefix, sizeof (prefix), "%02d-", number);
            return prefix + slug;
        }
    };

    //==============================================================================
    /** Turns a score into tones, drum hits and risers with absolute times. */
    class Arranger final
    {
    public:
        struct Result
        {
            std::vector<Tone> tones;
            std::vector<Hit> hits;
            std::vector<Riser> risers;
            double musicSeconds = 0.0;
        };

        explicit Arranger (const TrackScore& scoreToArrange)
            : score (scoreToArrange), random (static_cast<std::uint64_t> (scoreToArrange.number) * 1000003)
        {
        }

        Result arrange()
        {
            // chords first, so a bass line can lead into the next section's first chord
            const double bar = score.barSeconds();
            std::vector<std::size_t> firstChords;
            double start = 0.0;

            for (const auto& section : score.sections)
            {
                firstChords.push_back (chords.size());
                addChords (section, start);
                start += section.bars * bar;
            }

            firstChords.push_back (chords.size());
            result.musicSeconds = start;
            start = 0.0;

            for (std::size_t i = 0; i < score.sections.size(); ++i)
            {
                arrangeSection (score.sections[i], start, firstChords[i], firstChords[i + 1]);
                start += score.sections[i].bars * bar;
            }

            return std::move (result);
        }

    private:
        struct ChordSpan
        {
            double start, end;
            Chord chord;
        };

        struct Step
        {
            double start;
            std::string token;
            float brightness;
        };

        struct Segment
        {
            double start, end;
            std::string token;
            float brightness;
        };

        const TrackScore& score;
        Random random;
        Result result;
        std::vector<ChordSpan> chords;

        void addChords (const Section& section, double start)
        {
            const double bar = score.barSeconds();
            const auto bars = splitBars (section.chords);

            for (int b = 0; b < section.bars; ++b)
            {
                const auto symbols = words (bars[static_cast<std::size_t> (b) % bars.size()]);

                if (symbols.empty())
                    throw std::runtime_error ("section \"" + section.name + "\" has a bar without a chord");

                for (std::size_t i = 0; i < symbols.size(); ++i)
                {
                    const double chordStart = start + (b + static_cast<double> (i) / static_cast<double> (symbols.size())) * bar;
                    chords.push_back ({ chordStart, chordStart + bar / static_cast<double> (symbols.size()), parseChord (symbols[i]) });
                }
            }
        }

        void arrangeSection (const Section& section, double start, std::size_t firstChord, std::size_t endChord)
        {
            const double bar = score.barSeconds();
            const double end = start + section.bars * bar;

            if (section.pad == "~")
            {
                for (auto i = firstChord; i < endChord; ++i)
                    addChord (chords[i].chord, chords[i].start, chords[i].end - chords[i].start + 0.05, score.pad, Part::pad, brightnessAt (section, start, chords[i].start), 0.7f);
            }
            else if (! section.pad.empty())
            {
                for (const auto& segment : segmentsOf (steps (section, start, section.pad, false), end))
                {
                    // a held chord that runs into a chord change is struck again on the new chord
                    double t = segment.start;

                    while (t < segment.end - 1.0e-6)
                    {
                        const auto& span = chordAt (t);
                        const double until = std::min (segment.end, span.end);
                        addChord (span.chord, humanizeTime (t), until - t, score.pad, Part::pad, segment.brightness, humanizeVelocity (0.75f));
                        t = until;
                    }
                }
            }

            if (! section.arp.empty())
            {
                for (const auto& segment : segmentsOf (steps (section, start, section.arp, false), end))
                {
                    const auto voicing = chordAt (segment.start).chord.voicing (score.padCentre);
                    const int index = segment.token[0] - '0';

                    if (index < 0 || index > 9)
                        throw std::runtime_error ("section \"" + section.name + "\": unknown arpeggio step '" + segment.token + "'");

                    const int size = static_cast<int> (voicing.size());
                    const int pitch = voicing[static_cast<std::size_t> (index % size)] + 12 * (index / size) + score.arpShift;
                    addTone (segment, pitch, score.arp, Part::arp, humanizeVelocity (segment.token == "0" ? 0.85f : 0.7f));
                }
            }

            if (! section.bass.empty())
            {
                for (const auto& segment : segmentsOf (steps (section, start, section.bass, false), end))
                    addTone (segment, bassPitch (segment.token[0], segment.start, section), score.bass, Part::bass, humanizeVelocity (0.85f));
            }

            for (const auto* line : { &section.lead, &section.counter })
            {
                if (line->empty())
                    continue;

                const bool isLead = line == &section.lead;

                for (const auto& segment : segmentsOf (steps (section, start, *line, true), end))
                {
                    const int pitch = parseNote (segment.token);
                    addTone (segment, pitch, isLead ? score.lead : score.counter, isLead ? Part::lead : Part::counter, humanizeVelocity (0.8f));

                    if (isLead && section.leadDouble)
                        addTone (segment, pitch - 12, score.lead, Part::lead, 0.5f);
                }
            }

            const std::array<std::pair<const std::string*, Drum>, 6> drums { { { &section.kick, Drum::kick },
                                                                               { &section.snare, Drum::snare },
                                                                               { &section.clap, Drum::clap },
                                                                               { &section.hat, Drum::closedHat },
                                                                               { &section.openHat, Drum::openHat },
                                                                               { &section.rim, Drum::rim } } };

            for (const auto& [pattern, drum] : drums)
            {
                if (pattern->empty())
                    continue;

                for (const auto& step : steps (section, start, *pattern, false))
                {
                    const float velocity = drumVelocity (step.token[0], section);

                    if (velocity > 0.0f)
                        result.hits.push_back ({ drum == Drum::kick ? step.start : humanizeTime (step.start), drum, drum == Drum::kick ? velocity : humanizeVelocity (velocity) });
                }
            }

            if (section.crash)
                result.hits.push_back ({ start, Drum::crash, 0.9f });

            if (section.riser)
                result.risers.push_back ({ end - bar, bar });
        }

        //==============================================================================
        [[nodiscard]] static std::vector<std::string> splitBars (const std::string& text)
        {
            std::vector<std::string> bars;
            std::stringstream stream (text);
            std::string bar;

            while (std::getline (stream, bar, '|'))
                bars.push_back (bar);

            return bars;
        }

        [[nodiscard]] static std::vector<std::string> words (const std::string& text)
        {
            std::vector<std::string> out;
            std::stringstream stream (text);
            std::string word;

            while (stream >> word)
                out.push_back (word);

            return out;
        }

        /** Lays a pattern out over a section, with swing on the off-steps of 8th and 16th grids. */
        [[nodiscard]] std::vector<Step> steps (const Section& section, double start, const std::string& pattern, bool spaced) const
        {
            const auto bars = splitBars (pattern);
            const double bar = score.barSeconds();
            std::vector<Step> out;

            for (int b = 0; b < section.bars; ++b)
            {
                std::vector<std::string> tokens;

                if (spaced)
                    tokens = words (bars[static_cast<std::size_t> (b) % bars.size()]);
                else
                    for (char c : bars[static_cast<std::size_t> (b) % bars.size()])
                        if (c != ' ' && c != '\t' && c != '\n')
                            tokens.emplace_back (1, c);

                const auto count = tokens.size();

                if (count == 0 || (count % 4 != 0 && count > 2))
                    throw std::runtime_error ("section \"" + section.name + "\": a bar of \"" + pattern + "\" has " + std::to_string (count) + " steps; use 1, 2 or a multiple of 4");

                const double stepSeconds = bar / static_cast<double> (count);
                const auto perBeat = count / 4;

                for (std::size_t i = 0; i < count; ++i)
                {
                    double t = start + b * bar + static_cast<double> (i) * stepSeconds;

                    if ((perBeat == 2 || perBeat == 4) && i % 2 == 1)
                        t += (score.swing - 0.5) * 2.0 * stepSeconds;

                    out.push_back ({ t, tokens[i], brightnessAt (section, start, t) });
                }
            }

            return out;
        }

        /** Joins held steps into notes. */
        [[nodiscard]] static std::vector<Segment> segmentsOf (const std::vector<Step>& steps, double end)
        {
            std::vector<Segment> out;
            bool open = false;

            for (const auto& step : steps)
            {
                if (step.token == "-")
                    continue;

                if (open)
                    out.back().end = step.start;

                open = step.token != ".";

                if (open)
                    out.push_back ({ step.start, end, step.token, step.brightness });
            }

            return out;
        }

        [[nodiscard]] float brightnessAt (const Section& section, double start, double t) const
        {
            const double x = std::clamp ((t - start) / (section.bars * score.barSeconds()), 0.0, 1.0);
            return static_cast<float> (section.brightStart * std::pow (section.brightEnd / section.brightStart, x));
        }

        [[nodiscard]] const ChordSpan& chordAt (double t) const
        {
            const auto after = std::upper_bound (chords.begin(), chords.end(), t + 1.0e-6, [] (double time, const ChordSpan& span)
                                                 { return time < span.start; });
            return after == chords.begin() ? chords.front() : *(after - 1);
        }

        [[nodiscard]] int bassPitch (char degree, double t, const Section& section) const
        {
            const auto& chord = chordAt (t).chord;
            const auto inRange = [this] (int pitchClass)
            { return score.bassFloor + ((pitchClass - score.bassFloor) % 12 + 12) % 12; };
            const int root = inRange (chord.root);

            switch (degree)
            {
                case '1':
                    return inRange (chord.bass);
                case '3':
                    return root + chord.third();
                case '5':
                    return root + chord.fifth();
                case '7':
                    return root + chord.seventh();
                case '8':
                    return root + 12;
                case 'L':
                    return root + chord.fifth() - 12;
                case 'a':
                {
                    const auto& current = chordAt (t);
                    const auto next = std::find_if (chords.begin(), chords.end(), [&] (const ChordSpan& span)
                                                    { return span.start > current.start + 1.0e-6; });
                    const int target = next == chords.end() ? inRange (current.chord.bass) : inRange (next->chord.bass);
                    return target - 1;
                }
                default:
                    throw std::runtime_error ("section \"" + section.name + "\": unknown bass step '" + std::string (1, degree) + "'");
            }
        }

        [[nodiscard]] float drumVelocity (char symbol, const Section& section) const
        {
            switch (symbol)
            {
                case 'X':
                    return 1.0f;
                case 'x':
                    return 0.8f;
                case 'o':
                    return 0.55f;
                case ',':
                    return 0.3f;
                case '.':
                case '-':
                    return 0.0f;
                default:
                    throw std::runtime_error ("section \"" + section.name + "\": unknown drum step '" + std::string (1, symbol) + "'");
            }
        }

        double humanizeTime (double t) { return std::max (0.0, t + score.humanize * 0.007 * random.bipolar()); }

        float humanizeVelocity (float velocity) { return velocity * (1.0f + (0.04f + 0.1f * score.humanize) * random.bipolar()); }

        void addTone (const Segment& segment, int pitch, const Patch& patch, Part part, float velocity)
        {
            result.tones.push_back ({ humanizeTime (segment.start), segment.end - segment.start, pitch, velocity, 0.0f, segment.brightness, &patch, part });
        }

        void addChord (const Chord& chord, double start, double length, const Patch& patch, Part part, float brightness, float velocity)
        {
            const auto notes = chord.voicing (score.padCentre);
            const float perNote = velocity / std::sqrt (static_cast<float> (notes.size()) / 3.0f);

            for (std::size_t i = 0; i < notes.size(); ++i)
            {
                const double offset = patch.strum * static_cast<double> (i);
                result.tones.push_back ({ start + offset, std::max (0.05, length - offset), notes[i], perNote, 0.0f, brightness, &patch, part });
            }
        }
    };

    //==============================================================================
    /** Side-chain curve: each kick pulls ducked instruments down by `depth`, recovering in ~150 ms. */
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

    /** Look-ahead limiter: the gain reaches its minimum before a peak arrives and recovers smoothly. */
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

    //==============================================================================
    /** A rendered stereo track. */
    struct Rendered
    {
        std::vector<float> left, right;
        float gainReductionDb = 0.0f;
        LevelMeter meter;
    };

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

    //==============================================================================
    /** RIFF INFO tags (INAM title, IART artist, IPRD album, ...) as a LIST chunk's payload: what
        TagLib and most players read from a WAV. */
    std::string riffInfo (const std::vector<std::pair<std::string, std::string>>& tags)
    {
        std::string info = "INFO";
        for (const auto& [id, text] : tags)
        {
            const auto size = static_cast<std::uint32_t> (text.size() + 1);
            info += id;
            for (int shift = 0; shift < 32; shift += 8)
                info.push_back (static_cast<char> ((size >> shift) & 0xff));
            info += text;
            info.push_back ('\0');
            if (size % 2 != 0)
                info.push_back ('\0');
        }
        return info;
    }

    /** An ID3v2.4 tag of UTF-8 text frames (TIT2, TBPM, TKEY, ...), for a WAV's "id3 " chunk.
        RIFF INFO has no field for the tempo or the key, so a WAV carries them the way DJ software
        and tag editors write them: in an ID3v2 chunk. TagLib prefers that chunk to INFO when both
        are there, so it repeats every INFO tag. */
    std::string id3v2Tag (const std::vector<std::pair<std::string, std::string>>& frames)
    {
        const auto syncsafe = [] (std::uint32_t size)
        {
            std::string bytes;
            for (int shift = 21; shift >= 0; shift -= 7)
                bytes.push_back (static_cast<char> ((size >> shift) & 0x7f));
            return bytes;
        };

        std::string body;
        for (const auto& [id, text] : frames)
        {
            body += id;
            body += syncsafe (static_cast<std::uint32_t> (text.size() + 1));
            body += std::string (2, '\0'); // no frame flags
            body.push_back ('\x03'); // UTF-8
            body += text;
        }

        return std::string ("ID3\x04\x00\x00", 6) + syncsafe (static_cast<std::uint32_t> (body.size())) + body;
    }

    /** Writes 16-bit stereo PCM with TPDF dither; little-endian bytes whatever the host. Tags, if
        any, go in a LIST/INFO chunk and an "id3 " chunk after the audio, where many recorders put
        them. */
    void writeWav (const std::filesystem::path& path,
                   const std::vector<float>& left,
                   const std::vector<float>& right,
                   std::size_t frames,
                   const std::string& info = {},
                   const std::string& id3 = {})
    {
        std::ofstream file (path, std::ios::binary);

        if (! file)
            throw std::runtime_error ("cannot write " + path.string() + ": check that the folder exists and is writable");

        const auto put16 = [&file] (std::uint32_t v)
        { file.put (static_cast<char> (v & 0xff)).put (static_cast<char> ((v >> 8) & 0xff)); };
        const auto put32 = [&put16] (std::uint32_t v)
        {
            put16 (v & 0xffff);
            put16 (v >> 16);
        };
        const auto dataBytes = static_cast<std::uint32_t> (frames * 4);

        const auto infoBytes = static_cast<std::uint32_t> (info.empty() ? 0 : 8 + info.size() + (info.size() & 1));
        const auto id3Bytes = static_cast<std::uint32_t> (id3.empty() ? 0 : 8 + id3.size() + (id3.size() & 1));
        file.write ("RIFF", 4);
        put32 (36 + dataBytes + infoBytes + id3Bytes);
        file.write ("WAVEfmt ", 8);
        put32 (16);
        put16 (1); // PCM
        put16 (2);
        put32 (static_cast<std::uint32_t> (sampleRate));
        put32 (static_cast<std::uint32_t> (sampleRate) * 4);
        put16 (4);
        put16 (16);
        file.write ("data", 4);
        put32 (dataBytes);

        Random dither (0xd1);
        std::vector<char> bytes;
        bytes.reserve (frames * 4);

        for (std::size_t n = 0; n < frames; ++n)
        {
            for (const float sample : { left[n], right[n] })
            {
                const float noise = (dither.uniform() - dither.uniform()); // triangular, +-1 LSB
                const auto value = static_cast<std::int16_t> (std::clamp (std::lround (sample * 32767.0f + noise), -32768L, 32767L));
                const auto bits = static_cast<std::uint16_t> (value);
                bytes.push_back (static_cast<char> (bits & 0xff));
                bytes.push_back (static_cast<char> (bits >> 8));
            }
        }

        file.write (bytes.data(), static_cast<std::streamsize> (bytes.size()));

        if (! info.empty())
        {
            file.write ("LIST", 4);
            put32 (static_cast<std::uint32_t> (info.size()));
            file.write (info.data(), static_cast<std::streamsize> (info.size()));
            if (info.size() % 2 != 0)
                file.put ('\0');
        }

        if (! id3.empty())
        {
            file.write ("id3 ", 4);
            put32 (static_cast<std::uint32_t> (id3.size()));
            file.write (id3.data(), static_cast<std::streamsize> (id3.size()));
            if (id3.size() % 2 != 0)
                file.put ('\0'); // chunks of odd size carry a pad byte
        }

        if (! file)
            throw std::runtime_error ("failed writing " + path.string() + ": is the disk full?");
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

    //==============================================================================
    //  The score.
    //==============================================================================

    std::vector<TrackScore> album()
    {
        std::vector<TrackScore> tracks;

        //==============================================================================
        //  1. First Light: downtempo in D minor. Dorian colour, warm pads, a plucked arpeggio
        //  bouncing through the delay, a singing saw lead, an unhurried beat.
        {
            TrackScore t;
            t.number = 1;
            t.title = "First Light";
            t.slug = "first-light";
            t.genre = "Downtempo";
            t.key = "Dm";
            t.bpm = 90.0;
            t.swing = 0.54;
            t.humanize = 0.3f;
            t.padCentre = 62;
            t.bassFloor = 33;
            t.arpShift = 24;

            t.pad.saw = 1.0f;
            t.pad.unison = 3;
            t.pad.detuneCents = 9.0f;
            t.pad.width = 0.85f;
            t.pad.cutoff = 900.0f;
            t.pad.keyTrack = 0.3f;
            t.pad.envOctaves = 0.6f;
            t.pad.filterDecay = 1.5f;
            t.pad.resonance = 0.8f;
            t.pad.amp = { 0.9f, 2.0f, 0.8f, 0.45f };
            t.pad.wobbleCents = 3.0f;
            t.pad.gate = 1.0f;
            t.pad.gain = 0.1f;
            t.pad.reverb = 0.45f;
            t.pad.ducked = true;

            t.arp.saw = 0.6f;
            t.arp.square = 0.4f;
            t.arp.pulseWidth = 0.3f;
            t.arp.cutoff = 500.0f;
            t.arp.keyTrack = 0.5f;
            t.arp.envOctaves = 3.0f;
            t.arp.filterDecay = 0.12f;
            t.arp.resonance = 1.2f;
            t.arp.amp = { 0.002f, 0.25f, 0.0f, 0.1f };
            t.arp.gate = 0.5f;
            t.arp.gain = 0.36f;
            t.arp.pan = 0.15f;
            t.arp.reverb = 0.3f;
            t.arp.delay = 0.35f;
            t.arp.ducked = true;

            t.bass.saw = 0.25f;
            t.bass.sine = 1.0f;
            t.bass.cutoff = 320.0f;
            t.bass.keyTrack = 0.5f;
            t.bass.envOctaves = 1.0f;
            t.bass.filterDecay = 0.15f;
            t.bass.amp = { 0.004f, 0.8f, 0.7f, 0.05f };
            t.bass.drive = 0.6f;
            t.bass.gate = 0.92f;
            t.bass.gain = 0.3f;
            t.bass.reverb = 0.0f;
            t.bass.ducked = true;

            t.lead.saw = 0.7f;
            t.lead.square = 0.3f;
            t.lead.unison = 2;
            t.lead.detuneCents = 6.0f;
            t.lead.width = 0.3f;
            t.lead.cutoff = 1400.0f;
            t.lead.keyTrack = 0.6f;
            t.lead.envOctaves = 1.2f;
            t.lead.filterDecay = 0.4f;
            t.lead.resonance = 0.9f;
            t.lead.amp = { 0.02f, 0.6f, 0.75f, 0.12f };
            t.lead.vibratoCents = 14.0f;
            t.lead.vibratoRate = 5.2f;
            t.lead.vibratoDelay = 0.35f;
            t.lead.gain = 0.5f;
            t.lead.reverb = 0.3f;
            t.lead.delay = 0.22f;

            t.counter.engine = Patch::Engine::fm;
            t.counter.ratio = 3.5f;
            t.counter.index = 2.0f;
            t.counter.indexSustain = 0.1f;
            t.counter.indexDecay = 0.5f;
            t.counter.partialRatio = 7.0f;
            t.counter.partialLevel = 0.12f;
            t.counter.partialDecay = 0.08f;
            t.counter.amp = { 0.002f, 1.4f, 0.0f, 0.4f };
            t.counter.gain = 0.13f;
            t.counter.pan = -0.25f;
            t.counter.reverb = 0.5f;
            t.counter.delay = 0.3f;

            t.kit.kickHigh = 140.0f;
            t.kit.kickLow = 46.0f;
            t.kit.kickPitchDecay = 0.04f;
            t.kit.kickDecay = 0.3f;
            t.kit.kickClick = 0.25f;
            t.kit.kickDrive = 0.6f;
            t.kit.snareTone = 185.0f;
            t.kit.snareDecay = 0.17f;
            t.kit.snareNoiseCutoff = 1500.0f;
            t.kit.snareToneMix = 0.35f;
            t.kit.hatDecay = 0.04f;
            t.kit.openHatDecay = 0.28f;
            t.kit.hatCutoff = 7500.0f;
            t.kit.lowpass = 14000.0f;
            t.kit.hatGain = 0.16f;
            t.kit.snareReverb = 0.35f;

            t.duckDepth = 0.35f;
            t.reverbRoom = 0.82f;
            t.reverbDamp = 0.45f;
            t.delayBeats = 0.75;
            t.delayFeedback = 0.38f;
            t.targetRmsDb = -15.0f;

            const std::string bellIntro = "A5 - - - E5 - - - | F5 - - - D5 - - - | C5 - - - A4 - - - | E5 - - - G5 - - -";
            const std::string arp = "0.2.1.3.2.4.3.1.";
            const std::string hats = "x,o,x,o,x,o,x,o,";
            const std::string kick = "x.........x..... | x......o..x.....";
            const std::string snare = "....x.......x... | ....x.......x.., | ....x.......x... | ....x..,....x.oo";
            const std::string groove = "1-----1-..1---5- | 1-----1-..8-5-a-";

            t.sections = {
                {
                    .name = "intro",
                    .bars = 4,
                    .chords = "Dm9 | Bbmaj7 | Fmaj7 | C6",
                    .pad = "~",
                    .arp = arp,
                    .counter = bellIntro,
                    .brightStart = 0.3f,
                    .brightEnd = 0.8f,
                },
                {
                    .name = "groove",
                    .bars = 4,
                    .chords = "Dm9 | Bbmaj7 | Gm9 | A7sus4 A7",
                    .pad = "~",
                    .arp = arp,
                    .bass = "1---------------",
                    .counter = "A5 - - - E5 - - - | F5 - - - D5 - - - | D5 - - - Bb4 - - - | E5 - - - C#5 - - -",
                    .kick = "x.........x.....",
                    .hat = "x.o.x.o.x.o.x.o.",
                    .rim = "....x.......x...",
                    .riser = true,
                    .brightStart = 0.8f,
                    .brightEnd = 1.0f,
                },
                {
                    .name = "verse",
                    .bars = 16,
                    .chords = "Dm9 | Bbmaj7 | Fmaj7 | C6 | Dm9 | Bbmaj7 | Gm9 | A7sus4 A7",
                    .pad = "~",
                    .arp = arp,
                    .bass = groove,
                    .lead = "A4 - - D5 - - E5 F5 | G5 - - - F5 - D5 - | C5 - - A4 - - C5 E5 | D5 - - C5 - - G4 - "
                            "| A4 - - D5 - - E5 F5 | A5 - - G5 F5 - E5 - | F5 - - D5 - - Bb4 - | E5 - - - C#5 - - . "
                            "| A4 - - D5 - - E5 F5 | G5 - - - A5 - G5 F5 | E5 - - C5 - - A4 - | G4 - - A4 - - C5 - "
                            "| D5 - - - - - E5 F5 | F5 - - E5 D5 - - - | D5 - - - Bb4 - A4 - | A4 - - - . . . .",
                    .kick = kick,
                    .snare = snare,
                    .hat = hats,
                    .crash = true,
                },
                {
                    .name = "breakdown",
                    .bars = 8,
                    .chords = "Gm9 | Bbmaj7 | Dm9 | Csus2 | Gm9 | Bbmaj7 | Dm9 | A7sus4 A7",
                    .pad = "~",
                    .arp = arp,
                    .bass = "1-----------5---",
                    .lead = "D5 - - - - - - - | F5 - - - - - A5 - | E5 - - - - - D5 - | C5 - - - - - - - "
                            "| D5 - - - - - - - | F5 - - - - - A5 - | G5 - - - F5 - E5 - | E5 - - - C#5 - - .",
                    .hat = "x.o.x.o.x.o.x.o.",
                    .rim = "....x.......x...",
                    .riser = true,
                    .brightStart = 0.6f,
                    .brightEnd = 1.0f,
                },
                {
                    .name = "chorus",
                    .bars = 16,
                    .chords = "Bbmaj7 | C6 | Dm9 | F/A | Gm9 | C6 | A7sus4 | A7",
                    .pad = "~",
                    .arp = arp,
                    .bass = groove,
                    .lead = "D5 - F5 - A5 - - G5 | G5 - - E5 - - C5 D5 | E5 - - F5 - D5 - - | C5 - - A4 - - - . "
                            "| D5 - F5 - A5 - C6 - | A5 - G5 - E5 - G5 - | D5 - - E5 - - D5 - | C#5 - - - E5 - - . "
                            "| D5 - F5 - A5 - - G5 | G5 - - E5 - - C5 D5 | E5 - - F5 - D5 - - | C5 - - A4 - - - . "
                            "| D5 - F5 - A5 - C6 - | A5 - G5 - E5 - G5 - | E5 - - - D5 - - - | C#5 - - - A4 - - .",
                    .kick = kick,
                    .snare = snare,
                    .clap = "....o.......o...",
                    .hat = hats,
                    .openHat = "..............x.",
                    .crash = true,
                },
                {
                    .name = "outro",
                    .bars = 4,
                    .chords = "Dm9 | Bbmaj7 | Fmaj7 | C6",
                    .pad = "~",
                    .arp = arp,
                    .bass = "1-----1-..1---5-",
                    .counter = bellIntro,
                    .kick = "x.........x.....",
                    .hat = "x.o.x.o.x.o.x.o.",
                    .rim = "....x.......x...",
                    .crash = true,
                },
                {
                    .name = "ending",
                    .bars = 4,
                    .chords = "Dm9 | Bbmaj7 | A7sus4 A7 | Dm9",
                    .pad = "~",
                    .arp = arp,
                    .bass = "1---------------",
                    .counter = "A5 - - - E5 - - - | F5 - - - D5 - - - | E5 - - - C#5 - - - | D5 - - - - - - -",
                    .brightStart = 1.0f,
                    .brightEnd = 0.3f,
                },
            };

            tracks.push_back (std::move (t));
        }

        //==============================================================================
        //  2. Paper Lanterns: lo-fi jazz-hop in E-flat major. Swung and dusty: an FM electric piano
        //  comping ii-V-I changes, vibraphone melody, a round upright-ish bass, vinyl crackle.
        {
            TrackScore t;
            t.number = 2;
            t.title = "Paper Lanterns";
            t.slug = "paper-lanterns";
            t.genre = "Lo-Fi";
            t.key = "Eb";
            t.bpm = 76.0;
            t.swing = 0.61;
            t.humanize = 1.0f;
            t.padCentre = 62;
            t.bassFloor = 33;

            t.pad.engine = Patch::Engine::fm; // electric piano
            t.pad.ratio = 1.0f;
            t.pad.index = 2.2f;
            t.pad.indexSustain = 0.5f;
            t.pad.indexDecay = 0.7f;
            t.pad.partialRatio = 14.0f;
            t.pad.partialLevel = 0.1f;
            t.pad.partialDecay = 0.03f;
            t.pad.amp = { 0.003f, 1.6f, 0.3f, 0.15f };
            t.pad.autoPan = 0.35f;
            t.pad.autoPanRate = 3.2f;
            t.pad.wobbleCents = 7.0f;
            t.pad.drive = 0.3f;
            t.pad.gate = 0.98f;
            t.pad.strum = 0.012f;
            t.pad.gain = 0.14f;
            t.pad.reverb = 0.3f;

            t.lead.engine = Patch::Engine::fm; // vibraphone
            t.lead.ratio = 1.0f;
            t.lead.index = 0.5f;
            t.lead.indexSustain = 0.05f;
            t.lead.indexDecay = 0.15f;
            t.lead.partialRatio = 4.0f;
            t.lead.partialLevel = 0.35f;
            t.lead.partialDecay = 0.45f;
            t.lead.amp = { 0.002f, 1.3f, 0.0f, 0.3f };
            t.lead.autoPan = 0.25f;
            t.lead.autoPanRate = 5.5f;
            t.lead.wobbleCents = 6.0f;
            t.lead.gate = 1.0f;
            t.lead.gain = 0.16f;
            t.lead.reverb = 0.35f;
            t.lead.delay = 0.12f;

            t.counter.sine = 0.6f; // breathy flute
            t.counter.saw = 0.0f;
            t.counter.square = 0.25f;
            t.counter.noise = 0.04f;
            t.counter.cutoff = 1600.0f;
            t.counter.amp = { 0.18f, 1.0f, 0.8f, 0.2f };
            t.counter.vibratoCents = 18.0f;
            t.counter.vibratoRate = 4.8f;
            t.counter.vibratoDelay = 0.4f;
            t.counter.wobbleCents = 6.0f;
            t.counter.gain = 0.14f;
            t.counter.pan = 0.3f;
            t.counter.reverb = 0.4f;

            t.bass.sine = 1.0f;
            t.bass.saw = 0.12f;
            t.bass.cutoff = 450.0f;
            t.bass.envOctaves = 1.5f;
            t.bass.filterDecay = 0.08f;
            t.bass.amp = { 0.006f, 0.5f, 0.35f, 0.05f };
            t.bass.drive = 0.4f;
            t.bass.wobbleCents = 4.0f;
            t.bass.gate = 0.9f;
            t.bass.gain = 0.38f;
            t.bass.reverb = 0.0f;
            t.bass.ducked = true;

            t.kit.kickHigh = 110.0f;
            t.kit.kickLow = 50.0f;
            t.kit.kickPitchDecay = 0.03f;
            t.kit.kickDecay = 0.22f;
            t.kit.kickClick = 0.1f;
            t.kit.kickDrive = 0.3f;
            t.kit.snareTone = 200.0f;
            t.kit.snareDecay = 0.2f;
            t.kit.snareNoiseCutoff = 1200.0f;
            t.kit.snareToneMix = 0.3f;
            t.kit.hatDecay = 0.03f;
            t.kit.openHatDecay = 0.25f;
            t.kit.hatCutoff = 6500.0f;
            t.kit.lowpass = 8000.0f;
            t.kit.kickGain = 0.85f;
            t.kit.snareGain = 0.55f;
            t.kit.hatGain = 0.14f;
            t.kit.rimGain = 0.22f;
            t.kit.snareReverb = 0.2f;

            t.duckDepth = 0.15f;
            t.reverbRoom = 0.7f;
            t.reverbDamp = 0.6f;
            t.delayBeats = 0.5;
            t.delayFeedback = 0.25f;
            t.masterLowpass = 11000.0f;
            t.vinyl = true;
            t.targetRmsDb = -16.0f;

            const std::string changes = "Fm9 | Bb13 | Ebmaj9 | Cm9 | Abmaj9 | Gm7 | Fm9 | Bb7sus4 Bb7";
            const std::string comp = "x-----x-------.. | x-------..x-x---";
            const std::string bass = "1------1-.5---a.";
            // clang-format off
            const std::string theme = ". C5 Eb5 G5 - - F5 Eb5 | F5 - - - D5 - C5 - | D5 - - Bb4 - - G4 - | Bb4 - C5 - D5 - Eb5 - "
                                      "| G5 - - - - - Eb5 F5 | G5 - F5 - D5 - - Bb4 | C5 - - Eb5 - - Ab5 G5 | F5 - - Eb5 - D5 - - "
                                      "| . C5 Eb5 G5 - - Ab5 G5 | F5 - - - D5 - C5 Bb4 | G4 - - Bb4 - - D5 - | Eb5 - - - D5 - C5 - "
                                      "| C5 - - Eb5 - - G5 - | F5 - - - D5 - Bb4 - | Ab4 - C5 - Eb5 - G5 - | F5 - - - . . . .";
            // clang-format on
            const std::string guideTones = "Ab4 - - - - - - - | Ab4 - - - - - - - | G4 - - - - - - - | G4 - - - - - - - "
                                           "| G4 - - - - - - - | F4 - - - - - - - | Eb4 - - - - - - - | D4 - - - - - - -";
            const std::string hats = "x.o.x.o,x.o.x.o,";

            t.sections = {
                {
                    .name = "intro",
                    .bars = 4,
                    .chords = "Fm9 | Bb13 | Ebmaj9 | Cm9",
                    .pad = "x---------------",
                    .brightStart = 0.35f,
                    .brightEnd = 1.0f,
                },
                {
                    .name = "theme",
                    .bars = 16,
                    .chords = changes,
                    .pad = comp,
                    .bass = bass,
                    .lead = theme,
                    .kick = "X.........x..... | X......o..x.....",
                    .snare = "....X.......X... | ....X..,....X.,.",
                    .hat = hats,
                },
                {
                    .name = "bridge",
                    .bars = 8,
                    .chords = "Abmaj9 | Bb13 | Gm7 | C7 | Fm9 | Bb13 | Ebmaj9 | Bb7sus4 Bb7",
                    .pad = "x-------x-------",
                    .bass = "1---------5---a.",
                    .lead = "Eb5 - - - C5 - Bb4 C5 | D5 - - - - - . . | Bb4 - D5 - F5 - - D5 | E5 - - - - - G5 - "
                            "| Ab5 - - G5 - - F5 - | D5 - - - F5 - - G5 | G5 - - - - - - . | F5 - - Eb5 - - D5 -",
                    .kick = "X.........x.....",
                    .hat = "x.o.x.o.x.o.x.o.",
                    .rim = "....x.......x...",
                },
                {
                    .name = "theme again",
                    .bars = 16,
                    .chords = changes,
                    .pad = comp,
                    .bass = bass,
                    .lead = theme,
                    .counter = guideTones,
                    .kick = "X.........x..... | X......o..x.....",
                    .snare = "....X.......X... | ....X..,....X.,. | ....X.......X... | ....X..,....X,oo",
                    .hat = hats,
                    .openHat = "..............o.",
                },
                {
                    .name = "outro",
                    .bars = 4,
                    .chords = "Fm9 | Bb13 | Ebmaj9 | Ebmaj9",
                    .pad = "x---------------",
                    .lead = ". C5 Eb5 G5 - - F5 Eb5 | F5 - - - D5 - - - | Eb5 - - - - - - - | . . . . . . . .",
                    .brightStart = 1.0f,
                    .brightEnd = 0.45f,
                },
            };

            tracks.push_back (std::move (t));
        }

        //==============================================================================
        //  3. Neon Tide: synthwave in F-sharp minor. Four-on-the-floor, octave-pumping bass under a
        //  side-chained Juno-style pad, a sixteenth-note arpeggio, a bright detuned lead.
        {
            TrackScore t;
            t.number = 3;
            t.title = "Neon Tide";
            t.slug = "neon-tide";
            t.genre = "Synthwave";
            t.key = "F#m";
            t.bpm = 112.0;
            t.swing = 0.5;
            t.humanize = 0.15f;
            t.padCentre = 62;
            t.bassFloor = 28;
            t.arpShift = 12;

            t.pad.saw = 1.0f;
            t.pad.unison = 4;
            t.pad.detuneCents = 14.0f;
            t.pad.width = 1.0f;
            t.pad.cutoff = 2200.0f;
            t.pad.keyTrack = 0.3f;
            t.pad.envOctaves = 0.3f;
            t.pad.filterDecay = 1.0f;
            t.pad.amp = { 0.35f, 1.5f, 0.85f, 0.3f };
            t.pad.gate = 1.0f;
            t.pad.gain = 0.1f;
            t.pad.reverb = 0.5f;
            t.pad.ducked = true;

            t.arp.saw = 0.2f;
            t.arp.square = 0.8f;
            t.arp.cutoff = 1200.0f;
            t.arp.keyTrack = 0.6f;
            t.arp.envOctaves = 2.5f;
            t.arp.filterDecay = 0.09f;
            t.arp.resonance = 1.5f;
            t.arp.amp = { 0.001f, 0.14f, 0.0f, 0.05f };
            t.arp.gate = 0.5f;
            t.arp.gain = 0.18f;
            t.arp.reverb = 0.25f;
            t.arp.delay = 0.3f;
            t.arp.ducked = true;

            t.bass.saw = 1.0f;
            t.bass.sine = 0.4f;
            t.bass.cutoff = 350.0f;
            t.bass.keyTrack = 0.4f;
            t.bass.envOctaves = 2.2f;
            t.bass.filterDecay = 0.12f;
            t.bass.resonance = 1.1f;
            t.bass.amp = { 0.002f, 0.25f, 0.6f, 0.03f };
            t.bass.gate = 0.7f;
            t.bass.drive = 0.5f;
            t.bass.gain = 0.48f;
            t.bass.reverb = 0.0f;
            t.bass.ducked = true;

            t.lead.saw = 0.8f;
            t.lead.square = 0.4f;
            t.lead.unison = 3;
            t.lead.detuneCents = 8.0f;
            t.lead.width = 0.4f;
            t.lead.cutoff = 2600.0f;
            t.lead.keyTrack = 0.5f;
            t.lead.envOctaves = 1.0f;
            t.lead.filterDecay = 0.5f;
            t.lead.resonance = 0.8f;
            t.lead.amp = { 0.01f, 0.8f, 0.8f, 0.12f };
            t.lead.vibratoCents = 15.0f;
            t.lead.vibratoRate = 5.5f;
            t.lead.vibratoDelay = 0.3f;
            t.lead.gain = 0.4f;
            t.lead.reverb = 0.35f;
            t.lead.delay = 0.28f;

            t.kit.kickHigh = 160.0f;
            t.kit.kickLow = 50.0f;
            t.kit.kickPitchDecay = 0.035f;
            t.kit.kickDecay = 0.33f;
            t.kit.kickClick = 0.35f;
            t.kit.kickDrive = 0.8f;
            t.kit.snareTone = 180.0f;
            t.kit.snareDecay = 0.25f;
            t.kit.snareNoiseCutoff = 1200.0f;
            t.kit.snareToneMix = 0.3f;
            t.kit.hatDecay = 0.035f;
            t.kit.openHatDecay = 0.22f;
            t.kit.hatCutoff = 8000.0f;
            t.kit.lowpass = 16000.0f;
            t.kit.kickGain = 0.75f;
            t.kit.snareGain = 0.4f;
            t.kit.hatGain = 0.15f;
            t.kit.clapGain = 0.3f;
            t.kit.crashGain = 0.14f;
            t.kit.snareReverb = 0.55f;

            t.duckDepth = 0.45f;
            t.reverbRoom = 0.88f;
            t.reverbDamp = 0.35f;
            t.delayBeats = 0.75;
            t.delayFeedback = 0.4f;
            t.targetRmsDb = -14.5f;

            const std::string verseChords = "F#m | D | A | E";
            const std::string chorusChords = "D | E | C#m | F#m | Bm | D | Esus4 | E";
            const std::string arp = "0123432101234321";
            const std::string four = "x...x...x...x...";
            const std::string snare = "....x.......x... | ....x.......x... | ....x.......x... | ....x.......xoxX";
            const std::string hats = "x,x,x,x,x,x,x,x,";
            const std::string verseBass = "1.1.8.1.1.1.8.1.";
            const std::string hook = "A5 - - - - - F#5 - | G#5 - - - - - E5 - | E5 - - - G#5 - - E5 | F#5 - - - - - - . "
                                     "| D5 - - - F#5 - B5 - | A5 - - - - - F#5 - | B5 - - - A5 - - - | G#5 - - - - - . .";

            t.sections = {
                {
                    .name = "intro",
                    .bars = 4,
                    .chords = verseChords,
                    .pad = "~",
                    .arp = arp,
                    .brightStart = 0.15f,
                    .brightEnd = 0.6f,
                },
                {
                    .name = "lift-off",
                    .bars = 4,
                    .chords = verseChords,
                    .pad = "~",
                    .arp = arp,
                    .bass = "1---------------",
                    .kick = four,
                    .riser = true,
                    .brightStart = 0.6f,
                    .brightEnd = 1.0f,
                },
                {
                    .name = "verse",
                    .bars = 16,
                    .chords = verseChords,
                    .pad = "~",
                    .arp = arp,
                    .bass = verseBass,
                    .lead = "C#5 - - - A4 - B4 C#5 | D5 - - - C#5 - A4 - | E5 - - - C#5 - - B4 | B4 - - - G#4 - - . "
                            "| C#5 - - - A4 - B4 C#5 | F#5 - - - E5 - D5 - | E5 - - - C#5 - A4 - | B4 - - - - - . . "
                            "| C#5 - - - A4 - B4 C#5 | D5 - - - C#5 - A4 - | E5 - - - A5 - - G#5 | G#5 - - - E5 - - . "
                            "| F#5 - - - E5 - C#5 - | D5 - - - F#5 - A5 - | E5 - - - C#5 - E5 - | B4 - - - - - . .",
                    .kick = "x.......x....... | x.......x.x.....",
                    .snare = snare,
                    .hat = hats,
                    .crash = true,
                },
                {
                    .name = "chorus",
                    .bars = 16,
                    .chords = chorusChords,
                    .pad = "~",
                    .arp = arp,
                    .bass = "1.8.1.8.1.8.1.8.",
                    .lead = hook,
                    .kick = four,
                    .snare = snare,
                    .clap = "....x.......x...",
                    .hat = "x,.,x,.,x,.,x,.,",
                    .openHat = "..x...x...x...x.",
                    .crash = true,
                },
                {
                    .name = "break",
                    .bars = 8,
                    .chords = "Bm | D | A | E",
                    .pad = "~",
                    .arp = arp,
                    .bass = "1---------------",
                    .lead = "D5 - - - - - - - | F#5 - - - E5 - - - | C#5 - - - - - - - | B4 - - - - - - - "
                            "| D5 - - - - - - - | F#5 - - - A5 - - - | E5 - - - - - C#5 - | B4 - - - - - . .",
                    .riser = true,
                    .brightStart = 0.5f,
                    .brightEnd = 1.0f,
                },
                {
                    .name = "last chorus",
                    .bars = 16,
                    .chords = chorusChords,
                    .pad = "~",
                    .arp = arp,
                    .bass = "1.8.1.8.1.8.1.8.",
                    .lead = hook,
                    .kick = four,
                    .snare = snare,
                    .clap = "....x.......x...",
                    .hat = "x,.,x,.,x,.,x,.,",
                    .openHat = "..x...x...x...x.",
                    .crash = true,
                    .leadDouble = true,
                },
                {
                    .name = "outro",
                    .bars = 4,
                    .chords = verseChords,
                    .pad = "~",
                    .arp = arp,
                    .bass = verseBass,
                    .kick = four,
                    .snare = "....x.......x...",
                    .hat = hats,
                    .crash = true,
                },
                {
                    .name = "fade",
                    .bars = 4,
                    .chords = "F#m | D | E | F#m",
                    .pad = "~",
                    .arp = arp,
                    .bass = "1---------------",
                    .brightStart = 1.0f,
                    .brightEnd = 0.2f,
                },
            };

            tracks.push_back (std::move (t));
        }

        return tracks;
    }

    //==============================================================================
    std::string tsvHeader()
    {
        return "track\ttitle\tslug\tbpm\tkey\tgenre\tartist\talbum\tdate\ttracktotal\tseconds\n";
    }

    /** The tempo as the tsv and every tag write it: "90", "76", "112.5". */
    std::string bpmText (double bpm)
    {
        char text[64];
        std::snprintf (text, sizeof (text), "%g", bpm);
        return text;
    }

    /** A WAV's RIFF INFO tags: everything the tsv says except the tempo and key, which INFO has no
        field for (they go in the ID3v2 chunk, wavId3Tags). */
    std::string wavInfoTags (const TrackScore& track, const std::string& title)
    {
        const auto number = std::to_string (track.number);
        return riffInfo ({ { "INAM", title }, { "IART", albumArtist }, { "IPRD", albumTitle }, { "IGNR", track.genre }, { "ICRD", albumDate }, { "ITRK", number }, { "IPRT", number } });
    }

    /** A WAV's ID3v2 chunk: the INFO tags again, with the tempo (TBPM) and key (TKEY). */
    std::string wavId3Tags (const TrackScore& track, const std::string& title, int trackTotal)
    {
        const auto number = std::to_string (track.number) + "/" + std::to_string (trackTotal);
        return id3v2Tag ({ { "TIT2", title }, { "TPE1", albumArtist }, { "TALB", albumTitle }, { "TCON", track.genre }, { "TDRC", albumDate }, { "TRCK", number }, { "TBPM", bpmText (track.bpm) }, { "TKEY", track.key } });
    }

    std::string tsvRow (const TrackScore& track, const std::string& title, const std::string& slug, int trackTotal, double seconds)
    {
        char numbers[64];
        std::ostringstream row;
        row << track.number << '\t' << title << '\t' << slug << '\t' << bpmText (track.bpm) << '\t' << track.key << '\t' << track.genre << '\t'
            << albumArtist << '\t' << albumTitle << '\t' << albumDate << '\t' << trackTotal << '\t';
        std::snprintf (numbers, sizeof (numbers), "%.3f", seconds);
        row << numbers << '\n';
        return row.str();
    }

    void writeText (const std::filesystem::path& path, const std::string& text)
    {
        std::ofstream file (path, std::ios::binary);
        file << text;

        if (! file)
            throw std::runtime_error ("cannot write " + path.string() + ": check that the folder is writable");
    }

    int run (int argc, char** argv)
    {
        std::vector<std::string> args (argv + 1, argv + argc);
        double excerptSeconds = 0.0;
        bool levels = false;
        std::filesystem::path outDir;

        bool understood = true;

        for (std::size_t i = 0; i < args.size(); ++i)
        {
            if (args[i] == "--excerpt" && i + 1 < args.size())
            {
                std::size_t used = 0;
                const auto& text = args[++i];

                try
                {
                    excerptSeconds = std::stod (text, &used);
                }
                catch (const std::exception&)
                {
                    used = 0;
                }

                if (used != text.size() || excerptSeconds <= 0.0)
                    throw std::runtime_error ("--excerpt wants a number of seconds greater than 0, not \"" + text + "\"");
            }
            else if (args[i] == "--levels")
                levels = true;
            else if (outDir.empty() && ! args[i].starts_with ("--"))
                outDir = args[i];
            else
                understood = false;
        }

        if (! understood || outDir.empty())
        {
            std::cerr << "usage: earshot_demo_render [--excerpt SECONDS] [--levels] OUTDIR\n"
                         "  renders the demo album \"First Light\" to OUTDIR/NN-slug.wav and OUTDIR/album.tsv,\n"
                         "  or with --excerpt the first SECONDS of track 1 to OUTDIR/excerpt.wav and OUTDIR/excerpt.tsv\n";
            return 2;
        }

        std::filesystem::create_directories (outDir);
        const auto tracks = album();
        const auto trackTotal = static_cast<int> (tracks.size());

        if (excerptSeconds > 0.0)
        {
            const auto& track = tracks.front();
            auto rendered = render (track);
            const std::size_t frames = std::min (rendered.left.size(), toSamples (excerptSeconds));
            const std::size_t fade = std::min (frames, toSamples (0.5));

            for (std::size_t n = 0; n < fade; ++n)
            {
                const auto g = static_cast<float> (n) / static_cast<float> (fade);
                rendered.left[frames - 1 - n] *= g;
                rendered.right[frames - 1 - n] *= g;
            }

            const auto title = track.title + " (Excerpt)";
            writeWav (outDir / "excerpt.wav", rendered.left, rendered.right, frames, wavInfoTags (track, title), wavId3Tags (track, title, trackTotal));
            writeText (outDir / "excerpt.tsv", tsvHeader() + tsvRow (track, track.title + " (Excerpt)", "excerpt", trackTotal, static_cast<double> (frames) / sampleRate));
            std::printf ("excerpt.wav: %.1f s of \"%s\"\n", static_cast<double> (frames) / sampleRate, track.title.c_str());
            return 0;
        }

        std::string tsv = tsvHeader();

        for (const auto& track : tracks)
        {
            const auto started = std::chrono::steady_clock::now();
            const auto rendered = render (track);
            const auto path = outDir / (track.fileStem() + ".wav");
            writeWav (path, rendered.left, rendered.right, rendered.left.size(), wavInfoTags (track, track.title), wavId3Tags (track, track.title, trackTotal));
            const double seconds = static_cast<double> (rendered.left.size()) / sampleRate;
            const double took = std::chrono::duration<double> (std::chrono::steady_clock::now() - started).count();
            tsv += tsvRow (track, track.title, track.slug, trackTotal, seconds);
            std::printf ("%s: \"%s\", %d:%04.1f, %d bars at %g BPM, limiter %.1f dB, rendered in %.1f s\n",
                         path.filename().string().c_str(),
                         track.title.c_str(),
                         static_cast<int> (seconds) / 60,
                         std::fmod (seconds, 60.0),
                         track.totalBars(),
                         track.bpm,
                         rendered.gainReductionDb,
                         took);

            if (levels)
                printLevels (rendered);
        }

        writeText (outDir / "album.tsv", tsv);
        return 0;
    }
} // namespace earshot::demo

int main (int argc, char** argv)
{
    try
    {
        return earshot::demo::run (argc, argv);
    }
    catch (const std::exception& e)
    {
        std::cerr << "earshot_demo_render: " << e.what() << '\n';
        return 1;
    }
}
