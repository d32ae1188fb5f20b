#include "Score/Album.h"

#include <string>

namespace earshot::demo
{
    // 3. Neon Tide: synthwave in F-sharp minor. Four-on-the-floor, octave-pumping bass under a
    // side-chained Juno-style pad, a sixteenth-note arpeggio, a bright detuned lead.
    TrackScore neonTide()
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

        return t;
    }
} // namespace earshot::demo
