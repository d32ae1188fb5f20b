#pragma once

#include "HubRecords.h"

namespace earshot
{
    /** The checks every HubStore makes before it touches its database, so that both backends
        refuse the same records and queries with the same Error (invalidArgument). */
    namespace hubChecks
    {
        /** The most rows a chart or search page holds. */
        constexpr int maxPageSize = 100;

        /** The most days an artist page's series covers. */
        constexpr int maxSeriesDays = 366;

        void check (const ArtistProfile& profile);
        void check (const Release& release);
        void check (const ListenReport& report, const ListenRules& rules, const ChartWeights& weights);
        void check (const PassReport& report, const ChartWeights& weights);
        void check (const SeedReport& report, const SeedRules& rules);
        void check (const NewsPost& post);
        void check (const FollowReport& report);
        void check (const ChartQuery& query);
        void check (const SearchQuery& query);
        void check (const SeedRules& rules);
        void checkSeriesDays (int days);
        /** A query's "now". */
        void checkNow (std::int64_t nowMs);
    } // namespace hubChecks
} // namespace earshot
