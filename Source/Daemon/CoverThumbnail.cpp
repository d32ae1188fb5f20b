#include "CoverThumbnail.h"

#include "Core/Error.h"

#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

namespace earshot
{
    namespace
    {
        struct PixelsDeleter
        {
            void operator() (stbi_uc* pixels) const noexcept { stbi_image_free (pixels); }
        };

        constexpr int channels = 3; // JPEG has no alpha: a transparent picture keeps its colours

        /** A picture's RGB pixels, width x height. */
        struct Pixels
        {
            std::vector<unsigned char> rgb;
            int width = 0;
            int height = 0;
        };

        [[nodiscard]] Pixels scaledToFit (const Pixels& source, int side)
        {
            const double scale = std::min ({ 1.0, side / double (source.width), side / double (source.height) });
            if (scale >= 1.0)
                return source;
            Pixels scaled;
            scaled.width = std::max (1, static_cast<int> (std::lround (source.width * scale)));
            scaled.height = std::max (1, static_cast<int> (std::lround (source.height * scale)));
            scaled.rgb.resize (static_cast<std::size_t> (scaled.width) * static_cast<std::size_t> (scaled.height) * channels);
            // sRGB-aware: averaging in linear light keeps a scaled-down picture from darkening.
            if (stbir_resize_uint8_srgb (source.rgb.data(), source.width, source.height, 0, scaled.rgb.data(), scaled.width, scaled.height, 0, channels, STBIR_ALPHA_CHANNEL_NONE, 0) == 0)
                throw Error (ErrorCode::internal, "the cover picture could not be scaled down");
            return scaled;
        }

        [[nodiscard]] std::string encodeJpeg (const Pixels& pixels, int quality)
        {
            std::string jpeg;
            const auto append = [] (void* context, void* data, int size)
            { static_cast<std::string*> (context)->append (static_cast<const char*> (data), static_cast<std::size_t> (size)); };
            if (stbi_write_jpg_to_func (append, &jpeg, pixels.width, pixels.height, channels, pixels.rgb.data(), quality) == 0)
                throw Error (ErrorCode::internal, "the cover thumbnail could not be encoded as JPEG");
            return jpeg;
        }
    } // namespace

    Cover makeCoverThumbnail (std::string_view picture, std::size_t maxBytes)
    {
        if (picture.empty())
            throw Error (ErrorCode::invalidArgument, "the cover picture is empty");
        if (picture.size() > static_cast<std::size_t> (std::numeric_limits<int>::max()))
            throw Error (ErrorCode::invalidArgument, "the cover picture is too large to decode");

        Pixels pixels;
        int inFile = 0;
        const std::unique_ptr<stbi_uc, PixelsDeleter> decoded (stbi_load_from_memory (reinterpret_cast<const stbi_uc*> (picture.data()), static_cast<int> (picture.size()), &pixels.width, &pixels.height, &inFile, channels));
        if (decoded == nullptr || pixels.width <= 0 || pixels.height <= 0)
            throw Error (ErrorCode::invalidArgument, std::string ("the cover picture does not decode (") + stbi_failure_reason() + ")");
        pixels.rgb.assign (decoded.get(), decoded.get() + static_cast<std::size_t> (pixels.width) * static_cast<std::size_t> (pixels.height) * channels);

        // Best quality first; a busy picture that does not fit gets lower quality, then fewer pixels.
        for (auto side = coverThumbnailSide; side >= 16; side /= 2)
        {
            const auto scaled = scaledToFit (pixels, side);
            for (int quality = 90; quality >= 30; quality -= 15)
                if (auto jpeg = encodeJpeg (scaled, quality); jpeg.size() <= maxBytes)
                    return Cover { std::move (jpeg), "image/jpeg" };
        }
        throw Error (ErrorCode::invalidArgument, "the cover picture does not fit in " + std::to_string (maxBytes) + " bytes even as a small thumbnail");
    }
} // namespace earshot
