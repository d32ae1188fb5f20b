// Loudness-matched playback: each track plays at the gain that brings its manifest's loudness to
// one level, changed where its audio starts in the FIFO, without the audio callback allocating or
// locking.

#include "PlayerSwarm.h"
#include "RenderDriver.h"
#include "Support/SyntheticWav.h"

#include "Audio/LoudnessMatcher.h"
#include "Core/LoudnessMatch.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

TEST (LoudnessMatcher, ChangesGainWhereEachTracksAudioStartsWithoutAllocatingOrLocking)
{
    LoudnessMatcher matcher;
    const auto before = RealtimeGuard::counts();
    {
        RealtimeGuard guard;
        EXPECT_EQ (matcher.gainBefore (512), 1.0f) << "no track yet: unity";
    }
    matcher.trackStartsAt (0, 0.5f);
    matcher.trackStartsAt (1000, 2.0f); // the next track follows in the FIFO
    {
        RealtimeGuard guard;
        EXPECT_EQ (matcher.gainBefore (512), 0.5f);
        EXPECT_EQ (matcher.gainBefore (1000), 0.5f) << "the block ends just before the next track";
        EXPECT_EQ (matcher.gainBefore (1001), 2.0f) << "the block holds the next track's first frame";
        matcher.setEnabled (false);
        EXPECT_EQ (matcher.gainBefore (2000), 1.0f) << "matching off: unity";
        matcher.setEnabled (true);
        EXPECT_EQ (matcher.gainBefore (3000), 2.0f);
    }
    const auto after = RealtimeGuard::counts();
    EXPECT_EQ (after.allocations, before.allocations);
    EXPECT_EQ (after.locks, before.locks);
}

TEST (LoudnessMatcher, ATrackPlayedAfterAFlushTakesItsGainAtOnce)
{
    LoudnessMatcher matcher;
    matcher.trackStartsAt (0, 0.5f);
    matcher.trackStartsAt (4000, 2.0f); // queued, then dropped by a play() of another track
    matcher.trackStartsAt (6000, 1.5f); // that track, at the FIFO's position after the flush
    EXPECT_EQ (matcher.gainBefore (6512), 1.5f);
}

TEST (PreviewPlayer, TracksAtMinus10AndMinus22LufsPlayWithinHalfADbOfEachOther)
{
    PlayerSwarm swarm ("loudness", 4096);
    const auto music = swarm.root.path() / "music";
    std::filesystem::create_directories (music);
    syntheticWav::write (music / "loud.wav", 12.0, [] (double t)
                         { return syntheticWav::sineAtLufs (t, -10.0); });
    syntheticWav::write (music / "quiet.wav", 12.0, [] (double t)
                         { return syntheticWav::sineAtLufs (t, -22.0); });
    const auto loud = swarm.share (music / "loud.wav");
    const auto quiet = swarm.share (music / "quiet.wav");

    PreviewPlayer player (swarm.client);
    ASSERT_TRUE (player.loudnessMatching()) << "on unless a listener turns it off";
    RenderDriver device (player);
    const auto levelOf = [&] (const std::string& track)
    {
        player.play (track);
        // The track before it plays on until this one's first audio: wait for this one's.
        EXPECT_TRUE (RenderDriver::waitFor ([&]
                                            { return player.latestRequestToAudioMs() >= 0.0 && player.state() == PlayerState::playing && player.positionSeconds() > 0.3; },
                                            30s))
            << toString (player.state()) << " " << player.failureReason();
        device.forgetLevel();
        std::this_thread::sleep_for (1500ms);
        return device.levelDb();
    };

    const auto loudDb = levelOf (loud);
    const auto quietDb = levelOf (quiet);
    EXPECT_NEAR (loudDb, quietDb, 0.5);
    EXPECT_NEAR (loudDb, -16.0 - 3.0, 0.5) << "a sine's mean square is half its peak's square: -16 LUFS is -19 dB";

    // Off, they come out as they are: 12 dB apart.
    player.setLoudnessMatching (false);
    EXPECT_NEAR (levelOf (loud) - levelOf (quiet), 12.0, 0.5);

    EXPECT_EQ (device.allocations(), 0u) << "render() allocated or freed memory";
    EXPECT_EQ (device.locks(), 0u) << "render() took a lock, waited or slept";
}
