#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace earshot
{
    /** Bytes bound as a BLOB (SQLite) or bytea (PostgreSQL), rather than as text. */
    struct SqlBytes
    {
        std::string bytes;
    };

    /** A statement parameter. */
    using SqlValue = std::variant<std::nullptr_t, std::int64_t, double, std::string, SqlBytes>;

    /** One result row: each column as text (numbers in their shortest exact form, bytes as they
        are), or nothing for NULL. */
    class SqlRow final
    {
    public:
        explicit SqlRow (std::vector<std::optional<std::string>> columns)
            : fields (std::move (columns))
        {
        }

        [[nodiscard]] bool isNull (std::size_t column) const;
        [[nodiscard]] std::int64_t integer (std::size_t column) const;
        [[nodiscard]] double real (std::size_t column) const;
        [[nodiscard]] std::optional<double> optionalReal (std::size_t column) const;
        /** Text or bytes; empty for NULL. */
        [[nodiscard]] const std::string& text (std::size_t column) const;

    private:
        std::vector<std::optional<std::string>> fields;
    };

    using SqlRows = std::vector<SqlRow>;

    /** One connection to the hub's database, as SqlHubStore uses it: statements in the SQL both
        SQLite and PostgreSQL understand, parameters written ?1, ?2... Implementations turn their
        database's errors into Error.

        Threading: not thread-safe; SqlHubStore serialises its calls. */
    class SqlConnection
    {
    public:
        enum class Dialect
        {
            sqlite,
            postgres
        };

        virtual ~SqlConnection() = default;

        [[nodiscard]] virtual Dialect dialect() const noexcept = 0;

        /** Runs work in one transaction: committed when it returns, rolled back when it throws.
            Statements run only inside it. work may run again after a lost connection, so it
            must not have effects outside the database before it returns. */
        virtual void transaction (const std::function<void()>& work) = 0;

        /** Runs a statement and returns its rows. */
        virtual SqlRows query (std::string_view sql, const std::vector<SqlValue>& parameters) = 0;

        /** Runs a statement and returns how many rows it changed. */
        virtual std::int64_t execute (std::string_view sql, const std::vector<SqlValue>& parameters) = 0;
    };

    /** A double as text that reads back as the same double. */
    [[nodiscard]] std::string exactText (double value);
} // namespace earshot
