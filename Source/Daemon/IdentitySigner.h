#pragma once

#include "Core/EnvelopeSigner.h"
#include "Daemon/Identity.h"

namespace earshot
{
    /** The daemon's EnvelopeSigner: libtorrent's Ed25519 with the daemon's own key pair. Holds the
        Identity by reference; it must outlive the signer. Any thread. */
    class IdentitySigner final : public EnvelopeSigner
    {
    public:
        explicit IdentitySigner (const Identity& keyPair) noexcept
            : identity (keyPair)
        {
        }

        [[nodiscard]] const PublicKey& publicKey() const noexcept override { return identity.publicKey(); }

        [[nodiscard]] std::string sign (std::string_view envelope) const override { return identity.sign (envelope); }

        [[nodiscard]] bool verify (const PublicKey& signer, std::string_view envelope, std::string_view signature) const override
        {
            return Identity::verify (signer, envelope, signature);
        }

    private:
        const Identity& identity;
    };
} // namespace earshot
