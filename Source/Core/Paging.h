#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

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

    /** Where a page of a list ordered by several columns ended: the last entry's values of them,
        in the order's order, the last one unique to the entry (a key), so that it breaks every
        tie. Each part is an integer or text (text also carries a blob's bytes). Like PageCursor,
        the next page starts strictly after it, so entries added meanwhile neither shift later
        pages nor repeat one. */
    using PageKey = std::vector<std::variant<std::int64_t, std::string>>;

    /** A page of a list ordered by several columns, read from a store: its entries, and whether
        more follow the last (whose key, the store's pageKeyOf, then names where to go on). */
    template <typename Entry>
    struct KeyedPage
    {
        std::vector<Entry> entries;
        bool more = false;
    };

    /** The rules of paged lists: how many entries a page holds, and the opaque token a page
        ends with. */
    namespace paging
    {
        /** Entries a page holds when the request names no size, and at most. */
        constexpr int defaultPageSize = 100;
        constexpr int maxPageSize = 1000;
        /** A page whose entries can be large (manifests, piece maps) stops once they reach this
            many bytes, well under gRPC's 64 MiB message limit; it always holds one entry. */
        constexpr std::size_t maxPageBytes = 8 * 1024 * 1024;

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

        /** The token a page of a list ordered by several columns ends with: the list's name and
            the key of its last entry. Opaque to clients. */
        [[nodiscard]] std::string tokenOf (std::string_view list, const PageKey& key);

        /** Whether key has shape: one letter per part, 'i' for an integer, 's' for text. */
        [[nodiscard]] bool hasShape (const PageKey& key, std::string_view shape) noexcept;

        /** Where a token of a list ordered by several columns says to go on: nothing for an
            empty token (the first page). Throws Error (invalidArgument, quoting a short prefix of
            it) when it is not a token this list gave, or its key is not of shape (see hasShape). */
        [[nodiscard]] std::optional<PageKey> keyOf (std::string_view list, std::string_view token, std::string_view shape);
    } // namespace paging
} // namespace earshot
