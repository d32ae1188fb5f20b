// Dragging a track into the host before it is complete, against real daemons: an artist seeding at
// a capped rate on loopback and a listener whose library the view shows. The wait hands over no
// file until the track is complete, verified and copied whole into the export folder, and that file
// is the artist's byte for byte; a cancelled wait and a daemon killed mid-wait each end in a state
// the row and the banner name, with nothing in the export folder.

#include "Client/TrackExport.h"
#include "UI/EarshotView.h"
#include "UI/Formatting.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    /** An artist seeding one test file at uploadKiB KiB/s, a listener that has added it, and the
        plugin's view over the listener with its own export folder. Build inside a JUCE initialiser. */
    struct SlowSwarm
    {
        SlowSwarm (const std::filesystem::path& root, const std::string& media, int uploadKiB)
            : artist (root / "artist", { "--upload-limit", std::to_string (uploadKiB) }), listener (root / "listener"), exports ((root / "exports").string()), original (testMedia (media))
        {
            artist.start();
            listener.start();
            published = artist.client().publish ({ original.string() }).front();
            AddSource source;
            source.manifest = published.manifest;
            (void) listener.client().addTrack (source, { artist.peerAddress() });

            client = std::make_shared<DaemonClient> (listener.apiAddress());
            player = std::make_unique<PreviewPlayer> (client);
            view = std::make_unique<EarshotView> (client, *player);
            view->setSize (1000, 640);
            view->showPage (Page::library);
            table().setExportFolder (exports);
            table().handOver = [this] (const juce::File& file)
            { handed.push_back (file); };
        }

        TrackTable& table() { return view->library(); }

        /** The listener's row of the track, once the poller has shown it. */
        ClientTrack row()
        {
            EXPECT_TRUE (pumpMessagesUntil ([&]
                                            { return table().rowsShown() == 1; },
                                            20s))
                << view->message();
            return table().trackAtRow (0);
        }

        [[nodiscard]] const DragWaits::Wait* wait() const { return view->library().dragWaits().find (published.id); }

        /** Every file in the export folder, partial ones included. */
        [[nodiscard]] juce::Array<juce::File> exportedFiles() const
        {
            return exports.findChildFiles (juce::File::findFiles, false, "*");
        }

        DaemonProcess artist;
        DaemonProcess listener;
        juce::File exports;
        std::filesystem::path original;
        ClientTrack published;
        std::shared_ptr<DaemonClient> client;
        std::unique_ptr<PreviewPlayer> player;
        std::unique_ptr<EarshotView> view;
        std::vector<juce::File> handed;
    };
} // namespace

TEST (WholeTrackDrag, AnIncompleteTrackIsHandedOverOnlyOnceCompleteAndByteIdentical)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-whole-drag");
    // 593 KB at 48 KiB/s: about twelve seconds to fetch.
    SlowSwarm swarm (root.path(), "excerpt.ogg", 48);
    const auto track = swarm.row();
    ASSERT_FALSE (isComplete (track)) << "the capped seeder sent it all before the drag";

    swarm.table().dragOut (track);
    ASSERT_NE (swarm.wait(), nullptr);
    EXPECT_EQ (swarm.wait()->state, DragWaits::State::fetching);
    EXPECT_TRUE (swarm.view->message().startsWith ("Fetching the rest of '" + formatting::titleOf (track.manifest) + "' (")) << swarm.view->message();
    EXPECT_TRUE (swarm.handed.empty());

    // Until the wait is ready nothing is handed over, and the export folder never holds the
    // track's file under its final name (only the copy's temporary .part, if anything).
    const auto target = juce::File (exportFileFor (track, swarm.exports.getFullPathName().toStdString()).string());
    bool early = false;
    double lastProgress = 0.0;
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    {
        const auto* wait = swarm.wait();
        if (wait == nullptr || wait->state == DragWaits::State::failed)
            return true;
        lastProgress = wait->progress;
        if (wait->state != DragWaits::State::ready && (! swarm.handed.empty() || target.existsAsFile()))
            early = true;
        return wait->state == DragWaits::State::ready; },
                                    180s))
        << "still " << lastProgress << " done";
    ASSERT_NE (swarm.wait(), nullptr);
    ASSERT_EQ (swarm.wait()->state, DragWaits::State::ready) << swarm.wait()->reason;
    EXPECT_FALSE (early) << "a file was handed over or put in the export folder before the track was whole";
    EXPECT_TRUE (swarm.handed.empty()) << "ready waits for the next drag";
    EXPECT_EQ (DragWaits::stateText (*swarm.wait()), "Ready: drag");
    EXPECT_TRUE (swarm.view->message().endsWith ("is complete and verified: drag its row into the host")) << swarm.view->message();
    savePng (renderAt (*swarm.view, 1000, 640), "library-drag-ready-1000x640");

    // The next drag hands over the copy in the export folder: whole, and the artist's bytes.
    swarm.table().dragOut (swarm.table().trackAtRow (0));
    ASSERT_EQ (swarm.handed.size(), 1u);
    EXPECT_EQ (swarm.handed[0], target);
    EXPECT_TRUE (readFileBytes (target.getFullPathName().toStdString()) == readFileBytes (swarm.original)) << "the file handed over differs from the original";
    EXPECT_EQ (swarm.exportedFiles().size(), 1) << "no partial file is left behind";
    EXPECT_EQ (swarm.wait(), nullptr) << "the dragged row's wait is over";
}

