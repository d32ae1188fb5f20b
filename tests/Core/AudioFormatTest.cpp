#include "Core/AudioFormat.h"

#include "SyntheticAudio.h"

#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        using namespace synthetic;

        AudioFormat detect (const Bytes& bytes)
        {
            return detectAudioFormat (bytes);
        }
    } // namespace

    TEST (AudioFormat, RecognisesFlacByItsMarker)
    {
        Bytes flac;
        append (flac, "fLaC");
        appendFlacBlock (flac, flacStreamInfo, flacStreamInfoLength, true);

        EXPECT_EQ (detect (flac), AudioFormat::flac);
    }

    TEST (AudioFormat, RecognisesOggByItsCapturePattern)
    {
        Bytes ogg;
        appendOggPage (ogg, 1, 0, { { 30 } }, 0x02);

        EXPECT_EQ (detect (ogg), AudioFormat::oggVorbis);
    }

    TEST (AudioFormat, RecognisesWavOnlyWhenRiffHoldsWave)
    {
        auto wav = startWav();
        appendRiffChunk (wav, "fmt ", 16);
        EXPECT_EQ (detect (wav), AudioFormat::wav);

        Bytes avi;
        append (avi, "RIFF");
        appendLittleEndian32 (avi, 100);
        append (avi, "AVI ");
        appendFill (avi, 100);
        EXPECT_EQ (detect (avi), AudioFormat::unknown);
    }

    TEST (AudioFormat, RecognisesBareMp3ByItsFrameHeader)
    {
        Bytes mp3;
        appendMp3Frame (mp3);
        appendMp3Frame (mp3);

        EXPECT_EQ (detect (mp3), AudioFormat::mp3);
    }

    TEST (AudioFormat, RejectsFrameSyncsThatAreNotLayerThree)
    {
        const auto withHeader = [] (std::uint8_t b1, std::uint8_t b2, std::uint8_t b3)
        {
            Bytes bytes { 0xFF, b1, b2, b3 };
            appendFill (bytes, 60, 0);
            return bytes;
        };

        EXPECT_EQ (detect (withHeader (0xFB, 0x90, 0x00)), AudioFormat::mp3) << "the valid baseline";
        EXPECT_EQ (detect (withHeader (0xFD, 0x90, 0x00)), AudioFormat::unknown) << "layer II";
        EXPECT_EQ (detect (withHeader (0xFF, 0x90, 0x00)), AudioFormat::unknown) << "layer I";
        EXPECT_EQ (detect (withHeader (0xEB, 0x90, 0x00)), AudioFormat::unknown) << "reserved version";
        EXPECT_EQ (detect (withHeader (0xFB, 0xF0, 0x00)), AudioFormat::unknown) << "bad bitrate index";
        EXPECT_EQ (detect (withHeader (0xFB, 0x9C, 0x00)), AudioFormat::unknown) << "reserved sample rate";
        EXPECT_EQ (detect (withHeader (0xFB, 0x90, 0x02)), AudioFormat::unknown) << "reserved emphasis";
        EXPECT_EQ (detect (withHeader (0xF3, 0x90, 0x00)), AudioFormat::mp3) << "MPEG-2 layer III";
        EXPECT_EQ (detect (withHeader (0xE3, 0x90, 0x00)), AudioFormat::mp3) << "MPEG-2.5 layer III";
    }

    TEST (AudioFormat, RecognisesMp3BehindAnId3v2TagByItsFirstFrame)
    {
        Bytes mp3;
        appendId3v2 (mp3, 500);
        appendMp3Frame (mp3, "Xing");

        EXPECT_EQ (detect (mp3), AudioFormat::mp3);
    }

    TEST (AudioFormat, StepsOverZeroPaddingAfterAnId3v2Tag)
    {
        Bytes mp3;
        appendId3v2 (mp3, 500);
        appendFill (mp3, 300, 0);
        appendMp3Frame (mp3);

        EXPECT_EQ (detect (mp3), AudioFormat::mp3);
    }

    TEST (AudioFormat, TrustsTheId3v2TagAloneWhenTheHeadEndsInsideIt)
    {
        Bytes mp3;
        appendId3v2 (mp3, 200'000); // large cover art
        appendMp3Frame (mp3);

        EXPECT_EQ (detectAudioFormat (firstBytes (mp3, 65536)), AudioFormat::mp3);
        EXPECT_EQ (detectAudioFormat (firstBytes (mp3, 12)), AudioFormat::mp3);
    }

    TEST (AudioFormat, RejectsAnId3v2TagFollowedByNoAudio)
    {
        Bytes notAudio;
        appendId3v2 (notAudio, 100);
        append (notAudio, "<html><body>not a song</body></html>");

        EXPECT_EQ (detect (notAudio), AudioFormat::unknown);
    }

    TEST (AudioFormat, RecognisesFlacBehindAnId3v2Tag)
    {
        Bytes flac;
        appendId3v2 (flac, 100);
        append (flac, "fLaC");
        appendFlacBlock (flac, flacStreamInfo, flacStreamInfoLength, true);

        EXPECT_EQ (detect (flac), AudioFormat::flac);
    }

    TEST (AudioFormat, ReportsUnknownForTooFewOrForeignBytes)
    {
        EXPECT_EQ (detect ({}), AudioFormat::unknown);
        EXPECT_EQ (detect ({ 'f', 'L', 'a' }), AudioFormat::unknown);
        EXPECT_EQ (detect ({ 0xFF }), AudioFormat::unknown);

        Bytes text;
        append (text, "This is a plain text file, named song.mp3.");
        EXPECT_EQ (detect (text), AudioFormat::unknown);
    }

    TEST (AudioFormat, NamesRoundTrip)
    {
        for (const auto format : { AudioFormat::unknown, AudioFormat::flac, AudioFormat::oggVorbis, AudioFormat::mp3, AudioFormat::wav })
            EXPECT_EQ (audioFormatFromName (audioFormatName (format)), format);

        EXPECT_EQ (audioFormatName (AudioFormat::flac), "flac");
        EXPECT_EQ (audioFormatName (AudioFormat::oggVorbis), "ogg");
        EXPECT_EQ (audioFormatName (AudioFormat::mp3), "mp3");
        EXPECT_EQ (audioFormatName (AudioFormat::wav), "wav");
        EXPECT_EQ (audioFormatName (AudioFormat::unknown), "unknown");
    }

    TEST (AudioFormat, UnrecognisedNamesAreUnknown)
    {
        EXPECT_EQ (audioFormatFromName ("FLAC"), AudioFormat::unknown);
        EXPECT_EQ (audioFormatFromName ("aac"), AudioFormat::unknown);
        EXPECT_EQ (audioFormatFromName (""), AudioFormat::unknown);
    }
} // namespace earshot
