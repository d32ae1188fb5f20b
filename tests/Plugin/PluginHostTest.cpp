// The Earshot plugin as a host sees it: the built VST3 bundle and LV2 bundle are loaded through JUCE's
// own hosting classes (VST3PluginFormat, LV2PluginFormat), given a session state that selects a track,
// and driven like an audio device would drive them, from a real listener daemon streaming the track
// from an artist's daemon on loopback.
//
// Each test runs for both formats: the streamed audio comes out of processBlock (its envelope follows
// the source file's), the volume parameter scales it, the state saves and restores, sync to host
// follows the transport, playback comes back after the daemon restarts, and processBlock never
// allocates or takes a lock (counted by RealtimeGuard, as for the player). PluginWithoutDaemonTest.cpp
// has the plugin on a machine where no daemon runs.

#include "PluginHostSupport.h"
#include "Support/MessagePump.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    class PluginHost : public ::testing::TestWithParam<Format>
    {
    protected:
        juce::ScopedJuceInitialiser_GUI juce;
        PluginSwarm swarm;
        TemporaryDirectory home { "earshot-plugin-home" };
    };
} // namespace

TEST_P (PluginHost, AnInstalledBundleNeedsNothingFromTheBuildTree)
{
    // The copy in ~/.vst3 or ~/.lv2 finds our one shared library inside the bundle, not in the build tree.
    const auto binary = pluginBinaryIn (GetParam(), installBundle (GetParam(), home.path()));
    const auto ldd = runCommand ("ldd '" + binary.string() + "'");
    ASSERT_EQ (ldd.exitCode, 0) << ldd.output;
    const auto line = ldd.output.substr (ldd.output.find ("libearshot_proto"));
    const auto resolved = line.substr (0, line.find ('\n'));
    EXPECT_NE (resolved.find (binary.parent_path().string()), std::string::npos) << resolved;
    EXPECT_EQ (ldd.output.find ("not found"), std::string::npos) << ldd.output;
}

TEST_P (PluginHost, ProcessBlockPlaysTheStreamedTrackIntoTheMixWithoutAllocatingOrLocking)
{
    auto plugin = loadPlugin (GetParam(), home.path());
    ASSERT_NE (plugin, nullptr) << "the built " << nameOf (GetParam()) << " plugin did not load";
    EXPECT_EQ (plugin->getName(), "Earshot");
    ASSERT_NE (parameterNamed (*plugin, "Play"), nullptr);
    ASSERT_NE (parameterNamed (*plugin, "Volume"), nullptr);
    EXPECT_TRUE (parameterNamed (*plugin, "Volume")->isAutomatable());
    EXPECT_TRUE (parameterNamed (*plugin, "Play")->isAutomatable());

    const auto range = processBlockRange (GetParam(), home.path());
    ASSERT_NE (range.first, 0u) << "EarshotProcessor::processBlock not found in the loaded plugin";
    RealtimeGuard::countOnlyWithin (range.first, range.second);

    restoreSession (GetParam(), *plugin, swarm.trackId, false, false, 0.0f);
    HostDriver host (*plugin, 60.0);

    // Nothing plays until Play is on: the host's automation turns it on.
    std::this_thread::sleep_for (500ms);
    EXPECT_EQ (host.audibleFramesSince (0), 0u);
    const auto startedAt = host.recorded();
    parameterNamed (*plugin, "Play")->setValueNotifyingHost (1.0f);

    ASSERT_TRUE (HostDriver::waitFor ([&]
                                      { return host.audibleFramesSince (startedAt) > hostRate * 4; },
                                      60s))
        << "no audio from the " << nameOf (GetParam()) << " plugin";
    const auto match = compareWithSource (host, startedAt, swarm.source, 3.0);
    EXPECT_GT (match.correlation, 0.9) << "the output does not follow the track (" << match.windows << " windows)";
    EXPECT_NEAR (match.gain, 1.0, 0.15);

    EXPECT_EQ (host.allocations(), 0u) << "processBlock allocated";
    EXPECT_EQ (host.locks(), 0u) << "processBlock took a lock or slept";
    RealtimeGuard::countOnlyWithin (0, 0);
}

