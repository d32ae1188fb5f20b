// The library table given the demo album's tracks as data: one row per track, a filter that narrows
// it, sorting by any column (numbers as numbers), and what dragging a row out of the app hands over.
// Copying a track out of a real daemon for the drag is tested with the client (TrackExportTest).

#include "UI/TrackTable.h"
#include "Client/TrackExport.h"
#include "DemoLibrary.h"
#include "UI/EarshotLookAndFeel.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    std::vector<juce::String> titlesShown (TrackTable& table)
    {
        std::vector<juce::String> titles;
        for (int row = 0; row < table.rowsShown(); ++row)
            titles.push_back (TrackTable::cellText (table.trackAtRow (row), TrackTable::title));
        return titles;
    }

    /** Rows of the rendered table whose cell in a column has text in it (light pixels on the dark rows). */
    int rowsWithText (TrackTable& table, const juce::Image& image, int columnId = TrackTable::title)
    {
        auto& list = table.table();
        int rows = 0;
        for (int row = 0; row < 12; ++row)
        {
            const auto cell = list.getCellPosition (columnId, row, true).translated (list.getX(), list.getY());
            if (cell.getBottom() > list.getBottom())
                break;
            bool ink = false;
            for (int y = cell.getY(); y < cell.getBottom() && ! ink; ++y)
                for (int x = cell.getX(); x < cell.getRight() && ! ink; ++x)
                    ink = image.getPixelAt (x, y).getBrightness() > 0.5f;
            rows += ink ? 1 : 0;
        }
        return rows;
    }
} // namespace

TEST (TrackTable, ShowsOneRowPerTrackAndTheFilterNarrowsIt)
{
    juce::ScopedJuceInitialiser_GUI juce;
    const auto tracks = demoAlbumTracks();

    EarshotLookAndFeel lookAndFeel;
    TrackTable table;
    table.setLookAndFeel (&lookAndFeel);
    table.setTracks (tracks);

    for (const auto& [width, height] : { std::pair { 640, 400 }, std::pair { 1200, 600 } })
    {
        SCOPED_TRACE (width);
        table.setFilter ({});
        auto image = renderAt (table, width, height);
        EXPECT_EQ (table.rowsShown(), 3);
        EXPECT_EQ (rowsWithText (table, image), 3);
        EXPECT_EQ (rowsWithText (table, image, TrackTable::seeders), 3); // the last column too, at every width
        savePng (image, "library-table-" + juce::String (width));

        // Title, artist, album and genre match, whatever the case; nothing else does.
        table.setFilter ("lantern");
        EXPECT_EQ (titlesShown (table), std::vector<juce::String> { "Paper Lanterns" });
        image = renderAt (table, width, height);
        EXPECT_EQ (rowsWithText (table, image), 1);
        savePng (image, "library-table-filtered-" + juce::String (width));
    }

    table.setFilter ("SYNTHWAVE");
    EXPECT_EQ (titlesShown (table), std::vector<juce::String> { "Neon Tide" });
    table.setFilter ("earshot ensemble");
    EXPECT_EQ (table.rowsShown(), 3);
    table.setFilter ("first light"); // the album: every track
    EXPECT_EQ (table.rowsShown(), 3);
    table.setFilter ("no such song");
    EXPECT_EQ (table.rowsShown(), 0);
    table.setLookAndFeel (nullptr);
}

TEST (TrackTable, SortsByAnyColumnWithNumbersAsNumbers)
{
    juce::ScopedJuceInitialiser_GUI juce;
    const auto tracks = demoAlbumTracks();

    TrackTable table;
    table.setTracks (tracks);
    table.setSize (1000, 500);

    // By duration, both ways: 2:33 (First Light), 2:36 (Paper Lanterns), 2:38 (Neon Tide).
    table.setSort (TrackTable::duration, true);
    EXPECT_EQ (titlesShown (table), (std::vector<juce::String> { "First Light", "Paper Lanterns", "Neon Tide" }));
    for (int row = 1; row < table.rowsShown(); ++row)
        EXPECT_LE (table.trackAtRow (row - 1).manifest.metadata.durationMs, table.trackAtRow (row).manifest.metadata.durationMs);
    table.setSort (TrackTable::duration, false);
    EXPECT_EQ (titlesShown (table), (std::vector<juce::String> { "Neon Tide", "Paper Lanterns", "First Light" }));

    // By BPM (the tags say 90, 76 and 112) and by key (Dm, Eb, F#m).
    table.setSort (TrackTable::bpm, true);
    EXPECT_EQ (titlesShown (table), (std::vector<juce::String> { "Paper Lanterns", "First Light", "Neon Tide" }));
    table.setSort (TrackTable::key, false);
    EXPECT_EQ (titlesShown (table), (std::vector<juce::String> { "Neon Tide", "Paper Lanterns", "First Light" }));
    table.setSort (TrackTable::genre, true); // Downtempo, Lo-Fi, Synthwave
    EXPECT_EQ (titlesShown (table), (std::vector<juce::String> { "First Light", "Paper Lanterns", "Neon Tide" }));

    // Numeric columns compare as numbers (9 < 10 < 100, where text would put "10" first), and the
    // sort is stable: equal rows keep the daemon's order.
    std::vector<ClientTrack> swarm (4, tracks.front());
    const int peers[] = { 100, 9, 10, 9 };
    for (std::size_t i = 0; i < swarm.size(); ++i)
    {
        swarm[i].id = "t" + std::to_string (i);
        swarm[i].status = TrackStatus {};
        swarm[i].status->peers = peers[i];
    }
    EXPECT_EQ (TrackTable::filterAndSort (swarm, {}, TrackTable::peers, true), (std::vector<int> { 1, 3, 2, 0 }));
    EXPECT_EQ (TrackTable::filterAndSort (swarm, {}, TrackTable::peers, false), (std::vector<int> { 0, 2, 1, 3 }));
    EXPECT_EQ (TrackTable::filterAndSort (swarm, {}, 0, true), (std::vector<int> { 0, 1, 2, 3 }));
}

