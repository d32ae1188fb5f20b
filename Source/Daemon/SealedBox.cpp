#include "SealedBox.h"

#include "Core/Error.h"
#include "Core/Hex.h"

#include <sodium.h>

#include <algorithm>
#include <tuple>

namespace earshot
{
    static_assert (SealedBox::overheadBytes == crypto_box_SEALBYTES);
    static_assert (crypto_box_PUBLICKEYBYTES == 32 && crypto_box_SECRETKEYBYTES == 32);
    static_assert (crypto_sign_SECRETKEYBYTES == std::tuple_size_v<SealedBox::Ed25519SecretKey>);

    namespace
    {
        /** libsodium picks its implementations and seeds its generator once, before anything
            else of it is used; sodium_init is safe to call from several threads. */
        void startSodium()
        {
            static const bool started = sodium_init() >= 0;
            if (! started)
                throw Error (ErrorCode::internal, "libsodium could not start, so friends' messages cannot be sealed or opened");
        }

        const unsigned char* bytesOf (std::string_view text) noexcept
        {
            return reinterpret_cast<const unsigned char*> (text.data());
        }
    } // namespace

    SealedBox::SealedBox (const Ed25519SecretKey& ed25519SecretKey)
    {
        startSodium();
        std::copy (ed25519SecretKey.begin() + 32, ed25519SecretKey.end(), identityKey.begin());
        if (crypto_sign_ed25519_pk_to_curve25519 (boxPublicKey.data(), identityKey.data()) != 0)
            throw Error (ErrorCode::invalidArgument, "this identity's key has no X25519 form, so nothing can be sealed to it");
        (void) crypto_sign_ed25519_sk_to_curve25519 (boxSecretKey.data(), ed25519SecretKey.data());
    }

    SealedBox::~SealedBox()
    {
        sodium_memzero (boxSecretKey.data(), boxSecretKey.size());
    }

    std::string SealedBox::seal (const PublicKey& recipient, std::string_view message)
    {
        startSodium();
        std::array<std::uint8_t, 32> recipientBoxKey {};
        if (crypto_sign_ed25519_pk_to_curve25519 (recipientBoxKey.data(), recipient.data()) != 0)
            throw Error (ErrorCode::invalidArgument, "the key " + toHex (recipient) + " is not a usable Ed25519 public key, so nothing can be sealed to it");

        std::string padded (sealedSize (message.size()) - overheadBytes, '\0');
        std::copy (message.begin(), message.end(), padded.begin());
        std::size_t paddedSize = 0;
        if (sodium_pad (&paddedSize, reinterpret_cast<unsigned char*> (padded.data()), message.size(), bucketBytes, padded.size()) != 0 || paddedSize != padded.size())
            throw Error (ErrorCode::internal, "a message of " + std::to_string (message.size()) + " bytes could not be padded");

        std::string box (padded.size() + overheadBytes, '\0');
        const auto sealed = crypto_box_seal (reinterpret_cast<unsigned char*> (box.data()), bytesOf (padded), padded.size(), recipientBoxKey.data());
        sodium_memzero (padded.data(), padded.size());
        if (sealed != 0)
            throw Error (ErrorCode::internal, "a message could not be sealed");
        return box;
    }

    std::string SealedBox::open (std::string_view box) const
    {
        if (box.size() < overheadBytes + bucketBytes || (box.size() - overheadBytes) % bucketBytes != 0)
            throw Error (ErrorCode::invalidArgument, "the sealed message of " + std::to_string (box.size()) + " bytes is not sealed to this daemon's key: no box sealed here has that size");

        std::string padded (box.size() - overheadBytes, '\0');
        if (crypto_box_seal_open (reinterpret_cast<unsigned char*> (padded.data()), bytesOf (box), box.size(), boxPublicKey.data(), boxSecretKey.data()) != 0)
            throw Error (ErrorCode::invalidArgument, "the message is not sealed to this daemon's key, or was changed on the way");

        std::size_t messageSize = 0;
        if (sodium_unpad (&messageSize, bytesOf (padded), padded.size(), bucketBytes) != 0)
            throw Error (ErrorCode::invalidArgument, "the sealed message opens, but holds no padded message");
        padded.resize (messageSize);
        return padded;
    }
} // namespace earshot
