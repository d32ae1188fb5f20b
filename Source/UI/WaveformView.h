#pragma once

#include "Audio/WaveformPeaks.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <vector>

namespace earshot
{
    /** The playing track's waveform, filling in as its audio arrives and is decoded: each bucket's
        peak is drawn as a bar mirrored about the centre line, and a bucket not decoded yet as a
        faint baseline. The part already played is drawn brighter. Message thread only. */
    class WaveformView final : public juce::Component
    {
    public:
        /** A copy of the player's peaks as they stand (the player writes them from its decode thread). */
        [[nodiscard]] static std::vector<float> peaksFrom (const WaveformPeaks& waveform);

        /** Peaks, 0 to 1, one per bucket across the whole track; a negative peak: not decoded yet. */
        void setPeaks (std::vector<float> newPeaks);
        [[nodiscard]] const std::vector<float>& peaks() const noexcept { return values; }
        /** The played position, as a fraction of the track. */
        void setPosition (double fraction);

        /** The colours of an unknown bucket's baseline and of a known bucket ahead of the playhead. */
        [[nodiscard]] static juce::Colour baselineColour();
        [[nodiscard]] static juce::Colour peakColour (bool played);
        /** The bucket shown at x of a view width pixels wide, for count buckets. */
        [[nodiscard]] static int bucketAt (int x, int width, int count) noexcept;

        void paint (juce::Graphics& g) override;

    private:
        std::vector<float> values;
        double position = 0.0;
    };
} // namespace earshot
