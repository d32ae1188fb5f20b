// The player bar: the state line's exact words, the waveform filling in over the piece map of a
// track part of the way through its download, and a click on the map seeking to that point of it.

#include "UI/PlayerBar.h"
#include "DemoLibrary.h"
#include "PartialTrack.h"
#include "UI/EarshotLookAndFeel.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    TrackStatus swarmOf (int peers, std::uint64_t downloadRate)
    {
        TrackStatus status;
        status.peers = peers;
        status.downloadRate = downloadRate;
        return status;
    }

    bool near (juce::Colour a, juce::Colour b)
    {
        return std::abs (a.getRed() - b.getRed()) <= 2 && std::abs (a.getGreen() - b.getGreen()) <= 2 && std::abs (a.getBlue() - b.getBlue()) <= 2;
    }

    juce::MouseEvent clickAt (juce::Component& component, juce::Point<float> position)
    {
        const auto now = juce::Time::getCurrentTime();
        return { juce::Desktop::getInstance().getMainMouseSource(), position, juce::ModifierKeys::leftButtonModifier, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, &component, &component, now, position, now, 1, false };
    }
} // namespace

TEST (PlayerBar, TheStateLineSaysTheStateTheBufferThePeersAndTheRate)
{
    const juce::String dot (juce::CharPointer_UTF8 (" \xc2\xb7 "));
    EXPECT_EQ (PlayerBar::stateLine (PlayerState::buffering, 0.4, swarmOf (6, 410'000)), "Buffering 0.4 s" + dot + "6 peers" + dot + "410 KB/s");
    EXPECT_EQ (PlayerBar::stateLine (PlayerState::buffering, 0.4, swarmOf (6, 410'000)).toStdString(), "Buffering 0.4 s \xc2\xb7 6 peers \xc2\xb7 410 KB/s");
    EXPECT_EQ (PlayerBar::stateLine (PlayerState::playing, 3.14, swarmOf (1, 1'234'567)), "Playing 3.1 s" + dot + "1 peer" + dot + "1.2 MB/s");
    EXPECT_EQ (PlayerBar::stateLine (PlayerState::starving, 0.0, swarmOf (0, 0)), "Starving 0.0 s" + dot + "0 peers" + dot + "0 KB/s");
    EXPECT_EQ (PlayerBar::stateLine (PlayerState::paused, 2.0, swarmOf (3, 999)), "Paused 2.0 s" + dot + "3 peers" + dot + "1 KB/s");
    EXPECT_EQ (PlayerBar::stateLine (PlayerState::connecting, 0.0, swarmOf (2, 64'000)), "Connecting" + dot + "2 peers" + dot + "64 KB/s");
    EXPECT_EQ (PlayerBar::stateLine (PlayerState::failed, 0.0, swarmOf (6, 410'000), "the file ends at 4.6 s but its header says 30.0 s"),
               "Failed: the file ends at 4.6 s but its header says 30.0 s");
    EXPECT_EQ (PlayerBar::stateLine (PlayerState::idle, 0.0, {}), "Nothing playing");
}

TEST (PlayerBar, TheWaveformFillsInOverTheMapOfAPartlyDownloadedTrackAndAClickSeeks)
{
    juce::ScopedJuceInitialiser_GUI juce;
    const auto firstLight = demoAlbumTracks().front();
    ClientTrack partial = firstLight;
    partial.published = false;
    partial.status = partlyDownloaded();

    // Decoded so far: the first 40% of the buckets, a swelling envelope; the rest unknown.
    std::vector<float> peaks (1024, -1.0f);
    for (std::size_t i = 0; i < 410; ++i)
        peaks[i] = 0.25f + 0.7f * static_cast<float> (std::abs (std::sin (static_cast<double> (i) * 0.05)));

    EarshotLookAndFeel lookAndFeel;
    PlayerBar bar;
    bar.setLookAndFeel (&lookAndFeel);
    PlayerBar::Model model;
    model.title = "First Light";
    model.artist = "The Earshot Ensemble";
    model.state = PlayerState::playing;
    model.durationSeconds = static_cast<double> (firstLight.manifest.metadata.durationMs) / 1000.0;
    model.positionSeconds = model.durationSeconds * 0.2;
    model.bufferedSeconds = 4.0;
    model.status = *partial.status;
    model.peaks = peaks;
    bar.setModel (model);

    std::vector<double> seeks;
    bar.onSeek = [&] (double seconds)
    { seeks.push_back (seconds); };

    for (const int width : { 600, 1280 })
    {
        SCOPED_TRACE (width);
        const auto image = renderAt (bar, width, 118);
        savePng (image, "player-bar-" + juce::String (width));
        EXPECT_EQ (bar.stateText(), PlayerBar::stateLine (PlayerState::playing, 4.0, *partial.status));

        // Where audio is decoded the waveform has height; where not, only its faint baseline.
        const auto wave = bar.waveform().getBounds();
        const int centre = wave.getCentreY();
        const int known = wave.getX() + wave.getWidth() / 4; // bucket 256 of 1024: decoded, not played
        const int unknown = wave.getX() + wave.getWidth() * 3 / 4;
        EXPECT_TRUE (near (image.getPixelAt (known, centre - 3), juce::Colour (EarshotLookAndFeel::Palette::sidebar).overlaidWith (WaveformView::peakColour (false))));
        EXPECT_EQ (image.getPixelAt (unknown, centre - 3).getARGB(), juce::Colour (EarshotLookAndFeel::Palette::sidebar).getARGB());
        EXPECT_EQ (image.getPixelAt (unknown, centre).getARGB(), WaveformView::baselineColour().getARGB());
        const auto played = wave.getX() + wave.getWidth() / 10;
        EXPECT_EQ (image.getPixelAt (played, centre).getARGB(), WaveformView::peakColour (true).getARGB());

        // The piece map under it shows the real pieces.
        auto& map = bar.pieceMap();
        const auto columns = PieceMapBar::columnsFor (partial.status->pieces, map.getWidth());
        const auto y = map.getY() + map.pieceBand().getBottom() - 2;
        for (int x = map.getWidth() / 2; x < map.getWidth(); x += 7)
            ASSERT_EQ (image.getPixelAt (map.getX() + x, y).getARGB(), PieceMapBar::colourOf (columns[static_cast<std::size_t> (x)]).getARGB()) << x;

        // A click three quarters along the map seeks three quarters into the track.
        seeks.clear();
        map.mouseDown (clickAt (map, { map.getWidth() * 0.75f, map.getHeight() / 2.0f }));
        ASSERT_EQ (seeks.size(), 1u);
        EXPECT_NEAR (seeks[0], model.durationSeconds * 0.75, model.durationSeconds / map.getWidth());
    }
    bar.setLookAndFeel (nullptr);
}