TEST_P (PluginHost, ItsStateSavesAndRestoresTheTrackVolumeAndSync)
{
    std::unique_ptr<juce::AudioPluginInstance> first = loadPlugin (GetParam(), home.path());
    ASSERT_NE (first, nullptr);
    restoreSession (GetParam(), *first, swarm.trackId, true, true, -6.0f);
    {
        // A host runs its audio while the session is open (LV2 delivers parameter changes in run()).
        HostDriver running (*first, 2.0);
        std::this_thread::sleep_for (300ms);
    }

    // What the host saves from one instance...
    const auto saved = saveSession (GetParam(), *first);
    const auto xml = saved.plugin();
    ASSERT_NE (xml, nullptr);
    EXPECT_EQ (xml->getStringAttribute ("track").toStdString(), swarm.trackId);
    EXPECT_TRUE (xml->getBoolAttribute ("syncToHost"));
    first.reset();

    // ...a new instance (a reopened session) restores: the parameters, the track and sync.
    auto second = loadPlugin (GetParam(), home.path());
    ASSERT_NE (second, nullptr);
    second->setStateInformation (saved.host.getData(), static_cast<int> (saved.host.getSize()));
    // With sync on, the host's transport starts it; at -6 dB the preview is at half amplitude.
    const auto range = processBlockRange (GetParam(), home.path());
    RealtimeGuard::countOnlyWithin (range.first, range.second);
    HostDriver host (*second, 60.0);
    std::this_thread::sleep_for (700ms);

    // (Checked with the audio running, as in a host: the LV2 plugin reports its parameters in run().)
    auto* volume = parameterNamed (*second, "Volume");
    auto* play = parameterNamed (*second, "Play");
    EXPECT_NEAR (volume->getValue(), volume->getValueForText ("-6.0"), 1.0e-3) << volume->getCurrentValueAsText();
    EXPECT_EQ (play->getValue(), 1.0f);
    const auto again = saveSession (GetParam(), *second).plugin();
    ASSERT_NE (again, nullptr);
    EXPECT_EQ (again->getStringAttribute ("track").toStdString(), swarm.trackId);
    EXPECT_TRUE (again->getBoolAttribute ("syncToHost"));

    EXPECT_EQ (host.audibleFramesSince (0), 0u) << "it played with the host's transport stopped";
    const auto startedAt = host.recorded();
    host.playHead.playing = true;
    ASSERT_TRUE (HostDriver::waitFor ([&]
                                      { return host.audibleFramesSince (startedAt) > hostRate * 4; },
                                      60s));
    const auto match = compareWithSource (host, startedAt, swarm.source, 3.0);
    EXPECT_GT (match.correlation, 0.9);
    EXPECT_NEAR (match.gain, 0.5, 0.1);

    // The transport stops: so does the preview.
    host.playHead.playing = false;
    std::this_thread::sleep_for (300ms);
    const auto stoppedAt = host.recorded();
    std::this_thread::sleep_for (700ms);
    EXPECT_EQ (host.audibleFramesSince (stoppedAt), 0u) << "it kept playing after the host's transport stopped";

    EXPECT_EQ (host.allocations(), 0u);
    EXPECT_EQ (host.locks(), 0u);
    RealtimeGuard::countOnlyWithin (0, 0);
}

TEST_P (PluginHost, PlaybackComesBackAfterTheDaemonRestarts)
{
    auto plugin = loadPlugin (GetParam(), home.path());
    ASSERT_NE (plugin, nullptr);
    restoreSession (GetParam(), *plugin, swarm.trackId, true, false, 0.0f);
    const auto range = processBlockRange (GetParam(), home.path());
    RealtimeGuard::countOnlyWithin (range.first, range.second);
    HostDriver host (*plugin, 180.0);
    ASSERT_TRUE (HostDriver::waitFor ([&]
                                      { return host.audibleFramesSince (0) > hostRate * 2; },
                                      60s));

    // The listener daemon goes away: the preview plays what it had read ahead (up to 4 MiB, some 40 s
    // of this track) and then falls silent...
    swarm.listener.stop();
    std::size_t silentFrom = 0;
    ASSERT_TRUE (HostDriver::waitFor ([&]
                                      {
                                          const auto now = host.recorded();
                                          if (now < static_cast<std::size_t> (hostRate))
                                              return false;
                                          silentFrom = now - static_cast<std::size_t> (hostRate);
                                          return host.audibleFramesSince (silentFrom) == 0; },
                                      75s))
        << "the preview never stopped without its daemon";

    // ...and comes back by itself once the daemon is started again at the same address.
    swarm.listener.start();
    const auto restartedAt = host.recorded();
    ASSERT_TRUE (HostDriver::waitFor ([&]
                                      { return host.audibleFramesSince (restartedAt) > hostRate * 2; },
                                      60s))
        << "no audio after the daemon restarted";

    EXPECT_EQ (host.allocations(), 0u);
    EXPECT_EQ (host.locks(), 0u);
    RealtimeGuard::countOnlyWithin (0, 0);
}

