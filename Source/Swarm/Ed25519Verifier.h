#pragma once

#include "Core/EnvelopeSigner.h"

namespace earshot
{
    /** Verifies Ed25519 signatures with libtorrent's implementation (the one its DHT uses, and the
        daemon's Identity signs with): for a server that checks what daemons sign without a key of
        its own (the hub), and for the daemon's Identity. Stateless; any thread. */
    class Ed25519Verifier final : public SignatureVerifier
    {
    public:
        /** An Ed25519 signature's size in bytes. */
        static constexpr std::size_t signatureSize = 64;

        [[nodiscard]] bool verify (const PublicKey& signer, std::string_view message, std::string_view signature) const override;
    };
} // namespace earshot
