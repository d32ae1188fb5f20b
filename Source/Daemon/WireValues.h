#pragma once

#include "Core/Hex.h"
#include "Core/PassRules.h"
#include "Core/PublicKey.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>

namespace earshot
{
    /** Wall-clock milliseconds since the Unix epoch: the times messages and stores carry. */
    inline std::int64_t nowMs()
    {
        return std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count();
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
