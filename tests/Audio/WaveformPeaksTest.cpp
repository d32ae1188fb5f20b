// The waveform overview the player fills in as it decodes: synthetic buffers land in the buckets
// their time says, unknown stays unknown, a reset forgets; and the real player over a loopback
// swarm knows the stretch it has played and nothing far ahead of it.

#include "Audio/WaveformPeaks.h"

#include "RenderDriver.h"
#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <vector>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    /** 16 s over 1024 buckets at 1024 Hz: each bucket is exactly 16 frames, 1/64 s, and every time
        below is exact in binary, so no bucket boundary is left to rounding. */
    constexpr double durationSeconds = 16.0;
    constexpr double sampleRate = 1024.0;

    struct StereoBuffer
    {
        explicit StereoBuffer (int frames)
            : left (static_cast<std::size_t> (frames))
            , right (static_cast<std::size_t> (frames))
        {
        }

        const float* const* channels() noexcept
        {
            pointers[0] = left.data();
            pointers[1] = right.data();
            return pointers;
        }

        int frames() const noexcept { return static_cast<int> (left.size()); }

        std::vector<float> left, right;
        const float* pointers[2] {};
    };
} // namespace

TEST (WaveformPeaks, NothingIsKnownBeforeAudioIsDecoded)
{
    WaveformPeaks peaks;
    EXPECT_EQ (peaks.durationSeconds(), 0.0);
    EXPECT_EQ (peaks.knownBuckets(), 0);

    peaks.reset (durationSeconds);
    EXPECT_EQ (peaks.durationSeconds(), durationSeconds);
    EXPECT_EQ (peaks.knownBuckets(), 0);
    for (int bucket = 0; bucket < WaveformPeaks::bucketCount; ++bucket)
        ASSERT_LT (peaks.peak (bucket), 0.0f) << "bucket " << bucket;
    EXPECT_LT (peaks.peak (-1), 0.0f);
    EXPECT_LT (peaks.peak (WaveformPeaks::bucketCount), 0.0f);
}

TEST (WaveformPeaks, PeaksLandInTheBucketsTheirTimeFallsIn)
{
    WaveformPeaks peaks;
    peaks.reset (durationSeconds);

    // One second from 2 s (buckets 128 to 191): quiet, with a peak on the left half-way (frame
    // 512, bucket 160) and a louder, negative one on the right at frame 705 (bucket 172).
    StereoBuffer audio (1024);
    std::fill (audio.left.begin(), audio.left.end(), 0.01f);
    audio.left[512] = 0.5f;
    audio.right[705] = -0.8f;
    peaks.add (2.0, audio.channels(), 2, audio.frames(), sampleRate);

    EXPECT_EQ (peaks.knownBuckets(), 64);
    EXPECT_FLOAT_EQ (peaks.peak (160), 0.5f);
    EXPECT_FLOAT_EQ (peaks.peak (172), 0.8f);
    for (int bucket = 128; bucket < 192; ++bucket)
    {
        if (bucket != 160 && bucket != 172)
        {
            EXPECT_FLOAT_EQ (peaks.peak (bucket), 0.01f) << "bucket " << bucket;
        }
    }
    EXPECT_LT (peaks.peak (127), 0.0f);
    EXPECT_LT (peaks.peak (192), 0.0f);
    EXPECT_LT (peaks.peak (0), 0.0f);
    EXPECT_LT (peaks.peak (1023), 0.0f);

    // Decoding the same stretch again keeps the loudest value.
    StereoBuffer quieter (1024);
    std::fill (quieter.left.begin(), quieter.left.end(), 0.2f);
    peaks.add (2.0, quieter.channels(), 2, quieter.frames(), sampleRate);
    EXPECT_FLOAT_EQ (peaks.peak (160), 0.5f);
    EXPECT_FLOAT_EQ (peaks.peak (161), 0.2f);
    EXPECT_EQ (peaks.knownBuckets(), 64);

    // Silence is known, and zero.
    StereoBuffer silence (16);
    peaks.add (10.0, silence.channels(), 2, silence.frames(), sampleRate);
    EXPECT_EQ (peaks.peak (640), 0.0f);
    EXPECT_EQ (peaks.knownBuckets(), 65);
}

TEST (WaveformPeaks, OtherRatesMonoAndTheTracksEdges)
{
    WaveformPeaks peaks;
    peaks.reset (durationSeconds);

    // 44.1 kHz mono from 15.95 s to 16.05 s: buckets 1020 to 1023, and what lies past the end is ignored.
    std::vector<float> mono (4410, 0.25f);
    mono.back() = 0.9f;
    const float* channel[] { mono.data() };
    peaks.add (15.95, channel, 1, static_cast<int> (mono.size()), 44100.0);
    EXPECT_EQ (peaks.knownBuckets(), 4);
    EXPECT_FLOAT_EQ (peaks.peak (1020), 0.25f);
    EXPECT_FLOAT_EQ (peaks.peak (1023), 0.25f);

    // From before the start: only the part inside the track counts (0 to 0.125 s, buckets 0 to 7).
    // Values beyond full scale are 1.
    std::vector<float> early (256, 1.5f);
    const float* earlyChannel[] { early.data() };
    peaks.add (-0.125, earlyChannel, 1, static_cast<int> (early.size()), sampleRate);
    EXPECT_EQ (peaks.knownBuckets(), 4 + 8);
    EXPECT_FLOAT_EQ (peaks.peak (0), 1.0f);
    EXPECT_FLOAT_EQ (peaks.peak (7), 1.0f);
    EXPECT_LT (peaks.peak (8), 0.0f);

    // Nothing to go on: nothing known, and no crash.
    WaveformPeaks empty;
    empty.add (0.0, channel, 1, 100, sampleRate);
    EXPECT_EQ (empty.knownBuckets(), 0);
    peaks.add (1.0, nullptr, 2, 100, sampleRate);
    peaks.add (1.0, channel, 1, 100, 0.0);
    peaks.add (1.0, channel, 0, 100, sampleRate);
    EXPECT_EQ (peaks.knownBuckets(), 12);
}

