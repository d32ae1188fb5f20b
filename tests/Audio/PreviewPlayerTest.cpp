// The preview player against real earshotd processes: the audio callback's real-time safety, the
// state machine under a starved swarm and a killed daemon, bad audio, and the queue.

#include "PlayerSwarm.h"
#include "RenderDriver.h"
#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>
#include <juce_audio_formats/juce_audio_formats.h>
#include <taglib/flacfile.h>
#include <taglib/xiphcomment.h>

#include <fstream>
#include <mutex>
#include <string_view>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    std::filesystem::path demoFlac (int track)
    {
        static const char* names[] = { "01-first-light.flac", "02-paper-lanterns.flac", "03-neon-tide.flac" };
        return demoAlbum ("flac") / names[track - 1];
    }

    /** Waits (bounded) for the player to reach a state; on failure says where it is instead, and why. */
    ::testing::AssertionResult reaches (const PreviewPlayer& player, PlayerState wanted, std::chrono::milliseconds timeout)
    {
        if (RenderDriver::waitFor ([&]
                                   { return player.state() == wanted; },
                                   timeout))
            return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure() << "wanted " << toString (wanted) << " but the player is " << toString (player.state()) << " " << player.failureReason();
    }

    /** 20 s of a 48 kHz stereo 440 Hz sine as FLAC, with a BPM tag when bpm is given. */
    std::filesystem::path sineFlac (const std::filesystem::path& file, const std::string& bpm)
    {
        std::filesystem::create_directories (file.parent_path());
        constexpr double rate = 48000.0;
        juce::AudioBuffer<float> audio (2, static_cast<int> (20 * rate));
        for (int i = 0; i < audio.getNumSamples(); ++i)
            for (int channel = 0; channel < 2; ++channel)
                audio.setSample (channel, i, static_cast<float> (0.3 * std::sin (2.0 * juce::MathConstants<double>::pi * 440.0 * i / rate)));
        {
            juce::FlacAudioFormat flac;
            auto stream = std::make_unique<juce::FileOutputStream> (juce::File (file.string()));
            std::unique_ptr<juce::AudioFormatWriter> writer (flac.createWriterFor (stream.get(), rate, 2, 16, {}, 0));
            (void) stream.release();
            writer->writeFromAudioSampleBuffer (audio, 0, audio.getNumSamples());
        }
        if (! bpm.empty())
        {
            TagLib::FLAC::File tagged (file.c_str());
            tagged.xiphComment (true)->addField ("BPM", bpm);
            tagged.save();
        }
        return file;
    }

    ::testing::AssertionResult stretches (const PreviewPlayer& player, StretchStatus wanted, double speed)
    {
        if (RenderDriver::waitFor ([&]
                                   { return player.stretchStatus() == wanted && std::abs (player.playbackSpeed() - speed) < 1.0e-9; },
                                   20s))
            return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure() << "status " << static_cast<int> (player.stretchStatus()) << ", speed " << player.playbackSpeed() << "; wanted " << static_cast<int> (wanted) << " at " << speed;
    }
} // namespace

TEST (RealtimeGuard, CountsAllocationsAndLocksOnTheGuardedThread)
{
    // The detector itself: without this, a callback that allocates could pass unseen.
    const auto before = RealtimeGuard::counts();
    {
        RealtimeGuard guard;
        void* volatile memory = ::operator new (16); // a call the compiler may not elide
        ::operator delete (memory);
        std::mutex mutex;
        std::lock_guard lock (mutex);
    }
    const auto after = RealtimeGuard::counts();
    EXPECT_EQ (after.allocations - before.allocations, 2u);
    EXPECT_EQ (after.locks - before.locks, 1u);

    // Outside a guard nothing is counted.
    std::vector<int> unguarded (100);
    EXPECT_EQ (RealtimeGuard::counts().allocations, after.allocations);
}

namespace earshot::testing
{
    // Two functions for the scope filter's own test: one allocates and locks inside the scope, one outside.
    // They have external linkage, so that the symbol table names them as the test looks them up.
    void allocatesAndLocksInScope();
    void allocatesOutOfScope();

    [[gnu::noinline]] void allocatesAndLocksInScope()
    {
        void* volatile memory = ::operator new (16);
        ::operator delete (memory);
        std::mutex mutex;
        std::lock_guard lock (mutex);
    }

    [[gnu::noinline]] void allocatesOutOfScope()
    {
        void* volatile memory = ::operator new (16);
        ::operator delete (memory);
    }
} // namespace earshot::testing

