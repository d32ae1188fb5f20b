#pragma once

#include "Client/DaemonClient.h"
#include "UI/ArtistPageView.h"
#include "UI/DaemonFeed.h"
#include "UI/HubChartList.h"
#include "UI/LibraryShelves.h"
#include "UI/SearchBar.h"
#include "UI/TrackCovers.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace earshot
{
    /** Discover: what the network is playing, from the discovery hub the daemon is linked to, or
        the local library's charts when there is none.

        With a hub: its charts (a genre, and today, this week or all time), its search with
        filters and pages, and an artist's page (a click on their name). Rows play at once (onPlay
        with the row's manifest); the openings of the rows on screen are fetched ahead, a moment
        after they stop changing. Without a hub, shelves of the library's charts and how to link
        one; a hub that does not answer shows its error over them.

        Every question to the daemon goes through the DaemonFeed, never on the message thread;
        the answers come back to the message thread, and an answer to a question since replaced
        is dropped. The page asks when it is shown and when the chart asked for changes. Without a
        feed (setFeed) it shows the library's charts alone. Message thread only. */
    class DiscoverView final : public juce::Component,
                               private juce::Timer
    {
    public:
        using Tile = LibraryShelves::Tile;
        using Shelf = LibraryShelves::Shelf;
        using Model = LibraryShelves::Model;

        /** See LibraryShelves::fromLibrary. */
        [[nodiscard]] static Model fromLibrary (const std::vector<ClientTrack>& tracks) { return LibraryShelves::fromLibrary (tracks); }

        /** What the page shows. */
        enum class Mode
        {
            library, ///< no hub (or none known yet): the library's shelves
            charts,
            search,
            artist
        };

        DiscoverView();
        ~DiscoverView() override;

        /** The library's charts, shown without a hub. */
        void setModel (Model newModel);
        [[nodiscard]] const Model& model() const noexcept { return shelves.model(); }
        /** Where a library tile is drawn, in this component's coordinates (empty when out of range). */
        [[nodiscard]] juce::Rectangle<int> tileBounds (int shelf, int tile) const;

        /** Where questions to the daemon go; none: the library alone. Must outlive this view. */
        void setFeed (DaemonFeed* newFeed);
        /** Where covers come from. Must outlive this view. */
        void setCovers (TrackCovers* cache);
        /** Asks the daemon for its hub and what the page shows (the chart, the search or the artist). */
        void refresh();

        void showCharts();
        void showSearch();
        /** Opens an artist's page: a key (64 hex digits) or a display name. */
        void showArtist (const std::string& keyHexOrName);
        /** Follows the artist whose page shows (or stops): the page's button, through the feed. */
        void setFollowing (bool follow);
        void setPeriod (ChartPeriod period);
        /** Empty: every genre. */
        void setGenre (const std::string& genre);
        [[nodiscard]] const ClientChartRequest& chartRequest() const noexcept { return wantedChart; }

        [[nodiscard]] Mode mode() const noexcept { return shownMode; }
        /** The line under the heading: how to link a hub, or the hub's error; empty otherwise. */
        [[nodiscard]] juce::String notice() const { return noticeText; }
        /** The hub's address when the daemon has one. */
        [[nodiscard]] juce::String hubAddress() const { return hub; }
        /** The genres the selector offers: the library's and the hub's charts'. */
        [[nodiscard]] const std::set<juce::String>& genres() const noexcept { return knownGenres; }

        [[nodiscard]] HubChartList& chart() noexcept { return chartList; }
        [[nodiscard]] SearchBar& searchBar() noexcept { return searchFields; }
        [[nodiscard]] HubChartList& searchResults() noexcept { return resultList; }
        [[nodiscard]] ArtistPageView& artistPage() noexcept { return artistView; }

        /** The notice when the daemon has no hub. */
        [[nodiscard]] static juce::String connectMessage();

        /** A library tile clicked. */
        std::function<void (const Tile&)> onPlay;
        /** A hub row's play button: the owner adds the track from its manifest and plays it. */
        std::function<void (const ClientHubTrack&)> onPlayHubTrack;

        void paint (juce::Graphics& g) override;
        void resized() override;
        void visibilityChanged() override;

        /** How long the rows on screen must stay put before their openings are fetched. */
        static constexpr int prefetchDelayMs = 600;

    private:
        void timerCallback() override;
        void wireUp();
        void show (Mode mode);
        void askForChart();
        void askForSearch (const ClientSearchRequest& request);
        /** Shows a chart's rows, or the error that came instead. */
        void showChartRows (const std::vector<ClientHubTrack>& rows, const juce::String& error);
        void showNoHub (const juce::String& text);
        void rowsChanged();
        void addGenres (const std::vector<ClientHubTrack>& tracks);
        void updateGenreBox();
        /** Whether the artist is followed here; unknown from a daemon without the News service.
            Blocks: the feed's worker only. */
        [[nodiscard]] static std::optional<bool> isFollowed (DaemonClient& api, const std::string& artistKeyHex);
        /** Runs action on the feed and then, unless a later question replaced it, done. */
        void ask (std::function<void (DaemonClient&)> action, std::function<void (const juce::String& failure)> done);

        DaemonFeed* feed = nullptr;
        Mode shownMode = Mode::library;
        Mode modeBeforeArtist = Mode::charts;
        juce::String hub;
        juce::String noticeText;
        bool noticeIsError = false;
        ClientChartRequest wantedChart;
        std::set<juce::String> knownGenres;
        std::uint64_t question = 0;

        juce::Rectangle<int> headingArea, noticeArea;
        LibraryShelves shelves;
        juce::TextButton chartsTab { "Charts" }, searchTab { "Search" };
        juce::TextButton dayButton { "Today" }, weekButton { "This week" }, allTimeButton { "All time" };
        juce::ComboBox genreBox;
        HubChartList chartList;
        SearchBar searchFields;
        HubChartList resultList;
        ArtistPageView artistView;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (DiscoverView)
    };
} // namespace earshot
