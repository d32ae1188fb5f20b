#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace earshot::bytes
{
    /** Whether bytes holds length bytes from offset: every probe checks this before it reads, because
    heads and tails come from files that may be truncated or lie about their sizes. */
    [[nodiscard]] constexpr bool holds (std::span<const std::uint8_t> bytes, std::uint64_t offset, std::uint64_t length) noexcept
    {
        return offset <= bytes.size() && bytes.size() - offset >= length;
    }

    /** Whether the ASCII magic sits at offset (false when bytes ends first). */
    [[nodiscard]] constexpr bool hasMagicAt (std::span<const std::uint8_t> bytes, std::uint64_t offset, std::string_view magic) noexcept
    {
        if (! holds (bytes, offset, magic.size()))
            return false;

        for (size_t i = 0; i < magic.size(); ++i)
            if (bytes[(size_t) offset + i] != (std::uint8_t) magic[i])
                return false;

        return true;
    }

    /** Reads 4 bytes at offset; the caller has checked holds (bytes, offset, 4). */
    [[nodiscard]] constexpr std::uint32_t littleEndian32 (std::span<const std::uint8_t> bytes, std::uint64_t offset) noexcept
    {
        const auto i = (size_t) offset;
        return (std::uint32_t) bytes[i] | ((std::uint32_t) bytes[i + 1] << 8) | ((std::uint32_t) bytes[i + 2] << 16) | ((std::uint32_t) bytes[i + 3] << 24);
    }

    /** Reads 3 bytes at offset; the caller has checked holds (bytes, offset, 3). */
    [[nodiscard]] constexpr std::uint32_t bigEndian24 (std::span<const std::uint8_t> bytes, std::uint64_t offset) noexcept
    {
        const auto i = (size_t) offset;
        return ((std::uint32_t) bytes[i] << 16) | ((std::uint32_t) bytes[i + 1] << 8) | (std::uint32_t) bytes[i + 2];
    }
} // namespace earshot::bytes
