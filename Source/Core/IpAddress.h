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

    /** The network a gRPC peer ("ipv4:203.0.113.7:5000", "ipv6:[2001:db8::1]:5000") calls from,
        as the hub caps reporters by it: the IPv4 /24 ("203.0.113.0/24"), the IPv6 /48
        ("2001:db8::/48"; an IPv4-mapped IPv6 address counts as its IPv4 /24). Anything else (a
        unix socket, text gRPC does not write) is "unknown": one network. */
    [[nodiscard]] std::string networkOfPeer (std::string_view peer);
} // namespace earshot
