// A loop region rendered for the host as it is heard: read from a real listener daemon that fetches
// the track from an artist's daemon on loopback, stretched from the track's 100 BPM to a host's
// 120 BPM, into a WAV file in the export folder.

#include "Audio/LoopRender.h"
#include "PlayerSwarm.h"

#include <gtest/gtest.h>
#include <juce_audio_formats/juce_audio_formats.h>

#include <chrono>
#include <cmath>
#include <thread>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    constexpr double rate = 48000.0;

    /** A 5 ms click on every beat at 100 BPM from the first sample, as a 48 kHz stereo FLAC. */
    std::filesystem::path writeClicks (const std::filesystem::path& file, double seconds)
    {
        std::filesystem::create_directories (file.parent_path());
        const auto frames = static_cast<int> (seconds * rate);
        juce::AudioBuffer<float> audio (2, frames);
        for (int i = 0; i < frames; ++i)
        {
            const double since = std::fmod (i / rate, 0.6);
            const auto value = since > 0.005 ? 0.0f : static_cast<float> (0.8 * std::exp (-since * 600.0) * std::sin (2.0 * juce::MathConstants<double>::pi * 2000.0 * since));
            audio.setSample (0, i, value);
            audio.setSample (1, i, value);
        }
        juce::FlacAudioFormat flac;
        auto stream = std::make_unique<juce::FileOutputStream> (juce::File (file.string()));
        std::unique_ptr<juce::AudioFormatWriter> writer (flac.createWriterFor (stream.get(), rate, 2, 24, {}, 0));
        EXPECT_NE (writer, nullptr);
        (void) stream.release();
        writer->writeFromAudioSampleBuffer (audio, 0, frames);
        return file;
    }

    bool waitForEnd (const LoopRender& render, std::chrono::seconds timeout)
    {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (render.state() == LoopRender::State::rendering && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for (20ms);
        return render.state() != LoopRender::State::rendering;
    }

    std::vector<std::filesystem::path> filesIn (const std::filesystem::path& folder)
    {
        std::vector<std::filesystem::path> files;
        if (std::filesystem::exists (folder))
            for (const auto& entry : std::filesystem::directory_iterator (folder))
                files.push_back (entry.path());
        return files;
    }

    class LoopRenderTest : public ::testing::Test
    {
    protected:
        PlayerSwarm swarm { "loop-render", 4096 };
        std::string track = swarm.share (writeClicks (swarm.root.path() / "music" / "clicks.flac", 30.0));
        std::filesystem::path folder = swarm.root.path() / "exports";

        LoopRender::Request request() const
        {
            LoopRender::Request r;
            r.trackId = track;
            r.startSeconds = 0.3; // the clicks at 0.6, 1.2, 1.8 and 2.4 s: one bar of 4/4
            r.endSeconds = 2.7;
            r.speed = 1.2; // 100 BPM played at 120
            r.sampleRate = rate;
            r.folder = folder;
            r.hostBpm = 120.0;
            return r;
        }
    };
} // namespace

TEST_F (LoopRenderTest, TheRenderedLoopLastsTheRegionAtTheHostsTempoWithItsBeatsOnTheGrid)
{
    LoopRender render (swarm.client);
    render.start (request());
    ASSERT_TRUE (waitForEnd (render, 60s));
    ASSERT_EQ (render.state(), LoopRender::State::done) << render.failureReason();

    const auto file = render.file();
    EXPECT_EQ (file.parent_path(), folder);
    EXPECT_EQ (file.extension(), ".wav");
    EXPECT_EQ (filesIn (folder).size(), 1u) << "a temporary file was left beside the loop";

    juce::WavAudioFormat wav;
    std::unique_ptr<juce::AudioFormatReader> reader (wav.createReaderFor (new juce::FileInputStream (juce::File (file.string())), true));
    ASSERT_NE (reader, nullptr);
    EXPECT_EQ (reader->sampleRate, rate);
    // 2.4 s of the track at 1.2 times its speed: 2 s, one bar at 120 BPM.
    EXPECT_EQ (reader->lengthInSamples, 96000);

    juce::AudioBuffer<float> audio (2, static_cast<int> (reader->lengthInSamples));
    reader->read (&audio, 0, audio.getNumSamples(), 0, true, true);
    std::vector<double> onsets;
    int lastLoud = -100000;
    for (int i = 0; i < audio.getNumSamples(); ++i)
    {
        if (std::abs (audio.getSample (0, i)) < 0.25f)
            continue;
        if (i - lastLoud > static_cast<int> (0.1 * rate))
            onsets.push_back (i / rate);
        lastLoud = i;
    }
    ASSERT_EQ (onsets.size(), 4u);
    for (std::size_t i = 0; i < onsets.size(); ++i)
        EXPECT_NEAR (onsets[i], 0.25 + 0.5 * static_cast<double> (i), 0.010) << "click " << i;
}

TEST_F (LoopRenderTest, ACancelledRenderOrADaemonThatWentAwayLeavesNoFileAndSaysSo)
{
    {
        LoopRender render (swarm.client);
        auto longer = request();
        longer.endSeconds = 29.0;
        render.start (longer);
        render.cancel();
        EXPECT_EQ (render.state(), LoopRender::State::cancelled);
        EXPECT_TRUE (render.file().empty());
    }
    EXPECT_TRUE (filesIn (folder).empty()) << "a cancelled render left " << filesIn (folder).front();

    ASSERT_EQ (swarm.listener.stop(), 0);
    LoopRender render (swarm.client);
    render.start (request());
    ASSERT_TRUE (waitForEnd (render, 60s));
    EXPECT_EQ (render.state(), LoopRender::State::failed);
    EXPECT_NE (render.failureReason().find ("daemon"), std::string::npos) << render.failureReason();
    EXPECT_TRUE (filesIn (folder).empty());
}
