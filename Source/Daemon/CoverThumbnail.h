#pragma once

#include "Core/Cover.h"

#include <cstddef>
#include <string_view>

namespace earshot
{
    /** The largest side of a cover thumbnail, in pixels: enough for the app's biggest cover. */
    inline constexpr int coverThumbnailSide = 256;

    /** Makes a track's cover thumbnail from the picture in its tags (JPEG, PNG, GIF, BMP and the
        other formats stb_image reads): scaled down to fit coverThumbnailSide square, keeping its
        aspect ratio (a smaller picture keeps its size), and encoded as JPEG at the best quality that
        keeps it within maxBytes (the hub's limit for a release's cover). Any thread.

        Throws Error (invalidArgument) saying why when the picture does not decode, or when even
        the smallest thumbnail would not fit in maxBytes. */
    [[nodiscard]] Cover makeCoverThumbnail (std::string_view picture, std::size_t maxBytes);
} // namespace earshot