TEST (RealtimeGuard, CountsOnlyUnderTheFunctionItIsScopedTo)
{
    // The plugin tests scope the guard to the plugin's processBlock inside a loaded binary; this is the
    // same mechanism (symbol table, load address, call stack) on a function of this program.
    const auto range = RealtimeGuard::functionRange ({}, "earshot::testing::allocatesAndLocksInScope()");
    ASSERT_NE (range.first, 0u);
    EXPECT_EQ (range.first, reinterpret_cast<std::uintptr_t> (&allocatesAndLocksInScope));
    RealtimeGuard::countOnlyWithin (range.first, range.second);
    const auto before = RealtimeGuard::counts();
    {
        RealtimeGuard guard;
        allocatesOutOfScope();
        allocatesAndLocksInScope();
    }
    const auto after = RealtimeGuard::counts();
    RealtimeGuard::countOnlyWithin (0, 0);
    EXPECT_EQ (after.allocations - before.allocations, 2u);
    EXPECT_EQ (after.locks - before.locks, 1u);
}

TEST (PreviewPlayer, TheAudioCallbackNeverAllocatesLocksOrSleepsThroughEveryState)
{
    PlayerSwarm swarm ("realtime", 256);
    const auto first = swarm.share (demoFlac (1));
    const auto second = swarm.share (testMedia ("excerpt.ogg"));

    PreviewPlayer player (swarm.client);
    RenderDriver device (player);
    // Nothing asked for yet: no first audio, and no time of one.
    EXPECT_LT (player.latestRequestToAudioMs(), 0.0);
    EXPECT_LT (player.latestAudioSteadyNs(), 0);

    const auto playCalled = std::chrono::steady_clock::now();
    player.play (first);
    ASSERT_TRUE (reaches (player, PlayerState::playing, 30s));
    // The first block's time, on the steady clock, is after the play() and before now, and is
    // the play() plus the latency the player reports.
    ASSERT_TRUE (RenderDriver::waitFor ([&]
                                        { return player.latestAudioSteadyNs() >= 0; },
                                        30s));
    const std::chrono::steady_clock::time_point firstBlockAt { std::chrono::nanoseconds (player.latestAudioSteadyNs()) };
    EXPECT_GE (firstBlockAt, playCalled);
    EXPECT_LE (firstBlockAt, std::chrono::steady_clock::now());
    EXPECT_GE (player.latestRequestToAudioMs(), 0.0);
    const std::chrono::duration<double, std::milli> playToFirstBlock = firstBlockAt - playCalled;
    EXPECT_LE (player.latestRequestToAudioMs(), playToFirstBlock.count());
    player.setVolume (0.3f);
    std::this_thread::sleep_for (300ms);
    player.pause();
    std::this_thread::sleep_for (200ms);
    player.resume();
    player.seek (60.0); // pieces not downloaded yet
    ASSERT_TRUE (RenderDriver::waitFor ([&]
                                        { return player.state() == PlayerState::playing && player.positionSeconds() >= 60.0; },
                                        30s));
    // A new track (a different format and sample rate path) replaces the first mid-play.
    player.play (second, 27.0);
    ASSERT_TRUE (reaches (player, PlayerState::ended, 30s));
    player.stop();
    ASSERT_TRUE (reaches (player, PlayerState::idle, 5s));

    EXPECT_TRUE (device.seen (PlayerState::buffering));
    EXPECT_TRUE (device.seen (PlayerState::playing));
    EXPECT_TRUE (device.seen (PlayerState::paused));
    EXPECT_TRUE (device.seen (PlayerState::ended));
    EXPECT_GT (device.audibleBlocks(), 100u);
    EXPECT_EQ (device.allocations(), 0u) << "render() allocated or freed memory";
    EXPECT_EQ (device.locks(), 0u) << "render() took a lock, waited or slept";
}

TEST (PreviewPlayer, AStarvedSwarmShowsBufferingThenStarvingAndCountsTheStalls)
{
    // 48 KiB/s against a FLAC track of about 105 KB per second of audio.
    PlayerSwarm swarm ("starved", 48);
    const auto id = swarm.share (demoFlac (1));

    // Fixed thresholds: following the arrival rate would hold back the start until the stall it
    // foresees could not come within the test's time.
    PreviewPlayer::Options options;
    options.followArrivalRate = false;
    PreviewPlayer player (swarm.client, options);
    RenderDriver device (player);
    player.play (id);

    ASSERT_TRUE (RenderDriver::waitFor ([&]
                                        { return device.seen (PlayerState::starving) && player.stalls() >= 1; },
                                        40s))
        << toString (player.state()) << ", stalls " << player.stalls() << ": " << player.failureReason();
    // It comes back once the buffer refills.
    ASSERT_TRUE (reaches (player, PlayerState::playing, 20s));
    EXPECT_NE (player.state(), PlayerState::failed);

    // A seek to audio that has not arrived buffers before it plays. The player has buffered
    // before (at the start), so only what is seen from here on counts.
    ASSERT_FALSE (player.state() == PlayerState::buffering);
    device.forgetStates();
    player.seek (100.0);
    EXPECT_TRUE (RenderDriver::waitFor ([&]
                                        { return device.seen (PlayerState::buffering); },
                                        20s))
        << "a seek to audio not yet downloaded never buffered; the player is " << toString (player.state());
    EXPECT_TRUE (RenderDriver::waitFor ([&]
                                        { return player.state() == PlayerState::playing && player.positionSeconds() >= 100.0; },
                                        40s))
        << "after buffering, the player did not play from the seek; it is " << toString (player.state()) << " at " << player.positionSeconds() << " s: " << player.failureReason();
    EXPECT_EQ (device.allocations(), 0u);
    EXPECT_EQ (device.locks(), 0u);
}

