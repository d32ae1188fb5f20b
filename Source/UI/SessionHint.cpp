#include "SessionHint.h"

#include <cmath>

namespace earshot
{
    std::pair<double, double> SessionHint::bpmRangeAround (double tempo)
    {
        if (! (tempo > 0.0) || ! std::isfinite (tempo))
            return { 0.0, 0.0 };
        const auto centre = std::round (tempo);
        return { std::max (1.0, centre - bpmWindow), centre + bpmWindow };
    }

    namespace
    {
        /** By semitone from C: the spelling of the major key, then of the minor key. */
        constexpr const char* majorNames[] = { "C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B" };
        constexpr const char* minorNames[] = { "Cm", "C#m", "Dm", "Ebm", "Em", "Fm", "F#m", "Gm", "G#m", "Am", "Bbm", "Bm" };
    } // namespace

    const juce::StringArray& SessionHint::keyNames()
    {
        static const juce::StringArray names = []
        {
            juce::StringArray all;
            for (int semitone = 0; semitone < 12; ++semitone)
            {
                all.add (majorNames[semitone]);
                all.add (minorNames[semitone]);
            }
            return all;
        }();
        return names;
    }

    juce::String SessionHint::pickerKeyOf (const juce::String& input)
    {
        auto text = input.trim().toLowerCase().removeCharacters (" ");
        if (text.isEmpty())
            return {};
        static const int rootSemitones[] = { 9, 11, 0, 2, 4, 5, 7 }; // a b c d e f g
        const auto letter = text[0];
        if (letter < 'a' || letter > 'g')
            return {};
        int semitone = rootSemitones[letter - 'a'];
        text = text.substring (1);
        if (text.startsWithChar ('#') || text.startsWith (juce::CharPointer_UTF8 ("\xe2\x99\xaf")))
        {
            ++semitone;
            text = text.substring (1);
        }
        else if (text.startsWithChar ('b') || text.startsWith (juce::CharPointer_UTF8 ("\xe2\x99\xad")))
        {
            --semitone;
            text = text.substring (1);
        }
        semitone = (semitone + 12) % 12;

        bool minor = false;
        if (text.isEmpty() || text == "maj" || text == "major")
            minor = false;
        else if (text == "m" || text == "min" || text == "minor")
            minor = true;
        else
            return {};
        return minor ? minorNames[semitone] : majorNames[semitone];
    }
} // namespace earshot
