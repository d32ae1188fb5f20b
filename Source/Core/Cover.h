#pragma once

#include <string>

namespace earshot
{
    /** A track's cover picture as the library keeps it and the hub and the app show it: a small
        thumbnail (at most 256x256, at most 64 KiB, the hub's limit for a release's cover) made from
        the picture in the track's tags. */
    struct Cover
    {
        /** The encoded picture, byte for byte. */
        std::string bytes;
        /** What bytes are: "image/jpeg" for the thumbnails Earshot makes. */
        std::string mimeType;

        bool operator== (const Cover&) const = default;
    };
} // namespace earshot
