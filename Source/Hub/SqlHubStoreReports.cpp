#include "SqlHubStore.h"

#include "Core/ChartScore.h"
#include "HubChecks.h"

#include <set>

// The reports: each one is checked against what it repeats, then updates the aggregates that
// charts read, in the same transaction.

namespace earshot
{
    namespace
    {
        [[nodiscard]] bool trackIsKnown (SqlConnection& sql, const std::string& trackId)
        {
            return ! sql.query ("SELECT 1 FROM hub_releases WHERE track_id = ?1", { trackId }).empty();
        }

        void addToTrackDay (SqlConnection& sql, const std::string& trackId, std::int64_t day, std::int64_t listens, std::int64_t passes)
        {
            sql.execute ("INSERT INTO hub_track_days (track_id, day, listens, passes) VALUES (?1, ?2, ?3, ?4) "
                         "ON CONFLICT (track_id, day) DO UPDATE SET listens = hub_track_days.listens + excluded.listens, "
                         "passes = hub_track_days.passes + excluded.passes",
                         { trackId, day, listens, passes });
        }

        /** Adds (or, with -1, takes away) one seeder from each track the seeder's stored set holds. */
        void countSeeds (SqlConnection& sql, const SqlBytes& seeder, std::int64_t change)
        {
            sql.execute ("UPDATE hub_track_totals SET seeders = seeders + ?2 "
                         "WHERE track_id IN (SELECT track_id FROM hub_seeds WHERE seeder_key = ?1)",
                         { seeder, change });
        }
    } // namespace

    ListenOutcome SqlHubStore::addListen (const ListenReport& report, const ListenRules& rules, const ChartWeights& weights)
    {
        hubChecks::check (report, rules, weights);
        const SqlBytes listener { keyBytes (report.listenerKey) };
        const auto day = chartScore::dayOf (report.atMs);

        return locked ([&]
                       {
                           if (! trackIsKnown (*sql, report.trackId))
                               return ListenOutcome::unknownTrack;

                           // Statements that decide by their own row counts, so that hubs sharing a
                           // database cannot count one listen twice or pass the cap together.
                           if (sql->execute ("INSERT INTO hub_listens (listener_key, track_id, day, at_ms) VALUES (?1, ?2, ?3, ?4) "
                                             "ON CONFLICT (listener_key, track_id, day) DO NOTHING",
                                             { listener, report.trackId, day, report.atMs })
                               == 0)
                               return ListenOutcome::repeated;

                           if (sql->execute ("INSERT INTO hub_listener_days (listener_key, day, counted) VALUES (?1, ?2, 1) "
                                             "ON CONFLICT (listener_key, day) DO UPDATE SET counted = hub_listener_days.counted + 1 "
                                             "WHERE hub_listener_days.counted < ?3",
                                             { listener, day, std::int64_t { rules.maxPerListenerPerDay } })
                               == 0)
                           {
                               sql->execute ("DELETE FROM hub_listens WHERE listener_key = ?1 AND track_id = ?2 AND day = ?3",
                                             { listener, report.trackId, day });
                               return ListenOutcome::overDailyCap;
                           }

                           addToTrackDay (*sql, report.trackId, day, 1, 0);

                           const auto newListener = sql->execute ("INSERT INTO hub_track_listeners (track_id, listener_key) "
                                                                  "VALUES (?1, ?2) ON CONFLICT (track_id, listener_key) DO NOTHING",
                                                                  { report.trackId, listener });
                           sql->execute ("UPDATE hub_track_totals SET listens = listens + 1, listeners = listeners + ?2, "
                                         "decayed_listens = decayed_listens + CAST (?3 AS DOUBLE PRECISION) WHERE track_id = ?1",
                                         { report.trackId, newListener, chartScore::growth (day, weights) });
                           return ListenOutcome::counted; });
    }

    bool SqlHubStore::admitReporter (const std::string& network, const PublicKey& reporterKey, std::int64_t day, int cap)
    {
        const SqlBytes reporter { keyBytes (reporterKey) };
        return locked ([&]
                       {
                           const std::vector<SqlValue> seat { network, day, reporter };
                           if (! sql->query ("SELECT 1 FROM hub_network_reporters WHERE network = ?1 AND day = ?2 AND reporter_key = ?3", seat).empty())
                               return true;
                           // Hubs sharing a PostgreSQL database may each admit the last seat at
                           // once: the cap may be passed by a key or two, never by many.
                           const auto taken = sql->query ("SELECT COUNT(*) FROM hub_network_reporters WHERE network = ?1 AND day = ?2", { network, day });
                           if (taken.front().integer (0) >= cap)
                               return false;
                           sql->execute ("INSERT INTO hub_network_reporters (network, day, reporter_key) VALUES (?1, ?2, ?3) "
                                         "ON CONFLICT (network, day, reporter_key) DO NOTHING",
                                         seat);
                           return true; });
    }

