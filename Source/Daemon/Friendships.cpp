#include "Friendships.h"

#include "Core/Error.h"
#include "Core/FriendCode.h"
#include "Core/PassRules.h"
#include "Core/QuoteInput.h"

#include <stdexcept>

namespace earshot
{
    Friendships::Friendships (const Identity& id, PassData& passData, std::string advertisedHost, std::uint16_t advertisedPort)
        : identity (id)
        , store (passData)
        , host (std::move (advertisedHost))
        , port (advertisedPort)
    {
    }

    std::string Friendships::friendCode() const
    {
        FriendCode code;
        code.publicKey = identity.publicKey();
        code.host = host;
        code.port = port;
        return formatFriendCode (code);
    }

    const Identity::PublicKey& Friendships::publicKey() const noexcept
    {
        return identity.publicKey();
    }

    std::pair<FriendStore::Friend, bool> Friendships::addFriend (const std::string& code, const std::string& name, std::int64_t nowMs)
    {
        passRules::checkFriendName (name);

        const auto parsed = parseFriendCode (code);
        if (parsed.publicKey == identity.publicKey())
            throw Error (ErrorCode::invalidArgument, "that is this daemon's own friend code; add the code your friend's `earshot friends code` prints");

        FriendStore::Friend added;
        added.publicKey = parsed.publicKey;
        added.name = name;
        added.host = parsed.host;
        added.port = parsed.port;
        added.addedAtMs = nowMs;
        try
        {
            const bool created = store.friends.add (added);
            return { store.friends.findByKey (parsed.publicKey).value_or (added), created };
        }
        catch (const std::invalid_argument& e)
        {
            throw Error (ErrorCode::invalidArgument, e.what());
        }
    }

    std::vector<FriendStore::Friend> Friendships::friends() const
    {
        return store.friends.list();
    }

    KeyedPage<FriendStore::Friend> Friendships::friendsPage (const std::optional<PageKey>& after, int limit) const
    {
        return store.friends.listPage (after, limit);
    }

    std::size_t Friendships::friendCount() const
    {
        return store.friends.count();
    }

    std::int64_t Friendships::uploadedBy (const PublicKey& key) const
    {
        return store.uploads.uploadedTo (key);
    }

    void Friendships::removeFriend (const std::string& name)
    {
        const auto found = store.friends.findByName (name);
        if (! found)
            throw Error (ErrorCode::notFound, "no friend is called " + quoteInput (name) + "; `earshot friends list` shows who is");
        store.outbox.removeFriend (found->publicKey);
    }
} // namespace earshot
