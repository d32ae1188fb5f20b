#include "Paging.h"

#include "Error.h"
#include "Hex.h"
#include "QuoteInput.h"

#include <charconv>

namespace earshot::paging
{
    int pageSizeOf (std::int64_t requested)
    {
        if (requested < 0)
            throw Error (ErrorCode::invalidArgument, "the page size " + std::to_string (requested) + " is negative; send 0 for the default of " + std::to_string (defaultPageSize) + " entries");
        if (requested == 0)
            return defaultPageSize;
        return requested < maxPageSize ? static_cast<int> (requested) : maxPageSize;
    }

    std::string tokenOf (std::string_view list, const PageCursor& cursor)
    {
        // Hex keeps the token one opaque word in any transport; its text is nobody's business.
        return toHex (std::string (list) + ":" + std::to_string (cursor.sortKey) + ":" + std::to_string (cursor.rowId));
    }

    namespace
    {
        [[nodiscard]] bool parseInt (std::string_view text, std::int64_t& value) noexcept
        {
            const auto* end = text.data() + text.size();
            const auto [stop, error] = std::from_chars (text.data(), end, value);
            return error == std::errc() && stop == end && ! text.empty();
        }
    } // namespace

    std::optional<PageCursor> cursorOf (std::string_view list, std::string_view token)
    {
        if (token.empty())
            return std::nullopt;

        const auto refuse = [&]
        { return Error (ErrorCode::invalidArgument, "the page token " + quoteInput (token) + " is not one this daemon's " + std::string (list) + " list gave; ask again without a token for the first page"); };

        std::string text;
        try
        {
            text = fromHex (token);
        }
        catch (const std::exception&)
        {
            throw refuse();
        }

        const auto prefix = std::string (list) + ":";
        if (! std::string_view (text).starts_with (prefix))
            throw refuse();
        const auto rest = std::string_view (text).substr (prefix.size());
        const auto colon = rest.find (':');
        PageCursor cursor;
        if (colon == std::string_view::npos || ! parseInt (rest.substr (0, colon), cursor.sortKey) || ! parseInt (rest.substr (colon + 1), cursor.rowId))
            throw refuse();
        return cursor;
    }
} // namespace earshot::paging
