#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace earshot
{
    /** The one hex codec: info-hashes, track ids, public keys and message ids are all written as
        lower-case hex, and this is where that is spelled out. */
    namespace hex
    {
        /** The lower-case hex digit of the low four bits of value. */
        [[nodiscard]] constexpr char digit (unsigned value) noexcept
        {
            return "0123456789abcdef"[value & 15u];
        }

        /** What a hex digit ('0'-'9', 'a'-'f', 'A'-'F') stands for; nothing for any other character. */
        [[nodiscard]] constexpr std::optional<std::uint8_t> valueOf (char c) noexcept
        {
            if (c >= '0' && c <= '9')
                return static_cast<std::uint8_t> (c - '0');
            if (c >= 'a' && c <= 'f')
                return static_cast<std::uint8_t> (c - 'a' + 10);
            if (c >= 'A' && c <= 'F')
                return static_cast<std::uint8_t> (c - 'A' + 10);
            return std::nullopt;
        }
    } // namespace hex

    /** bytes as lower-case hex, two digits a byte, the high half first. */
    [[nodiscard]] std::string toHex (std::span<const std::uint8_t> bytes);

    /** The bytes of a string (read as unsigned) as lower-case hex. */
    [[nodiscard]] std::string toHex (std::string_view bytes);

    /** The bytes written as hex in text (either case). Throws Error (invalidArgument) naming the
        first character that is not a hex digit, or saying the length is odd. */
    [[nodiscard]] std::string fromHex (std::string_view text);

    /** Whether text is exactly `digits` lower-case hex digits (as an info-hash is 40). */
    [[nodiscard]] bool isLowerHex (std::string_view text, std::size_t digits) noexcept;
} // namespace earshot
