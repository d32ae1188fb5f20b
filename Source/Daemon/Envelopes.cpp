#include "Envelopes.h"

#include "PassProto.h"
#include "WireValues.h"

#include "Core/Error.h"
#include "Core/Hex.h"

namespace earshot
{
    Envelopes::Envelopes (const FriendStore& friendStore, const EnvelopeSigner& signer, const SealedBox& box)
        : friends (friendStore)
        , keys (signer)
        , opener (box)
    {
    }

    v1::SignedEnvelope Envelopes::unseal (const v1::SealedEnvelope& sealed) const
    {
        const auto& ciphertext = sealed.ciphertext();
        if (ciphertext.size() > maxSealedBytes)
            throw Error (ErrorCode::invalidArgument, "a sealed message of " + std::to_string (ciphertext.size()) + " bytes is larger than the " + std::to_string (maxSealedBytes) + " a message may be once sealed");
        if (ciphertext.empty())
            throw Error (ErrorCode::invalidArgument, "not a sealed envelope: the sender's earshotd may be older, and send its messages in clear where this one takes them only sealed to its key (both sides need a current earshotd)");

        v1::SignedEnvelope signedEnvelope;
        if (! signedEnvelope.ParseFromString (opener.open (ciphertext)))
            throw Error (ErrorCode::invalidArgument, "the sealed message opens, but holds no signed envelope");
        return signedEnvelope;
    }

    v1::SealedEnvelope Envelopes::sealTo (const PublicKey& recipient, const v1::SignedEnvelope& signedEnvelope)
    {
        v1::SealedEnvelope sealed;
        sealed.set_ciphertext (SealedBox::seal (recipient, signedEnvelope.SerializeAsString()));
        return sealed;
    }

    Envelopes::Opened Envelopes::open (const v1::SignedEnvelope& sealed)
    {
        const auto sender = passRules::senderOf (sealed.ByteSizeLong(), sealed.sender_key());
        const auto from = friends.findByKey (sender);
        passRules::checkFriend (sender, from.has_value());
        passRules::checkSignature (keys, sender, sealed.envelope(), sealed.signature(), from->name);
        {
            std::lock_guard lock (mutex);
            passRules::checkRate (rates.admit (sender, RateLimiter::Clock::now()), from->name);
        }

        Opened opened { {}, *from };
        if (! opened.envelope.ParseFromString (sealed.envelope()))
            throw Error (ErrorCode::invalidArgument, "the message from " + from->name + " is not a valid envelope");
        passRules::checkEnvelope (headerOf (opened.envelope), keys.publicKey(), nowMs(), from->name);
        return opened;
    }

    v1::SignedEnvelope Envelopes::seal (const v1::Envelope& envelope) const
    {
        v1::SignedEnvelope sealed;
        sealed.set_envelope (envelope.SerializeAsString());
        sealed.set_sender_key (keyBytes (keys.publicKey()));
        sealed.set_signature (keys.sign (sealed.envelope()));
        return sealed;
    }

    std::string friendNameOf (const FriendStore& friends, const PublicKey& key)
    {
        const auto known = friends.findByKey (key);
        return known ? known->name : toHex (key).substr (0, 16) + "…";
    }
} // namespace earshot
