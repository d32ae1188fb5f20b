#include "PassColumns.h"

#include "Core/Hex.h"

#include <algorithm>
#include <stdexcept>

namespace earshot::passColumns
{
    std::string_view bytesOf (const PublicKey& key) noexcept
    {
        return { reinterpret_cast<const char*> (key.data()), key.size() };
    }

    PublicKey readKey (const Database& database, const Statement& row, int column)
    {
        const auto bytes = row.columnBlob (column);
        PublicKey key {};

        if (bytes.size() != key.size())
            throw StoreError ("Earshot database '" + database.file().string() + "': a stored key is "
                              + std::to_string (bytes.size()) + " bytes instead of 32; the file was changed by another program");

        std::copy (bytes.begin(), bytes.end(), key.begin());
        return key;
    }

    std::string pageSql (const std::string& columns, const std::string& table, const std::string& timeColumn, bool afterCursor)
    {
        // Two statements rather than "?1 = 0 OR ...", which would keep SQLite from the time index.
        const auto where = afterCursor ? " WHERE " + timeColumn + " < ?1 OR (" + timeColumn + " = ?1 AND rowid < ?2)" : std::string();
        return "SELECT " + columns + ", rowid FROM " + table + where + " ORDER BY " + timeColumn + " DESC, rowid DESC LIMIT ?3";
    }

    void bindPageWindow (Statement& statement, const std::optional<PageCursor>& after, int limit)
    {
        if (after.has_value())
            statement.bindInt64 (1, after->sortKey).bindInt64 (2, after->rowId);
        statement.bindInt64 (3, static_cast<std::int64_t> (limit) + 1);
    }

    void checkPageLimits (const char* method, int limit, std::int64_t maxBytes)
    {
        if (limit <= 0 || maxBytes <= 0)
            throw std::invalid_argument (std::string (method) + ": the limit " + std::to_string (limit) + " and byte budget "
                                         + std::to_string (maxBytes) + " must be positive");
    }

    void checkTime (const char* method, const char* what, std::int64_t ms)
    {
        if (ms < 0 || ms > latestTimeMs)
            throw std::invalid_argument (std::string (method) + ": " + what + " " + std::to_string (ms)
                                         + " is not a time in milliseconds since the Unix epoch before the year 10000");
    }

    void checkNotEmpty (const char* method, const char* what, const std::string& value)
    {
        if (value.empty())
            throw std::invalid_argument (std::string (method) + ": the " + what + " is empty");
    }

    void checkTrackId (const char* method, const std::string& trackId)
    {
        if (! isLowerHex (trackId, 40))
            throw std::invalid_argument (std::string (method) + ": the track id \"" + trackId
                                         + "\" is not 40 lower-case hex digits");
    }
} // namespace earshot::passColumns
