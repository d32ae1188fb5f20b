#pragma once

#include "Daemon/Identity.h"
#include "Store/PassData.h"

#include <string>
#include <utility>
#include <vector>

namespace earshot
{
    /** Who this daemon is to its friends (its Ed25519 identity and the address in its friend code)
        and who its friends are. Thread-safe: the stores serialise every call. */
    class Friendships final
    {
    public:
        /** advertisedHost and advertisedPort: where friends reach this daemon's Friends API; they
            go into the friend code. */
        Friendships (const Identity& identity, PassData& store, std::string advertisedHost, std::uint16_t advertisedPort);

        /** This daemon's friend code. */
        [[nodiscard]] std::string friendCode() const;
        [[nodiscard]] const Identity::PublicKey& publicKey() const noexcept;

        /** Adds the friend a code names, as `name`. Returns the friend and whether they are new (a
            known key gets the new name and address). Throws Error (invalidArgument) for a code with a
            typo, an empty name, a name another friend has, or this daemon's own code. */
        std::pair<FriendStore::Friend, bool> addFriend (const std::string& code, const std::string& name, std::int64_t nowMs);
        [[nodiscard]] std::vector<FriendStore::Friend> friends() const;
        /** A page of the friends, by name (see FriendStore::listPage), and how many there are. */
        [[nodiscard]] KeyedPage<FriendStore::Friend> friendsPage (const std::optional<PageKey>& after, int limit) const;
        [[nodiscard]] std::size_t friendCount() const;
        /** Bytes the friend's daemon has uploaded to this one. */
        [[nodiscard]] std::int64_t uploadedBy (const PublicKey& key) const;
        /** Throws Error (notFound) when no friend has that name. */
        void removeFriend (const std::string& name);

    private:
        const Identity& identity;
        PassData& store;
        const std::string host;
        const std::uint16_t port;
    };
} // namespace earshot
