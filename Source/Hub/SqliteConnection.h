#pragma once

#include "SqlConnection.h"

#include "Store/Database.h"

#include <filesystem>

namespace earshot
{
    /** The hub's SQLite file, through the project's Database (WAL, busy timeout, schema versions):
        the hub's own schema (hubSchema), created or migrated on open. Throws Error. */
    class SqliteConnection final : public SqlConnection
    {
    public:
        explicit SqliteConnection (const std::filesystem::path& file);

        [[nodiscard]] Dialect dialect() const noexcept override { return Dialect::sqlite; }
        void transaction (const std::function<void()>& work) override;
        SqlRows query (std::string_view sql, const std::vector<SqlValue>& parameters) override;
        std::int64_t execute (std::string_view sql, const std::vector<SqlValue>& parameters) override;

    private:
        [[nodiscard]] Statement prepare (std::string_view sql, const std::vector<SqlValue>& parameters);

        Database database;
    };
} // namespace earshot
