#include "Core/ContainerLayout.h"

#include "SyntheticAudio.h"

#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        using namespace synthetic;

        constexpr std::size_t probeHeadBytes = 64 * 1024;
        constexpr std::size_t probeTailBytes = 64 * 1024 + 27 + 255;

        /** Probes the way the publisher does: a 64 KiB head and the file's last bytes. */
        ContainerLayout probe (AudioFormat format, const Bytes& file)
        {
            return probeContainerLayout (format, firstBytes (file, probeHeadBytes), lastBytes (file, probeTailBytes), file.size());
        }

        //==============================================================================
        /** fLaC, STREAMINFO (34 bytes), a PICTURE of pictureBytes marked last, then audio. */
        Bytes flacWithPicture (std::uint32_t pictureBytes, std::size_t audioBytes)
        {
            Bytes flac;
            append (flac, "fLaC");
            appendFlacBlock (flac, flacStreamInfo, flacStreamInfoLength, false);
            appendFlacBlock (flac, flacPicture, pictureBytes, true);
            appendFlacAudio (flac, audioBytes);
            return flac;
        }
    } // namespace

    TEST (ContainerLayoutFlac, HeaderEndsAfterTheLastMetadataBlock)
    {
        const auto flac = flacWithPicture (1000, 5000);

        const auto layout = probe (AudioFormat::flac, flac);

        EXPECT_EQ (layout.headerBytes, 4u + (4 + 34) + (4 + 1000));
        EXPECT_EQ (flac[layout.headerBytes], 0xFF) << "the header must end where the first frame begins";
        EXPECT_EQ (layout.tailBytes, 0u);
    }

    TEST (ContainerLayoutFlac, HeaderLongerThanTheHeadIsMeasuredFromTheBlockLengths)
    {
        // Artwork of 300 KB: the head ends inside the picture, but the block header before it says how
        // long it is and that it is the last block.
        const auto flac = flacWithPicture (300'000, 1'000'000);

        const auto layout = probe (AudioFormat::flac, flac);

        EXPECT_EQ (layout.headerBytes, 4u + (4 + 34) + (4 + 300'000));
    }

    TEST (ContainerLayoutFlac, HeaderThatCannotBeWalkedIsBoundedFromBelow)
    {
        // A non-last picture that runs past the head: the block after it cannot be read, so the exact
        // end is unknown. The planner must still fetch at least every byte known to be header.
        Bytes flac;
        append (flac, "fLaC");
        appendFlacBlock (flac, flacStreamInfo, flacStreamInfoLength, false);
        appendFlacBlock (flac, flacPicture, 300'000, false);
        appendFlacBlock (flac, 4 /* VORBIS_COMMENT */, 200, true);
        appendFlacAudio (flac, 1'000'000);
        const std::uint64_t knownHeader = 4 + (4 + 34) + (4 + 300'000);

        const auto layout = probe (AudioFormat::flac, flac);

        EXPECT_GE (layout.headerBytes, knownHeader);
        EXPECT_GE (layout.headerBytes, probeHeadBytes);
        EXPECT_LE (layout.headerBytes, flac.size());

        const auto truncatedHead = probeContainerLayout (AudioFormat::flac, firstBytes (flac, 20), {}, flac.size());
        EXPECT_GE (truncatedHead.headerBytes, 20u);
        EXPECT_LE (truncatedHead.headerBytes, flac.size());
    }

    TEST (ContainerLayoutFlac, HeaderIncludesALeadingId3v2Tag)
    {
        Bytes flac;
        appendId3v2 (flac, 90);
        append (flac, "fLaC");
        appendFlacBlock (flac, flacStreamInfo, flacStreamInfoLength, true);
        appendFlacAudio (flac, 2000);

        const auto layout = probe (AudioFormat::flac, flac);

        EXPECT_EQ (layout.headerBytes, 100u + 4 + 4 + 34);
    }

    TEST (ContainerLayoutFlac, NeverExceedsTheFileSize)
    {
        // A truncated upload: the picture block claims more bytes than the file holds.
        auto flac = flacWithPicture (300'000, 16);
        flac.resize (1000);

        const auto layout = probeContainerLayout (AudioFormat::flac, flac, flac, flac.size());

        EXPECT_EQ (layout.headerBytes, flac.size());
        EXPECT_EQ (layout.tailBytes, 0u);
    }

    //==============================================================================
    TEST (ContainerLayoutWav, HeaderEndsAtTheDataPayloadAfterAListChunkWithPadding)
    {
        auto wav = startWav();
        appendRiffChunk (wav, "fmt ", 16);
        appendRiffChunk (wav, "LIST", 27); // odd: followed by a pad byte
        appendRiffChunk (wav, "data", 4000, 0x99);
        finishRiff (wav);

        const auto layout = probe (AudioFormat::wav, wav);

        EXPECT_EQ (layout.headerBytes, 12u + (8 + 16) + (8 + 27 + 1) + 8);
        EXPECT_EQ (wav[layout.headerBytes], 0x99) << "the header must end where the samples begin";
        EXPECT_EQ (layout.tailBytes, 0u);
    }

    TEST (ContainerLayoutWav, ChunksAfterTheDataAreTheTail)
    {
        auto wav = startWav();
        appendRiffChunk (wav, "fmt ", 16);
        appendRiffChunk (wav, "data", 4001); // odd: the pad byte belongs after the samples
        const auto dataEnd = wav.size() - 1;
        appendRiffChunk (wav, "id3 ", 300);
        finishRiff (wav);

        const auto layout = probe (AudioFormat::wav, wav);

        EXPECT_EQ (layout.headerBytes, 12u + (8 + 16) + 8);
        EXPECT_EQ (layout.tailBytes, wav.size() - dataEnd);
    }

    TEST (ContainerLayoutWav, StreamingDataSizeMeansNoTail)
    {
        auto wav = startWav();
        appendRiffChunk (wav, "fmt ", 16);
        append (wav, "data");
        appendLittleEndian32 (wav, 0xFFFFFFFF);
        appendFill (wav, 5000);

        const auto layout = probe (AudioFormat::wav, wav);

        EXPECT_EQ (layout.headerBytes, 12u + (8 + 16) + 8);
        EXPECT_EQ (layout.tailBytes, 0u);
    }

    TEST (ContainerLayoutWav, DataBeyondTheHeadGivesABoundAndNoTail)
    {
        auto wav = startWav();
        appendRiffChunk (wav, "fmt ", 16);
        appendRiffChunk (wav, "LIST", 100'000);
        appendRiffChunk (wav, "data", 10'000);
        appendRiffChunk (wav, "id3 ", 300);
        finishRiff (wav);
        const std::uint64_t dataPayload = 12 + (8 + 16) + (8 + 100'000) + 8;

        const auto layout = probe (AudioFormat::wav, wav);

        EXPECT_GE (layout.headerBytes, probeHeadBytes);
        EXPECT_LE (layout.headerBytes, dataPayload);
        EXPECT_EQ (layout.tailBytes, 0u) << "the data size is unknown, so the tail cannot be placed";
    }

    //==============================================================================
    namespace
    {
        constexpr std::uint32_t vorbisSerial = 0x1234;

        /** Vorbis headers as an encoder lays them out: the identification packet alone on the first
        page, the comment and a setup packet spanning into a third page, then audio. */
        struct OggFile
        {
            Bytes bytes;
            std::uint64_t headerEnd = 0;
        };

        OggFile vorbisFile (std::uint32_t setupBytes, std::size_t audioPages)
        {
            OggFile ogg;
            appendOggPage (ogg.bytes, vorbisSerial, 0, { { 30 } }, 0x02);
            // A 509-byte comment laces as 255, 254: the 254 ends it.
            appendOggPage (ogg.bytes, vorbisSerial, 1, { { 509 }, { 255 * 4, false } });
            appendOggPage (ogg.bytes, vorbisSerial, 2, { { setupBytes - 255 * 4 } }, 0x01);
            ogg.headerEnd = ogg.bytes.size();

            for (std::size_t page = 0; page < audioPages; ++page)
                appendOggPage (ogg.bytes, vorbisSerial, 3 + (std::uint32_t) page, { { 4000 }, { 4000 } });

            return ogg;
        }
    } // namespace

    TEST (ContainerLayoutOgg, HeaderEndsWithThePageThatCompletesTheSetupPacket)
    {
        const auto ogg = vorbisFile (3000, 50);

        const auto layout = probe (AudioFormat::oggVorbis, ogg.bytes);

        EXPECT_EQ (layout.headerBytes, ogg.headerEnd);
        EXPECT_EQ (ogg.bytes[layout.headerBytes], 'O') << "the header must end where an audio page begins";
    }

    TEST (ContainerLayoutOgg, APacketOfExactly255BytesEndsOnAZeroLacingValue)
    {
        // A 255-byte comment packet laces as 255, 0: the 0 ends it, so it counts as a whole packet.
        Bytes ogg;
        appendOggPage (ogg, vorbisSerial, 0, { { 30 } }, 0x02);
        appendOggPage (ogg, vorbisSerial, 1, { { 255 } });
        appendOggPage (ogg, vorbisSerial, 2, { { 1000 } });
        const auto headerEnd = ogg.size();
        appendOggPage (ogg, vorbisSerial, 3, { { 4000 } });

        EXPECT_EQ (probe (AudioFormat::oggVorbis, ogg).headerBytes, headerEnd);
    }

    TEST (ContainerLayoutOgg, PagesOfAnotherLogicalStreamDoNotCount)
    {
        Bytes ogg;
        appendOggPage (ogg, vorbisSerial, 0, { { 30 } }, 0x02);
        appendOggPage (ogg, 0x9999, 0, { { 64 }, { 64 }, { 64 } }, 0x02); // e.g. a skeleton stream
        appendOggPage (ogg, vorbisSerial, 1, { { 300 }, { 2000 } });
        const auto headerEnd = ogg.size();
        appendOggPage (ogg, vorbisSerial, 2, { { 4000 } });

        EXPECT_EQ (probe (AudioFormat::oggVorbis, ogg).headerBytes, headerEnd);
    }

    TEST (ContainerLayoutOgg, TailHoldsALargestPossibleLastPage)
    {
        const auto ogg = vorbisFile (3000, 50);
        const std::uint64_t largestPage = 27 + 255 + 255 * 255;

        const auto layout = probe (AudioFormat::oggVorbis, ogg.bytes);

        EXPECT_EQ (layout.tailBytes, 65536u + 27 + 255);
        EXPECT_GE (layout.tailBytes, largestPage);
    }

    TEST (ContainerLayoutOgg, TailAndHeaderOfASmallFileAreTheWholeFile)
    {
        const auto ogg = vorbisFile (3000, 1);
        ASSERT_LT (ogg.bytes.size(), 65536u);

        const auto layout = probe (AudioFormat::oggVorbis, ogg.bytes);

        EXPECT_EQ (layout.tailBytes, ogg.bytes.size());
        EXPECT_EQ (layout.headerBytes, ogg.headerEnd);
    }

    TEST (ContainerLayoutOgg, SetupPacketBeyondTheHeadGivesABound)
    {
        const auto ogg = vorbisFile (255 * 4 + 200, 40);

        const auto layout = probeContainerLayout (AudioFormat::oggVorbis, firstBytes (ogg.bytes, 500), {}, ogg.bytes.size());

        // The head shows the first two pages whole (58 and 27 + 6 + 1529 bytes) and the third page's
        // start, so the header reaches at least past the second page.
        EXPECT_GE (layout.headerBytes, 58u + 27 + 6 + 1529);
        EXPECT_GE (layout.headerBytes, 500u);
        EXPECT_LE (layout.headerBytes, ogg.bytes.size());
    }

    //==============================================================================
    namespace
    {
        /** ID3v2 (with artwork), an Xing frame, audio frames, then an APEv2 tag and an ID3v1 tag. */
        Bytes taggedMp3 (std::uint32_t id3Body, bool id3Footer)
        {
            Bytes mp3;
            appendId3v2 (mp3, id3Body, id3Footer);
            appendMp3Frame (mp3, "Xing");

            for (int i = 0; i < 200; ++i)
                appendMp3Frame (mp3);

            return mp3;
        }
    } // namespace

    TEST (ContainerLayoutMp3, HeaderIsTheId3v2TagAndTheXingFrame)
    {
        const auto mp3 = taggedMp3 (2000, false);

        const auto layout = probe (AudioFormat::mp3, mp3);

        EXPECT_EQ (layout.headerBytes, 10u + 2000 + mp3FrameBytes);
        EXPECT_EQ (mp3[layout.headerBytes], 0xFF) << "the header must end where the second frame begins";
    }

    TEST (ContainerLayoutMp3, Id3v2FooterIsPartOfTheHeader)
    {
        const auto mp3 = taggedMp3 (2000, true);

        EXPECT_EQ (probe (AudioFormat::mp3, mp3).headerBytes, 10u + 2000 + 10 + mp3FrameBytes);
    }

    TEST (ContainerLayoutMp3, HeaderWithoutId3v2IsTheFirstFrame)
    {
        Bytes mp3;
        for (int i = 0; i < 20; ++i)
            appendMp3Frame (mp3);

        EXPECT_EQ (probe (AudioFormat::mp3, mp3).headerBytes, mp3FrameBytes);
    }

    TEST (ContainerLayoutMp3, Id3v2LargerThanTheHeadReachesPastTheFirstFrameHeader)
    {
        const auto mp3 = taggedMp3 (300'000, false);

        const auto layout = probe (AudioFormat::mp3, mp3);

        EXPECT_GE (layout.headerBytes, 10u + 300'000 + 4);
        EXPECT_LE (layout.headerBytes, mp3.size());
    }

    TEST (ContainerLayoutMp3, ZeroPaddingAfterTheTagIsSteppedOver)
    {
        Bytes mp3;
        appendId3v2 (mp3, 100);
        appendFill (mp3, 1000, 0);
        for (int i = 0; i < 20; ++i)
            appendMp3Frame (mp3);

        EXPECT_EQ (probe (AudioFormat::mp3, mp3).headerBytes, 110u + 1000 + mp3FrameBytes);
    }

    TEST (ContainerLayoutMp3, TailIsId3v1AndTheApeTagBeforeIt)
    {
        auto mp3 = taggedMp3 (2000, false);
        appendApeTag (mp3, 500, true);
        appendId3v1 (mp3);

        const auto layout = probe (AudioFormat::mp3, mp3);

        EXPECT_EQ (layout.tailBytes, 128u + 32 + 500 + 32);
        EXPECT_EQ (mp3[mp3.size() - layout.tailBytes], 'A') << "the tail must start at the APE header";
    }

    TEST (ContainerLayoutMp3, ApeTagWithoutHeaderAtTheEnd)
    {
        auto mp3 = taggedMp3 (2000, false);
        appendApeTag (mp3, 500, false);

        EXPECT_EQ (probe (AudioFormat::mp3, mp3).tailBytes, 500u + 32);
    }

    TEST (ContainerLayoutMp3, Id3v1AloneIs128Bytes)
    {
        auto mp3 = taggedMp3 (2000, false);
        appendId3v1 (mp3);

        EXPECT_EQ (probe (AudioFormat::mp3, mp3).tailBytes, 128u);
    }

    TEST (ContainerLayoutMp3, NoTrailingTagsMeansNoTail)
    {
        EXPECT_EQ (probe (AudioFormat::mp3, taggedMp3 (2000, false)).tailBytes, 0u);
    }

    //==============================================================================
    TEST (ContainerLayout, UnknownFormatTreatsTheProbedHeadAsHeader)
    {
        Bytes file;
        appendFill (file, 200'000);

        const auto layout = probe (AudioFormat::unknown, file);

        EXPECT_EQ (layout.headerBytes, probeHeadBytes);
        EXPECT_EQ (layout.tailBytes, 0u);
    }

    TEST (ContainerLayout, NothingExceedsTheFileSize)
    {
        // A tiny file handed over with oversized buffers (the caller read into fixed 64 KiB arrays).
        Bytes tiny;
        appendId3v2 (tiny, 20);
        appendMp3Frame (tiny);
        Bytes oversizedHead = tiny;
        appendFill (oversizedHead, 65536 - tiny.size(), 0);
        const std::uint64_t claimedSize = 100;

        for (const auto format : { AudioFormat::flac, AudioFormat::oggVorbis, AudioFormat::mp3, AudioFormat::wav, AudioFormat::unknown })
        {
            const auto layout = probeContainerLayout (format, oversizedHead, oversizedHead, claimedSize);
            EXPECT_LE (layout.headerBytes, claimedSize) << audioFormatName (format);
            EXPECT_LE (layout.tailBytes, claimedSize) << audioFormatName (format);
        }

        EXPECT_EQ (probeContainerLayout (AudioFormat::oggVorbis, {}, {}, 0), ContainerLayout {});
    }
} // namespace earshot
