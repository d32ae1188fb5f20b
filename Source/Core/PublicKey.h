#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace earshot
{
    /** A daemon's Ed25519 public key, its 32 raw bytes: who a friend is, and what verifies what
        they sign. */
    using PublicKey = std::array<std::uint8_t, 32>;

    /** A public key as the bytes a message carries it in. */
    [[nodiscard]] inline std::string keyBytes (const PublicKey& key)
    {
        return { reinterpret_cast<const char*> (key.data()), key.size() };
    }

    /** The key in bytes a message carried; nothing when they are not 32 bytes. */
    [[nodiscard]] inline std::optional<PublicKey> publicKeyFrom (std::string_view bytes)
    {
        if (bytes.size() != PublicKey {}.size())
            return std::nullopt;
        PublicKey key {};
        for (std::size_t i = 0; i < key.size(); ++i)
            key[i] = static_cast<std::uint8_t> (bytes[i]);
        return key;
    }
} // namespace earshot
