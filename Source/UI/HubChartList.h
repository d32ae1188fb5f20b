#pragma once

#include "Client/DaemonClient.h"
#include "UI/TrackCovers.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <memory>
#include <vector>

namespace earshot
{
    /** Rows of hub tracks (a chart, search results, an artist's tracks): rank, cover (or the
        letter tile), title, artist, listeners, passes landed, seeders and score, with a play
        button. Hovering a row's score explains what it is made of; clicking the artist's name
        opens their page. Scrolls. Message thread only. */
    class HubChartList final : public juce::Component,
                               private juce::ChangeListener,
                               private juce::ScrollBar::Listener
    {
    public:
        struct Row
        {
            ClientHubTrack track;
            /** Shown in the rank column: "#3", or an artist page's "#3 · #1 in techno". */
            juce::String rankLabel;
            /** Shown instead of the track's own title when set: a release's (an album's) title. */
            juce::String title {};
        };

        HubChartList();
        ~HubChartList() override;

        /** Rows for tracks as a chart or search shows them: the rank when there is one. */
        [[nodiscard]] static std::vector<Row> rowsOf (const std::vector<ClientHubTrack>& tracks);
        /** What a track's score is made of, in words, with the weights the hub scores by. */
        [[nodiscard]] static juce::String scoreExplanation (const ClientHubTrack& track);

        void setRows (std::vector<Row> newRows);
        [[nodiscard]] const std::vector<Row>& rows() const noexcept { return shown; }
        /** What an empty list says instead. */
        void setEmptyText (juce::String text);
        /** How many of the figures' columns show, from the left (listeners, passes, seeders,
            score): an artist page's tracks carry no chart score (3), search results no figures (0). */
        void setFiguresShown (int columns);
        /** The rank column's heading ("#"; a list of releases says when). */
        void setRankHeading (juce::String heading);
        /** Where covers come from; none: letter tiles only. The cache must outlive this list. */
        void setCovers (TrackCovers* cache);

        /** Where a row, its cover, its play button and its artist's name are drawn, in this
            component's coordinates (empty for a row out of range). */
        [[nodiscard]] juce::Rectangle<int> rowBounds (int row) const;
        [[nodiscard]] juce::Rectangle<int> coverBounds (int row) const;
        [[nodiscard]] juce::Rectangle<int> playBounds (int row) const;
        [[nodiscard]] juce::Rectangle<int> artistBounds (int row) const;
        /** The rows at least partly on screen. */
        [[nodiscard]] juce::Range<int> visibleRows() const;

        /** Plays a row, as its play button does. */
        void play (int row);
        /** Opens a row's artist, as a click on the name does. */
        void openArtist (int row);

        std::function<void (const ClientHubTrack&)> onPlay;
        std::function<void (const ClientHubTrack&)> onArtist;
        /** Rows scrolled into view or replaced: the owner may fetch their openings. */
        std::function<void()> onRowsShown;

        void paint (juce::Graphics& g) override;
        void resized() override;

        static constexpr int rowHeight = 62;
        static constexpr int headerHeight = 26;

    private:
        class Rows;

        void changeListenerCallback (juce::ChangeBroadcaster*) override;
        void scrollBarMoved (juce::ScrollBar*, double) override;

        std::vector<Row> shown;
        juce::String emptyText;
        juce::String rankHeading { "#" };
        int figuresShown = 4;
        TrackCovers* covers = nullptr;
        juce::Viewport viewport;
        std::unique_ptr<Rows> content;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (HubChartList)
    };
} // namespace earshot
