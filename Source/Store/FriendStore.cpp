#include "FriendStore.h"

#include "PassColumns.h"

#include <algorithm>
#include <stdexcept>

namespace earshot
{
    using namespace passColumns;

    namespace
    {
        constexpr auto friendColumns = "public_key, name, host, port, added_at_ms";

        [[nodiscard]] FriendStore::Friend readFriend (const Database& database, const Statement& row)
        {
            FriendStore::Friend result;
            result.publicKey = readKey (database, row, 0);
            result.name = row.columnText (1);
            result.host = row.columnText (2);
            result.port = static_cast<std::uint16_t> (row.columnInt64 (3));
            result.addedAtMs = row.columnInt64 (4);
            return result;
        }
    } // namespace

    FriendStore::FriendStore (SharedDatabase& sharedDatabase) noexcept
        : database (sharedDatabase)
    {
    }

    bool FriendStore::add (const Friend& newFriend)
    {
        checkNotEmpty ("FriendStore::add", "friend's name", newFriend.name);
        checkNotEmpty ("FriendStore::add", "friend's host", newFriend.host);
        checkTime ("FriendStore::add", "addedAtMs", newFriend.addedAtMs);

        if (newFriend.port == 0)
            throw std::invalid_argument ("FriendStore::add: the port of \"" + newFriend.name + "\" is 0");

        const auto step = [&] (Database& connection)
        {
            // Checked first so that the error names the name rather than a UNIQUE constraint.
            // The comparison uses the name column's NOCASE collation.
            auto taken = connection.prepare ("SELECT name FROM friends WHERE name = ?1 AND public_key <> ?2");

            if (taken.bindText (1, newFriend.name).bindBlob (2, bytesOf (newFriend.publicKey)).step())
                throw std::invalid_argument ("FriendStore::add: the name \"" + newFriend.name
                                             + "\" is already used by another friend (\"" + taken.columnText (0)
                                             + "\"); choose another name");

            auto exists = connection.prepare ("SELECT 1 FROM friends WHERE public_key = ?1");
            const auto isNew = ! exists.bindBlob (1, bytesOf (newFriend.publicKey)).step();

            auto upsert = connection.prepare (std::string ("INSERT INTO friends (") + friendColumns + ") VALUES (?1, ?2, ?3, ?4, ?5) "
                                              + "ON CONFLICT (public_key) DO UPDATE SET name = excluded.name, "
                                              + "host = excluded.host, port = excluded.port");
            upsert.bindBlob (1, bytesOf (newFriend.publicKey))
                .bindText (2, newFriend.name)
                .bindText (3, newFriend.host)
                .bindInt64 (4, newFriend.port)
                .bindInt64 (5, newFriend.addedAtMs)
                .run();

            return isNew;
        };

        return database.transaction (step);
    }

    std::optional<FriendStore::Friend> FriendStore::findByName (const std::string& name) const
    {
        const auto step = [&] (Database& connection) -> std::optional<Friend>
        {
            auto statement = connection.prepare (std::string ("SELECT ") + friendColumns + " FROM friends WHERE name = ?1");

            if (! statement.bindText (1, name).step())
                return std::nullopt;

            return readFriend (connection, statement);
        };

        return database.run (step);
    }

    std::optional<FriendStore::Friend> FriendStore::findByKey (const PublicKey& key) const
    {
        const auto step = [&] (Database& connection) -> std::optional<Friend>
        {
            auto statement = connection.prepare (std::string ("SELECT ") + friendColumns + " FROM friends WHERE public_key = ?1");

            if (! statement.bindBlob (1, bytesOf (key)).step())
                return std::nullopt;

            return readFriend (connection, statement);
        };

        return database.run (step);
    }

    std::vector<FriendStore::Friend> FriendStore::list() const
    {
        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare (std::string ("SELECT ") + friendColumns + " FROM friends ORDER BY name, public_key");
            return readAll<Friend> (connection, statement, readFriend);
        };

        return database.run (step);
    }

    KeyedPage<FriendStore::Friend> FriendStore::listPage (const std::optional<PageKey>& after, int limit) const
    {
        if (limit < 1)
            throw std::invalid_argument ("FriendStore::listPage: the limit " + std::to_string (limit) + " is below 1");
        if (after && ! paging::hasShape (*after, pageKeyShape))
            throw std::invalid_argument ("FriendStore::listPage: the key is not a name and a public key");

        const auto step = [&] (Database& connection)
        {
            // The row value compares name with its column's NOCASE, as ORDER BY does.
            const auto where = after ? " WHERE (name, public_key) > (?2, ?3)" : "";
            auto statement = connection.prepare (std::string ("SELECT ") + friendColumns + " FROM friends" + where + " ORDER BY name, public_key LIMIT ?1");
            statement.bindInt64 (1, static_cast<std::int64_t> (limit) + 1);
            if (after)
                statement.bindText (2, std::get<std::string> ((*after)[0])).bindBlob (3, std::get<std::string> ((*after)[1]));
            KeyedPage<Friend> page;
            page.entries = readAll<Friend> (connection, statement, readFriend);
            page.more = static_cast<int> (page.entries.size()) > limit;
            page.entries.resize (std::min (page.entries.size(), static_cast<std::size_t> (limit)));
            return page;
        };

        return database.run (step);
    }

    PageKey FriendStore::pageKeyOf (const Friend& listed)
    {
        return { listed.name, std::string (bytesOf (listed.publicKey)) };
    }

    std::size_t FriendStore::count() const
    {
        return database.run ([] (Database& connection)
                             {
            auto statement = connection.prepare ("SELECT count(*) FROM friends");
            return statement.step() ? static_cast<std::size_t> (statement.columnInt64 (0)) : std::size_t { 0 }; });
    }

    bool FriendStore::remove (const PublicKey& key)
    {
        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare ("DELETE FROM friends WHERE public_key = ?1");
            statement.bindBlob (1, bytesOf (key)).run();
            return connection.changes() > 0;
        };

        return database.run (step);
    }
} // namespace earshot
