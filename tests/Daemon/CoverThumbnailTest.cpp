// Cover thumbnails: from a picture in the tags to a JPEG within 256x256 and the hub's 64 KiB.

#include "Daemon/CoverThumbnail.h"
#include "Core/Error.h"
#include "Core/HubRules.h"

#include <gtest/gtest.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

using namespace earshot;

namespace
{
    /** A PNG of width x height pixels; noisy pictures are the hardest to keep small as JPEG. */
    std::string makePng (int width, int height, bool noisy)
    {
        std::vector<unsigned char> rgb (static_cast<std::size_t> (width) * static_cast<std::size_t> (height) * 3);
        std::mt19937 random (7);
        for (std::size_t i = 0; i < rgb.size(); ++i)
            rgb[i] = noisy ? static_cast<unsigned char> (random()) : static_cast<unsigned char> ((i / 3) % static_cast<std::size_t> (width));
        std::string png;
        const auto append = [] (void* context, void* data, int size)
        { static_cast<std::string*> (context)->append (static_cast<const char*> (data), static_cast<std::size_t> (size)); };
        EXPECT_NE (stbi_write_png_to_func (append, &png, width, height, 3, rgb.data(), width * 3), 0);
        return png;
    }

    struct Decoded
    {
        int width = 0;
        int height = 0;
        bool isJpeg = false;
    };

    Decoded decode (const std::string& picture)
    {
        Decoded decoded;
        int channels = 0;
        const auto* bytes = reinterpret_cast<const stbi_uc*> (picture.data());
        EXPECT_NE (stbi_info_from_memory (bytes, static_cast<int> (picture.size()), &decoded.width, &decoded.height, &channels), 0);
        decoded.isJpeg = picture.size() > 3 && picture.compare (0, 3, "\xff\xd8\xff") == 0;
        return decoded;
    }
} // namespace

TEST (CoverThumbnail, ABigNoisyPictureShrinksToFit256AndTheHubsLimitKeepingItsAspect)
{
    const auto picture = makePng (1600, 900, true);
    ASSERT_GT (picture.size(), hubRules::maxCoverBytes * 10);

    const auto cover = makeCoverThumbnail (picture, hubRules::maxCoverBytes);
    EXPECT_EQ (cover.mimeType, "image/jpeg");
    EXPECT_LE (cover.bytes.size(), hubRules::maxCoverBytes);
    const auto thumbnail = decode (cover.bytes);
    EXPECT_TRUE (thumbnail.isJpeg);
    EXPECT_EQ (thumbnail.width, 256);
    EXPECT_EQ (thumbnail.height, 144) << "16:9 stays 16:9";
}

TEST (CoverThumbnail, AStricterLimitLowersQualityOrSizeUntilItFits)
{
    const auto picture = makePng (1000, 1000, true);
    const auto roomy = makeCoverThumbnail (picture, hubRules::maxCoverBytes);
    const auto tight = makeCoverThumbnail (picture, 12 * 1024);
    EXPECT_LE (tight.bytes.size(), 12u * 1024);
    EXPECT_LT (tight.bytes.size(), roomy.bytes.size());
    const auto thumbnail = decode (tight.bytes);
    EXPECT_EQ (thumbnail.width, thumbnail.height) << "a square stays square";
}

TEST (CoverThumbnail, ASmallPngKeepsItsSizeAndBecomesAJpeg)
{
    const auto cover = makeCoverThumbnail (makePng (120, 60, false), hubRules::maxCoverBytes);
    const auto thumbnail = decode (cover.bytes);
    EXPECT_TRUE (thumbnail.isJpeg);
    EXPECT_EQ (thumbnail.width, 120);
    EXPECT_EQ (thumbnail.height, 60);
}

TEST (CoverThumbnail, APngAnotherToolMadeIsScaledDown)
{
    // A diagram shipped in Debian's libogg-dev (an Earshot build dependency), drawn by another tool.
    const std::filesystem::path made ("/usr/share/doc/libogg-dev/html/multiplex1.png");
    if (! std::filesystem::exists (made))
        GTEST_SKIP() << made << " is not installed";
    std::ifstream in (made, std::ios::binary);
    const std::string picture ((std::istreambuf_iterator<char> (in)), std::istreambuf_iterator<char>());
    int width = 0, height = 0, channels = 0;
    ASSERT_NE (stbi_info_from_memory (reinterpret_cast<const stbi_uc*> (picture.data()), static_cast<int> (picture.size()), &width, &height, &channels), 0);
    ASSERT_GT (width, 256);

    const auto thumbnail = decode (makeCoverThumbnail (picture, hubRules::maxCoverBytes).bytes);
    EXPECT_EQ (thumbnail.width, 256);
    EXPECT_NEAR (thumbnail.height, 256.0 * height / width, 1.0);
}

TEST (CoverThumbnail, ACorruptPictureGivesNoneAndSaysWhy)
{
    auto png = makePng (300, 300, false);
    png.resize (40); // the header survives, the pixels do not
    for (const auto& picture : { png, std::string ("not a picture at all"), std::string() })
    {
        try
        {
            (void) makeCoverThumbnail (picture, hubRules::maxCoverBytes);
            ADD_FAILURE() << "made a thumbnail of " << picture.size() << " broken bytes";
        }
        catch (const Error& e)
        {
            EXPECT_EQ (e.code(), ErrorCode::invalidArgument);
            EXPECT_NE (std::string (e.what()).find ("cover picture"), std::string::npos) << e.what();
        }
    }
}