TEST (WholeTrackDrag, CancellingTheWaitLeavesNoFileAndSaysSo)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-whole-drag-cancel");
    // 2.9 MB at 16 KiB/s: minutes to fetch, so the wait is cancelled long before the end.
    SlowSwarm swarm (root.path(), "excerpt.flac", 16);
    const auto track = swarm.row();
    ASSERT_FALSE (isComplete (track));

    swarm.table().dragOut (track);
    ASSERT_TRUE (swarm.table().dragWaits().isPending (track.id));
    pumpMessagesUntil ([]
                       { return false; },
                       1500ms);

    // Esc on the selected row cancels, as its menu's "Cancel the drag into the host" does.
    swarm.table().table().selectRow (0);
    EXPECT_TRUE (swarm.table().keyPressed (juce::KeyPress (juce::KeyPress::escapeKey)));
    ASSERT_NE (swarm.wait(), nullptr);
    EXPECT_EQ (swarm.wait()->state, DragWaits::State::cancelled);
    EXPECT_EQ (DragWaits::stateText (*swarm.wait()), "Cancelled");
    EXPECT_TRUE (swarm.view->message().startsWith ("Stopped waiting for '" + formatting::titleOf (track.manifest) + "'")) << swarm.view->message();
    EXPECT_TRUE (swarm.view->message().contains ("nothing was handed to the host")) << swarm.view->message();

    // It stays so while the track goes on downloading at the normal pace: no file, no hand-over.
    pumpMessagesUntil ([]
                       { return false; },
                       3s);
    EXPECT_EQ (swarm.wait()->state, DragWaits::State::cancelled);
    EXPECT_TRUE (swarm.handed.empty());
    EXPECT_EQ (swarm.exportedFiles().size(), 0);
    const auto status = swarm.listener.client().getTrack (track.id).status;
    ASSERT_TRUE (status.has_value());
    EXPECT_NE (status->state, TrackState::error) << status->error;
    savePng (renderAt (*swarm.view, 1000, 640), "library-drag-cancelled-1000x640");

    // Dragging it again waits afresh.
    swarm.table().dragOut (swarm.table().trackAtRow (0));
    EXPECT_EQ (swarm.wait()->state, DragWaits::State::fetching);
}

TEST (WholeTrackDrag, TheDaemonGoingAwayMidWaitEndsInAnErrorState)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-whole-drag-killed");
    SlowSwarm swarm (root.path(), "excerpt.flac", 16);
    const auto track = swarm.row();
    ASSERT_FALSE (isComplete (track));

    swarm.table().dragOut (track);
    pumpMessagesUntil ([]
                       { return false; },
                       1500ms);
    ASSERT_EQ (swarm.wait()->state, DragWaits::State::fetching);

    swarm.listener.kill();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return swarm.wait()->state != DragWaits::State::fetching; },
                                    30s));
    ASSERT_NE (swarm.wait(), nullptr);
    EXPECT_EQ (swarm.wait()->state, DragWaits::State::failed);
    EXPECT_EQ (DragWaits::stateText (*swarm.wait()), "Failed: earshotd went away");
    EXPECT_TRUE (swarm.wait()->reason.startsWith ("earshotd went away while '" + formatting::titleOf (track.manifest) + "' was being fetched")) << swarm.wait()->reason;
    EXPECT_TRUE (swarm.wait()->reason.contains ("nothing was handed to the host")) << swarm.wait()->reason;
    EXPECT_TRUE (swarm.handed.empty());
    EXPECT_EQ (swarm.exportedFiles().size(), 0);
    savePng (renderAt (*swarm.view, 1000, 640), "library-drag-daemon-gone-1000x640");

    // The wait is over: nothing is left pending on a daemon that is gone.
    EXPECT_FALSE (swarm.table().dragWaits().isPending (track.id));
}
