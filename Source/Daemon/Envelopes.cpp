#include "Envelopes.h"

#include "PassProto.h"
#include "WireValues.h"

#include "Core/Error.h"
#include "Core/Hex.h"

namespace earshot
{
    Envelopes::Envelopes (const FriendStore& friendStore, const EnvelopeSigner& signer)
        : friends (friendStore)
        , keys (signer)
    {
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
