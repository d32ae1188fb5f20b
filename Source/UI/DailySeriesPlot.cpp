#include "DailySeriesPlot.h"

#include "EarshotLookAndFeel.h"

#include <algorithm>
#include <array>

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        constexpr float leftAxis = 44.0f;
        constexpr float bottomAxis = 22.0f;
        constexpr float legendHeight = 22.0f;
        constexpr float rightMargin = 8.0f;
    } // namespace

    DailySeriesPlot::DailySeriesPlot() = default;
    DailySeriesPlot::~DailySeriesPlot() = default;

    void DailySeriesPlot::setDays (std::vector<ClientArtistDay> newDays)
    {
        series = std::move (newDays);
        repaint();
    }

    std::uint64_t DailySeriesPlot::scaleTop (std::uint64_t largest) noexcept
    {
        std::uint64_t power = 1;
        while (true)
        {
            for (const std::uint64_t step : { std::uint64_t { 1 }, std::uint64_t { 2 }, std::uint64_t { 5 } })
                if (step * power >= largest)
                    return step * power;
            if (power > UINT64_MAX / 100)
                return UINT64_MAX;
            power *= 10;
        }
    }

    float DailySeriesPlot::barHeight (std::uint64_t value, std::uint64_t scale, float plotHeight) noexcept
    {
        if (scale == 0 || plotHeight <= 0.0f)
            return 0.0f;
        const auto fraction = std::min (1.0, static_cast<double> (value) / static_cast<double> (scale));
        return static_cast<float> (fraction * static_cast<double> (plotHeight));
    }

    juce::String DailySeriesPlot::dayLabel (std::int64_t day)
    {
        // Howard Hinnant's civil_from_days: the proleptic Gregorian date of a day since 1970-01-01.
        const auto z = day + 719468;
        const auto era = (z >= 0 ? z : z - 146096) / 146097;
        const auto dayOfEra = z - era * 146097;
        const auto yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        const auto dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        const auto shiftedMonth = (5 * dayOfYear + 2) / 153;
        const auto dayOfMonth = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
        const auto month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        static constexpr std::array<const char*, 12> names { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
        return juce::String (names[static_cast<std::size_t> (month - 1)]) + " " + juce::String (dayOfMonth);
    }

    std::uint64_t DailySeriesPlot::valueOf (const ClientArtistDay& day, Series which) noexcept
    {
        switch (which)
        {
            case Series::listens:
                return day.listens;
            case Series::passes:
                return day.passes;
        }
        return 0;
    }

    juce::Colour DailySeriesPlot::colourOf (Series which)
    {
        switch (which)
        {
            case Series::listens:
                return juce::Colour (Palette::accent);
            case Series::passes:
                return juce::Colour (Palette::positive);
        }
        return juce::Colour (Palette::text);
    }

    std::uint64_t DailySeriesPlot::top() const noexcept
    {
        std::uint64_t largest = 0;
        for (const auto& day : series)
            largest = std::max ({ largest, day.listens, day.passes });
        return scaleTop (largest);
    }

    juce::Rectangle<float> DailySeriesPlot::plotArea() const
    {
        return getLocalBounds().toFloat().withTrimmedTop (legendHeight).withTrimmedLeft (leftAxis).withTrimmedBottom (bottomAxis).withTrimmedRight (rightMargin);
    }

    juce::Rectangle<float> DailySeriesPlot::slotFor (Series which, int dayIndex) const
    {
        if (dayIndex < 0 || dayIndex >= static_cast<int> (series.size()))
            return {};
        const auto area = plotArea();
        const auto dayWidth = area.getWidth() / static_cast<float> (series.size());
        const auto gap = juce::jmin (6.0f, dayWidth * 0.2f);
        const auto barWidth = (dayWidth - gap) / 2.0f;
        const auto x = area.getX() + dayWidth * static_cast<float> (dayIndex) + gap / 2.0f + (which == Series::passes ? barWidth : 0.0f);
        return { x, area.getY(), barWidth, area.getHeight() };
    }

    juce::Rectangle<float> DailySeriesPlot::barFor (Series which, int dayIndex) const
    {
        const auto slot = slotFor (which, dayIndex);
        if (slot.isEmpty())
            return {};
        const auto height = barHeight (valueOf (series[static_cast<std::size_t> (dayIndex)], which), top(), slot.getHeight());
        return slot.withTop (slot.getBottom() - height);
    }

    void DailySeriesPlot::paint (juce::Graphics& g)
    {
        const auto area = plotArea();
        if (area.isEmpty())
            return;
        const auto scale = top();

        // The scale: gridlines at the top and the middle, labelled on the left.
        g.setFont (EarshotLookAndFeel::font (11.5f));
        for (const auto& [fraction, value] : { std::pair { 1.0f, scale }, std::pair { 0.5f, scale / 2 }, std::pair { 0.0f, std::uint64_t { 0 } } })
        {
            const auto y = area.getBottom() - area.getHeight() * fraction;
            g.setColour (juce::Colour (Palette::outline).withAlpha (fraction > 0.0f ? 0.6f : 1.0f));
            g.drawHorizontalLine (juce::roundToInt (y), area.getX(), area.getRight());
            g.setColour (juce::Colour (Palette::textFaint));
            g.drawText (juce::String (value), juce::Rectangle<float> (0.0f, y - 8.0f, leftAxis - 6.0f, 16.0f), juce::Justification::centredRight);
        }
        g.setColour (juce::Colour (Palette::outline));
        g.drawVerticalLine (juce::roundToInt (area.getX()), area.getY(), area.getBottom());

        for (int day = 0; day < static_cast<int> (series.size()); ++day)
            for (const auto which : { Series::listens, Series::passes })
                if (const auto bar = barFor (which, day); bar.getHeight() > 0.0f)
                {
                    g.setColour (colourOf (which));
                    g.fillRect (bar);
                }

        // The days: the first, the middle and the last (today), under their bars.
        if (! series.empty())
        {
            g.setColour (juce::Colour (Palette::textFaint));
            const auto count = static_cast<int> (series.size());
            for (const auto index : { 0, count / 2, count - 1 })
            {
                const auto slot = slotFor (Series::listens, index).getUnion (slotFor (Series::passes, index));
                const auto label = index == count - 1 ? juce::String ("today") : dayLabel (series[static_cast<std::size_t> (index)].day);
                // The first and the last label stay inside the plot's ends.
                constexpr float width = 70.0f;
                auto box = juce::Rectangle<float> (slot.getCentreX() - width / 2.0f, area.getBottom() + 4.0f, width, bottomAxis - 4.0f);
                auto justification = juce::Justification (juce::Justification::centred);
                if (count > 1 && index == 0)
                {
                    box.setX (slot.getX());
                    justification = juce::Justification::centredLeft;
                }
                else if (count > 1 && index == count - 1)
                {
                    box = box.withRightX (slot.getRight());
                    justification = juce::Justification::centredRight;
                }
                g.drawText (label, box, justification);
            }
        }

        // The legend, top right.
        auto legend = getLocalBounds().toFloat().removeFromTop (legendHeight).withTrimmedRight (rightMargin);
        g.setFont (EarshotLookAndFeel::font (12.5f));
        for (const auto& [which, name] : { std::pair { Series::passes, "passes landed" }, std::pair { Series::listens, "listens" } })
        {
            const juce::String text (name);
            const auto textWidth = static_cast<float> (g.getCurrentFont().getStringWidth (text)) + 4.0f;
            g.setColour (juce::Colour (Palette::textDim));
            g.drawText (text, legend.removeFromRight (textWidth), juce::Justification::centredRight);
            g.setColour (colourOf (which));
            g.fillRect (legend.removeFromRight (16.0f).withSizeKeepingCentre (10.0f, 10.0f));
            legend.removeFromRight (14.0f);
        }
    }
} // namespace earshot
