#include "TempoStretcher.h"

#include <rubberband/RubberBandStretcher.h>

#include <algorithm>
#include <cmath>

namespace earshot
{
    TempoStretcher::TempoStretcher() = default;
    TempoStretcher::~TempoStretcher() = default;

    bool TempoStretcher::speedInRange (double trackBpm, double hostBpm) noexcept
    {
        if (trackBpm <= 0.0 || hostBpm <= 0.0)
            return false;
        const auto ratio = hostBpm / trackBpm;
        return ratio >= slowestSpeed && ratio <= fastestSpeed;
    }

    void TempoStretcher::reset (double sampleRate)
    {
        rate = sampleRate;
        stretcher.reset();
        stretching = false;
        setTarget (speed, semitones);
    }

    void TempoStretcher::makeStretcher()
    {
        using RB = RubberBand::RubberBandStretcher;
        // R3 ("finer"): R2 ("faster") costs less than half the CPU but puts a steady tone off by up to
        // 0.6% (a +2 semitone shift came out at +1.93, and a tempo change alone moved the pitch by
        // 0.4%), which a producer matching a key hears; R3 is exact (tests/Audio/TempoStretcherTest).
        // One thread: the decode thread is the stretcher's, beside the audio and the daemon's.
        const RB::Options options = RB::OptionProcessRealTime | RB::OptionEngineFiner | RB::OptionThreadingNever | RB::OptionChannelsTogether;
        stretcher = std::make_unique<RB> (static_cast<size_t> (rate), 2, options, 1.0 / speed, std::pow (2.0, semitones / 12.0));
        stretcher->setMaxProcessSize (maxPiece);
        // The first output frames are the stretcher's delay, not the track: pad its input so the
        // track's first sample comes out after exactly getStartDelay() frames, and drop those.
        const auto pad = static_cast<int> (stretcher->getPreferredStartPad());
        if (pad > 0)
        {
            juce::AudioBuffer<float> zeros (2, pad);
            zeros.clear();
            stretcher->process (zeros.getArrayOfReadPointers(), static_cast<size_t> (pad), false);
        }
        toDrop = static_cast<int> (stretcher->getStartDelay());
    }

    void TempoStretcher::setTarget (double newSpeed, double newSemitones)
    {
        speed = std::clamp (newSpeed, slowestSpeed, fastestSpeed);
        semitones = std::clamp (newSemitones, -static_cast<double> (maxSemitones), static_cast<double> (maxSemitones));
        const bool wanted = speed != 1.0 || semitones != 0.0;
        if (! wanted)
        {
            // Back to the track as it is: what the stretcher held is dropped with it.
            stretcher.reset();
            stretching = false;
            return;
        }
        if (stretcher == nullptr)
            makeStretcher();
        else
        {
            stretcher->setTimeRatio (1.0 / speed);
            stretcher->setPitchScale (std::pow (2.0, semitones / 12.0));
        }
        stretching = true;
    }

    void TempoStretcher::retrieve()
    {
        for (;;)
        {
            const auto available = stretcher->available();
            if (available <= 0)
                break;
            const int frames = std::min (available, retrieved.getNumSamples());
            const auto got = static_cast<int> (stretcher->retrieve (retrieved.getArrayOfWritePointers(), static_cast<size_t> (frames)));
            if (got <= 0)
                break;
            const int dropped = std::min (toDrop, got);
            toDrop -= dropped;
            const int kept = got - dropped;
            if (kept <= 0)
                continue;
            if (stretchedFrames + kept > stretched.getNumSamples())
                stretched.setSize (2, stretchedFrames + kept + 4096, true, false, true);
            for (int channel = 0; channel < 2; ++channel)
                stretched.copyFrom (channel, stretchedFrames, retrieved, channel, dropped, kept);
            stretchedFrames += kept;
        }
    }

    TempoStretcher::Output TempoStretcher::process (const juce::AudioBuffer<float>& input, int frames)
    {
        if (! stretching)
            return { &input, frames };

        stretchedFrames = 0;
        // Fed in pieces no larger than it was made for, so its own buffers never grow.
        for (int done = 0; done < frames;)
        {
            const int piece = std::min (frames - done, static_cast<int> (maxPiece));
            const float* channels[2] = { input.getReadPointer (0, done), input.getReadPointer (1, done) };
            stretcher->process (channels, static_cast<size_t> (piece), false);
            done += piece;
            retrieve();
        }
        return { &stretched, stretchedFrames };
    }

    TempoStretcher::Output TempoStretcher::finish()
    {
        stretchedFrames = 0;
        if (! stretching)
            return { &stretched, 0 };
        juce::AudioBuffer<float> silence (2, 1);
        silence.clear();
        stretcher->process (silence.getArrayOfReadPointers(), 0, true);
        // In real-time mode the last frames come out as it processes; a bounded number of rounds.
        for (int round = 0; round < 64 && stretcher->available() >= 0; ++round)
        {
            const int before = stretchedFrames;
            retrieve();
            if (stretchedFrames == before)
                break;
        }
        return { &stretched, stretchedFrames };
    }
} // namespace earshot
