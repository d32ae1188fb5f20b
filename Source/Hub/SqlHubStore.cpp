#include "SqlHubStore.h"

#include "HubChecks.h"
#include "SqlHubColumns.h"

namespace earshot
{
    SqlHubStore::SqlHubStore (std::unique_ptr<SqlConnection> connection)
        : sql (std::move (connection))
    {
    }

    std::string SqlHubStore::bytewise() const
    {
        // Track ids and titles order by their bytes in both databases, whatever the server's locale.
        return sql->dialect() == SqlConnection::Dialect::postgres ? " COLLATE \"C\"" : "";
    }

    void SqlHubStore::putProfile (const ArtistProfile& profile)
    {
        hubChecks::check (profile);
        const SqlBytes key { keyBytes (profile.artistKey) };

        locked ([&]
                {
                    // The WHERE keeps a newer profile that another hub stored meanwhile.
                    const auto stored = sql->execute (
                        "INSERT INTO hub_artists (artist_key, name, bio, home_city, updated_at_ms) VALUES (?1, ?2, ?3, ?4, ?5) "
                        "ON CONFLICT (artist_key) DO UPDATE SET name = excluded.name, bio = excluded.bio, "
                        "home_city = excluded.home_city, updated_at_ms = excluded.updated_at_ms "
                        "WHERE hub_artists.updated_at_ms <= excluded.updated_at_ms",
                        { key, profile.name, profile.bio, profile.homeCity, profile.updatedAtMs });

                    if (stored == 0)
                        return;

                    sql->execute ("DELETE FROM hub_artist_links WHERE artist_key = ?1", { key });

                    for (std::size_t i = 0; i < profile.links.size(); ++i)
                        sql->execute ("INSERT INTO hub_artist_links (artist_key, position, url) VALUES (?1, ?2, ?3)",
                                      { key, static_cast<std::int64_t> (i), profile.links[i] }); });
    }

    std::optional<ArtistProfile> SqlHubStore::profile (const PublicKey& artistKey)
    {
        return locked ([&]
                       { return readProfile (artistKey); });
    }

    std::vector<PublicKey> SqlHubStore::artistsNamed (const std::string& name)
    {
        return locked ([&]
                       {
            const auto rows = sql->query ("SELECT artist_key FROM hub_artists WHERE lower (name) = lower (?1) "
                                          "UNION SELECT artist_key FROM hub_releases WHERE lower (artist_name) = lower (?1) "
                                          "ORDER BY 1",
                                          { name });
            std::vector<PublicKey> keys;
            for (const auto& row : rows)
                keys.push_back (hubColumns::readKey (row, 0));
            return keys; });
    }

    std::optional<ArtistProfile> SqlHubStore::readProfile (const PublicKey& artistKey)
    {
        const SqlBytes key { keyBytes (artistKey) };
        const auto rows = sql->query ("SELECT name, bio, home_city, updated_at_ms FROM hub_artists WHERE artist_key = ?1", { key });

        if (rows.empty())
            return std::nullopt;

        ArtistProfile result;
        result.artistKey = artistKey;
        result.name = rows.front().text (0);
        result.bio = rows.front().text (1);
        result.homeCity = rows.front().text (2);
        result.updatedAtMs = rows.front().integer (3);

        for (const auto& link : sql->query ("SELECT url FROM hub_artist_links WHERE artist_key = ?1 ORDER BY position", { key }))
            result.links.push_back (link.text (0));

        return result;
    }

    void SqlHubStore::putRelease (const Release& release)
    {
        hubChecks::check (release);

        locked ([&]
                {
                    // One statement decides, so two hubs releasing the same new track at once cannot both win.
                    const auto stored = sql->execute (std::string ("INSERT INTO hub_releases (") + hubColumns::release + ") VALUES ("
                                                          + hubColumns::releasePlaceholders + ") ON CONFLICT (track_id) DO UPDATE SET "
                                                          + hubColumns::releaseUpdate
                                                          + " WHERE hub_releases.artist_key = excluded.artist_key",
                                                      hubColumns::releaseParameters (release));

                    if (stored == 0)
                        throw Error (ErrorCode::permissionDenied,
                                             "track " + release.trackId
                                                 + " was released by another artist's key; release it under a new track id");

                    // A track counts the seeders that announced it before it was released.
                    sql->execute ("INSERT INTO hub_track_totals (track_id, seeders) "
                                  "VALUES (?1, (SELECT COUNT(*) FROM hub_seeds WHERE track_id = ?1)) "
                                  "ON CONFLICT (track_id) DO NOTHING",
                                  { release.trackId }); });
    }

    std::optional<Release> SqlHubStore::release (const std::string& trackId)
    {
        return locked ([&]() -> std::optional<Release>
                       {
                           const auto rows = sql->query (std::string ("SELECT ") + hubColumns::releaseSelect
                                                             + " FROM hub_releases r WHERE r.track_id = ?1",
                                                         { trackId });
                           if (rows.empty())
                               return std::nullopt;
                           return hubColumns::readRelease (rows.front()); });
    }

    void SqlHubStore::batch (const std::function<void()>& work)
    {
        const std::scoped_lock lock (mutex);

        if (batching)
            throw Error (ErrorCode::internal, "a hub store batch cannot hold another batch");

        batching = true;
        const struct Reset
        {
            bool& flag;
            ~Reset() { flag = false; }
        } reset { batching };

        sql->transaction ([&]
                          {
                              // The connection may run this again after a lost connection.
                              batchSpoiled = false;
                              work();
                              if (batchSpoiled)
                                  throw Error (ErrorCode::internal, "an operation of the batch failed, so nothing of the batch was stored"); });
    }
} // namespace earshot
