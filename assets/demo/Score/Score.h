#pragma once

#include "Synth/Drums.h"
#include "Synth/Patch.h"

#include <cstdio>
#include <string>
#include <vector>

namespace earshot::demo
{
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
} // namespace earshot::demo
