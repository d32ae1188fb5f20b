// The plugin in a producer's session: with sync to host on, the streamed preview plays in the host's
// tempo and starts on the host's bar, and its pitch shifts to the session's key. The built VST3 and
// LV2 bundles are loaded through JUCE's hosting and fed a click track the artist's daemon published
// with a BPM tag (100) and a key tag (Am), fetched by the listener daemon the plugin talks to.
//
// The clicks' onsets in the plugin's output are found with a plain energy detector and held against
// the host's beat grid; the pitch shift is checked on a sine's spectrum.

#include "PluginHostSupport.h"

#include <gtest/gtest.h>
#include <juce_audio_formats/juce_audio_formats.h>
#include <taglib/flacfile.h>
#include <taglib/xiphcomment.h>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    constexpr double trackBpm = 100.0;
    constexpr double sineHz = 440.0;

    /** Writes a 48 kHz stereo FLAC of seconds of audio, tagged with bpm and key when given. */
    std::filesystem::path writeFlac (const std::filesystem::path& file, double seconds, const std::function<float (double)>& sampleAt, const std::string& bpm, const std::string& key)
    {
        std::filesystem::create_directories (file.parent_path());
        const auto frames = static_cast<int> (seconds * hostRate);
        juce::AudioBuffer<float> audio (2, frames);
        for (int i = 0; i < frames; ++i)
        {
            const auto value = sampleAt (i / hostRate);
            audio.setSample (0, i, value);
            audio.setSample (1, i, value);
        }
        {
            juce::FlacAudioFormat flac;
            auto stream = std::make_unique<juce::FileOutputStream> (juce::File (file.string()));
            std::unique_ptr<juce::AudioFormatWriter> writer (flac.createWriterFor (stream.get(), hostRate, 2, 24, {}, 0));
            EXPECT_NE (writer, nullptr);
            if (writer == nullptr)
                return file;
            (void) stream.release(); // the writer owns it now
            writer->writeFromAudioSampleBuffer (audio, 0, frames);
        }
        TagLib::FLAC::File tagged (file.c_str());
        auto* comment = tagged.xiphComment (true);
        comment->addField ("TITLE", file.stem().string());
        if (! bpm.empty())
            comment->addField ("BPM", bpm);
        if (! key.empty())
            comment->addField ("INITIALKEY", key);
        EXPECT_TRUE (tagged.save());
        return file;
    }

    /** A 5 ms click (a decaying 2 kHz burst) on every beat at trackBpm, from the very first sample. */
    float clickAt (double seconds)
    {
        const double beat = 60.0 / trackBpm;
        const double since = std::fmod (seconds, beat);
        if (since > 0.005)
            return 0.0f;
        return static_cast<float> (0.8 * std::exp (-since * 600.0) * std::sin (2.0 * juce::MathConstants<double>::pi * 2000.0 * since));
    }

    float sineAt (double seconds)
    {
        return static_cast<float> (0.5 * std::sin (2.0 * juce::MathConstants<double>::pi * sineHz * seconds));
    }

    /** Two published tracks, fetched by the listener the plugin talks to (EARSHOT_API). */
    struct TempoSwarm
    {
        TemporaryDirectory root { "earshot-plugin-tempo" };
        DaemonProcess artist { root.path() / "artist" };
        DaemonProcess listener { root.path() / "listener" };
        std::string clicks;
        std::string sine;

        TempoSwarm()
        {
            artist.start();
            listener.start();
            const auto music = root.path() / "music";
            clicks = publish (writeFlac (music / "clicks.flac", 40.0, clickAt, "100", "Am"));
            sine = publish (writeFlac (music / "sine.flac", 20.0, sineAt, "", "A"));
            ::setenv ("EARSHOT_API", listener.apiAddress().c_str(), 1);
            ::setenv ("EARSHOT_DATA_DIR", (root.path() / "never-started").c_str(), 1);
        }

        std::string publish (const std::filesystem::path& file)
        {
            const auto published = artist.client().publish ({ file.string() }).front();
            (void) listener.client().addTrack ({ published.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });
            return published.id;
        }
    };

    /** Where the clicks begin in a recording: the first sample above a third of the loudest after at
        least 100 ms of quiet. */
    std::vector<std::size_t> onsetsIn (const std::vector<float>& samples, std::size_t from, std::size_t to)
    {
        float loudest = 0.0f;
        for (auto i = from; i < to; ++i)
            loudest = std::max (loudest, std::abs (samples[i]));
        std::vector<std::size_t> onsets;
        const auto threshold = loudest / 3.0f;
        const auto quiet = static_cast<std::size_t> (0.1 * hostRate);
        std::size_t lastLoud = 0;
        bool any = false;
        for (auto i = from; i < to; ++i)
        {
            if (std::abs (samples[i]) < threshold)
                continue;
            if (! any || i - lastLoud > quiet)
                onsets.push_back (i);
            lastLoud = i;
            any = true;
        }
        return onsets;
    }

    /** The frequency of the loudest partial between low and high Hz in 16384 samples from from on:
        a Hann-windowed discrete Fourier transform evaluated every 0.25 Hz. */
    double peakFrequency (const std::vector<float>& samples, std::size_t from, double low, double high)
    {
        constexpr int size = 16384;
        std::vector<double> windowed (size);
        for (int i = 0; i < size; ++i)
            windowed[static_cast<std::size_t> (i)] = samples[from + static_cast<std::size_t> (i)] * (0.5 - 0.5 * std::cos (2.0 * juce::MathConstants<double>::pi * i / (size - 1)));
        double best = low, bestPower = -1.0;
        for (double hz = low; hz <= high; hz += 0.25)
        {
            const double step = 2.0 * juce::MathConstants<double>::pi * hz / hostRate;
            double re = 0.0, im = 0.0;
            for (int i = 0; i < size; ++i)
            {
                re += windowed[static_cast<std::size_t> (i)] * std::cos (step * i);
                im -= windowed[static_cast<std::size_t> (i)] * std::sin (step * i);
            }
            if (const auto power = re * re + im * im; power > bestPower)
            {
                bestPower = power;
                best = hz;
            }
        }
        return best;
    }

    class PluginTempo : public ::testing::TestWithParam<Format>
    {
    protected:
        juce::ScopedJuceInitialiser_GUI juce;
        TempoSwarm swarm;
        TemporaryDirectory home { "earshot-plugin-tempo-home" };

        /** Plays the clicks with sync on in a host at hostBpm (0: a host without a tempo) until
            seconds of its transport are recorded; the onsets, as frames since the transport started. */
        std::vector<double> clickOnsets (juce::AudioPluginInstance& plugin, double hostBpm, double seconds, std::uint64_t* allocations = nullptr, std::uint64_t* locks = nullptr, std::pair<double, double> loop = {})
        {
            const auto range = processBlockRange (GetParam(), home.path());
            EXPECT_NE (range.first, 0u) << "EarshotProcessor::processBlock not found in the loaded plugin";
            RealtimeGuard::countOnlyWithin (range.first, range.second);

            restoreSession (GetParam(), plugin, swarm.clicks, false, true, 0.0f);
            if (loop.second > loop.first)
            {
                auto session = saveSession (GetParam(), plugin);
                auto xml = session.plugin();
                xml->setAttribute ("loopStart", loop.first);
                xml->setAttribute ("loopEnd", loop.second);
                const auto state = session.with (*xml);
                plugin.setStateInformation (state.getData(), static_cast<int> (state.getSize()));
            }
            HostDriver host (plugin, seconds + 60.0);
            host.playHead.bpm = hostBpm;
            std::this_thread::sleep_for (300ms);
            host.playHead.playing = true;

            // The first click, then seconds more of them.
            const bool heard = HostDriver::waitFor ([&]
                                                    { return host.audibleFramesSince (0) > 0; },
                                                    60s);
            EXPECT_TRUE (heard) << "no audio from the " << nameOf (GetParam()) << " plugin";
            std::size_t firstAudible = 0;
            for (const auto recorded = host.recorded(); firstAudible < recorded && std::abs (host.left()[firstAudible]) <= 1.0e-4f;)
                ++firstAudible;
            const auto until = firstAudible + static_cast<std::size_t> (seconds * hostRate);
            EXPECT_TRUE (HostDriver::waitFor ([&]
                                              { return host.recorded() >= until; },
                                              std::chrono::milliseconds (static_cast<int> (seconds * 1000.0) + 30000)));
            host.playHead.playing = false;
            if (allocations != nullptr)
                *allocations = host.allocations();
            if (locks != nullptr)
                *locks = host.locks();
            RealtimeGuard::countOnlyWithin (0, 0);

            std::vector<double> onsets;
            const auto start = host.transportStartFrame();
            for (const auto onset : onsetsIn (host.left(), firstAudible, std::min (until, host.recorded())))
                onsets.push_back (static_cast<double> (onset - start));
            return onsets;
        }
    };
} // namespace

