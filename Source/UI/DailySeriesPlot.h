#pragma once

#include "Client/DaemonClient.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <cstdint>
#include <vector>

namespace earshot
{
    /** An artist's daily listens and passes (ClientArtistPage::daily) as a plot: a pair of bars
        per day, listens and passes side by side over one vertical scale, the days along the
        bottom (the first, the middle and today labelled), the scale's top and middle on the left,
        and a legend. The scale tops at a round number above the busiest day, so bars of different
        pages compare by eye. Message thread only. */
    class DailySeriesPlot final : public juce::Component
    {
    public:
        enum class Series
        {
            listens,
            passes
        };

        DailySeriesPlot();
        ~DailySeriesPlot() override;

        /** The days to draw, oldest first. */
        void setDays (std::vector<ClientArtistDay> newDays);
        [[nodiscard]] const std::vector<ClientArtistDay>& days() const noexcept { return series; }

        /** Where the bars stand: inside the axes. */
        [[nodiscard]] juce::Rectangle<float> plotArea() const;
        /** The column a series' bar of a day may fill, from the top of the plot to its baseline. */
        [[nodiscard]] juce::Rectangle<float> slotFor (Series which, int dayIndex) const;
        /** The bar drawn for a series on a day (empty for a day without any). */
        [[nodiscard]] juce::Rectangle<float> barFor (Series which, int dayIndex) const;
        [[nodiscard]] static juce::Colour colourOf (Series which);

        /** The top of the vertical scale for a largest value: 1, 2 or 5 times a power of ten, at
            least the value and at least 1 (an artist with no activity still gets a scale). */
        [[nodiscard]] static std::uint64_t scaleTop (std::uint64_t largest) noexcept;
        /** A bar's height for a value on a scale topping at top, over a plot this high: in
            proportion, never taller than the plot. */
        [[nodiscard]] static float barHeight (std::uint64_t value, std::uint64_t top, float plotHeight) noexcept;
        /** "Nov 30": a day since the Unix epoch, in UTC. */
        [[nodiscard]] static juce::String dayLabel (std::int64_t day);

        void paint (juce::Graphics& g) override;

    private:
        [[nodiscard]] std::uint64_t top() const noexcept;
        [[nodiscard]] static std::uint64_t valueOf (const ClientArtistDay& day, Series which) noexcept;

        std::vector<ClientArtistDay> series;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (DailySeriesPlot)
    };
} // namespace earshot
