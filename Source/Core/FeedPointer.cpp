#include "FeedPointer.h"

#include "Error.h"

namespace earshot::feedPointer
{
    namespace
    {
        constexpr std::string_view prefix = "d2:ih20:";
        constexpr std::string_view suffix = "e";
        constexpr std::size_t hashBytes = 20;
    } // namespace

    std::string encode (std::string_view infoHash)
    {
        if (infoHash.size() != hashBytes)
            throw Error (ErrorCode::invalidArgument, "a feed pointer needs a 20-byte info-hash, not " + std::to_string (infoHash.size()) + " bytes");
        return std::string (prefix) + std::string (infoHash) + std::string (suffix);
    }

    std::optional<std::string> decode (std::string_view value)
    {
        if (value.size() != prefix.size() + hashBytes + suffix.size() || value.substr (0, prefix.size()) != prefix || value.substr (prefix.size() + hashBytes) != suffix)
            return std::nullopt;
        return std::string (value.substr (prefix.size(), hashBytes));
    }
} // namespace earshot::feedPointer
