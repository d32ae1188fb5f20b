#include "Friendships.h"

#include "Core/Error.h"
#include "Core/FriendCode.h"

#include <stdexcept>

namespace earshot
{
    Friendships::Friendships (const Identity& id, PassStore& passStore, std::string advertisedHost, std::uint16_t advertisedPort)
        : identity (id)
        , store (passStore)
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

    std::pair<PassStore::Friend, bool> Friendships::addFriend (const std::string& code, const std::string& name, std::int64_t nowMs)
    {
        if (name.empty())
            throw Error (ErrorCode::invalidArgument, "a friend needs a name, e.g. --name Ana");

        const auto parsed = parseFriendCode (code);
        if (parsed.publicKey == identity.publicKey())
            throw Error (ErrorCode::invalidArgument, "that is this daemon's own friend code; add the code your friend's `earshot friends code` prints");

        PassStore::Friend added;
        added.publicKey = parsed.publicKey;
        added.name = name;
        added.host = parsed.host;
        added.port = parsed.port;
        added.addedAtMs = nowMs;
        try
        {
            const bool created = store.addFriend (added);
            return { store.findFriendByKey (parsed.publicKey).value_or (added), created };
        }
        catch (const std::invalid_argument& e)
        {
            throw Error (ErrorCode::invalidArgument, e.what());
        }
    }

    std::vector<PassStore::Friend> Friendships::friends() const
    {
        return store.listFriends();
    }

    std::int64_t Friendships::uploadedBy (const PassStore::PublicKey& key) const
    {
        return store.uploadedTo (key);
    }

    void Friendships::removeFriend (const std::string& name)
    {
        const auto found = store.findFriendByName (name);
        if (! found)
            throw Error (ErrorCode::notFound, "no friend is called " + name + "; `earshot friends list` shows who is");
        store.removeFriend (found->publicKey);
    }
} // namespace earshot
