#include "Score/Album.h"

#include <string>

namespace earshot::demo
{
    // 1. First Light: downtempo in D minor. Dorian colour, warm pads, a plucked arpeggio
    // bouncing through the delay, a singing saw lead, an unhurried beat.
    TrackScore firstLight()
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

        return t;
    }
} // namespace earshot::demo
