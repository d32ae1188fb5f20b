#pragma once

#include <juce_audio_basics/juce_audio_basics.h>

namespace earshot
{
    /** Turns a track's stereo audio, block by block, into audio at the output's sample rate (as
        juce::ResamplingAudioSource does for a source): Lagrange interpolation per channel, with the
        input frames an output frame still needs carried over to the next block.

        Used by the decode thread only; it allocates nothing after construction. */
    class StreamResampler final
    {
    public:
        /** Takes blocks of up to maxInputFrames frames. */
        explicit StreamResampler (int maxInputFrames);

        /** Starts afresh (a new track, or a seek) at sourceFramesPerOutputFrame: the track's rate over
            the output's. */
        void reset (double sourceFramesPerOutputFrame) noexcept;

        /** Audio at the output's rate: a buffer and how many of its frames hold it. */
        struct Output
        {
            const juce::AudioBuffer<float>* audio = nullptr;
            int frames = 0;
        };

        /** Resamples the first frames frames of a stereo input block. When the rates match the input
            comes back as it is; otherwise the output is valid until the next call. */
        [[nodiscard]] Output process (const juce::AudioBuffer<float>& input, int frames) noexcept;

    private:
        double ratio = 1.0; // source frames per output frame
        juce::LagrangeInterpolator interpolators[2];
        juce::AudioBuffer<float> pending;
        int pendingFrames = 0;
        juce::AudioBuffer<float> resampled;

        JUCE_DECLARE_NON_COPYABLE (StreamResampler)
    };
} // namespace earshot
