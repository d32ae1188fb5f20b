#pragma once

#include "SqlConnection.h"

#include "Store/Database.h"

#include <filesystem>
#include <string>
#include <unordered_map>

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
        /** The statement for sql, prepared once and kept, reset and bound to parameters. */
        [[nodiscard]] Statement& prepare (std::string_view sql, const std::vector<SqlValue>& parameters);

        Database database;
        /** Prepared statements by their text: the hub runs a few dozen texts over and over, and
            preparing one costs as much as running it. Declared after database, so they go first. */
        std::unordered_map<std::string, Statement> statements;
    };
} // namespace earshot
