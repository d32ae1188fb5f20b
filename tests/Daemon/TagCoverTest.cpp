// The picture in a track's tags, as each format keeps it, becoming the track's cover thumbnail;
// files are encoded by Debian's flac, oggenc and lame, and pictures written into them with TagLib.

#include "Core/HubRules.h"
#include "Daemon/TagReader.h"
#include "Daemon/TrackMeasures.h"
#include "Support/SyntheticWav.h"

#include <gtest/gtest.h>
#include <stb_image_write.h>
#include <taglib/attachedpictureframe.h>
#include <taglib/flacfile.h>
#include <taglib/id3v2tag.h>
#include <taglib/mpegfile.h>
#include <taglib/vorbisfile.h>

#include <cstdlib>
#include <unistd.h>

using namespace earshot;

namespace
{
    namespace wav = earshot::testing::syntheticWav;

    /** A small PNG, one colour a picture so that tests can tell them apart. */
    std::string makePng (int width, int height, unsigned char red)
    {
        std::vector<unsigned char> rgb (static_cast<std::size_t> (width * height * 3), 40);
        for (std::size_t i = 0; i < rgb.size(); i += 3)
            rgb[i] = red;
        std::string png;
        const auto append = [] (void* context, void* data, int size)
        { static_cast<std::string*> (context)->append (static_cast<const char*> (data), static_cast<std::size_t> (size)); };
        (void) stbi_write_png_to_func (append, &png, width, height, 3, rgb.data(), width * 3);
        return png;
    }

    TagLib::FLAC::Picture* flacPicture (const std::string& bytes, TagLib::FLAC::Picture::Type type)
    {
        auto* picture = new TagLib::FLAC::Picture; // TagLib takes ownership
        picture->setType (type);
        picture->setMimeType ("image/png");
        picture->setData (TagLib::ByteVector (bytes.data(), static_cast<unsigned int> (bytes.size())));
        return picture;
    }

    class TagCoverTest : public ::testing::Test
    {
    protected:
        void SetUp() override
        {
            folder = std::filesystem::temp_directory_path() / ("earshot-tag-cover-" + std::to_string (::getpid()));
            std::filesystem::create_directories (folder);
            source = folder / "tone.wav";
            wav::write (source, 2.0, [] (double t)
                        { return wav::sineAtLufs (t, -20.0); });
        }
        void TearDown() override { std::filesystem::remove_all (folder); }

        std::filesystem::path encode (const std::string& name, const std::string& command)
        {
            const auto file = folder / name;
            EXPECT_EQ (std::system ((command + " '" + file.string() + "'").c_str()), 0) << command;
            return file;
        }

        std::filesystem::path folder, source;
        const std::string front = makePng (400, 300, 200);
        const std::string back = makePng (64, 64, 10);
    };
} // namespace

TEST_F (TagCoverTest, FlacPictureBlocksGiveTheFrontCover)
{
    const auto flac = encode ("a.flac", "flac --silent -f '" + source.string() + "' -o");
    {
        TagLib::FLAC::File file (flac.c_str());
        file.addPicture (flacPicture (back, TagLib::FLAC::Picture::BackCover));
        file.addPicture (flacPicture (front, TagLib::FLAC::Picture::FrontCover));
        ASSERT_TRUE (file.save());
    }
    EXPECT_EQ (readCoverPicture (flac, AudioFormat::flac), front);

    const auto cover = coverThumbnailOf (flac, AudioFormat::flac);
    ASSERT_TRUE (cover.has_value());
    EXPECT_EQ (cover->mimeType, "image/jpeg");
    EXPECT_LE (cover->bytes.size(), hubRules::maxCoverBytes);
}

TEST_F (TagCoverTest, VorbisCommentsGiveTheirPictureEitherWay)
{
    const auto modern = encode ("modern.ogg", "oggenc --quiet '" + source.string() + "' -o");
    {
        TagLib::Ogg::Vorbis::File file (modern.c_str());
        file.tag()->addPicture (flacPicture (front, TagLib::FLAC::Picture::FrontCover)); // METADATA_BLOCK_PICTURE
        ASSERT_TRUE (file.save());
    }
    EXPECT_EQ (readCoverPicture (modern, AudioFormat::oggVorbis), front);

    // COVERART: the older field, the bare picture in base64, as some taggers still write it.
    const auto older = encode ("older.ogg", "oggenc --quiet '" + source.string() + "' -o");
    {
        TagLib::Ogg::Vorbis::File file (older.c_str());
        const TagLib::ByteVector bytes (back.data(), static_cast<unsigned int> (back.size()));
        file.tag()->addField ("COVERART", TagLib::String (bytes.toBase64(), TagLib::String::Latin1));
        ASSERT_TRUE (file.save());
    }
    EXPECT_EQ (readCoverPicture (older, AudioFormat::oggVorbis), back);
}

TEST_F (TagCoverTest, Id3v2AttachedPicturesGiveTheirPicture)
{
    const auto mp3 = encode ("a.mp3", "lame --quiet -b 128 '" + source.string() + "'");
    {
        TagLib::MPEG::File file (mp3.c_str());
        auto* frame = new TagLib::ID3v2::AttachedPictureFrame; // the tag takes ownership
        frame->setType (TagLib::ID3v2::AttachedPictureFrame::FrontCover);
        frame->setMimeType ("image/png");
        frame->setPicture (TagLib::ByteVector (front.data(), static_cast<unsigned int> (front.size())));
        file.ID3v2Tag (true)->addFrame (frame);
        ASSERT_TRUE (file.save());
    }
    EXPECT_EQ (readCoverPicture (mp3, AudioFormat::mp3), front);
    EXPECT_TRUE (coverThumbnailOf (mp3, AudioFormat::mp3).has_value());
}

TEST_F (TagCoverTest, NoPictureOrABrokenOneGivesNoCoverAndNoError)
{
    const auto bare = encode ("bare.flac", "flac --silent -f '" + source.string() + "' -o");
    EXPECT_FALSE (readCoverPicture (bare, AudioFormat::flac).has_value());
    EXPECT_FALSE (coverThumbnailOf (bare, AudioFormat::flac).has_value());

    const auto broken = encode ("broken.flac", "flac --silent -f '" + source.string() + "' -o");
    {
        TagLib::FLAC::File file (broken.c_str());
        file.addPicture (flacPicture (front.substr (0, 60), TagLib::FLAC::Picture::FrontCover));
        ASSERT_TRUE (file.save());
    }
    ASSERT_TRUE (readCoverPicture (broken, AudioFormat::flac).has_value());
    EXPECT_FALSE (coverThumbnailOf (broken, AudioFormat::flac).has_value()) << "a picture that does not decode gives no cover";
}
