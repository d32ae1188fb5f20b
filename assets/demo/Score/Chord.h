#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

namespace earshot::demo
{
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

    /** "C", "F#", "Bb" at the start of `text` to a pitch class (C = 0); `used` is how many characters it read. */
    [[nodiscard]] int parsePitchClass (std::string_view text, std::size_t& used);

    /** A chord symbol ("Dm9", "F/A", "A7sus4") to its notes. Throws on one it does not know. */
    [[nodiscard]] Chord parseChord (std::string_view symbol);

    /** "C#5" to a MIDI note number (C4 = 60). */
    [[nodiscard]] int parseNote (std::string_view name);
} // namespace earshot::demo
