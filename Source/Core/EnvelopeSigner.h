#pragma once

#include "PublicKey.h"

#include <string>
#include <string_view>

namespace earshot
{
    /** Checks signatures: Ed25519 in the daemon and the hub (libtorrent's), a fake in tests.
        Implementations are immutable once made; any thread may call them. */
    class SignatureVerifier
    {
    public:
        virtual ~SignatureVerifier() = default;

        /** Whether signature is signer's signature of message (false for one of the wrong size). */
        [[nodiscard]] virtual bool verify (const PublicKey& signer, std::string_view message, std::string_view signature) const = 0;
    };

    /** Signs the envelopes this daemon sends and verifies those it receives. The daemon's
        implementation is Ed25519 with its own key pair (Daemon/IdentitySigner); the rules that
        depend on signatures (Core/PassRules) take this interface, so tests can give them a fake.

        Implementations are immutable once made; any thread may call them. */
    class EnvelopeSigner : public SignatureVerifier
    {
    public:
        /** The key everything this signer signs verifies with. */
        [[nodiscard]] virtual const PublicKey& publicKey() const noexcept = 0;

        /** The signature of envelope with this signer's key. */
        [[nodiscard]] virtual std::string sign (std::string_view envelope) const = 0;
    };
} // namespace earshot
