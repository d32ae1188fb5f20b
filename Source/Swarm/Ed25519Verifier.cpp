#include "Ed25519Verifier.h"

#include <libtorrent/kademlia/ed25519.hpp>

#include <algorithm>

namespace earshot
{
    bool Ed25519Verifier::verify (const PublicKey& signer, std::string_view message, std::string_view signature) const
    {
        if (signature.size() != signatureSize)
            return false;

        lt::dht::public_key key;
        std::transform (signer.begin(), signer.end(), key.bytes.begin(), [] (std::uint8_t b)
                        { return static_cast<char> (b); });
        const lt::dht::signature ltSignature (signature.data());

        return lt::dht::ed25519_verify (ltSignature, { message.data(), static_cast<std::ptrdiff_t> (message.size()) }, key);
    }
} // namespace earshot
