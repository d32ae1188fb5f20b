#pragma once

#include "Daemon/Identity.h"

#include <chrono>
#include <cstdint>
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

    /** A new message id: 128 random bits as 32 lower-case hex digits. */
    inline std::string newMessageId()
    {
        static constexpr char digits[] = "0123456789abcdef";
        std::random_device entropy;
        std::string id;
        for (int i = 0; i < 16; ++i)
        {
            const auto byte = static_cast<std::uint8_t> (entropy());
            id += digits[byte >> 4];
            id += digits[byte & 0xf];
        }
        return id;
    }
} // namespace earshot
