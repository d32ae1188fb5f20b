#pragma once

#include "SharedDatabase.h"

#include "Core/Paging.h"
#include "Core/PublicKey.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    class OutboxStore;

    /** This daemon's friends: the other daemons whose passes it accepts and to which it sends its
    own (the friends table of an Earshot database).

    Friends pass songs to each other: a daemon sends a signed pass (a track's manifest and a note)
    to a friend's daemon; when the friend listens past a threshold, their daemon sends a receipt
    back, and the receipt earns the sender points (OutboxStore, InboxStore, PointsLedger).

    A friend is removed through OutboxStore::removeFriend, which drops what is still queued for
    them in the same transaction.

    Keys are the 32 raw bytes of an Ed25519 public key (Identity::PublicKey and
    FriendCode::publicKey are the same type). Times are milliseconds since the Unix epoch and are
    always passed in: the store never reads a clock. A time must lie between 1970 and the end of
    year 9999.

    Every method is one atomic step (one transaction): a crash leaves the old or the new state.
    Methods throw std::invalid_argument naming the argument when it is malformed (nothing has
    changed then), and StoreError when SQLite fails.

    Threading: safe to call from any thread; every call holds the SharedDatabase's mutex for its
    whole duration, and calls are short. Other processes may open the same file at once: each
    writing method's transaction takes the write lock up front, and SQLite's WAL mode and busy
    timeout arbitrate between them. */
    class FriendStore final
    {
    public:
        /** A friend: another daemon whose passes this one accepts and to which it sends its own. */
        struct Friend
        {
            PublicKey publicKey {};
            /** What the user calls them; unique among friends, ignoring the case of ASCII letters
            (SQLite's NOCASE: "Zoë" and "ZOË" count as different names). Not empty. */
            std::string name;
            /** Where their daemon's Friends API listens (as in their friend code). Not empty. */
            std::string host;
            /** Not 0. */
            std::uint16_t port = 0;
            /** When they were first added. */
            std::int64_t addedAtMs = 0;

            bool operator== (const Friend&) const = default;
        };

        /** database must outlive this. */
        explicit FriendStore (SharedDatabase& database) noexcept;

        /** Adds a friend, or, when a friend with the same key exists, changes their name, host
        and port (their addedAtMs stays that of the first add). Returns true when the friend is
        new. Throws std::invalid_argument naming the name when another friend is already called
        that (ignoring case), and when the name or host is empty or the port is 0. */
        bool add (const Friend& newFriend);

        /** The friend called name, ignoring the case of ASCII letters. */
        [[nodiscard]] std::optional<Friend> findByName (const std::string& name) const;

        [[nodiscard]] std::optional<Friend> findByKey (const PublicKey& key) const;

        /** Every friend, by name (ignoring case). */
        [[nodiscard]] std::vector<Friend> list() const;

        /** Friends in list's order strictly after the one whose pageKeyOf is after (from the
        first when nothing), at most limit of them. Throws std::invalid_argument for a limit below
        1 or a key not of pageKeyOf's shape. */
        [[nodiscard]] KeyedPage<Friend> listPage (const std::optional<PageKey>& after, int limit) const;

        /** A friend's place in list's order: name, key's bytes (shape "ss"). */
        [[nodiscard]] static PageKey pageKeyOf (const Friend& listed);
        static constexpr auto pageKeyShape = "ss";

        [[nodiscard]] std::size_t count() const;

    private:
        /** Only OutboxStore::removeFriend removes a friend: alone, this would leave the messages
        queued for them behind. Returns false when there was no such friend. */
        bool remove (const PublicKey& key);
        friend class OutboxStore;

        SharedDatabase& database;
    };
} // namespace earshot
