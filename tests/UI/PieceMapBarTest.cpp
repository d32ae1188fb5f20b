// The player bar's piece map, rendered headless from a track part of the way through its download:
// every column shows what the pieces under it are. The images stay in the build tree
// (ui-images/) for a reviewer to look at.

#include "UI/PieceMapBar.h"
#include "PartialTrack.h"

#include <gtest/gtest.h>

#include <set>

using namespace earshot;
using namespace earshot::testing;

TEST (PieceMapBar, EachColumnShowsThePiecesUnderItAtEverySize)
{
    juce::ScopedJuceInitialiser_GUI juce;
    const auto status = partlyDownloaded();

    const auto imageFolder = juce::File (EARSHOT_UI_IMAGES);
    imageFolder.createDirectory();
    for (const int width : { 160, 480, 1200 })
    {
        PieceMapBar bar;
        bar.setSize (width, 36);
        bar.setModel ({ status, 0.3, 0.35 });
        const auto image = bar.createComponentSnapshot (bar.getLocalBounds());

        const auto columns = PieceMapBar::columnsFor (status.pieces, width);
        const int y = bar.pieceBand().getBottom() - 2;
        const int playhead = static_cast<int> (0.3 * width);
        int verified = 0, missing = 0;
        for (int x = 0; x < width; ++x)
        {
            if (std::abs (x - playhead) <= 2)
                continue;
            const auto column = columns[static_cast<std::size_t> (x)];
            ASSERT_EQ (image.getPixelAt (x, y).getARGB(), PieceMapBar::colourOf (column).getARGB()) << "column " << x << " of " << width;
            verified += column == PieceMapBar::Column::verified ? 1 : 0;
            missing += column == PieceMapBar::Column::missing ? 1 : 0;
        }
        EXPECT_GT (verified, 0) << width;
        EXPECT_GT (missing, 0) << width;

        // The availability strip, under the band and clear of it, shows the peers' pieces.
        const auto strip = bar.availabilityStrip();
        ASSERT_GT (strip.getY(), bar.pieceBand().getBottom() - 1);
        ASSERT_GE (strip.getHeight(), 2);
        const auto available = PieceMapBar::availabilityColumnsFor (status.availability, width);
        ASSERT_EQ (available.size(), static_cast<std::size_t> (width));
        for (int x = 0; x < width; ++x)
        {
            if (std::abs (x - playhead) <= 2)
                continue;
            const auto column = available[static_cast<std::size_t> (x)];
            EXPECT_EQ (column, PieceMapBar::Availability::all) << "column " << x << " of " << width;
            for (const int stripY : { strip.getY(), strip.getBottom() - 1 })
                ASSERT_EQ (image.getPixelAt (x, stripY).getARGB(), PieceMapBar::colourOf (column).getARGB()) << "column " << x << " of " << width << ", y " << stripY;
        }

        juce::FileOutputStream out (imageFolder.getChildFile ("piece-map-" + juce::String (width) + ".png"));
        out.setPosition (0);
        out.truncate();
        juce::PNGImageFormat().writeImageToStream (image, out);
    }

    // The columns are computed from the pieces alone: a whole track is verified everywhere.
    for (const auto column : PieceMapBar::columnsFor (std::vector<bool> (1000, true), 333))
        EXPECT_EQ (column, PieceMapBar::Column::verified);
    const auto half = PieceMapBar::columnsFor ({ true, false }, 1);
    EXPECT_EQ (half.front(), PieceMapBar::Column::partial);
}

