// TempoStretcher alone, on RubberBand as Debian ships it: what it does to a sine's pitch and to a
// block's length, and that its first output is the input's first sample.

#include "Audio/TempoStretcher.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace earshot;

namespace
{
    constexpr double rate = 48000.0;

    /** Runs seconds of a 440 Hz sine (or of clicks every 0.6 s) through a stretcher at speed and
        semitones, in the decoder's 4096-frame blocks; the left channel that came out. */
    std::vector<float> stretch (double seconds, double speed, double semitones, bool clicks)
    {
        TempoStretcher stretcher;
        stretcher.reset (rate);
        stretcher.setTarget (speed, semitones);
        juce::AudioBuffer<float> block (2, 4096);
        std::vector<float> out;
        const auto total = static_cast<int> (seconds * rate);
        for (int start = 0; start < total; start += block.getNumSamples())
        {
            const int frames = std::min (block.getNumSamples(), total - start);
            for (int i = 0; i < frames; ++i)
            {
                const double t = (start + i) / rate;
                const double since = std::fmod (t, 0.6);
                const auto value = clicks ? (since < 0.005 ? static_cast<float> (0.8 * std::sin (2.0 * juce::MathConstants<double>::pi * 2000.0 * since)) : 0.0f)
                                          : static_cast<float> (0.5 * std::sin (2.0 * juce::MathConstants<double>::pi * 440.0 * t));
                block.setSample (0, i, value);
                block.setSample (1, i, value);
            }
            const auto output = stretcher.process (block, frames);
            out.insert (out.end(), output.audio->getReadPointer (0), output.audio->getReadPointer (0) + output.frames);
        }
        return out;
    }

    /** The frequency of a steady tone from its rising zero crossings between from and to. */
    double frequencyOf (const std::vector<float>& samples, std::size_t from, std::size_t to)
    {
        std::vector<double> crossings;
        for (auto i = from + 1; i < to; ++i)
            if (samples[i - 1] < 0.0f && samples[i] >= 0.0f)
                crossings.push_back (static_cast<double> (i - 1) + samples[i - 1] / (samples[i - 1] - samples[i]));
        if (crossings.size() < 2)
            return 0.0;
        return static_cast<double> (crossings.size() - 1) / (crossings.back() - crossings.front()) * rate;
    }
} // namespace

TEST (TempoStretcher, TwoSemitonesUpMovesASineBy2ToThe2Over12)
{
    const auto out = stretch (6.0, 1.0, 2.0, false);
    ASSERT_GT (out.size(), static_cast<std::size_t> (5 * rate));
    EXPECT_NEAR (frequencyOf (out, static_cast<std::size_t> (rate), static_cast<std::size_t> (5 * rate)) / 440.0, std::pow (2.0, 2.0 / 12.0), 0.001);
}

TEST (TempoStretcher, PassesTheTrackThroughUntouchedAtItsOwnTempoAndKey)
{
    TempoStretcher stretcher;
    stretcher.reset (rate);
    stretcher.setTarget (1.0, 0.0);
    EXPECT_FALSE (stretcher.isStretching());
    juce::AudioBuffer<float> block (2, 64);
    block.clear();
    block.setSample (0, 3, 0.5f);
    const auto output = stretcher.process (block, 64);
    EXPECT_EQ (output.audio, &block);
    EXPECT_EQ (output.frames, 64);
}

TEST (TempoStretcher, FasterPlaysTheBeatsSoonerFromTheFirstSample)
{
    // 100 BPM clicks at 1.2 times the speed: a click every 0.5 s, the first at 0.
    const auto out = stretch (12.0, 1.2, 0.0, true);
    EXPECT_NEAR (static_cast<double> (out.size()) / rate, 10.0, 0.2);
    std::vector<double> onsets;
    long last = -100000;
    for (std::size_t i = 0; i < out.size(); ++i)
        if (std::abs (out[i]) > 0.25f)
        {
            if (static_cast<long> (i) - last > static_cast<long> (0.1 * rate))
                onsets.push_back (static_cast<double> (i) / rate);
            last = static_cast<long> (i);
        }
    ASSERT_GE (onsets.size(), 18u);
    for (std::size_t i = 0; i < onsets.size(); ++i)
        EXPECT_NEAR (onsets[i], 0.5 * static_cast<double> (i), 0.010) << "click " << i;
}

TEST (TempoStretcher, KeepsSpeedsWithinHalfAndTwiceTheTracks)
{
    EXPECT_TRUE (TempoStretcher::speedInRange (100.0, 120.0));
    EXPECT_TRUE (TempoStretcher::speedInRange (100.0, 200.0));
    EXPECT_TRUE (TempoStretcher::speedInRange (100.0, 50.0));
    EXPECT_FALSE (TempoStretcher::speedInRange (100.0, 250.0));
    EXPECT_FALSE (TempoStretcher::speedInRange (100.0, 49.0));
    EXPECT_FALSE (TempoStretcher::speedInRange (0.0, 120.0)) << "a track of unknown tempo";
    EXPECT_FALSE (TempoStretcher::speedInRange (100.0, 0.0)) << "a host without a tempo";
}
