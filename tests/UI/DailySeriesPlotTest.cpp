// The artist page's plot of daily listens and passes: its scale (a round top above the busiest
// day, bars in proportion) and what it draws, checked by the pixels at days with activity and
// without.

#include "UI/DailySeriesPlot.h"
#include "UI/EarshotLookAndFeel.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

TEST (DailySeriesPlot, TheScaleTopsAtARoundNumberAboveTheBusiestDay)
{
    EXPECT_EQ (DailySeriesPlot::scaleTop (0), 1u); // no activity still has a scale
    EXPECT_EQ (DailySeriesPlot::scaleTop (1), 1u);
    EXPECT_EQ (DailySeriesPlot::scaleTop (2), 2u);
    EXPECT_EQ (DailySeriesPlot::scaleTop (3), 5u);
    EXPECT_EQ (DailySeriesPlot::scaleTop (5), 5u);
    EXPECT_EQ (DailySeriesPlot::scaleTop (6), 10u);
    EXPECT_EQ (DailySeriesPlot::scaleTop (11), 20u);
    EXPECT_EQ (DailySeriesPlot::scaleTop (480), 500u);
    EXPECT_EQ (DailySeriesPlot::scaleTop (501), 1000u);
    EXPECT_EQ (DailySeriesPlot::scaleTop (UINT64_MAX), UINT64_MAX);
}

TEST (DailySeriesPlot, BarsStandInProportionAndNeverOverTheTop)
{
    EXPECT_FLOAT_EQ (DailySeriesPlot::barHeight (0, 10, 200.0f), 0.0f);
    EXPECT_FLOAT_EQ (DailySeriesPlot::barHeight (5, 10, 200.0f), 100.0f);
    EXPECT_FLOAT_EQ (DailySeriesPlot::barHeight (10, 10, 200.0f), 200.0f);
    EXPECT_FLOAT_EQ (DailySeriesPlot::barHeight (30, 10, 200.0f), 200.0f);
    EXPECT_FLOAT_EQ (DailySeriesPlot::barHeight (3, 0, 200.0f), 0.0f);
    EXPECT_FLOAT_EQ (DailySeriesPlot::barHeight (3, 10, 0.0f), 0.0f);
}

TEST (DailySeriesPlot, LabelsDaysByTheirUtcDate)
{
    EXPECT_EQ (DailySeriesPlot::dayLabel (0), "Jan 1"); // 1970-01-01
    EXPECT_EQ (DailySeriesPlot::dayLabel (20'454), "Jan 1"); // 2026-01-01
    EXPECT_EQ (DailySeriesPlot::dayLabel (20'512), "Feb 28");
    EXPECT_EQ (DailySeriesPlot::dayLabel (20'513), "Mar 1"); // 2026 is no leap year
    EXPECT_EQ (DailySeriesPlot::dayLabel (21'243), "Feb 29"); // 2028 is a leap year
}

TEST (DailySeriesPlot, DrawsEachSeriesAtTheDaysWithActivityAndNothingAtTheOthers)
{
    juce::ScopedJuceInitialiser_GUI juce;
    EarshotLookAndFeel lookAndFeel;

    // Two weeks: listens on days 3 and 13 (today), a pass landed on day 13 only.
    std::vector<ClientArtistDay> days;
    for (int index = 0; index < 14; ++index)
        days.push_back ({ 20'440 + index, index == 3 ? 4u : index == 13 ? 10u
                                                                        : 0u,
                          index == 13 ? 2u : 0u });

    DailySeriesPlot plot;
    plot.setLookAndFeel (&lookAndFeel);
    plot.setDays (days);
    const auto image = renderAt (plot, 700, 220);
    savePng (image, "daily-series-plot");

    const auto listens = DailySeriesPlot::colourOf (DailySeriesPlot::Series::listens);
    const auto passes = DailySeriesPlot::colourOf (DailySeriesPlot::Series::passes);
    const auto pixelIn = [&] (juce::Rectangle<float> bar)
    { return image.getPixelAt (juce::roundToInt (bar.getCentreX()), juce::roundToInt (bar.getBottom() - 3.0f)); };

    // Today's ten listens fill the scale (it tops at 10); day 3's four stand at 40 % of it.
    EXPECT_EQ (pixelIn (plot.barFor (DailySeriesPlot::Series::listens, 13)), listens);
    EXPECT_EQ (pixelIn (plot.barFor (DailySeriesPlot::Series::listens, 3)), listens);
    EXPECT_NEAR (plot.barFor (DailySeriesPlot::Series::listens, 13).getHeight(), plot.plotArea().getHeight(), 0.01f);
    EXPECT_NEAR (plot.barFor (DailySeriesPlot::Series::listens, 3).getHeight(), plot.plotArea().getHeight() * 0.4f, 0.01f);
    EXPECT_EQ (pixelIn (plot.barFor (DailySeriesPlot::Series::passes, 13)), passes);
    // Above a bar's top, and in the slots of days without activity, only the background.
    const auto dayThree = plot.barFor (DailySeriesPlot::Series::listens, 3);
    EXPECT_NE (image.getPixelAt (juce::roundToInt (dayThree.getCentreX()), juce::roundToInt (dayThree.getY() - 6.0f)), listens);
    for (const auto day : { 0, 5, 12 })
    {
        EXPECT_NE (pixelIn (plot.slotFor (DailySeriesPlot::Series::listens, day)), listens) << "day " << day;
        EXPECT_NE (pixelIn (plot.slotFor (DailySeriesPlot::Series::passes, day)), passes) << "day " << day;
    }
    EXPECT_TRUE (plot.barFor (DailySeriesPlot::Series::passes, 3).isEmpty());
    // Days stand in order, left to right, within the plot.
    EXPECT_LT (plot.slotFor (DailySeriesPlot::Series::passes, 12).getRight(), plot.slotFor (DailySeriesPlot::Series::listens, 13).getX() + 1.0f);
    EXPECT_LE (plot.slotFor (DailySeriesPlot::Series::passes, 13).getRight(), plot.plotArea().getRight() + 0.01f);
    plot.setLookAndFeel (nullptr);
}
