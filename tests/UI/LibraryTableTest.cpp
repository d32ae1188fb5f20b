// The library table with a real daemon's library: one row per track, a filter that narrows it,
// sorting by any column (numbers as numbers), and what dragging a row out of the app hands over.

#include "UI/LibraryTable.h"
#include "Client/TrackExport.h"
#include "UI/EarshotLookAndFeel.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    std::vector<ClientTrack> publishAlbum (DaemonProcess& daemon)
    {
        std::vector<std::string> files;
        for (const auto* stem : { "01-first-light", "02-paper-lanterns", "03-neon-tide" })
            files.push_back ((demoAlbum ("flac") / (std::string (stem) + ".flac")).string());
        (void) daemon.client().publish (files);
        return daemon.client().listTracks();
    }

    std::vector<juce::String> titlesShown (LibraryTable& table)
    {
        std::vector<juce::String> titles;
        for (int row = 0; row < table.rowsShown(); ++row)
            titles.push_back (LibraryTable::cellText (table.trackAtRow (row), LibraryTable::title));
        return titles;
    }

    /** Rows of the rendered table whose cell in a column has text in it (light pixels on the dark rows). */
    int rowsWithText (LibraryTable& table, const juce::Image& image, int columnId = LibraryTable::title)
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

TEST (LibraryTable, ShowsOneRowPerTrackAndTheFilterNarrowsIt)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-library");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto tracks = publishAlbum (daemon);
    ASSERT_EQ (tracks.size(), 3u);

    EarshotLookAndFeel lookAndFeel;
    LibraryTable table;
    table.setLookAndFeel (&lookAndFeel);
    table.setTracks (tracks);

    for (const auto& [width, height] : { std::pair { 640, 400 }, std::pair { 1200, 600 } })
    {
        SCOPED_TRACE (width);
        table.setFilter ({});
        auto image = renderAt (table, width, height);
        EXPECT_EQ (table.rowsShown(), 3);
        EXPECT_EQ (rowsWithText (table, image), 3);
        EXPECT_EQ (rowsWithText (table, image, LibraryTable::seeders), 3); // the last column too, at every width
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

TEST (LibraryTable, SortsByAnyColumnWithNumbersAsNumbers)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-library-sort");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto tracks = publishAlbum (daemon);

    LibraryTable table;
    table.setTracks (tracks);
    table.setSize (1000, 500);

    // By duration, both ways: 2:33 (First Light), 2:36 (Paper Lanterns), 2:38 (Neon Tide).
    table.setSort (LibraryTable::duration, true);
    EXPECT_EQ (titlesShown (table), (std::vector<juce::String> { "First Light", "Paper Lanterns", "Neon Tide" }));
    for (int row = 1; row < table.rowsShown(); ++row)
        EXPECT_LE (table.trackAtRow (row - 1).manifest.metadata.durationMs, table.trackAtRow (row).manifest.metadata.durationMs);
    table.setSort (LibraryTable::duration, false);
    EXPECT_EQ (titlesShown (table), (std::vector<juce::String> { "Neon Tide", "Paper Lanterns", "First Light" }));

    // By BPM (the tags say 90, 76 and 112) and by key (Dm, Eb, F#m).
    table.setSort (LibraryTable::bpm, true);
    EXPECT_EQ (titlesShown (table), (std::vector<juce::String> { "Paper Lanterns", "First Light", "Neon Tide" }));
    table.setSort (LibraryTable::key, false);
    EXPECT_EQ (titlesShown (table), (std::vector<juce::String> { "Neon Tide", "Paper Lanterns", "First Light" }));
    table.setSort (LibraryTable::genre, true); // Downtempo, Lo-Fi, Synthwave
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
    EXPECT_EQ (LibraryTable::filterAndSort (swarm, {}, LibraryTable::peers, true), (std::vector<int> { 1, 3, 2, 0 }));
    EXPECT_EQ (LibraryTable::filterAndSort (swarm, {}, LibraryTable::peers, false), (std::vector<int> { 0, 2, 1, 3 }));
    EXPECT_EQ (LibraryTable::filterAndSort (swarm, {}, 0, true), (std::vector<int> { 0, 1, 2, 3 }));
}

