#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace earshot
{
    /** Where a page of a list ended, as a keyset: the sort key of the last row given (a time, or
        another integer the list is ordered by) and its row id, which breaks ties. The next page
        starts strictly after it, so rows added meanwhile neither shift later pages nor repeat an
        entry, as an offset would (Google's AIP-158). */
    struct PageCursor
    {
        std::int64_t sortKey = 0;
        std::int64_t rowId = 0;

        bool operator== (const PageCursor&) const = default;
    };

    /** The rules of paged lists: how many entries a page holds, and the opaque token a page
        ends with. */
    namespace paging
    {
        /** Entries a page holds when the request names no size, and at most. */
        constexpr int defaultPageSize = 100;
        constexpr int maxPageSize = 1000;

        /** The page size to serve for a request's page_size: the default for 0, capped at the
            maximum. Throws Error (invalidArgument) when it is negative. */
        [[nodiscard]] int pageSizeOf (std::int64_t requested);

        /** The token a page ends with, naming its list (a short word, so that one list's token is
            refused by another) and where the page ended. Opaque to clients. */
        [[nodiscard]] std::string tokenOf (std::string_view list, const PageCursor& cursor);

        /** Where a page token says to go on: nothing for an empty token (the first page). Throws
            Error (invalidArgument, quoting a short prefix of it) when it is not a token this list
            gave. */
        [[nodiscard]] std::optional<PageCursor> cursorOf (std::string_view list, std::string_view token);
    } // namespace paging
} // namespace earshot
