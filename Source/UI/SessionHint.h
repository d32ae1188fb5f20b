#pragma once

#include <juce_core/juce_core.h>

#include <utility>

namespace earshot
{
    /** What the host's session says about the music a producer is making: its tempo and its key.
        The plugin's editor gives the search a function that reads it from the processor; the app
        has none. */
    struct SessionHint
    {
        /** The host's tempo in BPM; 0 when the host has not told it. */
        double tempo = 0.0;
        /** The session's key as the processor has it ("Am", "A minor", "F# major"); empty when unknown. */
        juce::String key;

        /** BPM either side of the session's tempo that "matches my session" searches: a track a
            few BPM off is warped to the session's tempo without audible artefacts. */
        static constexpr double bpmWindow = 4.0;

        /** The BPM range "matches my session" searches: the tempo, rounded to a whole BPM, plus and
            minus bpmWindow; nothing (0, 0) for an unknown tempo. */
        [[nodiscard]] static std::pair<double, double> bpmRangeAround (double tempo);

        /** A key as the search's key picker spells it (one of keyNames), for "Am", "A minor",
            "a min", "G#", "Ab major", "D#m", "Eb minor" and the like; empty for text that is no
            key. The hub compares keys as text, so every spelling of a key becomes the one the
            picker offers. */
        [[nodiscard]] static juce::String pickerKeyOf (const juce::String& text);

        /** The 24 keys the picker offers, major then minor on each root from C, in the spellings
            most tags use: C# and F#, Eb, Ab and Bb for the black keys' majors; C#m, Ebm, F#m, G#m
            and Bbm for their minors. */
        [[nodiscard]] static const juce::StringArray& keyNames();
    };
} // namespace earshot