    PassOutcome SqlHubStore::addPass (const PassReport& report, const ChartWeights& weights)
    {
        hubChecks::check (report, weights);
        const auto day = chartScore::dayOf (report.atMs);

        return locked ([&]
                       {
                           if (! trackIsKnown (*sql, report.trackId))
                               return PassOutcome::unknownTrack;

                           const auto inserted = sql->execute (
                               "INSERT INTO hub_passes (receipt_id, sender_key, recipient_key, track_id, points, at_ms) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (receipt_id) DO NOTHING",
                               { report.receiptId, SqlBytes { keyBytes (report.senderKey) },
                                 SqlBytes { keyBytes (report.recipientKey) }, report.trackId, report.points, report.atMs });

                           if (inserted == 0)
                               return PassOutcome::repeated;

                           addToTrackDay (*sql, report.trackId, day, 0, 1);
                           sql->execute ("UPDATE hub_track_totals SET passes = passes + 1, points = points + ?2, "
                                         "decayed_passes = decayed_passes + CAST (?3 AS DOUBLE PRECISION) WHERE track_id = ?1",
                                         { report.trackId, report.points, chartScore::growth (day, weights) });
                           return PassOutcome::counted; });
    }

    SeedOutcome SqlHubStore::setSeeding (const SeedReport& report, const SeedRules& rules)
    {
        hubChecks::check (report, rules);
        const SqlBytes seeder { keyBytes (report.seederKey) };
        const std::set<std::string> trackIds (report.trackIds.begin(), report.trackIds.end());

        return locked ([&]
                       {
                           expireSeedersBefore (report.atMs - rules.seedFreshnessMs);

                           const auto last = sql->query ("SELECT reported_at_ms FROM hub_seeders WHERE seeder_key = ?1", { seeder });

                           if (! last.empty() && last.front().integer (0) > report.atMs)
                               return SeedOutcome::outdated;

                           countSeeds (*sql, seeder, -1);
                           sql->execute ("DELETE FROM hub_seeds WHERE seeder_key = ?1", { seeder });
                           sql->execute ("INSERT INTO hub_seeders (seeder_key, reported_at_ms) VALUES (?1, ?2) "
                                         "ON CONFLICT (seeder_key) DO UPDATE SET reported_at_ms = excluded.reported_at_ms",
                                         { seeder, report.atMs });

                           for (const auto& trackId : trackIds)
                               sql->execute ("INSERT INTO hub_seeds (seeder_key, track_id) VALUES (?1, ?2)", { seeder, trackId });

                           countSeeds (*sql, seeder, 1);
                           return SeedOutcome::replaced; });
    }

    void SqlHubStore::expireSeeders (std::int64_t nowMs, const SeedRules& rules)
    {
        hubChecks::checkNow (nowMs);
        hubChecks::check (rules);
        locked ([&]
                { expireSeedersBefore (nowMs - rules.seedFreshnessMs); });
    }

    void SqlHubStore::expireSeedersBefore (std::int64_t cutoffMs)
    {
        constexpr auto staleSeeds = "SELECT s.track_id FROM hub_seeds s JOIN hub_seeders e ON e.seeder_key = s.seeder_key "
                                    "WHERE e.reported_at_ms < ?1";

        sql->execute (std::string ("UPDATE hub_track_totals SET seeders = seeders - (SELECT COUNT(*) FROM (") + staleSeeds
                          + ") stale WHERE stale.track_id = hub_track_totals.track_id) WHERE track_id IN (" + staleSeeds + ")",
                      { cutoffMs });
        sql->execute ("DELETE FROM hub_seeds WHERE seeder_key IN (SELECT seeder_key FROM hub_seeders WHERE reported_at_ms < ?1)",
                      { cutoffMs });
        sql->execute ("DELETE FROM hub_seeders WHERE reported_at_ms < ?1", { cutoffMs });
    }
} // namespace earshot