TEST_P (PluginTempo, A100BpmTrackPlaysOnTheHostsBeatGridAt120StartingOnABar)
{
    auto plugin = loadPlugin (GetParam(), home.path());
    ASSERT_NE (plugin, nullptr);
    std::uint64_t allocations = 0, locks = 0;
    const auto onsets = clickOnsets (*plugin, 120.0, 16.0, &allocations, &locks);

    // 8 bars of 4 beats at 120 BPM: 32 clicks, every one within 10 ms of a beat of the host's grid.
    const double beat = hostRate * 60.0 / 120.0;
    ASSERT_GE (onsets.size(), 31u);
    const auto firstBeat = std::llround (onsets.front() / beat);
    EXPECT_EQ (firstBeat % 4, 0) << "the preview did not start on a bar (beat " << firstBeat << ")";
    for (std::size_t i = 0; i < onsets.size(); ++i)
    {
        const auto nearest = std::round (onsets[i] / beat);
        EXPECT_EQ (static_cast<long long> (nearest), firstBeat + static_cast<long long> (i)) << "click " << i << " missed its beat";
        EXPECT_LT (std::abs (onsets[i] - nearest * beat) / hostRate * 1000.0, 10.0) << "click " << i << " is off the grid (ms)";
    }

    EXPECT_EQ (allocations, 0u) << "processBlock allocated with stretching on";
    EXPECT_EQ (locks, 0u) << "processBlock took a lock or slept with stretching on";
}

