#include "MusicalKey.h"

#include <array>
#include <cctype>

namespace earshot::musicalKey
{
    namespace
    {
        std::string lowered (std::string_view text)
        {
            std::string result;
            for (const auto c : text)
                if (c != ' ')
                    result += static_cast<char> (std::tolower (static_cast<unsigned char> (c)));
            return result;
        }
    } // namespace

    std::optional<Key> parse (std::string_view text)
    {
        while (! text.empty() && text.front() == ' ')
            text.remove_prefix (1);
        while (! text.empty() && text.back() == ' ')
            text.remove_suffix (1);
        if (text.empty())
            return std::nullopt;

        constexpr std::array<int, 7> naturals { 9, 11, 0, 2, 4, 5, 7 }; // A B C D E F G
        const auto letter = std::toupper (static_cast<unsigned char> (text.front()));
        if (letter < 'A' || letter > 'G')
            return std::nullopt;
        Key key;
        key.tonic = naturals[static_cast<std::size_t> (letter - 'A')];
        text.remove_prefix (1);

        if (text.substr (0, 1) == "#" || text.substr (0, 3) == "\xe2\x99\xaf") // '#' or U+266F
        {
            key.tonic += 1;
            text.remove_prefix (text.front() == '#' ? 1 : 3);
        }
        else if (text.substr (0, 1) == "b" || text.substr (0, 3) == "\xe2\x99\xad") // 'b' or U+266D
        {
            key.tonic += 11;
            text.remove_prefix (text.front() == 'b' ? 1 : 3);
        }
        key.tonic %= 12;

        const auto mode = lowered (text);
        if (mode == "m" || mode == "min" || mode == "minor")
            key.minor = true;
        else if (! (mode.empty() || mode == "maj" || mode == "major"))
            return std::nullopt;
        return key;
    }

    std::string nameOf (const Key& key)
    {
        // Sharps or flats as the key signature has them.
        static constexpr std::array<const char*, 12> majors { "C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B" };
        static constexpr std::array<const char*, 12> minors { "C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B" };
        const auto tonic = static_cast<std::size_t> (((key.tonic % 12) + 12) % 12);
        return key.minor ? std::string (minors[tonic]) + "m" : std::string (majors[tonic]);
    }

    std::vector<std::string> allNames()
    {
        std::vector<std::string> names;
        for (const bool minor : { false, true })
            for (int tonic = 0; tonic < 12; ++tonic)
                names.push_back (nameOf ({ tonic, minor }));
        return names;
    }

    std::optional<int> proposedShift (std::string_view trackKey, std::string_view sessionKey)
    {
        const auto from = parse (trackKey);
        const auto to = parse (sessionKey);
        if (! from || ! to)
            return std::nullopt;
        // A minor key's relative major is three semitones up: compare the two as majors.
        const auto relativeMajor = [] (const Key& key)
        { return (key.tonic + (key.minor ? 3 : 0)) % 12; };
        auto shift = (relativeMajor (*to) - relativeMajor (*from) + 12) % 12;
        if (shift > 6)
            shift -= 12;
        return shift;
    }
} // namespace earshot::musicalKey
