#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace earshot
{
    /** The value of an artist's BEP 44 feed item: BEP 46's dictionary {"ih": <20-byte info-hash>},
        which points to the torrent holding the artist's signed feed. */
    namespace feedPointer
    {
        /** The bencoded value pointing to a torrent (its info-hash as 20 raw bytes). */
        [[nodiscard]] std::string encode (std::string_view infoHash);

        /** The info-hash (20 raw bytes) a bencoded value points to; nothing for any value that is
            not exactly the dictionary {"ih": 20 bytes} (another key, another length, another type,
            trailing bytes). Bencoded dictionaries have one spelling, and libtorrent hands values
            on re-encoded, so anything else is not a feed pointer. */
        [[nodiscard]] std::optional<std::string> decode (std::string_view value);
    } // namespace feedPointer
} // namespace earshot
