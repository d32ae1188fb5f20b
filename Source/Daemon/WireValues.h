#pragma once

#include "Core/Hex.h"
#include "Daemon/Identity.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace earshot
{
    /** A public key as the bytes a protobuf `bytes` field carries. */
    inline std::string keyBytes (const Identity::PublicKey& key)
    {
        return { reinterpret_cast<const char*> (key.data()), key.size() };
    }

    /** Wall-clock milliseconds since the Unix epoch: the times messages and stores carry. */
    inline std::int64_t nowMs()
    {
        return std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count();
    }

    /** How long ago sentAtMs was at nowMs (negative: ahead of it), saturated to ±INT64_MAX: a
        message's timestamp is whatever its sender put there, and subtracting INT64_MIN overflows. */
    [[nodiscard]] constexpr std::int64_t millisecondsSince (std::int64_t sentAtMs, std::int64_t nowMs) noexcept
    {
        std::int64_t ago = 0;
        if (__builtin_sub_overflow (nowMs, sentAtMs, &ago))
            return sentAtMs < 0 ? std::numeric_limits<std::int64_t>::max() : -std::numeric_limits<std::int64_t>::max();
        return ago == std::numeric_limits<std::int64_t>::min() ? -std::numeric_limits<std::int64_t>::max() : ago;
    }

    /** A new message id: 128 random bits as 32 lower-case hex digits. */
    inline std::string newMessageId()
    {
        std::random_device entropy;
        std::array<std::uint8_t, 16> bytes {};
        for (auto& byte : bytes)
            byte = static_cast<std::uint8_t> (entropy());
        return toHex (bytes);
    }
} // namespace earshot
