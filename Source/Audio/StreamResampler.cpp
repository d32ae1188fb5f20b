#include "StreamResampler.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace earshot
{
    StreamResampler::StreamResampler (int maxInputFrames)
        : pending (2, maxInputFrames * 4)
        , resampled (2, maxInputFrames * 8)
    {
    }

    void StreamResampler::reset (double sourceFramesPerOutputFrame) noexcept
    {
        ratio = sourceFramesPerOutputFrame;
        for (auto& interpolator : interpolators)
            interpolator.reset();
        pendingFrames = 0;
    }

    StreamResampler::Output StreamResampler::process (const juce::AudioBuffer<float>& input, int frames) noexcept
    {
        if (std::abs (ratio - 1.0) < 1.0e-9)
            return { &input, frames };

        for (int channel = 0; channel < 2; ++channel)
            pending.copyFrom (channel, pendingFrames, input, channel, 0, frames);
        pendingFrames += frames;
        const int produce = std::max (0, static_cast<int> (std::floor (pendingFrames / ratio)) - 2);
        const int out = std::min (produce, resampled.getNumSamples());
        int used = 0;
        for (int channel = 0; channel < 2; ++channel)
            used = interpolators[channel].process (ratio, pending.getReadPointer (channel), resampled.getWritePointer (channel), out);
        const int left = pendingFrames - used;
        for (int channel = 0; channel < 2 && left > 0; ++channel)
            std::memmove (pending.getWritePointer (channel), pending.getReadPointer (channel, used), static_cast<std::size_t> (left) * sizeof (float));
        pendingFrames = std::max (0, left);
        return { &resampled, out };
    }
} // namespace earshot