TEST (LibraryTable, DraggingOutHandsOverTheFileOfACompleteTrackAndSaysWhyNotForAPartialOne)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-library-drag");
    DaemonProcess artist (root.path() / "artist", { "--upload-limit", "512" });
    DaemonProcess listener (root.path() / "listener");
    artist.start();
    listener.start();
    const auto published = artist.client().publish ({ (demoAlbum ("flac") / "01-first-light.flac").string() }).front();
    (void) listener.client().addTrack ({ published.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });

    // The artist's own track is whole: the drag carries its file.
    const auto whole = artist.client().getTrack (published.id);
    const auto wholeDrag = LibraryTable::externalDragFor (whole);
    ASSERT_TRUE (std::holds_alternative<juce::File> (wholeDrag)) << std::get<juce::String> (wholeDrag);
    EXPECT_EQ (std::get<juce::File> (wholeDrag).getFullPathName().toStdString(), whole.path);
    EXPECT_TRUE (std::get<juce::File> (wholeDrag).existsAsFile());

    // Part of the way through on the listener's side: the reason, with the track and how much is here.
    ClientTrack partial;
    ASSERT_TRUE (eventually ([&]
                             {
        partial = listener.client().getTrack (published.id);
        return partial.status && partial.status->progress > 0.1; },
                             30s));
    ASSERT_LT (partial.status->progress, 1.0);
    const auto partialDrag = LibraryTable::externalDragFor (partial);
    ASSERT_TRUE (std::holds_alternative<juce::String> (partialDrag));
    const auto percent = static_cast<int> (std::floor (partial.status->progress * 100.0));
    EXPECT_EQ (std::get<juce::String> (partialDrag), "'First Light' is " + juce::String (percent) + "% downloaded; it can be dragged into the host when it is complete");

    // Whole, but the file is gone from where the daemon keeps it.
    auto moved = whole;
    moved.path = (root.path() / "nowhere" / "01-first-light.flac").string();
    const auto movedDrag = LibraryTable::externalDragFor (moved);
    ASSERT_TRUE (std::holds_alternative<juce::String> (movedDrag));
    EXPECT_TRUE (std::get<juce::String> (movedDrag).startsWith ("'First Light' is complete but its file is not at "));

    // A daemon whose file is not on this machine (another machine, a sandboxed host): the track is
    // copied out through the Stream call into the export folder, byte for byte, and dragged from there.
    const juce::File exports ((root.path() / "exports").string());
    EXPECT_TRUE (LibraryTable::needsExport (moved, exports));
    EXPECT_FALSE (LibraryTable::needsExport (whole, exports)) << "the daemon's own file is here";
    EXPECT_FALSE (LibraryTable::needsExport (partial, exports)) << "an incomplete track cannot be exported";
    const auto copying = LibraryTable::externalDragFor (moved, exports);
    ASSERT_TRUE (std::holds_alternative<juce::String> (copying));
    EXPECT_EQ (std::get<juce::String> (copying), "'First Light' is being copied from earshotd for the host; drag it again in a moment");
    const auto exported = exportTrack (artist.client(), moved, root.path() / "exports");
    juce::MemoryBlock exportedBytes, sourceBytes;
    ASSERT_TRUE (juce::File (exported.string()).loadFileAsData (exportedBytes));
    ASSERT_TRUE (juce::File (whole.path).loadFileAsData (sourceBytes));
    EXPECT_TRUE (exportedBytes == sourceBytes) << "the exported copy differs from the track";
    EXPECT_FALSE (LibraryTable::needsExport (moved, exports));
    const auto exportedDrag = LibraryTable::externalDragFor (moved, exports);
    ASSERT_TRUE (std::holds_alternative<juce::File> (exportedDrag));
    EXPECT_EQ (std::get<juce::File> (exportedDrag).getFullPathName().toStdString(), exported.string());
    try
    {
        (void) exportTrack (listener.client(), partial, root.path() / "exports");
        ADD_FAILURE() << "an incomplete track was exported";
    }
    catch (const Error& e)
    {
        EXPECT_NE (std::string (e.what()).find ("'The Earshot Ensemble - First Light' is not complete yet"), std::string::npos) << e.what();
    }

    // The table shows the partial track's progress bar as it stands.
    LibraryTable table;
    EarshotLookAndFeel lookAndFeel;
    table.setLookAndFeel (&lookAndFeel);
    table.setTracks ({ whole, partial });
    savePng (renderAt (table, 1000, 240), "library-table-partial-1000");
    savePng (renderAt (table, 600, 240), "library-table-partial-600");
    EXPECT_EQ (LibraryTable::cellText (partial, LibraryTable::progress), juce::String (percent) + "%");
    EXPECT_EQ (LibraryTable::cellText (whole, LibraryTable::progress), "100%");
    table.setLookAndFeel (nullptr);
}
