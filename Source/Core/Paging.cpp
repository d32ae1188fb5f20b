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

        /** The error for a token this list did not give. */
        [[nodiscard]] Error refusalOf (std::string_view list, std::string_view token)
        {
            return Error (ErrorCode::invalidArgument, "the page token " + quoteInput (token) + " is not one this daemon's " + std::string (list) + " list gave; ask again without a token for the first page");
        }

        /** A token's text after its list's name and the mark that follows it (':' for a cursor,
            '/' for a key). Throws refusalOf when it is not hex or names another list or kind. */
        [[nodiscard]] std::string bodyOf (std::string_view list, char mark, std::string_view token)
        {
            std::string text;
            try
            {
                text = fromHex (token);
            }
            catch (const std::exception&)
            {
                throw refusalOf (list, token);
            }
            const auto prefix = std::string (list) + mark;
            if (! std::string_view (text).starts_with (prefix))
                throw refusalOf (list, token);
            return text.substr (prefix.size());
        }
    } // namespace

    std::optional<PageCursor> cursorOf (std::string_view list, std::string_view token)
    {
        if (token.empty())
            return std::nullopt;

        const auto body = bodyOf (list, ':', token);
        const auto rest = std::string_view (body);
        const auto colon = rest.find (':');
        PageCursor cursor;
        if (colon == std::string_view::npos || ! parseInt (rest.substr (0, colon), cursor.sortKey) || ! parseInt (rest.substr (colon + 1), cursor.rowId))
            throw refusalOf (list, token);
        return cursor;
    }

    namespace
    {
        /** A key's token text begins "list/" (a cursor's begins "list:", so neither passes for
            the other); then per part 'i', the number and ';', or 's', the byte count, ':' and
            the bytes. */
        constexpr char keyMark = '/';
    } // namespace

    std::string tokenOf (std::string_view list, const PageKey& key)
    {
        auto text = std::string (list) + keyMark;
        for (const auto& part : key)
        {
            if (const auto* number = std::get_if<std::int64_t> (&part))
                text += "i" + std::to_string (*number) + ";";
            else
            {
                const auto& bytes = std::get<std::string> (part);
                text += "s" + std::to_string (bytes.size()) + ":" + bytes;
            }
        }
        return toHex (text);
    }

    bool hasShape (const PageKey& key, std::string_view shape) noexcept
    {
        if (key.size() != shape.size())
            return false;
        for (std::size_t i = 0; i < key.size(); ++i)
            if ((shape[i] == 'i') != std::holds_alternative<std::int64_t> (key[i]) || (shape[i] != 'i' && shape[i] != 's'))
                return false;
        return true;
    }

    std::optional<PageKey> keyOf (std::string_view list, std::string_view token, std::string_view shape)
    {
        if (token.empty())
            return std::nullopt;

        const auto body = bodyOf (list, keyMark, token);
        PageKey key;
        auto rest = std::string_view (body);
        while (! rest.empty())
        {
            const auto kind = rest.front();
            rest.remove_prefix (1);
            const auto stop = rest.find (kind == 'i' ? ';' : ':');
            std::int64_t number = 0;
            if ((kind != 'i' && kind != 's') || stop == std::string_view::npos || ! parseInt (rest.substr (0, stop), number))
                throw refusalOf (list, token);
            rest.remove_prefix (stop + 1);
            if (kind == 'i')
            {
                key.emplace_back (number);
                continue;
            }
            if (number < 0 || static_cast<std::uint64_t> (number) > rest.size())
                throw refusalOf (list, token);
            key.emplace_back (std::string (rest.substr (0, static_cast<std::size_t> (number))));
            rest.remove_prefix (static_cast<std::size_t> (number));
        }

        if (! hasShape (key, shape))
            throw refusalOf (list, token);
        return key;
    }
} // namespace earshot::paging
