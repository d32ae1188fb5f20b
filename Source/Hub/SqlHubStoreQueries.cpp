#include "SqlHubStore.h"

#include "Core/ChartScore.h"
#include "HubChecks.h"
#include "SearchText.h"
#include "SqlHubColumns.h"

#include <cmath>
#include <map>

// The reads. Charts read only hub_track_totals and hub_track_days (by day), never the reports.

namespace earshot
{
    namespace
    {
        constexpr auto chartColumns = "r.track_id, r.title, r.artist_name, r.artist_key, r.genre, r.manifest, length (r.cover)";

        /** A statement's text and parameters, built up clause by clause with numbered parameters. */
        struct SqlBuilder
        {
            std::string text;
            std::vector<SqlValue> parameters;

            /** Adds value as the next parameter and returns its placeholder. */
            std::string bind (SqlValue value)
            {
                parameters.push_back (std::move (value));
                return "?" + std::to_string (parameters.size());
            }

            /** A double parameter typed as one, so PostgreSQL does not take it for the other operand's type. */
            std::string bindReal (double value) { return "CAST (" + bind (value) + " AS DOUBLE PRECISION)"; }
        };

        /** The weight of a day `age` days before today in a week chart: the decay, as a literal. */
        [[nodiscard]] std::string ageFactors (const std::string& today, const ChartWeights& weights)
        {
            std::string result = "CASE " + today + " - d.day";

            for (int age = 0; age < 7; ++age)
                result += " WHEN " + std::to_string (age) + " THEN CAST ("
                          + exactText (chartScore::dayWeight (age, weights)) + " AS DOUBLE PRECISION)";

            return result + " ELSE 0 END";
        }
    } // namespace

    std::vector<ChartRow> SqlHubStore::chart (const ChartQuery& query)
    {
        hubChecks::check (query);
        const auto today = chartScore::dayOf (query.nowMs);
        const auto& weights = query.weights;
        SqlBuilder statement;

        // The page is ranked on narrow rows (track id, counts, score) and only its rows are then
        // joined to their releases: carrying every release's manifest through the sort made a
        // week chart of 100,000 tracks cost a second.
        std::string ranked;

        if (query.period == ChartPeriod::allTime)
        {
            ranked = "SELECT t.track_id, t.listens, t.passes, t.seeders, ((" + statement.bindReal (weights.listenWeight)
                     + " * t.decayed_listens + " + statement.bindReal (weights.passWeight) + " * t.decayed_passes) * "
                     + statement.bindReal (1.0 / chartScore::growth (today, weights)) + " + "
                     + statement.bindReal (weights.seederWeight) + " * t.seeders) AS score FROM hub_track_totals t WHERE 1 = 1";
        }
        else
        {
            const auto firstDay = query.period == ChartPeriod::day ? today : today - 6;
            const auto todayParameter = statement.bind (today);
            ranked = "SELECT t.track_id, d.listens, d.passes, t.seeders, d.activity + " + statement.bindReal (weights.seederWeight)
                     + " * t.seeders AS score "
                     + "FROM (SELECT d.track_id, SUM(d.listens) AS listens, SUM(d.passes) AS passes, SUM(("
                     + statement.bindReal (weights.listenWeight) + " * d.listens + " + statement.bindReal (weights.passWeight)
                     + " * d.passes) * " + ageFactors (todayParameter, weights) + ") AS activity "
                     + "FROM hub_track_days d WHERE d.day BETWEEN " + statement.bind (firstDay) + " AND " + todayParameter
                     + " GROUP BY d.track_id) d JOIN hub_track_totals t ON t.track_id = d.track_id WHERE 1 = 1";
        }

        if (query.genre.has_value())
            ranked += " AND t.track_id IN (SELECT track_id FROM hub_releases WHERE genre = " + statement.bind (*query.genre) + ")";

        ranked += " ORDER BY score DESC, t.track_id" + bytewise() + " LIMIT " + statement.bind (std::int64_t { query.limit })
                  + " OFFSET " + statement.bind (std::int64_t { query.offset });

        statement.text = std::string ("SELECT ") + chartColumns + ", c.listens, c.passes, c.seeders, c.score FROM (" + ranked
                         + ") c JOIN hub_releases r ON r.track_id = c.track_id ORDER BY c.score DESC, c.track_id" + bytewise();

        return locked ([&]
                       { return chartRows (sql->query (statement.text, statement.parameters), query.offset); });
    }

    std::vector<ChartRow> SqlHubStore::chartRows (const SqlRows& rows, int offset) const
    {
        std::vector<ChartRow> result;

        for (const auto& row : rows)
        {
            ChartRow chartRow;
            chartRow.rank = offset + static_cast<int> (result.size()) + 1;
            chartRow.trackId = row.text (0);
            chartRow.title = row.text (1);
            chartRow.artistName = row.text (2);
            chartRow.artistKey = hubColumns::readKey (row, 3);
            chartRow.genre = row.text (4);
            chartRow.manifest = row.text (5);
            chartRow.hasCover = row.integer (6) > 0;
            chartRow.listeners = row.integer (7);
            chartRow.passes = row.integer (8);
            chartRow.seeders = row.integer (9);
            chartRow.score = row.real (10);
            result.push_back (std::move (chartRow));
        }

        return result;
    }

