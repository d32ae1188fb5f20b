#include "SearchFilters.h"

#include "Error.h"
#include "QuoteInput.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace earshot::searchFilters
{
    namespace
    {
        /** "a-b", "a", "a-" or "-b" as its two ends (an exact value is both); false when there
            are more dashes or no value at all. */
        [[nodiscard]] bool splitRange (const std::string& text, std::string& low, std::string& high)
        {
            const auto dash = text.find ('-');
            if (dash == std::string::npos)
            {
                low = high = text;
                return ! text.empty();
            }
            if (text.find ('-', dash + 1) != std::string::npos)
                return false;
            low = text.substr (0, dash);
            high = text.substr (dash + 1);
            return ! low.empty() || ! high.empty();
        }

        /** A whole number of digits only, no sign or space. */
        [[nodiscard]] bool parseWhole (const std::string& text, std::uint64_t& value)
        {
            if (text.empty() || ! std::isdigit (static_cast<unsigned char> (text.front())))
                return false;
            const auto* end = text.data() + text.size();
            const auto [stop, error] = std::from_chars (text.data(), end, value);
            return error == std::errc() && stop == end;
        }

        [[nodiscard]] Error badBpm (const std::string& text)
        {
            return Error (ErrorCode::invalidArgument, "--bpm: " + quoteInput (text) + " is not a tempo range; give 120-128, 120 (exactly), 120- (at least) or -128 (at most), in beats per minute");
        }

        [[nodiscard]] double parseBpm (const std::string& whole, const std::string& text)
        {
            if (text.empty())
                return 0.0;
            double value = 0.0;
            const auto* end = text.data() + text.size();
            const auto [stop, error] = std::from_chars (text.data(), end, value);
            if (error != std::errc() || stop != end || ! std::isfinite (value) || value <= 0.0 || value > 1000.0)
                throw badBpm (whole);
            return value;
        }

        [[nodiscard]] Error badDuration (const std::string& option, const std::string& text)
        {
            return Error (ErrorCode::invalidArgument, option + ": " + quoteInput (text) + " is not a length; give 90s, 2m, 2m30s, 3:15 or a number of seconds" + (option == "--duration" ? ", or a range such as 2m-5m, 2m- or -5m" : ""));
        }

        /** "3:15" or "1:02:03" in seconds. */
        [[nodiscard]] bool parseClock (const std::string& text, std::uint64_t& seconds)
        {
            std::vector<std::uint64_t> parts;
            std::size_t start = 0;
            for (;;)
            {
                const auto colon = text.find (':', start);
                const auto part = text.substr (start, colon == std::string::npos ? std::string::npos : colon - start);
                std::uint64_t value = 0;
                if (! parseWhole (part, value))
                    return false;
                // After the first part, minutes and seconds are two digits below 60.
                if (! parts.empty() && (part.size() != 2 || value >= 60))
                    return false;
                parts.push_back (value);
                if (colon == std::string::npos)
                    break;
                start = colon + 1;
            }
            if (parts.size() < 2 || parts.size() > 3)
                return false;
            seconds = 0;
            for (const auto part : parts)
                seconds = seconds * 60 + part;
            return true;
        }

        /** "1h2m30s", "2m", "90s" in seconds: each unit at most once, in that order. */
        [[nodiscard]] bool parseUnits (const std::string& text, std::uint64_t& seconds)
        {
            constexpr std::pair<char, std::uint64_t> units[] { { 'h', 3600 }, { 'm', 60 }, { 's', 1 } };
            seconds = 0;
            std::size_t position = 0;
            std::size_t nextUnit = 0;
            while (position < text.size())
            {
                auto end = position;
                while (end < text.size() && std::isdigit (static_cast<unsigned char> (text[end])))
                    ++end;
                if (end == position || end == text.size())
                    return false;
                std::uint64_t value = 0;
                if (! parseWhole (text.substr (position, end - position), value) || value > 1'000'000)
                    return false;
                auto unit = nextUnit;
                while (unit < std::size (units) && units[unit].first != text[end])
                    ++unit;
                if (unit == std::size (units))
                    return false;
                seconds += value * units[unit].second;
                nextUnit = unit + 1;
                position = end + 1;
            }
            return position > 0;
        }
    } // namespace

    FilterRange<double> parseBpmRange (const std::string& text)
    {
        std::string low;
        std::string high;
        if (! splitRange (text, low, high))
            throw badBpm (text);
        const FilterRange<double> range { parseBpm (text, low), parseBpm (text, high) };
        if (range.min > 0.0 && range.max > 0.0 && range.min > range.max)
            throw Error (ErrorCode::invalidArgument, "--bpm: the range " + quoteInput (text) + " is backwards; give the lower tempo first");
        return range;
    }

    std::uint64_t parseDurationMs (const std::string& text, const std::string& option)
    {
        std::uint64_t seconds = 0;
        const bool read = text.find (':') != std::string::npos ? parseClock (text, seconds)
                                                               : (parseWhole (text, seconds) || parseUnits (text, seconds));
        if (! read || seconds == 0 || seconds > 24 * 3600)
            throw badDuration (option, text);
        return seconds * 1000;
    }

    FilterRange<std::uint64_t> parseDurationRange (const std::string& text)
    {
        std::string low;
        std::string high;
        if (! splitRange (text, low, high))
            throw badDuration ("--duration", text);
        const FilterRange<std::uint64_t> range { low.empty() ? 0 : parseDurationMs (low), high.empty() ? 0 : parseDurationMs (high) };
        if (range.min > 0 && range.max > 0 && range.min > range.max)
            throw Error (ErrorCode::invalidArgument, "--duration: the range " + quoteInput (text) + " is backwards; give the shorter length first");
        return range;
    }
} // namespace earshot::searchFilters
