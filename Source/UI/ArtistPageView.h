#pragma once

#include "Client/DaemonClient.h"
#include "UI/DailySeriesPlot.h"
#include "UI/HubChartList.h"
#include "UI/TrackCovers.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <optional>
#include <vector>

namespace earshot
{
    /** An artist's page from the hub: their profile (name, city, links, bio), their figures
        (listens, listeners, passes landed, seeders, fan points, followers), the daily listens and
        passes as a plot, and their tracks with their chart ranks; and a Follow / Following button
        once whether the artist is followed here is known. Message thread only. */
    class ArtistPageView final : public juce::Component
    {
    public:
        ArtistPageView();
        ~ArtistPageView() override;

        /** Shows a page. */
        void setPage (ClientArtistPage newPage);
        /** Shows that a page is on its way, or why it could not be had. */
        void setLoading (const juce::String& who);
        void setError (const juce::String& text);
        [[nodiscard]] const ClientArtistPage& page() const noexcept { return current; }
        [[nodiscard]] juce::String status() const { return statusText; }

        /** Whether the artist shown is followed here: the button says Follow or Following; unknown
            (while asking, or a daemon without news) hides it. */
        void setFollowing (std::optional<bool> isFollowing);
        [[nodiscard]] std::optional<bool> following() const noexcept { return followed; }
        [[nodiscard]] juce::TextButton& followButton() noexcept { return follow; }

        /** The figures as the page shows them, in order: value and label. */
        [[nodiscard]] static std::vector<std::pair<juce::String, juce::String>> figuresOf (const ClientArtistPage& page);
        /** The tracks as rows: "#3" overall and the place in the genre's chart ("not charting"
            when in neither top 100). */
        [[nodiscard]] static std::vector<HubChartList::Row> rowsOf (const ClientArtistPage& page);

        [[nodiscard]] DailySeriesPlot& plot() noexcept { return dailyPlot; }
        [[nodiscard]] HubChartList& tracks() noexcept { return trackList; }
        void setCovers (TrackCovers* cache) { trackList.setCovers (cache); }

        /** The back button: to the chart or search the page was opened from. */
        std::function<void()> onBack;
        /** The follow button: true to follow the artist shown, false to stop. */
        std::function<void (bool follow)> onFollow;

        void paint (juce::Graphics& g) override;
        void resized() override;

    private:
        ClientArtistPage current;
        juce::String statusText;
        juce::Rectangle<int> profileArea, figuresArea;
        juce::TextButton back { juce::String (juce::CharPointer_UTF8 ("\xe2\x80\xb9 Back")) };
        juce::TextButton follow { "Follow" };
        std::optional<bool> followed;
        DailySeriesPlot dailyPlot;
        HubChartList trackList;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (ArtistPageView)
    };
} // namespace earshot
