#pragma once

#include "Hub/HubStore.h"
#include "Support/PostgresCluster.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

namespace earshot::test
{
    enum class Backend
    {
        sqlite,
        postgres
    };

    /** How GoogleTest prints a backend in a test's name and messages. */
    void PrintTo (Backend backend, std::ostream* stream);

    /** "Sqlite" or "Postgres", to name each instance of a test. */
    [[nodiscard]] std::string backendName (const ::testing::TestParamInfo<Backend>& info);

    /** Each test runs against both backends: a SQLite file in a fresh folder, and a fresh
    database in the suite's PostgreSQL cluster (started on first use, stopped when the suite
    ends, whatever the results). */
    class HubStoreTest : public ::testing::TestWithParam<Backend>
    {
    protected:
        static constexpr std::int64_t dayMs = 24 * 60 * 60 * 1000;

        void SetUp() override;
        void TearDown() override;

        /** Another store on this test's database, as a restarted hub would open it. */
        [[nodiscard]] std::unique_ptr<HubStore> reopen() const;

        /** The suite's cluster, started on first use. */
        [[nodiscard]] static testing::PostgresCluster& cluster();

        /** A distinct key for each n. */
        [[nodiscard]] static PublicKey key (int n);

        /** Noon of a UTC day. */
        [[nodiscard]] static std::int64_t noonOf (std::int64_t day) { return day * dayMs + dayMs / 2; }

        /** A release with every field set, cover and manifest holding NUL and high bytes. */
        [[nodiscard]] static Release release (const std::string& trackId, int artist, const std::string& title, const std::string& genre = "techno");

        /** A search for text alone. */
        [[nodiscard]] static SearchQuery textSearch (const std::string& text)
        {
            SearchQuery query;
            query.text = text;
            return query;
        }

        /** Adds and checks a listen with the default rules and weights. */
        void listen (int listener, const std::string& trackId, std::int64_t atMs, ListenOutcome expected = ListenOutcome::counted);

        /** Adds and checks a pass. */
        void pass (const std::string& receiptId, const std::string& trackId, std::int64_t atMs, std::int64_t points = 1, PassOutcome expected = PassOutcome::counted);

        ListenRules rules;
        ChartWeights weights { 1.0, 3.0, 0.5, 7.0 };
        /** A fresh folder for the test's files (the SQLite store's, for that backend), removed after it. */
        std::filesystem::path folder;
        std::string location;
        std::unique_ptr<HubStore> store;
    };
} // namespace earshot::test
