#pragma once

#include "SharedDatabase.h"

#include "Core/Paging.h"
#include "Core/PublicKey.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** The append-only ledger of the points this daemon's passes earned (the points_ledger table
    of an Earshot database). A friend's receipt earns the pass's sender points; each receipt is
    credited once.

    Times, errors, atomicity and threading as every pass store's (see PassData.h). */
    class PointsLedger final
    {
    public:
        /** Points credited to this daemon, as the daemon hands them to the ledger. */
        struct Credit
        {
            std::int64_t atMs = 0;
            /** Positive for points earned; negative only for a correction of an earlier entry.
            Never 0. */
            std::int64_t points = 0;
            /** Why, in words the user can read. Not empty. */
            std::string reason;
            /** The pass the points are for. Not empty. */
            std::string passId;
            /** The friend whose receipt (or correction) brought them. */
            PublicKey friendKey {};
            /** What earned them, unique across the ledger (e.g. the receipt's message id), so
            that the same receipt can never be credited twice. Not empty. */
            std::string source;

            bool operator== (const Credit&) const = default;
        };

        /** One entry of the points ledger. */
        struct LedgerEntry
        {
            /** Ascending in the order entries were made; never reused. */
            std::int64_t entryId = 0;
            Credit credit;

            bool operator== (const LedgerEntry&) const = default;
        };

        /** database must outlive this. */
        explicit PointsLedger (SharedDatabase& database) noexcept;

        /** Appends an entry to the points ledger. Returns false, and changes nothing, when an
        entry with the same source exists: the same receipt never earns points twice. Throws
        std::invalid_argument when points is 0 or reason, passId or source is empty.

        Entries are never changed or removed: the class offers no way to, and the file's
        triggers refuse UPDATE and DELETE of ledger rows from any program. A mistake is undone
        by crediting a correction (negative points) with its own source. */
        bool credit (const Credit& entry);

        /** The sum of the points of every entry; 0 for an empty ledger. */
        [[nodiscard]] std::int64_t balance() const;

        /** Every entry, oldest first. */
        [[nodiscard]] std::vector<LedgerEntry> entries() const;

        /** A page of the ledger, and where the next one starts (nothing after the last page). */
        struct Page
        {
            std::vector<LedgerEntry> entries;
            std::optional<PageCursor> next;
        };

        /** Up to limit entries, oldest first, after the cursor (nothing: from the first). Entries
        credited meanwhile come after every existing one, so later pages neither shift nor repeat.
        Throws std::invalid_argument when limit is not positive. */
        [[nodiscard]] Page entriesPage (const std::optional<PageCursor>& after, int limit) const;

    private:
        SharedDatabase& database;
    };
} // namespace earshot
