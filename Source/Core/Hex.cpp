#include "Hex.h"

#include "QuoteInput.h"

#include "Error.h"

#include <algorithm>

namespace earshot
{
    std::string toHex (std::span<const std::uint8_t> bytes)
    {
        std::string text;
        text.reserve (bytes.size() * 2);
        for (const auto byte : bytes)
        {
            text += hex::digit (byte >> 4u);
            text += hex::digit (byte);
        }
        return text;
    }

    std::string toHex (std::string_view bytes)
    {
        return toHex (std::span (reinterpret_cast<const std::uint8_t*> (bytes.data()), bytes.size()));
    }

    std::string fromHex (std::string_view text)
    {
        if (text.size() % 2 != 0)
            throw Error (ErrorCode::invalidArgument, quoteInput (text) + " is not hex: it has an odd number of digits (" + std::to_string (text.size()) + "), and each byte is two");

        std::string bytes;
        bytes.reserve (text.size() / 2);
        for (std::size_t i = 0; i < text.size(); i += 2)
        {
            const auto high = hex::valueOf (text[i]);
            const auto low = hex::valueOf (text[i + 1]);
            if (! high || ! low)
            {
                const auto bad = high ? i + 1 : i;
                throw Error (ErrorCode::invalidArgument, quoteInput (text) + " is not hex: character " + std::to_string (bad + 1) + " (" + quoteInput (text.substr (bad, 1)) + ") is not a hex digit (0-9, a-f)");
            }
            bytes += static_cast<char> ((*high << 4) | *low);
        }
        return bytes;
    }

    bool isLowerHex (std::string_view text, std::size_t digits) noexcept
    {
        return text.size() == digits && std::all_of (text.begin(), text.end(), [] (char c)
                                                     { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    }
} // namespace earshot
