#pragma once

#include "Core/PublicKey.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace earshot
{
    /** Friends' messages encrypted end to end, so that someone on the path between two daemons
        reads neither notes nor what a friend listens to.

        A box is libsodium's sealed box (crypto_box_seal: a fresh X25519 key per box,
        XSalsa20-Poly1305) to the X25519 form of the recipient's Ed25519 identity key
        (crypto_sign_ed25519_pk_to_curve25519), so the key in a friend code is all a friend needs:
        no new key exchange, no new friend code. The box hides who sent it as well; what is inside
        is signed, which is how the recipient knows the sender.

        Before sealing, the message is padded (ISO/IEC 7816-4, libsodium's sodium_pad) to a whole
        number of buckets of bucketBytes, so a box's size says the message's size to the bucket
        and no closer: the length of a note does not show within its bucket.

        Immutable once made; any thread may call it. */
    class SealedBox final
    {
    public:
        /** Messages are padded to a multiple of this (always by at least one byte). */
        static constexpr std::size_t bucketBytes = 1024;
        /** What a box adds to its padded message: the ephemeral public key and the MAC
            (crypto_box_SEALBYTES). */
        static constexpr std::size_t overheadBytes = 32 + 16;

        /** The size of the box seal() makes of a message of messageBytes. */
        [[nodiscard]] static constexpr std::size_t sealedSize (std::size_t messageBytes) noexcept
        {
            return (messageBytes / bucketBytes + 1) * bucketBytes + overheadBytes;
        }

        /** An Ed25519 secret key in libsodium's layout: the 32-byte seed, then the public key (as
            the daemon's identity.key holds it). */
        using Ed25519SecretKey = std::array<std::uint8_t, 64>;

        /** Opens the boxes sealed to the Ed25519 key pair whose secret key is given. Throws Error
            (internal) when libsodium cannot start, or (invalidArgument) when the key has no X25519
            form. */
        explicit SealedBox (const Ed25519SecretKey& ed25519SecretKey);
        /** Wipes the secret key. */
        ~SealedBox();
        SealedBox (const SealedBox&) = default;
        SealedBox& operator= (const SealedBox&) = default;

        /** message, padded, in a box only the holder of recipient's Ed25519 secret key opens.
            Throws Error (invalidArgument) when recipient is not a usable Ed25519 public key (not a
            point of the curve, or one of small order). */
        [[nodiscard]] static std::string seal (const PublicKey& recipient, std::string_view message);

        /** The message in a box sealed to this key, its padding taken off. Throws Error
            (invalidArgument) when the box is not sealed to this key or was changed on the way,
            or holds no padded message. */
        [[nodiscard]] std::string open (std::string_view box) const;

        /** The Ed25519 public key boxes are sealed to. */
        [[nodiscard]] const PublicKey& publicKey() const noexcept { return identityKey; }

    private:
        PublicKey identityKey {};
        std::array<std::uint8_t, 32> boxPublicKey {};
        std::array<std::uint8_t, 32> boxSecretKey {};
    };
} // namespace earshot
