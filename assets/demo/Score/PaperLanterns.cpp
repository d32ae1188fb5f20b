#include "Score/Album.h"

#include <string>

namespace earshot::demo
{
    // 2. Paper Lanterns: lo-fi jazz-hop in E-flat major. Swung and dusty: an FM electric piano
    // comping ii-V-I changes, vibraphone melody, a round upright-ish bass, vinyl crackle.
    TrackScore paperLanterns()
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

        return t;
    }
} // namespace earshot::demo
