// Publishing from the app against a real earshotd: album folders and files dropped on the window
// (through the view's FileDragAndDropTarget), each file's row moving from waiting to published, and
// the daemon's library holding them after; a drop holding something that is not audio is named in
// the banner and publishes nothing, not even the drop's good files.

#include "UI/EarshotView.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    /** A copy of the demo album's FLAC files in folder (the daemon publishes files where they are). */
    juce::File copyOfTheAlbum (const std::filesystem::path& folder)
    {
        const auto album = juce::File (folder.string());
        (void) album.createDirectory();
        for (const auto* stem : { "01-first-light", "02-paper-lanterns", "03-neon-tide" })
            (void) juce::File ((demoAlbum ("flac") / (std::string (stem) + ".flac")).string()).copyFileTo (album.getChildFile (juce::String (stem) + ".flac"));
        return album;
    }

    bool everyRowSays (const LibraryActions& actions, const juce::String& state)
    {
        const auto rows = actions.rowTexts();
        return ! rows.isEmpty() && std::all_of (rows.begin(), rows.end(), [&] (const juce::String& row)
                                                { return row.endsWith (state); });
    }
} // namespace

TEST (LibraryActions, AFolderAndAFileDroppedOnTheWindowArePublishedWithARowPerFile)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-publish");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto album = copyOfTheAlbum (root.path() / "First Light");
    const auto single = juce::File (testMedia ("excerpt.ogg").string());

    auto client = std::make_shared<DaemonClient> (daemon.apiAddress());
    PreviewPlayer player (client);
    EarshotView view (client, player);
    view.setSize (1200, 760);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.snapshot().connected; },
                                    15s));
    view.showPage (Page::inbox);

    ASSERT_TRUE (view.isInterestedInFileDrag ({ album.getFullPathName() }));
    view.filesDropped ({ album.getFullPathName(), single.getFullPathName() }, 600, 300);
    EXPECT_EQ (view.page(), Page::library); // where the rows are
    const auto& actions = view.libraryActions();
    ASSERT_EQ (actions.items().size(), 2u);
    EXPECT_EQ (actions.items()[0].audioFiles.size(), 3);
    EXPECT_EQ (actions.items()[1].audioFiles.size(), 1);
    const auto rows = actions.rowTexts();
    ASSERT_EQ (rows.size(), 4);
    EXPECT_TRUE (rows[0].startsWith ("01-first-light.flac")) << rows[0];
    EXPECT_TRUE (rows[3].startsWith ("excerpt.ogg")) << rows[3];
    EXPECT_GE (view.libraryActions().getHeight(), 4 * 22); // a row per file, above the table
    savePng (renderAt (view, 1200, 760), "library-publishing-1200x760");

    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return everyRowSays (actions, "published"); },
                                    60s))
        << actions.rowTexts().joinIntoString ("\n") << "\n"
        << view.message();
    EXPECT_EQ (view.message(), "Published 4 files: Earshot shares them now");
    EXPECT_EQ (actions.items()[0].detail, "3 tracks");

    // The daemon has them, the album as one album, and the view shows them.
    const auto tracks = daemon.client().listTracks();
    ASSERT_EQ (tracks.size(), 4u);
    int inAlbum = 0;
    for (const auto& track : tracks)
    {
        EXPECT_TRUE (track.published);
        if (juce::File (track.path).isAChildOf (album))
        {
            ++inAlbum;
            EXPECT_EQ (track.manifest.metadata.album, "First Light");
        }
    }
    EXPECT_EQ (inAlbum, 3);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.library().rowsShown() == 4; },
                                    15s));
    savePng (renderAt (view, 1200, 760), "library-published-1200x760");
}

TEST (LibraryActions, ADropHoldingNoAudioIsNamedAndPublishesNothing)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-publish-bad");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto album = copyOfTheAlbum (root.path() / "album");
    const auto notes = juce::File ((root.path() / "notes").string());
    (void) notes.createDirectory();
    (void) notes.getChildFile ("liner-notes.txt").replaceWithText ("Recorded in one night.");
    const auto fake = juce::File ((root.path() / "fake.flac").string());
    (void) fake.replaceWithText ("this is text with an audio file's name");

    auto client = std::make_shared<DaemonClient> (daemon.apiAddress());
    PreviewPlayer player (client);
    EarshotView view (client, player);
    view.setSize (1000, 640);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.snapshot().connected; },
                                    15s));

    // A folder with no audio in it, dropped with a good one: named, and neither is published.
    view.filesDropped ({ album.getFullPathName(), notes.getFullPathName() }, 500, 300);
    EXPECT_TRUE (view.message().contains ("holds no audio files")) << view.message();
    EXPECT_TRUE (view.message().contains (notes.getFullPathName())) << view.message();
    EXPECT_TRUE (view.message().contains ("nothing was published")) << view.message();
    EXPECT_TRUE (view.libraryActions().items().empty());
    savePng (renderAt (view, 1000, 640), "library-publish-no-audio-1000x640");

    // A text file named like FLAC: the first bytes decide, not the name.
    view.filesDropped ({ fake.getFullPathName() }, 500, 300);
    EXPECT_TRUE (view.message().contains ("is not an audio file")) << view.message();
    EXPECT_TRUE (view.message().contains ("fake.flac")) << view.message();

    // A path that is not there.
    view.publishPaths ({ (root.path() / "gone.flac").string() });
    EXPECT_TRUE (view.message().startsWith ("There is no file at")) << view.message();

    pumpMessagesUntil ([]
                       { return false; },
                       1500ms);
    EXPECT_TRUE (daemon.client().listTracks().empty());
    EXPECT_TRUE (view.libraryActions().items().empty());
}