TEST (PreviewPlayer, ASwarmSlowerThanTheBitrateIsBufferedAheadBeforeItPlays)
{
    // 48 KiB/s against a FLAC track of about 105 KB per second of audio: starting at 0.1 s
    // buffered would stall at once. Measuring that rate, the player holds what keeps it ahead,
    // up to its most (3 s here, so the test is short).
    PlayerSwarm swarm ("slow", 48);
    const auto id = swarm.share (demoFlac (1));

    PreviewPlayer::Options options;
    options.maxBufferSeconds = 3.0;
    PreviewPlayer player (swarm.client, options);
    RenderDriver device (player);
    player.play (id);

    double bufferedAtStart = -1.0;
    ASSERT_TRUE (RenderDriver::waitFor ([&]
                                        {
                                            if (player.state() != PlayerState::playing)
                                                return false;
                                            bufferedAtStart = player.bufferedSeconds();
                                            return true; },
                                        60s))
        << toString (player.state()) << ": " << player.failureReason();
    // What the FIFO holds when it starts: the stream's own bytes ahead count towards the 3 s too,
    // and a block or two may have been played before the state was read.
    EXPECT_GE (bufferedAtStart, 2.0) << "the player started with only " << bufferedAtStart << " s buffered from a swarm at half the bitrate";
    EXPECT_EQ (device.allocations(), 0u);
    EXPECT_EQ (device.locks(), 0u);
}

TEST (PreviewPlayer, AStreamThatStopsDeliveringStarvesThenFailsWithATimeOut)
{
    PlayerSwarm swarm ("silent", 96);
    const auto id = swarm.share (demoFlac (2));

    PreviewPlayer::Options options;
    options.stream.readTimeout = 8s; // long enough for a loaded machine to start, short for a test
    PreviewPlayer player (swarm.client, options);
    RenderDriver device (player);
    player.play (id);
    ASSERT_TRUE (reaches (player, PlayerState::playing, 30s));

    swarm.artist.kill(); // the only seeder is gone; nothing more arrives
    ASSERT_TRUE (reaches (player, PlayerState::failed, 60s));
    EXPECT_TRUE (device.seen (PlayerState::starving));
    EXPECT_NE (std::string_view (player.failureReason()).find ("arrived for 8 s"), std::string_view::npos) << player.failureReason();
}

TEST (PreviewPlayer, ADaemonThatDiesMidPlayFailsThePlayerAndPlayingWorksOnceItIsBack)
{
    PlayerSwarm swarm ("killed", 64);
    const auto id = swarm.share (demoFlac (1));

    PreviewPlayer player (swarm.client);
    RenderDriver device (player);
    player.play (id);
    ASSERT_TRUE (reaches (player, PlayerState::playing, 30s));

    swarm.listener.kill();
    ASSERT_TRUE (reaches (player, PlayerState::failed, 60s));
    EXPECT_NE (std::string_view (player.failureReason()).find ("daemon unavailable"), std::string_view::npos) << player.failureReason();

    swarm.listener.start();
    player.play (id);
    EXPECT_TRUE (reaches (player, PlayerState::playing, 30s));
}

