#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace earshot
{
    /** IP address literals as a friend code holds them: parsed strictly (no leading zeros, no
        zone, nothing around them), and written in their one canonical form. */

    /** The four bytes of a dotted-quad IPv4 literal ("203.0.113.7"); nothing for anything else,
        such as a number above 255 or with a leading zero. */
    [[nodiscard]] std::optional<std::array<std::uint8_t, 4>> parseIPv4 (std::string_view text);

    /** Four bytes as a dotted quad. */
    [[nodiscard]] std::string formatIPv4 (const std::uint8_t* bytes);

    /** The sixteen bytes of an IPv6 literal without brackets, in any of RFC 4291's forms ("::"
        for zero groups, a trailing IPv4 literal); nothing for anything else. */
    [[nodiscard]] std::optional<std::array<std::uint8_t, 16>> parseIPv6 (std::string_view text);

    /** Sixteen bytes in RFC 5952 form: lower-case hex without leading zeros, the longest run of
        two or more zero groups (the first of equals) as "::", and IPv4-mapped addresses as
        ::ffff:a.b.c.d. */
    [[nodiscard]] std::string formatIPv6 (const std::uint8_t* bytes);
} // namespace earshot
