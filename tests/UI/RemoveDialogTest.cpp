// Removing a track from the app, against real daemons, as `earshot remove` does: the dialog asks
// first (Cancel changes nothing); a downloaded track's file goes only when "Also delete the
// downloaded file" is ticked; a published track's file is never deleted, and the dialog says so.

#include "UI/RemoveDialog.h"
#include "UI/EarshotView.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    bool holds (DaemonClient& client, const std::string& id)
    {
        for (const auto& track : client.listTracks())
            if (track.id == id)
                return true;
        return false;
    }
} // namespace

TEST (RemoveDialog, RemovesADownloadedTrackWithItsFileOnlyWhenAskedAndNeverAPublishedFile)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-remove");
    DaemonProcess artist (root.path() / "artist");
    DaemonProcess listener (root.path() / "listener");
    artist.start();
    listener.start();
    const auto source = root.path() / "01-first-light.flac";
    std::filesystem::copy_file (demoAlbum ("flac") / "01-first-light.flac", source);
    const auto published = artist.client().publish ({ source.string() }).front();
    const auto other = artist.client().publish ({ (demoAlbum ("flac") / "02-paper-lanterns.flac").string() }).front();
    for (const auto& track : { published, other })
        (void) listener.client().addTrack ({ track.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });
    ASSERT_TRUE (eventually ([&]
                             {
        for (const auto& track : listener.client().listTracks())
            if (! isComplete (track))
                return false;
        return true; },
                             60s));
    const auto downloaded = listener.client().getTrack (published.id);
    const auto kept = listener.client().getTrack (other.id);
    ASSERT_TRUE (std::filesystem::exists (downloaded.path)) << downloaded.path;
    ASSERT_TRUE (std::filesystem::exists (kept.path)) << kept.path;

    auto client = std::make_shared<DaemonClient> (listener.apiAddress());
    PreviewPlayer player (client);
    EarshotView view (client, player);
    view.setSize (1200, 760);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.library().rowsShown() == 2; },
                                    15s));

    // Cancel: nothing happens.
    view.showRemoveDialog (downloaded);
    ASSERT_NE (view.removeDialog(), nullptr);
    EXPECT_TRUE (view.removeDialog()->explanation().contains ("downloaded file stays")) << view.removeDialog()->explanation();
    view.removeDialog()->onCancel();
    EXPECT_EQ (view.removeDialog(), nullptr);

    // Remove, ticking "Also delete the downloaded file".
    view.showRemoveDialog (downloaded);
    view.removeDialog()->setDeleteFiles (true);
    EXPECT_TRUE (view.removeDialog()->explanation().contains ("deletes the downloaded file"));
    savePng (renderAt (view, 1200, 760), "remove-dialog-1200x760");
    view.removeDialog()->confirm();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.message() == "Removed 'First Light' and deleted its file"; },
                                    15s))
        << view.message();
    EXPECT_FALSE (holds (listener.client(), published.id));
    EXPECT_TRUE (eventually ([&]
                             { return ! std::filesystem::exists (downloaded.path); },
                             10s));

    // Remove without it: the track goes, its file stays.
    view.showRemoveDialog (kept);
    view.removeDialog()->confirm();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.message() == "Removed 'Paper Lanterns'"; },
                                    15s))
        << view.message();
    EXPECT_FALSE (holds (listener.client(), other.id));
    EXPECT_TRUE (std::filesystem::exists (kept.path));
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.library().rowsShown() == 0; },
                                    15s));

    // The artist's own published file: no box to tick, and it stays.
    RemoveDialog dialog (published);
    dialog.setDeleteFiles (true);
    EXPECT_FALSE (dialog.deleteFiles());
    EXPECT_TRUE (dialog.explanation().contains ("a published file is never deleted")) << dialog.explanation();
    bool askedToDelete = true;
    dialog.onRemove = [&] (const ClientTrack& track, bool deleteFiles)
    {
        askedToDelete = deleteFiles;
        artist.client().removeTrack (track.id, deleteFiles);
    };
    dialog.confirm();
    EXPECT_FALSE (askedToDelete);
    EXPECT_FALSE (holds (artist.client(), published.id));
    EXPECT_TRUE (std::filesystem::exists (source));
}