TEST (PreviewPlayer, ATruncatedFileFailsWithAReasonAndTheDaemonPlaysOnUnharmed)
{
    PlayerSwarm swarm ("truncated", 4096);
    const auto truncatedPath = swarm.root.path() / "truncated.flac";
    {
        const auto whole = readFileBytes (testMedia ("excerpt.flac"));
        std::ofstream (truncatedPath, std::ios::binary) << whole.substr (0, whole.size() / 3);
    }
    const auto truncated = swarm.share (truncatedPath);
    // A FLAC file whose name says MP3: played by what its bytes are.
    const auto lyingPath = swarm.root.path() / "actually-flac.mp3";
    std::filesystem::copy_file (testMedia ("excerpt.flac"), lyingPath);
    const auto lying = swarm.share (lyingPath);

    PreviewPlayer player (swarm.client);
    RenderDriver device (player);
    player.play (truncated);
    ASSERT_TRUE (reaches (player, PlayerState::failed, 30s));
    EXPECT_NE (std::string_view (player.failureReason()).find ("truncated"), std::string_view::npos) << player.failureReason();

    EXPECT_NO_THROW ((void) swarm.listener.client().daemonInfo());
    player.play (lying);
    EXPECT_TRUE (reaches (player, PlayerState::playing, 30s));
    EXPECT_NEAR (player.durationSeconds(), 30.0, 0.5);
}

TEST (PreviewPlayer, TheQueueMovesToThePrefetchedNextTrackWithoutAGap)
{
    PlayerSwarm swarm ("queue", 1024);
    const auto first = swarm.share (testMedia ("excerpt.ogg"));
    const auto second = swarm.share (testMedia ("excerpt.flac"));

    PreviewPlayer player (swarm.client);
    RenderDriver device (player);
    player.play (first, 24.0); // six seconds from the end: inside the prefetch distance
    player.enqueue (second);
    ASSERT_TRUE (reaches (player, PlayerState::playing, 30s));
    // Buffering before the first track plays is expected; from here on the states are watched.
    ASSERT_EQ (player.tracksStarted(), 1);
    device.forgetStates();
    ASSERT_TRUE (RenderDriver::waitFor ([&]
                                        { return player.tracksStarted() == 2; },
                                        30s))
        << toString (player.state()) << ": " << player.failureReason();
    EXPECT_EQ (player.currentTrack(), second);
    ASSERT_TRUE (RenderDriver::waitFor ([&]
                                        { return player.state() == PlayerState::playing && player.positionSeconds() > 1.0; },
                                        20s));
    // The switch happened inside the FIFO: playback never went back to buffering or starved.
    EXPECT_FALSE (device.seen (PlayerState::buffering)) << "the player buffered again between the tracks";
    EXPECT_FALSE (device.seen (PlayerState::starving)) << "the player ran dry between the tracks";
    EXPECT_FALSE (device.seen (PlayerState::ended)) << "the queue ended after its first track";
    EXPECT_EQ (player.stalls(), 0);
    EXPECT_EQ (device.allocations(), 0u);
    EXPECT_EQ (device.locks(), 0u);
}

TEST (PreviewPlayer, FollowsAHostsTempoFromTheTracksBpmAndSaysWhyWhenItCannot)
{
    PlayerSwarm swarm ("tempo", 4096);
    const auto tagged = swarm.share (sineFlac (swarm.root.path() / "music" / "tagged.flac", "100"));
    const auto untagged = swarm.share (sineFlac (swarm.root.path() / "music" / "untagged.flac", ""));
    ASSERT_EQ (swarm.listener.client().getTrack (untagged).manifest.bpm, 0.0) << "the daemon estimated a tempo for a steady sine";

    PreviewPlayer player (swarm.client);
    RenderDriver driver (player);
    player.followTempo (true, 120.0);
    player.play (tagged);
    ASSERT_TRUE (reaches (player, PlayerState::playing, 30s));
    EXPECT_EQ (player.trackTempo(), 100.0);
    EXPECT_TRUE (stretches (player, StretchStatus::stretching, 1.2));

    // The host changes tempo mid-play: the decode thread follows.
    player.followTempo (true, 150.0);
    EXPECT_TRUE (stretches (player, StretchStatus::stretching, 1.5));
    // A host without a tempo, then one beyond twice the track's: unstretched, and why.
    player.followTempo (true, 0.0);
    EXPECT_TRUE (stretches (player, StretchStatus::noHostTempo, 1.0));
    player.followTempo (true, 201.0);
    EXPECT_TRUE (stretches (player, StretchStatus::outOfRange, 1.0));
    player.followTempo (true, 50.0);
    EXPECT_TRUE (stretches (player, StretchStatus::stretching, 0.5));
    player.followTempo (false, 120.0);
    EXPECT_TRUE (stretches (player, StretchStatus::off, 1.0));

    // A track of unknown tempo.
    player.followTempo (true, 120.0);
    player.play (untagged);
    EXPECT_TRUE (stretches (player, StretchStatus::noTrackTempo, 1.0));
    EXPECT_EQ (player.currentTrack(), untagged);
    EXPECT_EQ (player.trackTempo(), 0.0);
    EXPECT_EQ (player.stalls(), 0);
    EXPECT_EQ (driver.allocations(), 0u);
    EXPECT_EQ (driver.locks(), 0u);
}
