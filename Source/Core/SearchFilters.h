#pragma once

#include <cstdint>
#include <string>

namespace earshot
{
    /** A closed range of a search filter; 0 at either end: no bound there. */
    template <typename Value>
    struct FilterRange
    {
        Value min {};
        Value max {};

        bool operator== (const FilterRange&) const = default;
    };

    /** The search filters as a user types them on the command line, read into the bounds the hub
        takes. Each throws Error (invalidArgument) with a message naming the option and showing
        what it accepts. */
    namespace searchFilters
    {
        /** "--bpm": "120-128", "120" (exactly), "120-" (at least), "-128" (at most). */
        [[nodiscard]] FilterRange<double> parseBpmRange (const std::string& text);

        /** One length: "90s", "2m", "2m30s", "1h2m", "3:15" (minutes:seconds), "1:02:03", or a
            bare number of seconds ("95"); in milliseconds. option names it in an error. */
        [[nodiscard]] std::uint64_t parseDurationMs (const std::string& text, const std::string& option = "--duration");

        /** "--duration": "2m-5m", "3:15" (exactly), "2m-" (at least), "-5m" (at most). */
        [[nodiscard]] FilterRange<std::uint64_t> parseDurationRange (const std::string& text);
    } // namespace searchFilters
} // namespace earshot
