#pragma once

#include "Daemon/Identity.h"

#include <chrono>
#include <cstdint>
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
} // namespace earshot
