#include "ChartRanking.h"

#include <algorithm>
#include <cwctype>
#include <map>

namespace earshot
{
    namespace
    {
        /** A code point and where its bytes start. */
        struct CodePoint
        {
            char32_t value = 0;
            std::size_t offset = 0;
        };

        /** The code points of UTF-8 text; a byte that starts no valid sequence stands for itself. */
        std::vector<CodePoint> decode (std::string_view text)
        {
            std::vector<CodePoint> points;
            std::size_t i = 0;
            while (i < text.size())
            {
                const auto lead = static_cast<unsigned char> (text[i]);
                const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2
                                                         : (lead >> 4) == 14  ? 3
                                                         : (lead >> 3) == 30  ? 4
                                                                              : 1;
                char32_t value = length == 1 ? lead : lead & (0x7f >> length);
                std::size_t used = 1;
                for (; used < length && i + used < text.size(); ++used)
                {
                    const auto next = static_cast<unsigned char> (text[i + used]);
                    if ((next & 0xc0) != 0x80)
                        break;
                    value = (value << 6) | (next & 0x3f);
                }
                if (used < length)
                {
                    value = lead;
                    used = 1;
                }
                points.push_back ({ value, i });
                i += used;
            }
            return points;
        }

        bool isSpace (char32_t c) { return c != 0 && std::iswspace (static_cast<std::wint_t> (c)) != 0; }
        bool isDigit (char32_t c) { return c != 0 && std::iswdigit (static_cast<std::wint_t> (c)) != 0; }
        bool isLetterOrDigit (char32_t c) { return c != 0 && std::iswalnum (static_cast<std::wint_t> (c)) != 0; }
        char32_t upper (char32_t c) { return static_cast<char32_t> (std::towupper (static_cast<std::wint_t> (c))); }

        /** Reads code points, giving 0 at the end, as a C string would. */
        struct Reader
        {
            const std::vector<CodePoint>* points = nullptr;
            std::size_t at = 0;

            [[nodiscard]] char32_t peek() const { return at < points->size() ? (*points)[at].value : 0; }
            char32_t next()
            {
                const auto c = peek();
                if (at < points->size())
                    ++at;
                return c;
            }
        };

        /** Digit runs, neither starting with 0: the longer is greater, else the first difference. */
        int compareRight (Reader a, Reader b)
        {
            for (int bias = 0;;)
            {
                const auto c1 = a.next(), c2 = b.next();
                const bool digit1 = isDigit (c1), digit2 = isDigit (c2);
                if (! (digit1 || digit2))
                    return bias;
                if (! digit1)
                    return -1;
                if (! digit2)
                    return 1;
                if (c1 != c2 && bias == 0)
                    bias = c1 < c2 ? -1 : 1;
            }
        }

        /** Digit runs with a leading 0 compare as fractions, digit by digit. */
        int compareLeft (Reader a, Reader b)
        {
            for (;;)
            {
                const auto c1 = a.next(), c2 = b.next();
                const bool digit1 = isDigit (c1), digit2 = isDigit (c2);
                if (! (digit1 || digit2))
                    return 0;
                if (! digit1)
                    return -1;
                if (! digit2)
                    return 1;
                if (c1 != c2)
                    return c1 < c2 ? -1 : 1;
            }
        }

        std::string trimmed (const std::string& text)
        {
            const auto points = decode (text);
            const auto first = std::find_if (points.begin(), points.end(), [] (const CodePoint& c)
                                             { return ! isSpace (c.value); });
            if (first == points.end())
                return {};
            const auto last = std::find_if (points.rbegin(), points.rend(), [] (const CodePoint& c)
                                            { return ! isSpace (c.value); });
            const auto after = last.base(); // the code point after the last that is not space
            const auto end = after == points.end() ? text.size() : after->offset;
            return text.substr (first->offset, end - first->offset);
        }
    } // namespace

    int compareNatural (std::string_view a, std::string_view b)
    {
        const auto pointsA = decode (a), pointsB = decode (b);
        Reader s1 { &pointsA }, s2 { &pointsB };
        bool firstLoop = true;
        for (;;)
        {
            const bool space1 = isSpace (s1.peek()), space2 = isSpace (s2.peek());
            if (! firstLoop && space1 != space2)
            {
                if (s1.peek() == 0)
                    return -1;
                if (s2.peek() == 0)
                    return 1;
                return space2 ? 1 : -1;
            }
            firstLoop = false;

            while (isSpace (s1.peek()))
                s1.next();
            while (isSpace (s2.peek()))
                s2.next();

            if (isDigit (s1.peek()) && isDigit (s2.peek()))
            {
                const auto result = (s1.peek() == '0' || s2.peek() == '0') ? compareLeft (s1, s2) : compareRight (s1, s2);
                if (result != 0)
                    return result;
            }

            auto c1 = s1.next(), c2 = s2.next();
            if (c1 != c2)
            {
                c1 = upper (c1);
                c2 = upper (c2);
            }
            if (c1 == c2)
            {
                if (c1 == 0)
                    return 0;
                continue;
            }
            const bool alphaNum1 = isLetterOrDigit (c1), alphaNum2 = isLetterOrDigit (c2);
            if (alphaNum2 && ! alphaNum1)
                return -1;
            if (alphaNum1 && ! alphaNum2)
                return 1;
            return c1 < c2 ? -1 : 1;
        }
    }

    std::vector<Chart> chartsByGenre (const std::vector<ChartTrack>& tracks)
    {
        std::map<std::string, std::vector<std::size_t>> byGenre;
        for (std::size_t i = 0; i < tracks.size(); ++i)
        {
            auto genre = trimmed (tracks[i].genre);
            byGenre[genre.empty() ? std::string (noGenre) : std::move (genre)].push_back (i);
        }

        std::vector<Chart> charts;
        for (auto& [genre, members] : byGenre)
            charts.push_back ({ genre, std::move (members) });
        std::stable_sort (charts.begin(), charts.end(), [] (const Chart& a, const Chart& b)
                          { return a.ranked.size() > b.ranked.size(); });

        for (auto& chart : charts)
            std::stable_sort (chart.ranked.begin(), chart.ranked.end(), [&tracks] (std::size_t a, std::size_t b)
                              {
                const auto& x = tracks[a];
                const auto& y = tracks[b];
                if (x.progress != y.progress)
                    return x.progress > y.progress;
                if (x.swarm != y.swarm)
                    return x.swarm > y.swarm;
                return compareNatural (x.title, y.title) < 0; });
        return charts;
    }
} // namespace earshot
