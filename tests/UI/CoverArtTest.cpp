// Cover art wherever a track is drawn, from the cache as data: the library's rows, the inbox's
// passes and the player bar show a track's cover; a track without one keeps its letter tile.

#include "DemoLibrary.h"
#include "UI/EarshotLookAndFeel.h"
#include "UI/InboxView.h"
#include "UI/PlayerBar.h"
#include "UI/TrackCovers.h"
#include "UI/TrackTable.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    /** A PNG of one colour, as a daemon hands a cover over. */
    std::string pngOf (juce::Colour colour, int side)
    {
        juce::Image image (juce::Image::RGB, side, side, false);
        image.clear (image.getBounds(), colour);
        juce::MemoryOutputStream out;
        juce::PNGImageFormat().writeImageToStream (image, out);
        return { static_cast<const char*> (out.getData()), out.getDataSize() };
    }

    /** The cover's green, clearly: no letter tile's gradient is this saturated. */
    bool isGreen (juce::Colour colour)
    {
        return colour.getGreen() > 220 && colour.getRed() < 40 && colour.getBlue() < 40;
    }
} // namespace

TEST (TrackCovers, DecodesCoversIntoThumbnails)
{
    juce::ScopedJuceInitialiser_GUI juce;
    const auto small = TrackCovers::decode (pngOf (juce::Colours::lime, 64));
    ASSERT_TRUE (small.isValid());
    EXPECT_EQ (small.getWidth(), 64);
    const auto large = TrackCovers::decode (pngOf (juce::Colours::lime, 600));
    EXPECT_EQ (large.getWidth(), TrackCovers::thumbnailSide);
    EXPECT_TRUE (isGreen (large.getPixelAt (10, 10)));
    EXPECT_FALSE (TrackCovers::decode ("not an image").isValid());
}

TEST (CoverArt, TheLibraryTheInboxAndThePlayerBarDrawACoverWhereATrackHasOne)
{
    juce::ScopedJuceInitialiser_GUI juce;
    EarshotLookAndFeel lookAndFeel;
    const auto album = demoAlbumTracks();
    TrackCovers covers;
    covers.put (album[0].id, TrackCovers::decode (pngOf (juce::Colours::lime, 300)));
    covers.put (album[1].id, {}); // Paper Lanterns has none

    TrackTable table;
    table.setLookAndFeel (&lookAndFeel);
    table.setCovers (&covers);
    table.setTracks (album);
    {
        const auto image = renderAt (table, 1000, 400);
        savePng (image, "cover-art-library");
        const auto rowOf = [&] (int row)
        {
            const auto cell = table.table().getCellPosition (TrackTable::title, row, true);
            const auto cover = TrackTable::coverInCell (cell.getHeight()) + cell.getPosition();
            return image.getPixelAt (table.getLocalPoint (&table.table(), cover.getCentre()).getX(), table.getLocalPoint (&table.table(), cover.getCentre()).getY());
        };
        EXPECT_TRUE (isGreen (rowOf (0))) << rowOf (0).toDisplayString (true);
        EXPECT_FALSE (isGreen (rowOf (1))) << rowOf (1).toDisplayString (true);
        EXPECT_NE (rowOf (1), juce::Colour (EarshotLookAndFeel::Palette::background)); // the letter tile
    }

    InboxView inbox;
    inbox.setLookAndFeel (&lookAndFeel);
    inbox.setCovers (&covers);
    std::vector<ClientInboxEntry> passes;
    for (const auto index : { 0, 1 })
    {
        ClientInboxEntry entry;
        entry.passId = "pass-" + std::to_string (index);
        entry.from = "Ana";
        entry.manifest = album[static_cast<std::size_t> (index)].manifest;
        passes.push_back (entry);
    }
    inbox.setEntries (passes);
    {
        const auto image = renderAt (inbox, 800, 400);
        savePng (image, "cover-art-inbox");
        const auto rowOf = [&] (int row)
        {
            const auto rowArea = inbox.list().getRowPosition (row, true);
            const auto centre = InboxView::coverInRow (rowArea.getHeight()).getCentre() + rowArea.getPosition();
            const auto point = inbox.getLocalPoint (&inbox.list(), centre);
            return image.getPixelAt (point.getX(), point.getY());
        };
        EXPECT_TRUE (isGreen (rowOf (0)));
        EXPECT_FALSE (isGreen (rowOf (1)));
    }

    PlayerBar bar;
    bar.setLookAndFeel (&lookAndFeel);
    bar.setCovers (&covers);
    for (const auto index : { 0, 1 })
    {
        PlayerBar::Model model;
        model.trackId = album[static_cast<std::size_t> (index)].id;
        model.title = juce::String (album[static_cast<std::size_t> (index)].manifest.metadata.title);
        model.artist = "The Earshot Ensemble";
        model.state = PlayerState::playing;
        bar.setModel (model);
        const auto image = renderAt (bar, 900, 118);
        savePng (image, "cover-art-player-bar-" + juce::String (index));
        const auto cover = bar.coverBounds();
        ASSERT_FALSE (cover.isEmpty());
        EXPECT_EQ (isGreen (image.getPixelAt (cover.getCentreX(), cover.getCentreY())), index == 0);
    }

    table.setLookAndFeel (nullptr);
    inbox.setLookAndFeel (nullptr);
    bar.setLookAndFeel (nullptr);
}
