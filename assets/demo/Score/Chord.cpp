#include "Score/Chord.h"

#include <array>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>

namespace earshot::demo
{
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
    [[nodiscard]] int parseNote (std::string_view name)
    {
        std::size_t used = 0;
        const int pitchClass = parsePitchClass (name, used);
        const auto octaveText = name.substr (used);

        if (octaveText.empty() || octaveText.find_first_not_of ("0123456789") != std::string_view::npos)
            throw std::runtime_error ("expected an octave number in note \"" + std::string (name) + "\"");

        return 12 * (std::stoi (std::string (octaveText)) + 1) + pitchClass;
    }
} // namespace earshot::demo