TEST_P (PluginTempo, ALoopRegionRepeatsSampleAlignedToTheHostsBars)
{
    auto plugin = loadPlugin (GetParam(), home.path());
    ASSERT_NE (plugin, nullptr);
    // From 0.3 s to 2.7 s: the clicks at 0.6, 1.2, 1.8 and 2.4 s, a bar of the track's 100 BPM,
    // which at 120 BPM lasts a bar of 2 s, with its clicks 0.25 s, 0.75 s, ... into it.
    const auto onsets = clickOnsets (*plugin, 120.0, 8.5, nullptr, nullptr, { 0.3, 2.7 });
    const double bar = hostRate * 2.0;
    ASSERT_GE (onsets.size(), 12u) << "fewer than three repeats";

    const auto firstBar = std::floor (onsets.front() / bar);
    EXPECT_NEAR ((onsets.front() - firstBar * bar) / hostRate, 0.25, 0.010) << "the loop did not start on a bar";
    for (std::size_t i = 0; i + 4 < onsets.size(); ++i)
        EXPECT_NEAR (onsets[i + 4] - onsets[i], bar, 1.0) << "repeat of click " << i << " is not one bar (in samples) later";
    for (std::size_t i = 0; i < onsets.size(); ++i)
        EXPECT_NEAR (onsets[i] - onsets.front(), 0.5 * hostRate * static_cast<double> (i), hostRate * 0.010) << "click " << i;
}

TEST_P (PluginTempo, AHostWithoutATempoOrBeyondTwiceTheTracksSpeedPlaysItUnstretched)
{
    const double ownBeat = hostRate * 60.0 / trackBpm;
    for (const double hostBpm : { 0.0, 250.0 })
    {
        auto plugin = loadPlugin (GetParam(), home.path());
        ASSERT_NE (plugin, nullptr);
        const auto onsets = clickOnsets (*plugin, hostBpm, 4.0);
        ASSERT_GE (onsets.size(), 6u) << "host at " << hostBpm << " BPM";
        for (std::size_t i = 1; i < onsets.size(); ++i)
            EXPECT_NEAR (onsets[i] - onsets[i - 1], ownBeat, hostRate * 0.002) << "host at " << hostBpm << " BPM: the clicks are not the track's own 100 BPM";
    }
}

