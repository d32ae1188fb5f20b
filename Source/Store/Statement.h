#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace earshot
{
    class Database;

    /** One prepared SQLite statement, finalized when it goes out of scope. Made by
    Database::prepare; bind parameters (1-based, as in SQL), then step() through the rows
    and read columns (0-based, as SQLite numbers them).

    Threading: like the Database it came from, use it from one thread at a time, and do not
    let it outlive that Database. */
    class Statement final
    {
    public:
        ~Statement();
        Statement (Statement&& other) noexcept;
        Statement& operator= (Statement&& other) noexcept;
        Statement (const Statement&) = delete;
        Statement& operator= (const Statement&) = delete;

        Statement& bindInt64 (int index, std::int64_t value);
        Statement& bindDouble (int index, double value);
        /** Binds UTF-8 text; SQLite copies it, so a temporary is fine. */
        Statement& bindText (int index, std::string_view value);
        /** Binds bytes as a BLOB, NUL bytes included; an empty value is an empty BLOB, not NULL. */
        Statement& bindBlob (int index, std::string_view bytes);
        Statement& bindNull (int index);

        /** Runs the statement up to its next row: true when a row is ready to read, false when
        the statement has finished. Throws StoreError on failure. */
        [[nodiscard]] bool step();

        /** Runs a statement that returns no rows to completion. */
        void run();

        /** Makes the statement ready to run again; bindings are kept. */
        void reset() noexcept;

        /** SQLite's storage classes, for code that reads columns of any type. */
        enum class ColumnType
        {
            integer,
            real,
            text,
            blob,
            null
        };

        /** How many columns the statement's rows have. */
        [[nodiscard]] int columnCount() const noexcept;

        /** The storage class of a column of the current row. */
        [[nodiscard]] ColumnType columnType (int index) const noexcept;

        [[nodiscard]] bool columnIsNull (int index) const noexcept;
        [[nodiscard]] std::int64_t columnInt64 (int index) const noexcept;
        [[nodiscard]] double columnDouble (int index) const noexcept;
        [[nodiscard]] std::string columnText (int index) const;
        /** The column's bytes exactly, NUL bytes included. */
        [[nodiscard]] std::string columnBlob (int index) const;

    private:
        friend class Database;
        Statement (Database& owner, std::string_view sql);

        void checkBind (int resultCode, int index);

        Database* database = nullptr;
        sqlite3_stmt* statement = nullptr;
    };
} // namespace earshot
