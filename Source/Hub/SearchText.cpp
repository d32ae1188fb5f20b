#include "SearchText.h"

#include <algorithm>

namespace earshot::searchText
{
    namespace
    {
        [[nodiscard]] bool isAsciiWordByte (unsigned char byte) noexcept
        {
            return (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z');
        }

        /** The length of the well-formed UTF-8 sequence of a non-ASCII character at text[at], or 0. */
        [[nodiscard]] std::size_t sequenceLength (std::string_view text, std::size_t at) noexcept
        {
            const auto byte = [&] (std::size_t i)
            { return static_cast<unsigned char> (text[i]); };
            const auto lead = byte (at);
            const std::size_t length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3
                                                                      : lead >= 0xf0 && lead <= 0xf4   ? 4
                                                                                                       : 0;

            if (length == 0 || at + length > text.size())
                return 0;

            for (std::size_t i = 1; i < length; ++i)
                if ((byte (at + i) & 0xc0) != 0x80)
                    return 0;

            // Overlong forms, surrogates and code points above U+10FFFF.
            const auto second = byte (at + 1);
            if ((lead == 0xe0 && second < 0xa0) || (lead == 0xed && second > 0x9f) || (lead == 0xf0 && second < 0x90)
                || (lead == 0xf4 && second > 0x8f))
                return 0;

            return length;
        }

        [[nodiscard]] std::string quoted (const std::string& word, char quote)
        {
            std::string result (1, quote);

            for (const auto c : word)
            {
                if (c == quote)
                    result += quote;
                result += c;
            }

            return result + quote;
        }

        [[nodiscard]] std::string joined (const std::vector<std::string>& words, char quote, std::string_view separator, std::string_view prefixMark)
        {
            std::string result;

            for (const auto& word : words)
            {
                if (! result.empty())
                    result += separator;
                result += quoted (word, quote);
            }

            if (! result.empty())
                result += prefixMark;

            return result;
        }
    } // namespace

    std::vector<std::string> words (std::string_view text)
    {
        std::vector<std::string> result;
        std::string current;

        for (std::size_t at = 0; at < text.size();)
        {
            const auto byte = static_cast<unsigned char> (text[at]);
            const auto length = byte >= 0x80 ? sequenceLength (text, at) : std::size_t { isAsciiWordByte (byte) ? 1u : 0u };

            if (length > 0)
            {
                const auto c = text[at];
                current += length == 1 && c >= 'A' && c <= 'Z' ? std::string (1, static_cast<char> (c - 'A' + 'a'))
                                                               : std::string (text.substr (at, length));
            }
            else if (! current.empty())
            {
                result.push_back (std::move (current));
                current.clear();
            }

            at += std::max<std::size_t> (length, 1);
        }

        if (! current.empty())
            result.push_back (std::move (current));

        return result;
    }

    bool isUtf8 (std::string_view text) noexcept
    {
        for (std::size_t at = 0; at < text.size();)
        {
            const auto length = static_cast<unsigned char> (text[at]) < 0x80 ? 1 : sequenceLength (text, at);

            if (length == 0)
                return false;

            at += length;
        }

        return true;
    }

    std::string fts5Query (const std::vector<std::string>& words)
    {
        // Words are already free of quotes; quoting still doubles any, should the rule change.
        return joined (words, '"', " ", " *");
    }

    std::string tsQuery (const std::vector<std::string>& words)
    {
        return joined (words, '\'', " & ", ":*");
    }
} // namespace earshot::searchText
