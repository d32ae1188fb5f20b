#include "NewsStore.h"

#include "PassColumns.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace earshot
{
    using namespace passColumns;

    namespace
    {
        constexpr auto followColumns = "artist_key, name, followed_at_ms, hub_after, feed_sequence, feed_info_hash, feed_item_value, feed_item_signature, last_news_ms";
        constexpr auto newsColumns = "id, artist_key, post_id, kind, post, posted_at_ms, tour_day, tour_city, cancels, received_at_ms, source";
        constexpr auto ownColumns = "post_id, kind, post, posted_at_ms, tour_day, cancels";

        [[nodiscard]] const char* nameOf (NewsStore::Kind kind) noexcept
        {
            switch (kind)
            {
                case NewsStore::Kind::release:
                    return "release";
                case NewsStore::Kind::tourDate:
                    return "tour_date";
                case NewsStore::Kind::tourDateCancelled:
                    return "tour_date_cancelled";
            }
            return "release";
        }

        [[nodiscard]] NewsStore::Kind kindNamed (const std::string& name) noexcept
        {
            if (name == "tour_date")
                return NewsStore::Kind::tourDate;
            if (name == "tour_date_cancelled")
                return NewsStore::Kind::tourDateCancelled;
            return NewsStore::Kind::release;
        }

        [[nodiscard]] NewsStore::Follow readFollow (const Database& database, const Statement& row)
        {
            NewsStore::Follow follow;
            follow.artistKey = readKey (database, row, 0);
            follow.name = row.columnText (1);
            follow.followedAtMs = row.columnInt64 (2);
            follow.hubAfter = static_cast<std::uint64_t> (row.columnInt64 (3));
            follow.feedSequence = row.columnInt64 (4);
            follow.feedInfoHash = row.columnText (5);
            follow.feedItemValue = row.columnBlob (6);
            follow.feedItemSignature = row.columnBlob (7);
            follow.lastNewsMs = row.columnInt64 (8);
            return follow;
        }

        [[nodiscard]] NewsStore::NewsEntry readEntry (const Database& database, const Statement& row)
        {
            NewsStore::NewsEntry entry;
            entry.id = row.columnInt64 (0);
            entry.artistKey = readKey (database, row, 1);
            entry.postId = row.columnText (2);
            entry.kind = kindNamed (row.columnText (3));
            entry.post = row.columnBlob (4);
            entry.postedAtMs = row.columnInt64 (5);
            entry.tourDay = row.columnInt64 (6);
            entry.tourCity = row.columnText (7);
            entry.cancels = row.columnText (8);
            entry.receivedAtMs = row.columnInt64 (9);
            entry.source = row.columnInt64 (10) == static_cast<int> (NewsStore::Source::dht) ? NewsStore::Source::dht : NewsStore::Source::hub;
            if (row.columnCount() > 11)
                entry.cancelled = row.columnInt64 (11) != 0;
            return entry;
        }

        [[nodiscard]] NewsStore::OwnPost readOwn (const Database&, const Statement& row)
        {
            NewsStore::OwnPost post;
            post.postId = row.columnText (0);
            post.kind = kindNamed (row.columnText (1));
            post.post = row.columnBlob (2);
            post.postedAtMs = row.columnInt64 (3);
            post.tourDay = row.columnInt64 (4);
            post.cancels = row.columnText (5);
            if (row.columnCount() > 6)
                post.cancelled = row.columnInt64 (6) != 0;
            return post;
        }

        /** A page of rows read from statement, whose LIMIT was one more than limit. */
        template <typename Record, typename Read>
        [[nodiscard]] KeyedPage<Record> readKeyedPage (const Database& database, Statement& statement, int limit, Read read)
        {
            KeyedPage<Record> page;
            page.entries = readAll<Record> (database, statement, read);
            page.more = static_cast<int> (page.entries.size()) > limit;
            if (page.more)
                page.entries.pop_back();
            return page;
        }

        void checkKeyedPage (const char* method, const std::optional<PageKey>& after, int limit, const char* shape, const char* keyDescription)
        {
            if (limit < 1)
                throw std::invalid_argument (std::string (method) + ": the limit " + std::to_string (limit) + " is below 1");
            if (after && ! paging::hasShape (*after, shape))
                throw std::invalid_argument (std::string (method) + ": the key is not " + keyDescription);
        }

        /** The own tour dates that stand (not called off) from ?1 on. */
        constexpr auto ownTourDatesWhere = " WHERE kind = 'tour_date' AND tour_day >= ?1 "
                                           "AND NOT EXISTS (SELECT 1 FROM news_own_posts AS cancellation WHERE cancellation.cancels = news_own_posts.post_id)";

        /** ASCII lower case, for a city compared with case ignored. */
        [[nodiscard]] std::string folded (std::string text)
        {
            std::transform (text.begin(), text.end(), text.begin(), [] (char c)
                            { return c >= 'A' && c <= 'Z' ? static_cast<char> (c - 'A' + 'a') : c; });
            return text;
        }
    } // namespace

    bool NewsStore::sameCity (const std::string& a, const std::string& b)
    {
        return folded (a) == folded (b);
    }

    NewsStore::NewsStore (SharedDatabase& sharedDatabase) noexcept
        : database (sharedDatabase)
    {
    }

    bool NewsStore::follow (const PublicKey& artistKey, const std::string& name, std::int64_t nowMs)
    {
        checkTime ("NewsStore::follow", "nowMs", nowMs);
        return database.transaction ([&] (Database& connection)
                                     {
            auto insert = connection.prepare ("INSERT INTO news_follows (artist_key, name, followed_at_ms) VALUES (?1, ?2, ?3) "
                                              "ON CONFLICT (artist_key) DO NOTHING");
            insert.bindBlob (1, bytesOf (artistKey)).bindText (2, name).bindInt64 (3, nowMs).run();
            if (connection.changes() > 0)
                return true;
            if (! name.empty())
            {
                auto rename = connection.prepare ("UPDATE news_follows SET name = ?2 WHERE artist_key = ?1");
                rename.bindBlob (1, bytesOf (artistKey)).bindText (2, name).run();
            }
            return false; });
    }

    bool NewsStore::unfollow (const PublicKey& artistKey)
    {
        return database.transaction ([&] (Database& connection)
                                     {
            auto dropNews = connection.prepare ("DELETE FROM news_posts WHERE artist_key = ?1");
            dropNews.bindBlob (1, bytesOf (artistKey)).run();
            auto drop = connection.prepare ("DELETE FROM news_follows WHERE artist_key = ?1");
            drop.bindBlob (1, bytesOf (artistKey)).run();
            return connection.changes() > 0; });
    }

    std::optional<NewsStore::Follow> NewsStore::followOf (const PublicKey& artistKey) const
    {
        return database.run ([&] (Database& connection) -> std::optional<Follow>
                             {
            auto read = connection.prepare (std::string ("SELECT ") + followColumns + " FROM news_follows WHERE artist_key = ?1");
            if (! read.bindBlob (1, bytesOf (artistKey)).step())
                return std::nullopt;
            return readFollow (connection, read); });
    }

    std::vector<NewsStore::Follow> NewsStore::follows() const
    {
        return database.run ([&] (Database& connection)
                             {
            auto read = connection.prepare (std::string ("SELECT ") + followColumns + " FROM news_follows ORDER BY followed_at_ms, artist_key");
            return readAll<Follow> (connection, read, readFollow); });
    }

    std::size_t NewsStore::followCount() const
    {
        return database.run ([&] (Database& connection)
                             {
            auto count = connection.prepare ("SELECT COUNT(*) FROM news_follows");
            (void) count.step();
            return static_cast<std::size_t> (count.columnInt64 (0)); });
    }

    KeyedPage<NewsStore::Follow> NewsStore::followsPage (const std::optional<PageKey>& after, int limit) const
    {
        checkKeyedPage ("NewsStore::followsPage", after, limit, followPageKeyShape, "a time and an artist's key");
        return database.run ([&] (Database& connection)
                             {
            const auto where = after ? " WHERE (followed_at_ms, artist_key) > (?2, ?3)" : "";
            auto read = connection.prepare (std::string ("SELECT ") + followColumns + " FROM news_follows" + where + " ORDER BY followed_at_ms, artist_key LIMIT ?1");
            read.bindInt64 (1, static_cast<std::int64_t> (limit) + 1);
            if (after)
                read.bindInt64 (2, std::get<std::int64_t> ((*after)[0])).bindBlob (3, std::get<std::string> ((*after)[1]));
            return readKeyedPage<Follow> (connection, read, limit, readFollow); });
    }

    PageKey NewsStore::followPageKeyOf (const Follow& follow)
    {
        return { follow.followedAtMs, std::string (bytesOf (follow.artistKey)) };
    }

    void NewsStore::setArtistName (const PublicKey& artistKey, const std::string& name)
    {
        if (name.empty())
            return;
        database.run ([&] (Database& connection)
                      {
            auto write = connection.prepare ("UPDATE news_follows SET name = ?2 WHERE artist_key = ?1");
            write.bindBlob (1, bytesOf (artistKey)).bindText (2, name).run(); });
    }

    void NewsStore::advanceHubCursor (const PublicKey& artistKey, std::uint64_t sequence)
    {
        database.run ([&] (Database& connection)
                      {
            auto write = connection.prepare ("UPDATE news_follows SET hub_after = ?2 WHERE artist_key = ?1 AND hub_after < ?2");
            write.bindBlob (1, bytesOf (artistKey)).bindInt64 (2, static_cast<std::int64_t> (sequence)).run(); });
    }

    void NewsStore::resetHubCursors()
    {
        database.run ([&] (Database& connection)
                      { connection.prepare ("UPDATE news_follows SET hub_after = 0").run(); });
    }

    bool NewsStore::recordFeed (const PublicKey& artistKey, std::int64_t sequence, const std::string& infoHash, const std::string& itemValue, const std::string& itemSignature)
    {
        return database.run ([&] (Database& connection)
                             {
            auto write = connection.prepare ("UPDATE news_follows SET feed_sequence = ?2, feed_info_hash = ?3, feed_item_value = ?4, feed_item_signature = ?5 "
                                             "WHERE artist_key = ?1 AND feed_sequence < ?2");
            write.bindBlob (1, bytesOf (artistKey)).bindInt64 (2, sequence).bindText (3, infoHash).bindBlob (4, itemValue).bindBlob (5, itemSignature).run();
            return connection.changes() > 0; });
    }

    std::optional<std::int64_t> NewsStore::file (const NewsEntry& entry)
    {
        checkNotEmpty ("NewsStore::file", "post id", entry.postId);
        checkTime ("NewsStore::file", "receivedAtMs", entry.receivedAtMs);
        return database.transaction ([&] (Database& connection) -> std::optional<std::int64_t>
                                     {
            auto followed = connection.prepare ("SELECT 1 FROM news_follows WHERE artist_key = ?1");
            if (! followed.bindBlob (1, bytesOf (entry.artistKey)).step())
                return std::nullopt;
            auto insert = connection.prepare ("INSERT INTO news_posts (post_id, artist_key, kind, post, posted_at_ms, tour_day, tour_city, cancels, received_at_ms, source) "
                                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (post_id) DO NOTHING");
            insert.bindText (1, entry.postId)
                .bindBlob (2, bytesOf (entry.artistKey))
                .bindText (3, nameOf (entry.kind))
                .bindBlob (4, entry.post)
                .bindInt64 (5, entry.postedAtMs)
                .bindInt64 (6, entry.tourDay)
                .bindText (7, entry.tourCity)
                .bindText (8, entry.cancels)
                .bindInt64 (9, entry.receivedAtMs)
                .bindInt64 (10, static_cast<int> (entry.source))
                .run();
            if (connection.changes() == 0)
                return std::nullopt;
            const auto id = connection.lastInsertRowId();
            auto touch = connection.prepare ("UPDATE news_follows SET last_news_ms = ?2 WHERE artist_key = ?1");
            touch.bindBlob (1, bytesOf (entry.artistKey)).bindInt64 (2, entry.receivedAtMs).run();
            return id; });
    }

    bool NewsStore::isFiled (const std::string& postId) const
    {
        return database.run ([&] (Database& connection)
                             {
            auto read = connection.prepare ("SELECT 1 FROM news_posts WHERE post_id = ?1");
            return read.bindText (1, postId).step(); });
    }

    std::vector<NewsStore::NewsEntry> NewsStore::releases (std::int64_t after, std::size_t limit) const
    {
        return database.run ([&] (Database& connection)
                             {
            auto read = connection.prepare (std::string ("SELECT ") + newsColumns + " FROM news_posts WHERE kind = 'release' AND id > ?1 "
                                            + "ORDER BY posted_at_ms DESC, id DESC LIMIT ?2");
            read.bindInt64 (1, after).bindInt64 (2, static_cast<std::int64_t> (limit));
            return readAll<NewsEntry> (connection, read, readEntry); });
    }

    std::vector<NewsStore::NewsEntry> NewsStore::tourDates (std::int64_t fromDay, const std::string& homeCity, std::int64_t after) const
    {
        return tourDates (fromDay, homeCity, after, std::numeric_limits<std::size_t>::max());
    }

    std::vector<NewsStore::NewsEntry> NewsStore::tourDates (std::int64_t fromDay, const std::string& homeCity, std::int64_t after, std::size_t limit) const
    {
        return database.run ([&] (Database& connection)
                             {
            // SQLite's lower() folds ASCII letters only, as sameCity does.
            auto read = connection.prepare (std::string ("SELECT ") + newsColumns
                                            + ", EXISTS (SELECT 1 FROM news_posts AS cancellation WHERE cancellation.cancels = news_posts.post_id "
                                            + "AND cancellation.artist_key = news_posts.artist_key) "
                                            + "FROM news_posts WHERE kind = 'tour_date' AND tour_day >= ?1 AND id > ?2 "
                                            + "ORDER BY CASE WHEN ?3 <> '' AND lower (tour_city) = lower (?3) THEN 0 ELSE 1 END, tour_day, id LIMIT ?4");
            read.bindInt64 (1, fromDay).bindInt64 (2, after).bindText (3, homeCity).bindInt64 (4, static_cast<std::int64_t> (std::min<std::size_t> (limit, static_cast<std::size_t> (std::numeric_limits<std::int64_t>::max()))));
            return readAll<NewsEntry> (connection, read, readEntry); });
    }

    std::size_t NewsStore::tourDateCount (std::int64_t fromDay, std::int64_t after) const
    {
        return database.run ([&] (Database& connection)
                             {
            auto read = connection.prepare ("SELECT count(*) FROM news_posts WHERE kind = 'tour_date' AND tour_day >= ?1 AND id > ?2");
            read.bindInt64 (1, fromDay).bindInt64 (2, after);
            return read.step() ? static_cast<std::size_t> (read.columnInt64 (0)) : std::size_t { 0 }; });
    }

    std::int64_t NewsStore::lastId() const
    {
        return database.run ([&] (Database& connection)
                             {
            auto read = connection.prepare ("SELECT COALESCE (MAX (id), 0) FROM news_posts");
            (void) read.step();
            return read.columnInt64 (0); });
    }

    void NewsStore::addOwnPost (const OwnPost& post)
    {
        checkNotEmpty ("NewsStore::addOwnPost", "post id", post.postId);
        database.run ([&] (Database& connection)
                      {
            auto insert = connection.prepare ("INSERT INTO news_own_posts (post_id, kind, post, posted_at_ms, tour_day, cancels) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            insert.bindText (1, post.postId).bindText (2, nameOf (post.kind)).bindBlob (3, post.post).bindInt64 (4, post.postedAtMs).bindInt64 (5, post.tourDay).bindText (6, post.cancels).run(); });
    }

    std::vector<NewsStore::OwnPost> NewsStore::ownPosts() const
    {
        return database.run ([&] (Database& connection)
                             {
            auto read = connection.prepare (std::string ("SELECT ") + ownColumns
                                            + ", EXISTS (SELECT 1 FROM news_own_posts AS cancellation WHERE cancellation.cancels = news_own_posts.post_id) "
                                            + "FROM news_own_posts ORDER BY posted_at_ms, post_id");
            return readAll<OwnPost> (connection, read, readOwn); });
    }

    std::optional<NewsStore::OwnPost> NewsStore::ownPost (const std::string& postId) const
    {
        return database.run ([&] (Database& connection) -> std::optional<OwnPost>
                             {
            auto read = connection.prepare (std::string ("SELECT ") + ownColumns
                                            + ", EXISTS (SELECT 1 FROM news_own_posts AS cancellation WHERE cancellation.cancels = news_own_posts.post_id) "
                                            + "FROM news_own_posts WHERE post_id = ?1");
            if (! read.bindText (1, postId).step())
                return std::nullopt;
            return readOwn (connection, read); });
    }

    KeyedPage<NewsStore::OwnPost> NewsStore::ownTourDatesPage (std::int64_t fromDay, const std::optional<PageKey>& after, int limit) const
    {
        checkKeyedPage ("NewsStore::ownTourDatesPage", after, limit, ownTourDatePageKeyShape, "a day, a time and a post id");
        return database.run ([&] (Database& connection)
                             {
            const auto keyset = after ? " AND (tour_day, posted_at_ms, post_id) > (?3, ?4, ?5)" : "";
            auto read = connection.prepare (std::string ("SELECT ") + ownColumns + ", 0 FROM news_own_posts" + ownTourDatesWhere + keyset
                                            + " ORDER BY tour_day, posted_at_ms, post_id LIMIT ?2");
            read.bindInt64 (1, fromDay).bindInt64 (2, static_cast<std::int64_t> (limit) + 1);
            if (after)
                read.bindInt64 (3, std::get<std::int64_t> ((*after)[0])).bindInt64 (4, std::get<std::int64_t> ((*after)[1])).bindText (5, std::get<std::string> ((*after)[2]));
            return readKeyedPage<OwnPost> (connection, read, limit, readOwn); });
    }

    std::size_t NewsStore::ownTourDateCount (std::int64_t fromDay) const
    {
        return database.run ([&] (Database& connection)
                             {
            auto read = connection.prepare (std::string ("SELECT count(*) FROM news_own_posts") + ownTourDatesWhere);
            read.bindInt64 (1, fromDay);
            return read.step() ? static_cast<std::size_t> (read.columnInt64 (0)) : std::size_t { 0 }; });
    }

    PageKey NewsStore::ownTourDatePageKeyOf (const OwnPost& post)
    {
        return { post.tourDay, post.postedAtMs, post.postId };
    }

    bool NewsStore::cancelOwnTourDate (const OwnPost& cancellation)
    {
        checkNotEmpty ("NewsStore::cancelOwnTourDate", "post id", cancellation.postId);
        checkNotEmpty ("NewsStore::cancelOwnTourDate", "cancelled post id", cancellation.cancels);
        return database.transaction ([&] (Database& connection)
                                     {
            auto date = connection.prepare ("SELECT 1 FROM news_own_posts WHERE post_id = ?1 AND kind = 'tour_date' "
                                            "AND NOT EXISTS (SELECT 1 FROM news_own_posts WHERE cancels = ?1)");
            if (! date.bindText (1, cancellation.cancels).step())
                return false;
            addOwnPost (cancellation);
            return true; });
    }

    std::int64_t NewsStore::nextFeedSequence()
    {
        return database.transaction ([&] (Database& connection)
                                     {
            auto bump = connection.prepare ("INSERT INTO news_settings (key, value) VALUES ('feed_sequence', 1) "
                                            "ON CONFLICT (key) DO UPDATE SET value = CAST (value AS INTEGER) + 1");
            bump.run();
            auto read = connection.prepare ("SELECT CAST (value AS INTEGER) FROM news_settings WHERE key = 'feed_sequence'");
            (void) read.step();
            return read.columnInt64 (0); });
    }

    std::optional<std::string> NewsStore::setting (const std::string& key) const
    {
        return database.run ([&] (Database& connection) -> std::optional<std::string>
                             {
            auto read = connection.prepare ("SELECT value FROM news_settings WHERE key = ?1");
            if (! read.bindText (1, key).step())
                return std::nullopt;
            return read.columnText (0); });
    }

    void NewsStore::setSetting (const std::string& key, const std::string& value)
    {
        database.run ([&] (Database& connection)
                      {
            if (value.empty())
            {
                auto clear = connection.prepare ("DELETE FROM news_settings WHERE key = ?1");
                clear.bindText (1, key).run();
                return;
            }
            auto write = connection.prepare ("INSERT INTO news_settings (key, value) VALUES (?1, ?2) "
                                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
            write.bindText (1, key).bindText (2, value).run(); });
    }
} // namespace earshot
