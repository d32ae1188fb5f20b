#include "Daemon/AudioAnalysis.h"
#include "Core/Error.h"
#include "Support/SyntheticWav.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <numbers>
#include <string>
#include <unistd.h>
#include <vector>

using namespace earshot;

namespace
{
    constexpr int sampleRate = earshot::testing::syntheticWav::sampleRate;
    const double minus23Dbfs = std::pow (10.0, -23.0 / 20.0);

    void writeWav (const std::filesystem::path& path, double seconds, const std::function<double (double)>& sampleAt)
    {
        earshot::testing::syntheticWav::write (path, seconds, sampleAt);
    }

    double clickTrack (double t, double bpm) { return earshot::testing::syntheticWav::clickTrack (t, bpm); }

    class AudioAnalysisTest : public ::testing::Test
    {
    protected:
        void SetUp() override
        {
            folder = std::filesystem::temp_directory_path() / ("earshot-analysis-" + std::to_string (::getpid()));
            std::filesystem::create_directories (folder);
        }
        void TearDown() override { std::filesystem::remove_all (folder); }

        std::filesystem::path folder;
    };
} // namespace

TEST_F (AudioAnalysisTest, AStereoSineAtMinus23DbfsMeasuresMinus23Lufs)
{
    // EBU Tech 3341's first case: a stereo sine at -23 dBFS in both channels reads -23 LUFS.
    const auto wav = folder / "sine.wav";
    writeWav (wav, 10.0, [] (double t)
              { return minus23Dbfs * std::sin (2.0 * std::numbers::pi * 997.0 * t); });
    const auto analysis = analyseAudioFile (wav);
    ASSERT_TRUE (analysis.loudnessLufs.has_value());
    EXPECT_NEAR (*analysis.loudnessLufs, -23.0, 0.1);
    EXPECT_NEAR (analysis.seconds, 10.0, 0.05);
}

TEST_F (AudioAnalysisTest, AClickTrackAt124BpmIsFoundAt124)
{
    const auto wav = folder / "clicks.wav";
    writeWav (wav, 30.0, [] (double t)
              { return clickTrack (t, 124.0); });
    const auto analysis = analyseAudioFile (wav);
    ASSERT_TRUE (analysis.bpm.has_value());
    EXPECT_NEAR (*analysis.bpm, 124.0, 1.0);
}

TEST_F (AudioAnalysisTest, FlacAndMp3MadeByDebiansEncodersMeasureAsTheirWav)
{
    const auto wav = folder / "clicks.wav";
    writeWav (wav, 30.0, [] (double t)
              { return clickTrack (t, 96.0) + 0.05 * std::sin (2.0 * std::numbers::pi * 440.0 * t); });
    const auto reference = analyseAudioFile (wav);
    ASSERT_TRUE (reference.loudnessLufs && reference.bpm);

    const auto flac = folder / "clicks.flac";
    const auto mp3 = folder / "clicks.mp3";
    ASSERT_EQ (std::system (("flac --silent -f -o '" + flac.string() + "' '" + wav.string() + "'").c_str()), 0);
    ASSERT_EQ (std::system (("lame --quiet -b 192 '" + wav.string() + "' '" + mp3.string() + "'").c_str()), 0);
    for (const auto& encoded : { flac, mp3 })
    {
        const auto analysis = analyseAudioFile (encoded);
        ASSERT_TRUE (analysis.loudnessLufs && analysis.bpm) << encoded;
        EXPECT_NEAR (*analysis.loudnessLufs, *reference.loudnessLufs, 0.5) << encoded;
        EXPECT_NEAR (*analysis.bpm, *reference.bpm, 1.5) << encoded;
    }
}

TEST_F (AudioAnalysisTest, SilenceHasNoLoudnessAndNoTempo)
{
    const auto wav = folder / "silence.wav";
    writeWav (wav, 5.0, [] (double)
              { return 0.0; });
    const auto analysis = analyseAudioFile (wav);
    EXPECT_FALSE (analysis.loudnessLufs.has_value());
    EXPECT_FALSE (analysis.bpm.has_value());
}

TEST_F (AudioAnalysisTest, AFileCutShortIsAnalysedAsFarAsItGoes)
{
    const auto wav = folder / "sine.wav";
    writeWav (wav, 10.0, [] (double t)
              { return minus23Dbfs * std::sin (2.0 * std::numbers::pi * 997.0 * t); });
    std::filesystem::resize_file (wav, 44 + 4 * sampleRate * 4); // four seconds of the ten
    const auto analysis = analyseAudioFile (wav);
    EXPECT_NEAR (analysis.seconds, 4.0, 0.05);
    ASSERT_TRUE (analysis.loudnessLufs.has_value());
    EXPECT_NEAR (*analysis.loudnessLufs, -23.0, 0.1);
}

TEST_F (AudioAnalysisTest, AFileThatIsNotAudioIsAnErrorNamingIt)
{
    const auto notes = folder / "notes.txt";
    std::ofstream (notes) << "not audio at all\n";
    try
    {
        (void) analyseAudioFile (notes);
        FAIL() << "analysed a text file";
    }
    catch (const Error& e)
    {
        EXPECT_EQ (e.code(), ErrorCode::invalidArgument);
        EXPECT_NE (std::string (e.what()).find ("notes.txt"), std::string::npos) << e.what();
    }
}