    SearchResult SqlHubStore::search (const SearchQuery& query)
    {
        hubChecks::check (query);
        const auto words = searchText::words (query.text);
        SqlBuilder where;
        where.text = " FROM hub_releases r WHERE 1 = 1";

        if (! words.empty())
        {
            if (sql->dialect() == SqlConnection::Dialect::sqlite)
                where.text += " AND r.release_id IN (SELECT rowid FROM hub_release_search WHERE hub_release_search MATCH "
                              + where.bind (searchText::fts5Query (words)) + ")";
            else
                where.text += " AND r.search_vector @@ to_tsquery ('simple', " + where.bind (searchText::tsQuery (words)) + ")";
        }

        if (query.genre.has_value())
            where.text += " AND r.genre = " + where.bind (*query.genre);
        if (query.musicalKey.has_value())
            where.text += " AND r.musical_key = " + where.bind (*query.musicalKey);
        if (query.bpmMin.has_value())
            where.text += " AND r.bpm >= " + where.bindReal (*query.bpmMin);
        if (query.bpmMax.has_value())
            where.text += " AND r.bpm <= " + where.bindReal (*query.bpmMax);
        if (query.durationMinMs.has_value())
            where.text += " AND r.duration_ms >= " + where.bind (*query.durationMinMs);
        if (query.durationMaxMs.has_value())
            where.text += " AND r.duration_ms <= " + where.bind (*query.durationMaxMs);

        auto page = where;
        page.text = std::string ("SELECT ") + hubColumns::releaseSelect + where.text + " ORDER BY r.title" + bytewise()
                    + ", r.track_id" + bytewise() + " LIMIT " + page.bind (std::int64_t { query.limit }) + " OFFSET "
                    + page.bind (std::int64_t { query.offset });

        return locked ([&]
                       {
                           SearchResult result;
                           result.total = sql->query ("SELECT COUNT(*)" + where.text, where.parameters).front().integer (0);

                           for (const auto& row : sql->query (page.text, page.parameters))
                               result.releases.push_back (hubColumns::readRelease (row));

                           return result; });
    }

    ArtistPage SqlHubStore::artistPage (const PublicKey& artistKey, std::int64_t nowMs, int days)
    {
        hubChecks::checkSeriesDays (days);
        hubChecks::checkNow (nowMs);
        const SqlBytes key { keyBytes (artistKey) };
        const auto today = chartScore::dayOf (nowMs);
        const auto firstDay = today - days + 1;

        return locked ([&]
                       {
                           ArtistPage page;
                           page.profile = readProfile (artistKey);

                           const auto tracks = sql->query (
                               std::string ("SELECT ") + hubColumns::releaseSelect
                                   + ", t.listens, t.listeners, t.passes, t.seeders, t.points FROM hub_releases r "
                                     "JOIN hub_track_totals t ON t.track_id = r.track_id WHERE r.artist_key = ?1 "
                                     "ORDER BY r.published_at_ms DESC, r.track_id"
                                   + bytewise(),
                               { key });

                           if (! page.profile.has_value() && tracks.empty())
                               throw Error (ErrorCode::notFound,
                                                    "the hub knows no artist with this key: no profile and no release");

                           for (const auto& row : tracks)
                           {
                               const auto column = hubColumns::releaseColumnCount;
                               page.tracks.push_back ({ hubColumns::readRelease (row), row.integer (column), row.integer (column + 1),
                                                        row.integer (column + 2), row.integer (column + 3) });
                               page.listens += row.integer (column);
                               page.passes += row.integer (column + 2);
                               page.pointsEarnedByFans += row.integer (column + 4);
                           }

                           page.listeners = sql->query ("SELECT COUNT(DISTINCT l.listener_key) FROM hub_track_listeners l "
                                                        "JOIN hub_releases r ON r.track_id = l.track_id WHERE r.artist_key = ?1",
                                                        { key })
                                                .front()
                                                .integer (0);
                           page.seeders = sql->query ("SELECT COUNT(DISTINCT s.seeder_key) FROM hub_seeds s "
                                                      "JOIN hub_releases r ON r.track_id = s.track_id WHERE r.artist_key = ?1",
                                                      { key })
                                              .front()
                                              .integer (0);

                           page.followers = sql->query ("SELECT COUNT(*) FROM hub_follows WHERE artist_key = ?1", { key }).front().integer (0);

                           std::map<std::int64_t, ArtistDay> counted;
                           for (const auto& row : sql->query ("SELECT d.day, SUM(d.listens), SUM(d.passes) FROM hub_track_days d "
                                                              "JOIN hub_releases r ON r.track_id = d.track_id "
                                                              "WHERE r.artist_key = ?1 AND d.day BETWEEN ?2 AND ?3 GROUP BY d.day",
                                                              { key, firstDay, today }))
                               counted[row.integer (0)] = { row.integer (0), row.integer (1), row.integer (2) };

                           for (auto day = firstDay; day <= today; ++day)
                               page.series.push_back (counted.count (day) != 0 ? counted[day] : ArtistDay { day, 0, 0 });

                           return page; });
    }
} // namespace earshot
