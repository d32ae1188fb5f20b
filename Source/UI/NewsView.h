#pragma once

#include "Client/DaemonClient.h"
#include "UI/DaemonFeed.h"
#include "UI/HubChartList.h"
#include "UI/TourDateList.h"
#include "UI/TrackCovers.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace earshot
{
    /** News: what the artists followed here put out. "New releases", newest first (cover, title,
        artist and when; pressing a row plays its first track), and "Tour dates", those in the
        home city first and marked, called-off ones struck through. Following nobody, it says how
        to follow. A "Home city" field by the heading sets the city whose dates come first.

        Every question to the daemon goes through the DaemonFeed, never on the message thread:
        the page asks when it is made visible and every refreshMs while it is; the answer comes back to
        the message thread. Without a feed it shows what setNews gives. Message thread only. */
    class NewsView final : public juce::Component,
                           private juce::Timer
    {
    public:
        NewsView();
        ~NewsView() override;

        /** Where questions to the daemon go; none: only setNews. Must outlive this view. */
        void setFeed (DaemonFeed* newFeed);
        /** Where covers come from. Must outlive this view. */
        void setCovers (TrackCovers* cache);
        /** Asks the daemon for the news, the artists followed and the home city. */
        void refresh();

        /** Shows the news (what refresh's answer brings; a test may give its own). */
        void setNews (ClientNews news, std::vector<ClientFollowedArtist> following, std::string homeCity);
        [[nodiscard]] const ClientNews& news() const noexcept { return shown; }
        [[nodiscard]] const std::vector<ClientFollowedArtist>& following() const noexcept { return followed; }

        /** The releases as rows: each plays its first track; "when" in the rank column. */
        [[nodiscard]] static std::vector<HubChartList::Row> releaseRows (const ClientNews& news, std::int64_t nowMs);
        /** What the page says while nobody is followed. */
        [[nodiscard]] static juce::String followHint();
        /** Whether the page shows followHint() rather than news: once the daemon has said that
            nobody is followed and nothing is filed. */
        [[nodiscard]] bool showsFollowHint() const noexcept { return answered && followed.empty() && shown.releases.empty() && shown.tourDates.empty(); }
        /** The line under the heading: how many artists are followed and the home city, or why
            the news could not be had; empty until the daemon first answers. */
        [[nodiscard]] juce::String notice() const { return noticeText; }
        /** Whether notice() says what went wrong rather than what is shown. */
        [[nodiscard]] bool noticeIsAnError() const noexcept { return noticeIsError; }

        /** The home city's field: filled with the daemon's city at the first answer; Return or
            leaving it sets the city it holds, then asks for the news again. */
        [[nodiscard]] juce::TextEditor& homeCityField() noexcept { return cityField; }
        /** Sets the daemon's home city to what the field holds, unless the daemon has it already;
            then asks for the news again, so the dates re-order at once. */
        void setHomeCityFromField();
        /** The home city last sent to the daemon from the field; empty until one is. */
        [[nodiscard]] const std::string& homeCityAsked() const noexcept { return cityAsked; }

        [[nodiscard]] HubChartList& releases() noexcept { return releaseList; }
        [[nodiscard]] TourDateList& tourDates() noexcept { return dateList; }

        /** A release row's play: the owner adds the first track from its manifest and plays it. */
        std::function<void (const ClientHubTrack&)> onPlayHubTrack;
        /** A release's artist clicked: the owner opens their page (a key, 64 hex digits). */
        std::function<void (const std::string& artistKeyHex)> onArtist;

        void paint (juce::Graphics& g) override;
        void resized() override;
        void visibilityChanged() override;

        /** How often the page asks again while it shows. */
        static constexpr int refreshMs = 2000;

    private:
        void timerCallback() override;
        void updateNotice();

        DaemonFeed* feed = nullptr;
        bool asking = false;
        bool answered = false;
        ClientNews shown;
        std::vector<ClientFollowedArtist> followed;
        std::string homeCity;
        juce::String noticeText;
        bool noticeIsError = false;
        std::string cityAsked;
        bool cityPending = false;
        /** Why the last home city could not be set; shown until another is tried. */
        juce::String cityFailure;

        juce::Rectangle<int> headingArea, noticeArea, releasesHeading, datesHeading, hintArea;
        HubChartList releaseList;
        TourDateList dateList;
        juce::Label cityLabel;
        juce::TextEditor cityField;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (NewsView)
    };
} // namespace earshot
