#include "WaveformView.h"

#include "EarshotLookAndFeel.h"

namespace earshot
{
    std::vector<float> WaveformView::peaksFrom (const WaveformPeaks& waveform)
    {
        std::vector<float> values (static_cast<std::size_t> (WaveformPeaks::bucketCount));
        for (int bucket = 0; bucket < WaveformPeaks::bucketCount; ++bucket)
            values[static_cast<std::size_t> (bucket)] = waveform.peak (bucket);
        return values;
    }

    void WaveformView::setPeaks (std::vector<float> newPeaks)
    {
        if (newPeaks == values)
            return;
        values = std::move (newPeaks);
        repaint();
    }

    void WaveformView::setPosition (double fraction)
    {
        fraction = std::clamp (fraction, 0.0, 1.0);
        const bool moved = std::abs (fraction - position) * getWidth() >= 0.5;
        position = fraction;
        if (moved)
            repaint();
    }

    juce::Colour WaveformView::baselineColour() { return juce::Colour (EarshotLookAndFeel::Palette::outline); }

    juce::Colour WaveformView::peakColour (bool played)
    {
        return played ? juce::Colour (EarshotLookAndFeel::Palette::accentBright) : juce::Colour (EarshotLookAndFeel::Palette::accent).withAlpha (0.55f);
    }

    int WaveformView::bucketAt (int x, int width, int count) noexcept
    {
        if (width <= 0 || count <= 0)
            return 0;
        return juce::jlimit (0, count - 1, static_cast<int> (static_cast<long long> (x) * count / width));
    }

    void WaveformView::paint (juce::Graphics& g)
    {
        const int width = getWidth();
        const int centreRow = getHeight() / 2;
        const auto centre = static_cast<float> (centreRow) + 0.5f;
        const auto halfHeight = static_cast<float> (getHeight()) / 2.0f - 1.0f;
        const int count = static_cast<int> (values.size());
        const int playedTo = static_cast<int> (position * width);

        for (int x = 0; x < width; ++x)
        {
            // The loudest known bucket under this column; unknown if none is known.
            const int first = bucketAt (x, width, count);
            const int last = juce::jmax (first, bucketAt (x + 1, width, count) - 1);
            float peak = -1.0f;
            for (int bucket = first; bucket <= last && bucket < count; ++bucket)
                peak = juce::jmax (peak, values[static_cast<std::size_t> (bucket)]);

            if (peak < 0.0f)
            {
                g.setColour (baselineColour());
                g.fillRect (x, centreRow, 1, 1);
                continue;
            }
            const auto half = juce::jmax (0.5f, juce::jmin (1.0f, peak) * halfHeight);
            g.setColour (peakColour (x < playedTo));
            g.fillRect (static_cast<float> (x), centre - half, 1.0f, half * 2.0f);
        }
    }
} // namespace earshot