TEST (WaveformPeaks, AResetForgetsEveryPeakForTheNextTrack)
{
    WaveformPeaks peaks;
    peaks.reset (durationSeconds);
    StereoBuffer audio (static_cast<int> (durationSeconds * sampleRate));
    std::fill (audio.right.begin(), audio.right.end(), 0.3f);
    peaks.add (0.0, audio.channels(), 2, audio.frames(), sampleRate);
    ASSERT_EQ (peaks.knownBuckets(), WaveformPeaks::bucketCount);
    const auto generation = peaks.generation();

    peaks.reset (30.0);
    EXPECT_NE (peaks.generation(), generation);
    EXPECT_EQ (peaks.durationSeconds(), 30.0);
    EXPECT_EQ (peaks.knownBuckets(), 0);
    for (int bucket = 0; bucket < WaveformPeaks::bucketCount; ++bucket)
        ASSERT_LT (peaks.peak (bucket), 0.0f) << "bucket " << bucket;

    // Now a bucket is 30 / 1024 s long: 1 s of audio from 15 s covers buckets 512 to 546.
    StereoBuffer second (1000);
    std::fill (second.left.begin(), second.left.end(), 0.6f);
    peaks.add (15.0, second.channels(), 2, second.frames(), 1000.0);
    EXPECT_FLOAT_EQ (peaks.peak (512), 0.6f);
    EXPECT_FLOAT_EQ (peaks.peak (546), 0.6f);
    EXPECT_LT (peaks.peak (511), 0.0f);
    EXPECT_LT (peaks.peak (547), 0.0f);
    EXPECT_EQ (peaks.knownBuckets(), 35);

    peaks.reset (0.0);
    peaks.add (0.0, second.channels(), 2, second.frames(), 1000.0);
    EXPECT_EQ (peaks.knownBuckets(), 0) << "no track, nothing to fill in";
}

TEST (WaveformPeaks, ThePlayerFillsInWhatItHasPlayedAndNothingFarAhead)
{
    // A 2.5-minute FLAC track from an artist seeding at about twice its bitrate: the player
    // decodes only its FIFO's few seconds ahead of the playhead.
    TemporaryDirectory root ("earshot-waveform");
    DaemonProcess artist (root.path() / "artist", { "--upload-limit", "256" });
    DaemonProcess listener (root.path() / "listener");
    artist.start();
    listener.start();
    const auto published = artist.client().publish ({ (demoAlbum ("flac") / "01-first-light.flac").string() }).front();
    (void) listener.client().addTrack ({ published.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });
    const auto other = artist.client().publish ({ testMedia ("excerpt.ogg").string() }).front();
    (void) listener.client().addTrack ({ other.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });

    PreviewPlayer player (std::make_shared<DaemonClient> (listener.apiAddress()));
    RenderDriver device (player);
    const auto& waveform = player.waveform();
    player.play (published.id);
    ASSERT_TRUE (RenderDriver::waitFor ([&]
                                        { return player.state() == PlayerState::playing && player.positionSeconds() >= 6.0; },
                                        60s))
        << toString (player.state()) << " at " << player.positionSeconds() << " s: " << player.failureReason();

    const auto duration = waveform.durationSeconds();
    EXPECT_NEAR (duration, player.durationSeconds(), 0.01);
    ASSERT_GT (duration, 120.0);
    const auto bucketAt = [&] (double seconds)
    { return static_cast<int> (seconds / duration * WaveformPeaks::bucketCount); };

    // What has been played is known and not silent (the track's opening is a pad, dithered).
    const auto played = player.positionSeconds();
    for (int bucket = 0; bucket <= bucketAt (played); ++bucket)
        EXPECT_GT (waveform.peak (bucket), 0.0f) << "bucket " << bucket << " of the first " << played << " s";

    // Far ahead of the playhead (more than the FIFO's 4 s and a decode step) nothing is known.
    const auto ahead = bucketAt (player.positionSeconds() + 30.0);
    for (int bucket = ahead; bucket < WaveformPeaks::bucketCount; ++bucket)
        ASSERT_LT (waveform.peak (bucket), 0.0f) << "bucket " << bucket << " at " << bucket * duration / WaveformPeaks::bucketCount << " s";
    EXPECT_LT (waveform.knownBuckets(), ahead);
    EXPECT_GE (waveform.knownBuckets(), bucketAt (played));

    // Another track starts: its waveform starts empty, over its own duration.
    const auto generation = waveform.generation();
    player.play (other.id);
    ASSERT_TRUE (RenderDriver::waitFor ([&]
                                        { return player.currentTrack() == other.id && player.tracksStarted() == 1 && player.state() == PlayerState::playing; },
                                        30s))
        << toString (player.state()) << ": " << player.failureReason();
    EXPECT_NE (waveform.generation(), generation);
    EXPECT_NEAR (waveform.durationSeconds(), 30.0, 0.5);
    EXPECT_GT (waveform.knownBuckets(), 0);
    EXPECT_LT (waveform.peak (WaveformPeaks::bucketCount - 1), 0.0f);

    EXPECT_EQ (device.allocations(), 0u) << "render() allocated or freed memory";
    EXPECT_EQ (device.locks(), 0u) << "render() took a lock, waited or slept";
}
