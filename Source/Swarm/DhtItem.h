#pragma once

#include <cstdint>
#include <string>

namespace earshot
{
    /** A BEP 44 mutable item as it travels the DHT: a value under an Ed25519 key and a salt, with
        the sequence number and signature that make it the key owner's. */
    struct DhtItem
    {
        /** The Ed25519 public key the item is stored under (32 bytes). */
        std::string publicKey;
        /** Lets one key hold several items (may be empty; at most 64 bytes). */
        std::string salt;
        /** The value, bencoded (at most 1000 bytes). */
        std::string value;
        /** Rises with every version; nodes keep the highest they were given. */
        std::int64_t sequence = 0;
        /** The key owner's Ed25519 signature (64 bytes) of BEP 44's canonical string of salt,
            sequence and value. */
        std::string signature;

        [[nodiscard]] bool operator== (const DhtItem&) const = default;
    };
} // namespace earshot