TEST (PieceMapBar, TheAvailabilityStripShowsWhichPiecesNoPeerHas)
{
    juce::ScopedJuceInitialiser_GUI juce;

    // Eight pieces over eight columns: the third is on nobody, the rest on one peer or more.
    const std::vector<int> availability { 1, 3, 0, 2, 1, 1, 5, 1 };
    const auto columns = PieceMapBar::availabilityColumnsFor (availability, 8);
    ASSERT_EQ (columns.size(), 8u);
    for (std::size_t x = 0; x < columns.size(); ++x)
        EXPECT_EQ (columns[x], x == 2 ? PieceMapBar::Availability::none : PieceMapBar::Availability::all) << x;

    // Two pieces a column: the column over the missing one and a held one is only partly available.
    const auto halved = PieceMapBar::availabilityColumnsFor (availability, 4);
    EXPECT_EQ (halved[0], PieceMapBar::Availability::all);
    EXPECT_EQ (halved[1], PieceMapBar::Availability::some);
    EXPECT_EQ (PieceMapBar::availabilityColumnsFor ({ 0, 0, 0 }, 1).front(), PieceMapBar::Availability::none);

    // Unknown availability leaves the strip undrawn; each state has its own colour, apart from the pieces'.
    EXPECT_TRUE (PieceMapBar::availabilityColumnsFor ({}, 100).empty());
    std::set<juce::uint32> colours;
    for (const auto column : { PieceMapBar::Column::missing, PieceMapBar::Column::partial, PieceMapBar::Column::verified })
        colours.insert (PieceMapBar::colourOf (column).getARGB());
    for (const auto column : { PieceMapBar::Availability::none, PieceMapBar::Availability::some, PieceMapBar::Availability::all })
        colours.insert (PieceMapBar::colourOf (column).getARGB());
    EXPECT_EQ (colours.size(), 6u);

    // Rendered: the column over the piece nobody has is drawn as none, its neighbours as all, and
    // the band above still shows the pieces.
    TrackStatus status;
    status.pieces = { true, true, false, false, true, false, false, false };
    status.availability = availability;
    PieceMapBar bar;
    bar.setSize (80, 16);
    bar.setModel ({ status, 0.0, 0.0 });
    const auto image = bar.createComponentSnapshot (bar.getLocalBounds());
    const auto strip = bar.availabilityStrip();
    const int y = strip.getCentreY();
    EXPECT_EQ (image.getPixelAt (25, y).getARGB(), PieceMapBar::colourOf (PieceMapBar::Availability::none).getARGB());
    EXPECT_EQ (image.getPixelAt (15, y).getARGB(), PieceMapBar::colourOf (PieceMapBar::Availability::all).getARGB());
    EXPECT_EQ (image.getPixelAt (35, y).getARGB(), PieceMapBar::colourOf (PieceMapBar::Availability::all).getARGB());
    EXPECT_EQ (image.getPixelAt (25, bar.pieceBand().getBottom() - 2).getARGB(), PieceMapBar::colourOf (PieceMapBar::Column::missing).getARGB());
    EXPECT_EQ (image.getPixelAt (15, bar.pieceBand().getBottom() - 2).getARGB(), PieceMapBar::colourOf (PieceMapBar::Column::verified).getARGB());

    // With the availability unknown, the strip stays background.
    status.availability.clear();
    bar.setModel ({ status, 0.0, 0.0 });
    const auto unknown = bar.createComponentSnapshot (bar.getLocalBounds());
    EXPECT_EQ (unknown.getPixelAt (25, y).getARGB(), unknown.getPixelAt (25, 0).getARGB());
}

TEST (PieceMapBar, AShiftDragPicksALoopRegionWhereTheOwnerAsksForOneAndAShiftClickClearsIt)
{
    juce::ScopedJuceInitialiser_GUI juce;
    PieceMapBar map;
    map.setSize (400, 30);
    std::vector<double> seeks;
    std::vector<std::pair<double, double>> loops;
    map.onSeek = [&] (double fraction)
    { seeks.push_back (fraction); };

    const auto event = [&] (float fromX, float atX, bool shift, bool dragged)
    {
        const auto now = juce::Time::getCurrentTime();
        const auto mods = juce::ModifierKeys (juce::ModifierKeys::leftButtonModifier | (shift ? juce::ModifierKeys::shiftModifier : 0));
        return juce::MouseEvent (juce::Desktop::getInstance().getMainMouseSource(), { atX, 15.0f }, mods, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, &map, &map, now, { fromX, 15.0f }, now, 1, dragged);
    };

    // Without an owner that loops (the app), a shift-click seeks as a click does.
    map.mouseDown (event (100.0f, 100.0f, true, false));
    ASSERT_EQ (seeks.size(), 1u);
    EXPECT_DOUBLE_EQ (seeks[0], 0.25);

    // The plugin: a shift-drag from 3/4 back to 1/4 picks that region, and does not seek.
    map.onLoopChosen = [&] (double start, double end)
    { loops.emplace_back (start, end); };
    map.mouseDown (event (300.0f, 300.0f, true, false));
    map.mouseDrag (event (300.0f, 100.0f, true, true));
    map.mouseUp (event (300.0f, 100.0f, true, true));
    EXPECT_EQ (seeks.size(), 1u);
    ASSERT_EQ (loops.size(), 1u);
    EXPECT_DOUBLE_EQ (loops[0].first, 0.25);
    EXPECT_DOUBLE_EQ (loops[0].second, 0.75);

    // It is drawn over the map, until the owner clears it.
    const auto image = map.createComponentSnapshot (map.getLocalBounds());
    map.setLoop (0.0, 0.0);
    const auto cleared = map.createComponentSnapshot (map.getLocalBounds());
    EXPECT_NE (image.getPixelAt (200, 2).getARGB(), cleared.getPixelAt (200, 2).getARGB()) << "the region is not drawn";

    // A plain click still seeks; a shift-click clears the loop.
    map.mouseDown (event (40.0f, 40.0f, false, false));
    EXPECT_EQ (seeks.size(), 2u);
    map.mouseDown (event (40.0f, 40.0f, true, false));
    map.mouseUp (event (40.0f, 40.0f, true, false));
    ASSERT_EQ (loops.size(), 2u);
    EXPECT_EQ (loops[1], std::make_pair (0.0, 0.0));
}
