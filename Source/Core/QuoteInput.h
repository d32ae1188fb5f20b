#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace earshot
{
    /** How much of an input quoteInput() shows by default: enough for a path, an id or a magnet
        link's start, short enough that any error fits gRPC's limits many times over. */
    inline constexpr std::size_t defaultQuoteBytes = 80;

    /** How much of a file's path quoteInput() is given to show: paths run longer than ids, and
        the file's name comes last. Still a few hundred bytes at most. */
    inline constexpr std::size_t pathQuoteBytes = 240;

    /** How an error or a log line shows what someone sent: in single quotes, at most maxBytes of it.

        Input from outside (an id, a path, a friend code, a note) can be megabytes long. Echoed
        whole, an error would outgrow gRPC's metadata limit and the caller would see "received
        initial metadata size exceeds limit" instead of the reason. So the text is cut at a UTF-8
        character boundary, control characters are written as `\xNN`, and what was left out is
        named by its size: `'abc…' (10485760 bytes)`. Every message that quotes user input uses
        this, never the input itself. */
    [[nodiscard]] std::string quoteInput (std::string_view input, std::size_t maxBytes = defaultQuoteBytes);
} // namespace earshot
