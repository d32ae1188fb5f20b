#pragma once

#include "SqlConnection.h"

#include <memory>
#include <string>

namespace earshot
{
    /** The hub's PostgreSQL database over libpqxx, its schema (hubSchema) created or migrated on
        open, with its version in hub_meta and an advisory lock so that two hubs starting at
        once migrate one after the other.

        A lost server makes the operation throw Error (unavailable) and drops the
        connection; the next transaction connects again. A transaction that finds its
        connection broken before anything was committed runs once more on a new one, so a
        restarted server is not reported as down. Throws Error. */
    class PostgresConnection final : public SqlConnection
    {
    public:
        /** location: a postgresql:// URI or a libpq connection string. Connects at once. */
        explicit PostgresConnection (std::string location);
        ~PostgresConnection() override;

        [[nodiscard]] Dialect dialect() const noexcept override { return Dialect::postgres; }
        void transaction (const std::function<void()>& work) override;
        SqlRows query (std::string_view sql, const std::vector<SqlValue>& parameters) override;
        std::int64_t execute (std::string_view sql, const std::vector<SqlValue>& parameters) override;

    private:
        struct Session;

        void connect();
        void migrate();

        std::string location;
        std::unique_ptr<Session> session;
    };
} // namespace earshot