TEST_P (PluginTempo, APitchShiftOfTwoSemitonesMovesTheSpectrumsPeakByThatMuch)
{
    auto plugin = loadPlugin (GetParam(), home.path());
    ASSERT_NE (plugin, nullptr);
    auto* pitch = parameterNamed (*plugin, "Pitch");
    ASSERT_NE (pitch, nullptr);
    EXPECT_TRUE (pitch->isAutomatable());

    restoreSession (GetParam(), *plugin, swarm.sine, true, false, 0.0f);
    pitch->setValueNotifyingHost (pitch->getValueForText ("2"));
    HostDriver host (*plugin, 30.0);
    ASSERT_TRUE (HostDriver::waitFor ([&]
                                      { return host.audibleFramesSince (0) > hostRate * 2; },
                                      60s));
    std::size_t firstAudible = 0;
    while (std::abs (host.left()[firstAudible]) <= 1.0e-4f)
        ++firstAudible;
    const auto measured = peakFrequency (host.left(), firstAudible + static_cast<std::size_t> (hostRate * 0.5), 300.0, 700.0);
    EXPECT_NEAR (measured / sineHz, std::pow (2.0, 2.0 / 12.0), 0.005) << "peak at " << measured << " Hz";
}

TEST_P (PluginTempo, ThePitchAndTheSessionsKeyAreSavedWithTheSession)
{
    auto first = loadPlugin (GetParam(), home.path());
    ASSERT_NE (first, nullptr);
    restoreSession (GetParam(), *first, swarm.clicks, false, true, 0.0f);
    {
        auto session = saveSession (GetParam(), *first);
        auto xml = session.plugin();
        ASSERT_NE (xml, nullptr);
        xml->setAttribute ("sessionKey", "b minor");
        const auto state = session.with (*xml);
        first->setStateInformation (state.getData(), static_cast<int> (state.getSize()));
    }
    auto* pitch = parameterNamed (*first, "Pitch");
    pitch->setValueNotifyingHost (pitch->getValueForText ("-3"));
    {
        HostDriver running (*first, 2.0);
        std::this_thread::sleep_for (300ms);
    }
    const auto saved = saveSession (GetParam(), *first);
    const auto xml = saved.plugin();
    ASSERT_NE (xml, nullptr);
    EXPECT_EQ (xml->getStringAttribute ("sessionKey"), "Bm") << "the key is kept by its usual name";
    first.reset();

    auto second = loadPlugin (GetParam(), home.path());
    ASSERT_NE (second, nullptr);
    second->setStateInformation (saved.host.getData(), static_cast<int> (saved.host.getSize()));
    {
        HostDriver running (*second, 2.0);
        std::this_thread::sleep_for (300ms);
    }
    EXPECT_EQ (parameterNamed (*second, "Pitch")->getCurrentValueAsText().trim(), "-3");
    const auto again = saveSession (GetParam(), *second).plugin();
    ASSERT_NE (again, nullptr);
    EXPECT_EQ (again->getStringAttribute ("sessionKey"), "Bm");

    // A key no one can read is not kept.
    auto bad = saveSession (GetParam(), *second);
    auto badXml = bad.plugin();
    badXml->setAttribute ("sessionKey", "H sharp");
    const auto badState = bad.with (*badXml);
    second->setStateInformation (badState.getData(), static_cast<int> (badState.getSize()));
    EXPECT_EQ (saveSession (GetParam(), *second).plugin()->getStringAttribute ("sessionKey"), "");
}

INSTANTIATE_TEST_SUITE_P (Formats, PluginTempo, ::testing::Values (Format::vst3, Format::lv2), [] (const auto& testInfo)
                          { return nameOf (testInfo.param); });
