#pragma once

#include "HubStore.h"
#include "SqlConnection.h"

#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>

namespace earshot
{
    /** The HubStore both backends share: every operation is written once, in the SQL that SQLite
        and PostgreSQL both understand, over a SqlConnection; the few places where they differ
        (full-text search, collation) ask the connection's dialect. SqliteHubStore and
        PostgresHubStore only open their connection.

        Threading: operations lock one mutex, so one runs at a time on the one connection. */
    class SqlHubStore : public HubStore
    {
    public:
        void putProfile (const ArtistProfile& profile) override;
        [[nodiscard]] std::optional<ArtistProfile> profile (const PublicKey& artistKey) override;
        [[nodiscard]] std::vector<PublicKey> artistsNamed (const std::string& name) override;
        void putRelease (const Release& release) override;
        [[nodiscard]] std::optional<Release> release (const std::string& trackId) override;
        ListenOutcome addListen (const ListenReport& report, const ListenRules& rules, const ChartWeights& weights) override;
        PassOutcome addPass (const PassReport& report, const ChartWeights& weights) override;
        SeedOutcome setSeeding (const SeedReport& report, const SeedRules& rules) override;
        [[nodiscard]] bool admitReporter (const std::string& network, const PublicKey& reporterKey, std::int64_t day, int cap) override;
        void expireSeeders (std::int64_t nowMs, const SeedRules& rules) override;
        [[nodiscard]] std::vector<ChartRow> chart (const ChartQuery& query) override;
        [[nodiscard]] SearchResult search (const SearchQuery& query) override;
        [[nodiscard]] ArtistPage artistPage (const PublicKey& artistKey, std::int64_t nowMs, int days) override;
        std::optional<std::uint64_t> putPost (const NewsPost& post) override;
        [[nodiscard]] std::optional<NewsPost> post (const std::string& postId) override;
        [[nodiscard]] NewsBacklog news (const PublicKey& artistKey, std::uint64_t after, std::int64_t nowMs) override;
        bool setFollows (const FollowReport& report) override;
        void batch (const std::function<void()>& work) override;

    protected:
        explicit SqlHubStore (std::unique_ptr<SqlConnection> connection);

    private:
        /** Runs work in one transaction under the store's lock and returns what it returns; inside
            a batch, in the batch's transaction. */
        template <typename Work>
        auto locked (Work&& work)
        {
            const std::scoped_lock lock (mutex);

            if (batching)
            {
                try
                {
                    return work();
                }
                catch (...)
                {
                    // Part of the operation may be written: the batch must not commit.
                    batchSpoiled = true;
                    throw;
                }
            }

            if constexpr (std::is_void_v<std::invoke_result_t<Work&>>)
            {
                sql->transaction (work);
            }
            else
            {
                std::optional<std::invoke_result_t<Work&>> result;
                sql->transaction ([&]
                                  { result = work(); });
                return std::move (*result);
            }
        }

        [[nodiscard]] std::optional<ArtistProfile> readProfile (const PublicKey& artistKey);
        void expireSeedersBefore (std::int64_t cutoffMs);
        [[nodiscard]] std::string bytewise() const;
        [[nodiscard]] std::vector<ChartRow> chartRows (const SqlRows& rows, int offset) const;

        /** Recursive: a batch holds it while the operations in it take it again. */
        std::recursive_mutex mutex;
        std::unique_ptr<SqlConnection> sql;
        bool batching = false;
        bool batchSpoiled = false;
    };
} // namespace earshot
