#include "PointsLedger.h"

#include "PassColumns.h"

#include <limits>
#include <stdexcept>

namespace earshot
{
    using namespace passColumns;

    namespace
    {
        constexpr auto ledgerColumns = "entry_id, at_ms, points, reason, pass_id, friend_key, source";

        [[nodiscard]] PointsLedger::LedgerEntry readLedgerEntry (const Database& database, const Statement& row)
        {
            PointsLedger::LedgerEntry result;
            result.entryId = row.columnInt64 (0);
            result.credit.atMs = row.columnInt64 (1);
            result.credit.points = row.columnInt64 (2);
            result.credit.reason = row.columnText (3);
            result.credit.passId = row.columnText (4);
            result.credit.friendKey = readKey (database, row, 5);
            result.credit.source = row.columnText (6);
            return result;
        }
    } // namespace

    PointsLedger::PointsLedger (SharedDatabase& sharedDatabase) noexcept
        : database (sharedDatabase)
    {
    }

    bool PointsLedger::credit (const Credit& entry)
    {
        if (entry.points == 0)
            throw std::invalid_argument ("PointsLedger::credit: source " + entry.source
                                         + ": 0 points is not an entry; the ledger holds only changes to the balance");

        checkNotEmpty ("PointsLedger::credit", "reason", entry.reason);
        checkNotEmpty ("PointsLedger::credit", "pass id", entry.passId);
        checkNotEmpty ("PointsLedger::credit", "source", entry.source);
        checkTime ("PointsLedger::credit", "atMs", entry.atMs);

        const auto append = [&] (Database& connection)
        {
            // Not INSERT ... ON CONFLICT DO NOTHING: the ledger's trigger refuses an insert whose
            // source exists before the conflict clause is reached.
            auto exists = connection.prepare ("SELECT 1 FROM points_ledger WHERE source = ?1");

            if (exists.bindText (1, entry.source).step())
                return false;

            auto insert = connection.prepare ("INSERT INTO points_ledger (at_ms, points, reason, pass_id, friend_key, source) "
                                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            insert.bindInt64 (1, entry.atMs)
                .bindInt64 (2, entry.points)
                .bindText (3, entry.reason)
                .bindText (4, entry.passId)
                .bindBlob (5, bytesOf (entry.friendKey))
                .bindText (6, entry.source)
                .run();

            return true;
        };

        return database.transaction (append);
    }

    std::int64_t PointsLedger::balance() const
    {
        const auto step = [] (Database& connection)
        {
            // SUM, unlike TOTAL, stays an integer and fails rather than rounding on overflow.
            auto statement = connection.prepare ("SELECT coalesce (sum (points), 0) FROM points_ledger");
            return statement.step() ? statement.columnInt64 (0) : 0;
        };

        return database.run (step);
    }

    std::vector<PointsLedger::LedgerEntry> PointsLedger::entries() const
    {
        const auto step = [] (Database& connection)
        {
            auto statement = connection.prepare (std::string ("SELECT ") + ledgerColumns + " FROM points_ledger ORDER BY entry_id");
            return readAll<LedgerEntry> (connection, statement, readLedgerEntry);
        };

        return database.run (step);
    }

    PointsLedger::Page PointsLedger::entriesPage (const std::optional<PageCursor>& after, int limit) const
    {
        checkPageLimits ("PointsLedger::entriesPage", limit, 1);

        const auto step = [&] (Database& connection)
        {
            // entry_id only grows (AUTOINCREMENT), so it alone is the keyset.
            auto statement = connection.prepare (std::string ("SELECT ") + ledgerColumns + ", entry_id FROM points_ledger "
                                                 + "WHERE entry_id > ?1 ORDER BY entry_id LIMIT ?2");
            statement.bindInt64 (1, after.has_value() ? after->rowId : 0).bindInt64 (2, static_cast<std::int64_t> (limit) + 1);
            auto page = readPage<LedgerEntry> (
                connection, statement, 7, limit, std::numeric_limits<std::int64_t>::max(), readLedgerEntry, [] (const LedgerEntry&)
                { return std::int64_t { 0 }; },
                [] (const LedgerEntry& entry)
                { return entry.entryId; });
            return Page { std::move (page.records), page.next };
        };

        return database.run (step);
    }
} // namespace earshot
