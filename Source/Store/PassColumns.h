#pragma once

#include "Database.h"

#include "Core/PublicKey.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::passColumns
{
    /** What the pass stores (FriendStore, OutboxStore, InboxStore, PointsLedger, UploadStore) share:
    keys as blobs, and the checks of their arguments. Each check throws std::invalid_argument whose
    message starts with method ("FriendStore::add") and names the argument. */

    /** 9999-12-31T23:59:59.999Z: far beyond any real time, and far enough below INT64_MAX that
    adding a retry delay cannot overflow. */
    constexpr std::int64_t latestTimeMs = 253402300799999;

    /** The key's 32 bytes, to bind as a blob. */
    [[nodiscard]] std::string_view bytesOf (const PublicKey& key) noexcept;

    /** Reads a key column; the schema's CHECK makes every stored key 32 bytes, but the file may
    have been written by another program without it. Throws StoreError. */
    [[nodiscard]] PublicKey readKey (const Database& database, const Statement& row, int column);

    /** Every row statement gives, each turned into a Record by read (database, statement). */
    template <typename Record, typename Read>
    [[nodiscard]] std::vector<Record> readAll (const Database& database, Statement& statement, Read read)
    {
        std::vector<Record> records;

        while (statement.step())
            records.push_back (read (database, statement));

        return records;
    }

    /** A time must lie between 1970 and the end of year 9999. */
    void checkTime (const char* method, const char* what, std::int64_t ms);

    void checkNotEmpty (const char* method, const char* what, const std::string& value);

    /** A track id is 40 lower-case hex digits. */
    void checkTrackId (const char* method, const std::string& trackId);
} // namespace earshot::passColumns
