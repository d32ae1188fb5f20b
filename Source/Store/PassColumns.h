#pragma once

#include "Database.h"

#include "Core/Paging.h"
#include "Core/PublicKey.h"

#include <cstdint>
#include <optional>
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

    /** The SQL that picks a page's rows in (timeColumn DESC, rowid DESC) order, strictly after a
    cursor when afterCursor, with the row id as the last column (bindPageWindow binds its
    parameters). Rows added meanwhile sort before the cursor or after it by their own keys, so no
    row of a later page shifts or repeats, as they would with an offset. */
    [[nodiscard]] std::string pageSql (const std::string& columns, const std::string& table, const std::string& timeColumn, bool afterCursor);

    /** Binds pageSql's parameters: the cursor, if any, and one row more than limit (to know
    whether a next page exists). */
    void bindPageWindow (Statement& statement, const std::optional<PageCursor>& after, int limit);

    /** Throws std::invalid_argument unless a page's limit and byte budget are positive. */
    void checkPageLimits (const char* method, int limit, std::int64_t maxBytes);

    /** A page of records and where the next starts (nothing after the last page). */
    template <typename Record>
    struct RecordPage
    {
        std::vector<Record> records;
        std::optional<PageCursor> next;
    };

    /** Reads pageSql's rows (rowIdColumn is the row id's column) into at most limit records,
    stopping once their weight (weigh (record), in bytes) reaches maxBytes; a page holds at least
    one record. timeOf (record) is the sort key of the cursor. */
    template <typename Record, typename Read, typename Weigh, typename TimeOf>
    [[nodiscard]] RecordPage<Record> readPage (const Database& database, Statement& statement, int rowIdColumn, int limit, std::int64_t maxBytes, Read read, Weigh weigh, TimeOf timeOf)
    {
        RecordPage<Record> page;
        std::int64_t bytes = 0;
        PageCursor last;

        while (statement.step())
        {
            if (static_cast<int> (page.records.size()) >= limit || bytes >= maxBytes)
            {
                page.next = last; // a row follows the page
                break;
            }

            page.records.push_back (read (database, statement));
            bytes += weigh (page.records.back());
            last = { timeOf (page.records.back()), statement.columnInt64 (rowIdColumn) };
        }

        return page;
    }

    /** A time must lie between 1970 and the end of year 9999. */
    void checkTime (const char* method, const char* what, std::int64_t ms);

    void checkNotEmpty (const char* method, const char* what, const std::string& value);

    /** A track id is 40 lower-case hex digits. */
    void checkTrackId (const char* method, const std::string& trackId);
} // namespace earshot::passColumns
