#include "QuoteInput.h"

#include "Hex.h"

#include <algorithm>

namespace earshot
{
    namespace
    {
        /** The length of the UTF-8 sequence that starts with lead, or 0 for a byte that cannot
            start one (a continuation byte, or not UTF-8 at all). */
        std::size_t sequenceLength (unsigned char lead) noexcept
        {
            if (lead < 0x80)
                return 1;
            if ((lead & 0xE0) == 0xC0)
                return 2;
            if ((lead & 0xF0) == 0xE0)
                return 3;
            if ((lead & 0xF8) == 0xF0)
                return 4;
            return 0;
        }

        bool isContinuation (unsigned char byte) noexcept
        {
            return (byte & 0xC0) == 0x80;
        }

        void appendEscaped (std::string& out, unsigned char byte)
        {
            out += "\\x";
            out += hex::digit (byte >> 4);
            out += hex::digit (byte);
        }
    } // namespace

    std::string quoteInput (std::string_view input, std::size_t maxBytes)
    {
        std::string out = "'";
        std::size_t shown = 0;
        while (shown < input.size())
        {
            const auto lead = static_cast<unsigned char> (input[shown]);
            auto length = sequenceLength (lead);
            // A sequence cut short or broken is shown byte by byte, escaped.
            for (std::size_t i = 1; i < length; ++i)
                if (shown + i >= input.size() || ! isContinuation (static_cast<unsigned char> (input[shown + i])))
                    length = 0;

            if (shown + std::max<std::size_t> (length, 1) > maxBytes)
                break;

            if (length == 0 || lead < 0x20 || lead == 0x7F)
            {
                appendEscaped (out, lead);
                ++shown;
            }
            else
            {
                out.append (input.substr (shown, length));
                shown += length;
            }
        }

        if (shown == input.size())
            return out + "'";
        return out + "…' (" + std::to_string (input.size()) + " bytes)";
    }
} // namespace earshot