TEST_P (PluginHost, TheEditorOpensInAHostWindowResizesAndClosesWhileTheAudioRuns)
{
    // Needs a display: CTest runs this under xvfb-run (earshot_plugin_editor_tests).
    if (std::getenv ("DISPLAY") == nullptr)
        GTEST_SKIP() << "no display; the xvfb-run test runs this";

    auto plugin = loadPlugin (GetParam(), home.path());
    ASSERT_NE (plugin, nullptr);
    restoreSession (GetParam(), *plugin, swarm.trackId, true, false, 0.0f);
    const auto range = processBlockRange (GetParam(), home.path());
    RealtimeGuard::countOnlyWithin (range.first, range.second);
    HostDriver host (*plugin, 60.0);

    installHostXErrorHandler();

    {
        HostWindow shown (*plugin);
        auto& window = shown.window;
        auto& editor = shown.editor;
        ASSERT_NE (editor, nullptr) << "no editor";
        EXPECT_TRUE (pumpMessagesUntil ([&]
                                        { return editor->getWidth() >= 600 && editor->getHeight() >= 400; },
                                        5s))
            << editor->getWidth() << "x" << editor->getHeight();

        // It plays on while its view polls the daemon and redraws.
        EXPECT_TRUE (pumpMessagesUntil ([&]
                                        { return host.audibleFramesSince (0) > hostRate * 2; },
                                        30s))
            << "no audio with the editor open";

        // The host resizes it.
        editor->setSize (1200, 800);
        EXPECT_TRUE (pumpMessagesUntil ([&]
                                        { return editor->getWidth() == 1200 && editor->getHeight() == 800; },
                                        5s))
            << editor->getWidth() << "x" << editor->getHeight();
        pumpMessagesUntil ([]
                           { return false; },
                           1s);

        window.clearContentComponent();
        editor.reset();
        pumpMessagesUntil ([]
                           { return false; },
                           500ms);
    }
    const auto before = host.recorded();
    EXPECT_TRUE (pumpMessagesUntil ([&]
                                    { return host.audibleFramesSince (before) > hostRate; },
                                    10s))
        << "the audio stopped when the editor closed";

    EXPECT_EQ (host.allocations(), 0u);
    EXPECT_EQ (host.locks(), 0u);
    RealtimeGuard::countOnlyWithin (0, 0);
}

INSTANTIATE_TEST_SUITE_P (Formats, PluginHost, ::testing::Values (Format::vst3, Format::lv2), [] (const auto& testInfo)
                          { return nameOf (testInfo.param); });

TEST (PluginInstances, ManyInstancesInOneHostShareOneDaemonAndEachPlaysItsOwnTrack)
{
    // A host with three instances: two VST3 and one LV2, each previewing a track of its own.
    juce::ScopedJuceInitialiser_GUI juce;
    PluginSwarm swarm;
    TemporaryDirectory home ("earshot-plugin-home");
    const auto second = swarm.artist.client().publish ({ (demoAlbum ("flac") / "02-paper-lanterns.flac").string() });
    ASSERT_EQ (second.size(), 1u);
    (void) swarm.listener.client().addTrack ({ second.front().manifest, std::nullopt, std::nullopt }, { swarm.artist.peerAddress() });

    std::vector<std::unique_ptr<juce::AudioPluginInstance>> plugins;
    plugins.push_back (loadPlugin (Format::vst3, home.path()));
    plugins.push_back (loadPlugin (Format::vst3, home.path()));
    plugins.push_back (loadPlugin (Format::lv2, home.path()));
    const std::vector<Format> formats { Format::vst3, Format::vst3, Format::lv2 };
    const std::vector<std::string> tracks { swarm.trackId, second.front().id, swarm.trackId };
    std::vector<std::unique_ptr<HostDriver>> drivers;
    for (std::size_t i = 0; i < plugins.size(); ++i)
    {
        ASSERT_NE (plugins[i], nullptr);
        restoreSession (formats[i], *plugins[i], tracks[i], true, false, 0.0f);
        drivers.push_back (std::make_unique<HostDriver> (*plugins[i], 60.0));
    }
    for (std::size_t i = 0; i < drivers.size(); ++i)
        EXPECT_TRUE (HostDriver::waitFor ([&]
                                          { return drivers[i]->audibleFramesSince (0) > hostRate * 2; },
                                          60s))
            << "instance " << i << " is silent";

    // The second instance plays the second track, not the first one.
    const auto own = compareWithSource (*drivers[1], 0, demoAlbum ("flac") / "02-paper-lanterns.flac", 2.0);
    EXPECT_GT (own.correlation, 0.9);
    const auto other = compareWithSource (*drivers[0], 0, demoAlbum ("flac") / "02-paper-lanterns.flac", 2.0);
    EXPECT_LT (other.correlation, own.correlation - 0.2) << "the first instance's output follows the second track too well";

    // They all talk to the one daemon at EARSHOT_API: none of them started another.
    EXPECT_FALSE (std::filesystem::exists (swarm.root.path() / "never-started"));
    drivers.clear();
}
