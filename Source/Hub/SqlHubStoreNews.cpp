#include "SqlHubStore.h"

#include "Core/ChartScore.h"
#include "Core/NewsRules.h"
#include "HubChecks.h"
#include "SqlHubColumns.h"

#include <algorithm>
#include <set>

// Artists' posts and who follows them: what Hub.WatchEvents hands out and the artist page counts.

namespace earshot
{
    namespace
    {
        constexpr auto postColumns = "sequence, artist_key, post_id, kind, posted_at_ms, tour_date, cancels, message";

        [[nodiscard]] NewsPost readPost (const SqlRow& row)
        {
            NewsPost post;
            post.sequence = static_cast<std::uint64_t> (row.integer (0));
            post.artistKey = hubColumns::readKey (row, 1);
            post.postId = row.text (2);
            post.kind = static_cast<PostKind> (row.integer (3));
            post.postedAtMs = row.integer (4);
            post.tourDate = row.text (5);
            post.cancels = row.text (6);
            post.signedMessage = row.text (7);
            return post;
        }

        [[nodiscard]] std::vector<NewsPost> readPosts (const SqlRows& rows)
        {
            std::vector<NewsPost> posts;
            for (const auto& row : rows)
                posts.push_back (readPost (row));
            return posts;
        }
        /** posts with at most newsRules::maxTourDatesInFeed tour dates, the soonest, and only the
            cancellations of those. */
        [[nodiscard]] std::vector<NewsPost> soonestDates (std::vector<NewsPost> posts)
        {
            std::vector<const NewsPost*> dates;
            for (const auto& post : posts)
                if (post.kind == PostKind::tourDate)
                    dates.push_back (&post);
            if (dates.size() <= newsRules::maxTourDatesInFeed)
                return posts;

            // YYYY-MM-DD sorts as the days do.
            std::stable_sort (dates.begin(), dates.end(), [] (const NewsPost* a, const NewsPost* b)
                              { return a->tourDate < b->tourDate; });
            std::set<std::string> kept;
            for (std::size_t i = 0; i < newsRules::maxTourDatesInFeed; ++i)
                kept.insert (dates[i]->postId);
            std::erase_if (posts, [&kept] (const NewsPost& post)
                           { return (post.kind == PostKind::tourDate && ! kept.contains (post.postId))
                                    || (post.kind == PostKind::tourDateCancelled && ! kept.contains (post.cancels)); });
            return posts;
        }
    } // namespace

    std::optional<std::uint64_t> SqlHubStore::putPost (const NewsPost& post)
    {
        hubChecks::check (post);
        const auto day = newsRules::dayOfDate (post.tourDate);
        const SqlValue tourDay = day ? SqlValue { *day } : SqlValue { nullptr };

        return locked ([&]() -> std::optional<std::uint64_t>
                       {
                           // One statement decides, so two hubs filing the same post at once file it once.
                           if (sql->execute ("INSERT INTO hub_posts (post_id, artist_key, kind, posted_at_ms, tour_date, tour_day, cancels, message) "
                                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (post_id) DO NOTHING",
                                             { post.postId, SqlBytes { keyBytes (post.artistKey) }, static_cast<std::int64_t> (post.kind),
                                               post.postedAtMs, post.tourDate, tourDay, post.cancels, SqlBytes { post.signedMessage } })
                               == 0)
                               return std::nullopt;
                           return static_cast<std::uint64_t> (sql->query ("SELECT sequence FROM hub_posts WHERE post_id = ?1", { post.postId }).front().integer (0)); });
    }

    std::optional<NewsPost> SqlHubStore::post (const std::string& postId)
    {
        return locked ([&]() -> std::optional<NewsPost>
                       {
                           const auto rows = sql->query (std::string ("SELECT ") + postColumns + " FROM hub_posts WHERE post_id = ?1", { postId });
                           if (rows.empty())
                               return std::nullopt;
                           return readPost (rows.front()); });
    }

    NewsBacklog SqlHubStore::news (const PublicKey& artistKey, std::uint64_t after, std::int64_t nowMs)
    {
        hubChecks::checkNow (nowMs);
        const SqlBytes key { keyBytes (artistKey) };
        const auto select = std::string ("SELECT ") + postColumns + " FROM hub_posts WHERE artist_key = ?1 ";

        return locked ([&]
                       {
                           NewsBacklog backlog;
                           backlog.lastSequence = static_cast<std::uint64_t> (
                               sql->query ("SELECT COALESCE (MAX (sequence), 0) FROM hub_posts WHERE artist_key = ?1", { key }).front().integer (0));

                           if (after > 0)
                           {
                               backlog.posts = readPosts (sql->query (select + "AND sequence > ?2 ORDER BY sequence",
                                                                      { key, static_cast<std::int64_t> (after) }));
                               return backlog;
                           }

                           // Dates two UTC days back may still be on somewhere; isPast decides exactly.
                           const auto rows = sql->query (select + "AND ((kind = 0 AND posted_at_ms >= ?2) OR (kind <> 0 AND tour_day >= ?3)) ORDER BY sequence",
                                                         { key, nowMs - newsRules::recentReleaseMs, chartScore::dayOf (nowMs) - 2 });
                           auto posts = readPosts (rows);
                           std::erase_if (posts, [nowMs] (const NewsPost& post)
                                          { return post.kind != PostKind::release && newsRules::isPast (post.tourDate, nowMs); });
                           backlog.posts = soonestDates (std::move (posts));
                           return backlog; });
    }

    bool SqlHubStore::setFollows (const FollowReport& report)
    {
        hubChecks::check (report);
        const SqlBytes follower { keyBytes (report.followerKey) };
        const std::set<PublicKey> artists (report.artistKeys.begin(), report.artistKeys.end());

        return locked ([&]
                       {
                           const auto last = sql->query ("SELECT reported_at_ms FROM hub_followers WHERE follower_key = ?1", { follower });
                           if (! last.empty() && last.front().integer (0) > report.atMs)
                               return false;

                           sql->execute ("DELETE FROM hub_follows WHERE follower_key = ?1", { follower });
                           sql->execute ("INSERT INTO hub_followers (follower_key, reported_at_ms) VALUES (?1, ?2) "
                                         "ON CONFLICT (follower_key) DO UPDATE SET reported_at_ms = excluded.reported_at_ms",
                                         { follower, report.atMs });
                           for (const auto& artist : artists)
                               sql->execute ("INSERT INTO hub_follows (follower_key, artist_key) VALUES (?1, ?2)",
                                             { follower, SqlBytes { keyBytes (artist) } });
                           return true; });
    }
} // namespace earshot
