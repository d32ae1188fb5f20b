#pragma once

#include "Core/EnvelopeSigner.h"

namespace earshot
{
    /** A stand-in for the daemon's Ed25519 signer: a signature is the signer's key and the
        envelope written out, so it verifies only for that key and that envelope, as a real one. */
    class FakeSigner final : public EnvelopeSigner
    {
    public:
        explicit FakeSigner (std::uint8_t keyByte)
        {
            key.fill (keyByte);
        }

        const PublicKey& publicKey() const noexcept override { return key; }

        std::string sign (std::string_view envelope) const override { return signatureOf (key, envelope); }

        bool verify (const PublicKey& signer, std::string_view envelope, std::string_view signature) const override
        {
            return signature == signatureOf (signer, envelope);
        }

    private:
        static std::string signatureOf (const PublicKey& signer, std::string_view envelope)
        {
            return "signed by " + keyBytes (signer) + ": " + std::string (envelope);
        }

        PublicKey key {};
    };
} // namespace earshot
