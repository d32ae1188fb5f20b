#pragma once

#include "Core/EnvelopeSigner.h"
#include "Core/PassRules.h"
#include "Core/RateLimiter.h"
#include "Daemon/SealedBox.h"
#include "Store/FriendStore.h"

#include "earshot/v1/friends.pb.h"

#include <mutex>
#include <string>

namespace earshot
{
    /** Seals this daemon's messages to friends, and opens theirs: the Friends API's side of Core's
        pass rules (Core/PassRules), which decide what is taken. A message travels signed (seal),
        then encrypted to its recipient (sealTo: a SealedBox in a SealedEnvelope); it is opened in
        the reverse order, unseal before anything else, then open. Thread-safe. */
    class Envelopes final
    {
    public:
        /** friends says who the friends are; signer signs and verifies; box opens what friends
            seal to this daemon. All three must outlive this. */
        Envelopes (const FriendStore& friends, const EnvelopeSigner& signer, const SealedBox& box);

        /** The largest ciphertext a SealedEnvelope may carry: a signed message of
            passRules::maxMessageBytes, sealed. */
        static constexpr std::size_t maxSealedBytes = SealedBox::sealedSize (passRules::maxMessageBytes);
        /** The largest SealedEnvelope, as the Friends API's server must take it: the ciphertext and
            its protobuf field's tag and length. */
        static constexpr std::size_t maxSealedMessageBytes = maxSealedBytes + 16;

        /** The signed message a friend sealed to this daemon: the first step of taking any
            Friends call, before the sender is known. Checks the size before decrypting. Throws
            Error (invalidArgument) when it is larger than maxSealedBytes, carries no ciphertext (a
            SignedEnvelope sent in clear, by an older earshotd), is not sealed to this daemon's
            key, or does not hold a signed message. */
        [[nodiscard]] v1::SignedEnvelope unseal (const v1::SealedEnvelope& sealed) const;

        /** signedEnvelope encrypted to recipient's key, ready to travel. Throws Error
            (invalidArgument) when recipient is not a usable Ed25519 key. */
        [[nodiscard]] static v1::SealedEnvelope sealTo (const PublicKey& recipient, const v1::SignedEnvelope& signedEnvelope);

        /** A message from a friend that passed every check open() makes. */
        struct Opened
        {
            v1::Envelope envelope;
            FriendStore::Friend from;
        };

        /** Checks a message from a friend, once unsealed (size, sender, signature, rate, for this
            daemon, fresh, a usable id), and returns what it says. Throws Error as passRules'
            checks do, and (invalidArgument) when the envelope cannot be read. */
        [[nodiscard]] Opened open (const v1::SignedEnvelope& sealed);

        /** envelope signed with this daemon's key, ready to be sealed to its recipient (sealTo). */
        [[nodiscard]] v1::SignedEnvelope seal (const v1::Envelope& envelope) const;

        [[nodiscard]] const EnvelopeSigner& signer() const noexcept { return keys; }

    private:
        const FriendStore& friends;
        const EnvelopeSigner& keys;
        const SealedBox& opener;
        std::mutex mutex;
        RateLimiter rates; // guarded by mutex
    };

    /** What the user calls the friend with key: their name, or the start of their key when they
        are no longer a friend. */
    [[nodiscard]] std::string friendNameOf (const FriendStore& friends, const PublicKey& key);
} // namespace earshot
