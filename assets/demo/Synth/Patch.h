#pragma once

#include "Synth/Envelope.h"
#include "Synth/Mix.h"

namespace earshot::demo
{
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
} // namespace earshot::demo
