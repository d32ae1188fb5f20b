// Discover's hub rows and search bar as data, no daemons: rows in the hub's order with their
// figures, a cover drawn where a track has one and the letter tile where it has none, the play
// button and the artist's name handing their track over, and the search's fields and pages.

#include "UI/HubChartList.h"
#include "DemoLibrary.h"
#include "UI/EarshotLookAndFeel.h"
#include "UI/SearchBar.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    /** The demo album as a hub chart: Neon Tide first, only First Light with a cover. */
    std::vector<ClientHubTrack> demoChart()
    {
        std::vector<ClientHubTrack> chart;
        const auto album = demoAlbumTracks();
        const std::size_t order[] = { 2, 0, 1 };
        std::uint32_t rank = 0;
        for (const auto index : order)
        {
            ClientHubTrack track;
            track.trackId = album[index].id;
            track.manifest = album[index].manifest;
            track.artistKeyHex = std::string (64, 'e');
            track.artistName = "The Earshot Ensemble";
            track.hasCover = index == 0;
            track.listeners = 9 - rank * 3;
            track.passes = rank;
            track.seeders = 2;
            track.score = static_cast<double> (track.listeners) + 3.0 * static_cast<double> (track.passes) + 1.0;
            track.rank = ++rank;
            chart.push_back (track);
        }
        return chart;
    }

    juce::Image solid (juce::Colour colour)
    {
        juce::Image image (juce::Image::RGB, 64, 64, false);
        image.clear (image.getBounds(), colour);
        return image;
    }
} // namespace

TEST (HubChartList, ShowsTheHubsRowsInOrderWithCoversWhereTracksHaveThem)
{
    juce::ScopedJuceInitialiser_GUI juce;
    EarshotLookAndFeel lookAndFeel;
    TrackCovers covers;
    const auto chart = demoChart();
    covers.put (chart[1].trackId, solid (juce::Colours::red));

    HubChartList list;
    list.setLookAndFeel (&lookAndFeel);
    list.setCovers (&covers);
    list.setRows (HubChartList::rowsOf (chart));
    ASSERT_EQ (list.rows().size(), 3u);
    EXPECT_EQ (list.rows()[0].track.manifest.metadata.title, "Neon Tide");
    EXPECT_EQ (list.rows()[0].rankLabel, "#1");

    const auto image = renderAt (list, 900, 300);
    savePng (image, "hub-chart-list");
    const auto centreOf = [&] (int row)
    { return image.getPixelAt (list.coverBounds (row).getCentreX(), list.coverBounds (row).getCentreY()); };
    EXPECT_EQ (centreOf (1), juce::Colours::red); // First Light's cover
    for (const auto row : { 0, 2 })
    {
        EXPECT_NE (centreOf (row), juce::Colours::red);
        EXPECT_NE (centreOf (row), juce::Colour (EarshotLookAndFeel::Palette::surface)); // a letter tile
    }
    // The rows stand in order, one under the other; all three are on screen.
    EXPECT_LT (list.rowBounds (0).getBottom(), list.rowBounds (1).getY() + 1);
    EXPECT_EQ (list.visibleRows(), juce::Range<int> (0, 3));

    std::vector<std::string> played, artists;
    list.onPlay = [&] (const ClientHubTrack& track)
    { played.push_back (track.trackId); };
    list.onArtist = [&] (const ClientHubTrack& track)
    { artists.push_back (track.artistKeyHex); };
    list.play (2);
    list.openArtist (0);
    EXPECT_EQ (played, std::vector<std::string> { chart[2].trackId });
    EXPECT_EQ (artists, std::vector<std::string> { std::string (64, 'e') });
    EXPECT_TRUE (list.getLocalBounds().contains (list.playBounds (2)));
    EXPECT_TRUE (list.rowBounds (0).contains (list.artistBounds (0)));
    list.setLookAndFeel (nullptr);
}

TEST (HubChartList, ExplainsAScoreByItsInputs)
{
    const auto track = demoChart()[1];
    const auto text = HubChartList::scoreExplanation (track);
    EXPECT_TRUE (text.startsWith ("Score 10.00")) << text;
    EXPECT_TRUE (text.contains ("6 listeners, 1 pass, 2 seeders")) << text;
    EXPECT_TRUE (text.contains ("passes that landed 3")) << text;
}

TEST (SearchBar, ReadsItsFiltersAndPages)
{
    juce::ScopedJuceInitialiser_GUI juce;
    EXPECT_EQ (SearchBar::parseDuration ("3:30"), 210'000u);
    EXPECT_EQ (SearchBar::parseDuration (" 210 "), 210'000u);
    EXPECT_EQ (SearchBar::parseDuration ("0:02.5"), 2'500u);
    EXPECT_FALSE (SearchBar::parseDuration ("").has_value());
    EXPECT_FALSE (SearchBar::parseDuration ("1:2:3").has_value());
    EXPECT_FALSE (SearchBar::parseDuration ("three").has_value());
    EXPECT_FALSE (SearchBar::parseDuration (":30").has_value());

    SearchBar bar;
    ClientSearchRequest wanted;
    wanted.text = "neon";
    wanted.genre = "Synthwave";
    wanted.bpmMin = 100.0;
    wanted.bpmMax = 120.0;
    wanted.key = "F#m";
    wanted.durationMinMs = 120'000;
    wanted.durationMaxMs = 180'000;
    bar.setFields (wanted);
    std::vector<ClientSearchRequest> asked;
    bar.onSearch = [&] (const ClientSearchRequest& request)
    { asked.push_back (request); };

    bar.search();
    ASSERT_EQ (asked.size(), 1u);
    EXPECT_EQ (asked[0].text, "neon");
    EXPECT_EQ (asked[0].genre, "Synthwave");
    EXPECT_DOUBLE_EQ (asked[0].bpmMin, 100.0);
    EXPECT_DOUBLE_EQ (asked[0].bpmMax, 120.0);
    EXPECT_EQ (asked[0].key, "F#m");
    EXPECT_EQ (asked[0].durationMinMs, 120'000u);
    EXPECT_EQ (asked[0].durationMaxMs, 180'000u);
    EXPECT_EQ (asked[0].offset, 0u);
    EXPECT_EQ (asked[0].limit, SearchBar::pageSize);

    // 60 matches: pages at 0, 25 and 50, and no further.
    bar.setTotal (60);
    bar.nextPage();
    bar.setTotal (60);
    bar.nextPage();
    bar.setTotal (60);
    bar.nextPage();
    ASSERT_EQ (asked.size(), 3u);
    EXPECT_EQ (asked[1].offset, 25u);
    EXPECT_EQ (asked[2].offset, 50u);
    bar.previousPage();
    ASSERT_EQ (asked.size(), 4u);
    EXPECT_EQ (asked[3].offset, 25u);
    EXPECT_EQ (SearchBar::pagingText (50, 10, 60), juce::String::fromUTF8 ("51\xe2\x80\x93"
                                                                           "60 of 60"));
    EXPECT_EQ (SearchBar::pagingText (0, 0, 0), "No results");
}
