// The player bar's piece map, rendered headless from a real track half-way through its download:
// every column shows what the pieces under it are. The images stay in the build tree
// (ui-images/) for a reviewer to look at.

#include "UI/PieceMapBar.h"
#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <thread>

using namespace earshot;
using namespace earshot::testing;

TEST (PieceMapBar, EachColumnShowsThePiecesUnderItAtEverySize)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-piecemap");
    DaemonProcess artist (root.path() / "artist", { "--upload-limit", "1024" });
    DaemonProcess listener (root.path() / "listener");
    artist.start();
    listener.start();
    const auto published = artist.client().publish ({ (demoAlbum ("flac") / "01-first-light.flac").string() }).front();
    (void) listener.client().addTrack ({ published.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });

    // Part of the way through: some pieces verified, some not.
    std::optional<TrackStatus> status;
    for (int i = 0; i < 600; ++i)
    {
        status = listener.client().getTrack (published.id).status;
        if (status && status->progress > 0.2)
            break;
        std::this_thread::sleep_for (std::chrono::milliseconds (50));
    }
    ASSERT_TRUE (status && status->progress > 0.2 && status->progress < 1.0) << (status ? status->progress : -1.0);

    const auto imageFolder = juce::File (EARSHOT_UI_IMAGES);
    imageFolder.createDirectory();
    for (const int width : { 160, 480, 1200 })
    {
        PieceMapBar bar;
        bar.setSize (width, 36);
        bar.setModel ({ *status, 0.3, 0.35 });
        const auto image = bar.createComponentSnapshot (bar.getLocalBounds());

        const auto columns = PieceMapBar::columnsFor (status->pieces, width);
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
