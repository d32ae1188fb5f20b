#pragma once

#include "Synth/Mix.h"

namespace earshot::demo
{
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

    /** Adds one synthesized drum hit, played on `kit`, to the mix. */
    void renderHit (const Hit& hit, const DrumKit& kit, Mix& mix, LevelMeter& meter);
} // namespace earshot::demo
