#include "Statement.h"

#include "Database.h"

#include <sqlite3.h>

#include <cctype>
#include <utility>

namespace earshot
{
    namespace
    {
        [[nodiscard]] bool isBlank (const char* text)
        {
            for (; *text != '\0'; ++text)
                if (! std::isspace (static_cast<unsigned char> (*text)) && *text != ';')
                    return false;

            return true;
        }
    } // namespace

    Statement::Statement (Database& owner, std::string_view sql)
        : database (&owner)
    {
        const char* tail = nullptr;
        const auto resultCode = sqlite3_prepare_v3 (database->connection,
                                                    sql.data(),
                                                    static_cast<int> (sql.size()),
                                                    0,
                                                    &statement,
                                                    &tail);

        if (resultCode != SQLITE_OK)
            throw database->error ("preparing \"" + std::string (sql) + "\"");

        // prepare compiles only the first statement; refuse the rest rather than silently drop it.
        // tail points into sql, which need not be NUL-terminated, so compare by position.
        const auto tailOffset = static_cast<std::size_t> (tail - sql.data());
        const auto rest = std::string (sql.substr (tailOffset));

        if (statement == nullptr || ! isBlank (rest.c_str()))
        {
            sqlite3_finalize (statement);
            statement = nullptr;
            throw StoreError ("Earshot database '" + database->file().string()
                              + "': Statement needs exactly one SQL statement, got \"" + std::string (sql) + "\"");
        }
    }

    Statement::~Statement()
    {
        sqlite3_finalize (statement);
    }

    Statement::Statement (Statement&& other) noexcept
        : database (std::exchange (other.database, nullptr))
        , statement (std::exchange (other.statement, nullptr))
    {
    }

    Statement& Statement::operator= (Statement&& other) noexcept
    {
        if (this != &other)
        {
            sqlite3_finalize (statement);
            database = std::exchange (other.database, nullptr);
            statement = std::exchange (other.statement, nullptr);
        }

        return *this;
    }

    void Statement::checkBind (int resultCode, int index)
    {
        if (resultCode != SQLITE_OK)
            throw database->error ("binding parameter " + std::to_string (index) + " of \""
                                   + sqlite3_sql (statement) + "\"");
    }

    Statement& Statement::bindInt64 (int index, std::int64_t value)
    {
        checkBind (sqlite3_bind_int64 (statement, index, value), index);
        return *this;
    }

    Statement& Statement::bindDouble (int index, double value)
    {
        checkBind (sqlite3_bind_double (statement, index, value), index);
        return *this;
    }

    Statement& Statement::bindText (int index, std::string_view value)
    {
        // A null pointer would bind NULL; an empty string_view may carry one.
        checkBind (sqlite3_bind_text64 (statement,
                                        index,
                                        value.empty() ? "" : value.data(),
                                        value.size(),
                                        SQLITE_TRANSIENT,
                                        SQLITE_UTF8),
                   index);
        return *this;
    }

    Statement& Statement::bindBlob (int index, std::string_view bytes)
    {
        // sqlite3_bind_blob with a null pointer binds NULL, so an empty value needs zeroblob.
        if (bytes.empty())
            checkBind (sqlite3_bind_zeroblob (statement, index, 0), index);
        else
            checkBind (sqlite3_bind_blob64 (statement, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT), index);

        return *this;
    }

    Statement& Statement::bindNull (int index)
    {
        checkBind (sqlite3_bind_null (statement, index), index);
        return *this;
    }

    bool Statement::step()
    {
        const auto resultCode = sqlite3_step (statement);

        if (resultCode == SQLITE_ROW)
            return true;

        if (resultCode == SQLITE_DONE)
            return false;

        // Read the message before reset, which would replace it.
        auto failure = database->error (std::string ("running \"") + sqlite3_sql (statement) + "\"");
        sqlite3_reset (statement);
        throw failure;
    }

    void Statement::run()
    {
        while (step())
        {
        }

        reset();
    }

    void Statement::reset() noexcept
    {
        sqlite3_reset (statement);
    }

    int Statement::columnCount() const noexcept
    {
        return sqlite3_column_count (statement);
    }

    Statement::ColumnType Statement::columnType (int index) const noexcept
    {
        switch (sqlite3_column_type (statement, index))
        {
            case SQLITE_INTEGER:
                return ColumnType::integer;
            case SQLITE_FLOAT:
                return ColumnType::real;
            case SQLITE_TEXT:
                return ColumnType::text;
            case SQLITE_BLOB:
                return ColumnType::blob;
            default:
                return ColumnType::null;
        }
    }

    bool Statement::columnIsNull (int index) const noexcept
    {
        return sqlite3_column_type (statement, index) == SQLITE_NULL;
    }

    std::int64_t Statement::columnInt64 (int index) const noexcept
    {
        return sqlite3_column_int64 (statement, index);
    }

    double Statement::columnDouble (int index) const noexcept
    {
        return sqlite3_column_double (statement, index);
    }

    std::string Statement::columnText (int index) const
    {
        // Fetch the pointer before the size, as SQLite's documentation asks.
        const auto* text = reinterpret_cast<const char*> (sqlite3_column_text (statement, index));
        const auto size = static_cast<std::size_t> (sqlite3_column_bytes (statement, index));
        return text == nullptr ? std::string() : std::string (text, size);
    }

    std::string Statement::columnBlob (int index) const
    {
        const auto* bytes = static_cast<const char*> (sqlite3_column_blob (statement, index));
        const auto size = static_cast<std::size_t> (sqlite3_column_bytes (statement, index));
        return bytes == nullptr ? std::string() : std::string (bytes, size);
    }
} // namespace earshot
