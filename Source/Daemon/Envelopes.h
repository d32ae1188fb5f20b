#pragma once

#include "Core/EnvelopeSigner.h"
#include "Core/RateLimiter.h"
#include "Store/FriendStore.h"

#include "earshot/v1/friends.pb.h"

#include <mutex>
#include <string>

namespace earshot
{
    /** Seals this daemon's messages to friends, and opens theirs: the Friends API's side of Core's
        pass rules (Core/PassRules), which decide what is taken. Thread-safe. */
    class Envelopes final
    {
    public:
        /** friends says who the friends are; signer signs and verifies. Both must outlive this. */
        Envelopes (const FriendStore& friends, const EnvelopeSigner& signer);

        /** A message from a friend that passed every check open() makes. */
        struct Opened
        {
            v1::Envelope envelope;
            FriendStore::Friend from;
        };

        /** Checks a message from a friend (size, sender, signature, rate, for this daemon, fresh, a
            usable id) and returns what it says. Throws Error as passRules' checks do, and
            (invalidArgument) when the envelope cannot be read. */
        [[nodiscard]] Opened open (const v1::SignedEnvelope& sealed);

        /** envelope signed with this daemon's key, ready to travel. */
        [[nodiscard]] v1::SignedEnvelope seal (const v1::Envelope& envelope) const;

        [[nodiscard]] const EnvelopeSigner& signer() const noexcept { return keys; }

    private:
        const FriendStore& friends;
        const EnvelopeSigner& keys;
        std::mutex mutex;
        RateLimiter rates; // guarded by mutex
    };

    /** What the user calls the friend with key: their name, or the start of their key when they
        are no longer a friend. */
    [[nodiscard]] std::string friendNameOf (const FriendStore& friends, const PublicKey& key);
} // namespace earshot
