// Discover from the demo album's tracks as data, and three more being fetched: a chart per genre,
// the most complete tracks first, then the ones with the most peers around them; tiles drawn where
// the view says they are.

#include "UI/DiscoverView.h"
#include "Core/ChartRanking.h"
#include "DemoLibrary.h"
#include "UI/EarshotLookAndFeel.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

TEST (DiscoverView, ShowsAChartPerGenreWithTheMostCompleteTracksFirst)
{
    juce::ScopedJuceInitialiser_GUI juce;
    auto tracks = demoAlbumTracks();

    // Three more Downtempo tracks, as a listener fetching them would see them.
    const auto firstLight = *std::find_if (tracks.begin(), tracks.end(), [] (const auto& t)
                                           { return t.manifest.metadata.title == "First Light"; });
    const std::tuple<const char*, double, int> fetching[] = { { "Half Here", 0.5, 9 }, { "Barely Here", 0.1, 2 }, { "Crowded", 0.5, 30 } };
    for (const auto& [title, progress, peers] : fetching)
    {
        auto track = firstLight;
        track.id = title;
        track.published = false;
        track.manifest.metadata.title = title;
        track.status = TrackStatus {};
        track.status->state = TrackState::downloading;
        track.status->progress = progress;
        track.status->peers = peers;
        tracks.push_back (track);
    }

    const auto model = DiscoverView::fromLibrary (tracks);
    ASSERT_EQ (model.shelves.size(), 3u);
    EXPECT_EQ (model.shelves[0].title, "Downtempo"); // the genre with the most tracks first
    std::vector<juce::String> chart;
    for (const auto& tile : model.shelves[0].tiles)
        chart.push_back (tile.title);
    EXPECT_EQ (chart, (std::vector<juce::String> { "First Light", "Crowded", "Half Here", "Barely Here" }));
    EXPECT_EQ (model.shelves[1].title, "Lo-Fi");
    EXPECT_EQ (model.shelves[2].title, "Synthwave");
    EXPECT_EQ (model.shelves[2].tiles[0].artist, "The Earshot Ensemble");

    EarshotLookAndFeel lookAndFeel;
    DiscoverView view;
    view.setLookAndFeel (&lookAndFeel);
    view.setModel (model);
    std::vector<std::string> played;
    view.onPlay = [&] (const DiscoverView::Tile& tile)
    { played.push_back (tile.trackId); };

    for (const auto& [width, height] : { std::pair { 600, 420 }, std::pair { 1280, 800 } })
    {
        const auto image = renderAt (view, width, height);
        savePng (image, "discover-" + juce::String (width));
        // Each shown tile's cover is painted (not the page's background) at its centre.
        const auto tile = view.tileBounds (0, 1);
        ASSERT_FALSE (tile.isEmpty());
        ASSERT_TRUE (view.getLocalBounds().contains (tile.getTopLeft()));
        EXPECT_NE (image.getPixelAt (tile.getX() + 20, tile.getY() + 40).getARGB(), juce::Colour (EarshotLookAndFeel::Palette::background).getARGB());
        // Wider shows more of a shelf on one row.
        if (width == 1280)
            EXPECT_EQ (view.tileBounds (0, 3).getY(), view.tileBounds (0, 0).getY());
        else
            EXPECT_GT (view.tileBounds (0, 3).getY(), view.tileBounds (0, 0).getY());
    }
    view.setLookAndFeel (nullptr);
}

TEST (DiscoverView, RanksTitlesInTheNaturalOrderJuceUses)
{
    // Core's chart ranking sorts titles without JUCE; the shelves must come out as they did when
    // the view sorted juce::Strings with compareNatural.
    const char* titles[] = { "Track 2", "track 10", "Track 010", "v0.05", "v0.5", "(Intro)", "Act", "-1", "1", "", "Neon", "Neon Tide", "Neon  Tide", "Paper Lanterns", "paper lanterns", "Caf\xc3\xa9", "Cafe", "\xc3\x89t\xc3\xa9", "Ete", "Zo\xc3\xab", "ZO\xc3\x8b", "\xe6\x97\xa5\xe6\x9c\xac", "  lead", "lead", "a1b2", "a01b2", "a1b10" };
    const auto sign = [] (int value)
    { return (value > 0) - (value < 0); };
    for (const auto* a : titles)
        for (const auto* b : titles)
            EXPECT_EQ (sign (compareNatural (a, b)), sign (juce::String::fromUTF8 (a).compareNatural (juce::String::fromUTF8 (b))))
                << "\"" << a << "\" against \"" << b << "\"";
}