TEST (TrackTable, DraggingOutHandsOverTheFileOfACompleteTrackAndSaysWhyNotForAPartialOne)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-library-drag");

    // The artist's own track is whole, its file where the daemon keeps it: the drag carries that file.
    auto whole = demoAlbumTracks().front();
    whole.path = (root.path() / "artist" / "01-first-light.flac").string();
    const juce::File wholeFile (whole.path);
    ASSERT_TRUE (wholeFile.getParentDirectory().createDirectory());
    juce::MemoryBlock audio;
    audio.setSize (static_cast<std::size_t> (whole.manifest.fileSize), true);
    ASSERT_TRUE (wholeFile.replaceWithData (audio.getData(), audio.getSize()));
    const auto wholeDrag = TrackTable::externalDragFor (whole);
    ASSERT_TRUE (std::holds_alternative<juce::File> (wholeDrag)) << std::get<juce::String> (wholeDrag);
    EXPECT_EQ (std::get<juce::File> (wholeDrag).getFullPathName().toStdString(), whole.path);
    EXPECT_TRUE (std::get<juce::File> (wholeDrag).existsAsFile());

    // Part of the way through on a listener's side: the reason, with the track and how much is here.
    auto partial = whole;
    partial.published = false;
    partial.path = (root.path() / "listener" / "01-first-light.flac").string();
    partial.status->state = TrackState::downloading;
    partial.status->progress = 0.4271;
    partial.status->peers = 1;
    partial.status->seeds = 1;
    const auto partialDrag = TrackTable::externalDragFor (partial);
    ASSERT_TRUE (std::holds_alternative<juce::String> (partialDrag));
    const auto percent = 42;
    EXPECT_EQ (std::get<juce::String> (partialDrag), "'First Light' is " + juce::String (percent) + "% downloaded; it can be dragged into the host when it is complete");

    // Whole, but the file is gone from where the daemon keeps it.
    auto moved = whole;
    moved.path = (root.path() / "nowhere" / "01-first-light.flac").string();
    const auto movedDrag = TrackTable::externalDragFor (moved);
    ASSERT_TRUE (std::holds_alternative<juce::String> (movedDrag));
    EXPECT_TRUE (std::get<juce::String> (movedDrag).startsWith ("'First Light' is complete but its file is not at "));

    // A daemon whose file is not on this machine (another machine, a sandboxed host): the track is
    // copied out into the export folder first, and dragged from there once the copy is whole.
    const juce::File exports ((root.path() / "exports").string());
    EXPECT_TRUE (TrackTable::needsExport (moved, exports));
    EXPECT_FALSE (TrackTable::needsExport (whole, exports)) << "the daemon's own file is here";
    EXPECT_FALSE (TrackTable::needsExport (partial, exports)) << "an incomplete track cannot be exported";
    const auto copying = TrackTable::externalDragFor (moved, exports);
    ASSERT_TRUE (std::holds_alternative<juce::String> (copying));
    EXPECT_EQ (std::get<juce::String> (copying), "'First Light' is being copied from earshotd for the host; drag it again in a moment");
    const juce::File exported (exportFileFor (moved, root.path() / "exports").string());
    ASSERT_TRUE (exports.createDirectory());
    ASSERT_TRUE (exported.replaceWithData (audio.getData(), audio.getSize() - 1));
    EXPECT_TRUE (TrackTable::needsExport (moved, exports)) << "a copy short of the track's size is not whole";
    ASSERT_TRUE (exported.replaceWithData (audio.getData(), audio.getSize()));
    EXPECT_FALSE (TrackTable::needsExport (moved, exports));
    const auto exportedDrag = TrackTable::externalDragFor (moved, exports);
    ASSERT_TRUE (std::holds_alternative<juce::File> (exportedDrag));
    EXPECT_EQ (std::get<juce::File> (exportedDrag), exported);
    try
    {
        DaemonClient noDaemon ("unix:" + (root.path() / "no-daemon.sock").string());
        (void) exportTrack (noDaemon, partial, root.path() / "exports");
        ADD_FAILURE() << "an incomplete track was exported";
    }
    catch (const Error& e)
    {
        EXPECT_NE (std::string (e.what()).find ("'The Earshot Ensemble - First Light' is not complete yet"), std::string::npos) << e.what();
    }

    // The table shows the partial track's progress bar as it stands.
    TrackTable table;
    EarshotLookAndFeel lookAndFeel;
    table.setLookAndFeel (&lookAndFeel);
    table.setTracks ({ whole, partial });
    savePng (renderAt (table, 1000, 240), "library-table-partial-1000");
    savePng (renderAt (table, 600, 240), "library-table-partial-600");
    EXPECT_EQ (TrackTable::cellText (partial, TrackTable::progress), juce::String (percent) + "%");
    EXPECT_EQ (TrackTable::cellText (whole, TrackTable::progress), "100%");
    table.setLookAndFeel (nullptr);
}
