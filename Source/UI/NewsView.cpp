#include "NewsView.h"

#include "EarshotLookAndFeel.h"
#include "Formatting.h"

#include <memory>

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        constexpr int headingHeight = 56;
        constexpr int noticeHeight = 24;
        constexpr int sectionHeadingHeight = 34;
        constexpr int cityFieldWidth = 220;
        constexpr int cityLabelWidth = 84;

        juce::String text (const std::string& utf8) { return juce::String::fromUTF8 (utf8.c_str()); }

        /** What a refresh brings back from the worker. */
        struct NewsAnswer
        {
            ClientNews news;
            std::vector<ClientFollowedArtist> following;
            std::string homeCity;
            /** Whether a home city asked for was set before anything failed. */
            bool citySet = false;

            void fetch (DaemonClient& api)
            {
                news = api.news();
                following = api.following();
                homeCity = api.homeCity();
            }
        };
    } // namespace

    NewsView::NewsView()
    {
        releaseList.setFiguresShown (0);
        releaseList.setRankHeading ("Out");
        releaseList.setEmptyText ("No new releases from the artists you follow yet");
        releaseList.onPlay = [this] (const ClientHubTrack& track)
        {
            if (onPlayHubTrack)
                onPlayHubTrack (track);
        };
        releaseList.onArtist = [this] (const ClientHubTrack& track)
        {
            if (onArtist)
                onArtist (track.artistKeyHex);
        };
        dateList.setEmptyText ("No upcoming tour dates from the artists you follow");
        addAndMakeVisible (releaseList);
        addAndMakeVisible (dateList);

        cityLabel.setText ("Home city", juce::dontSendNotification);
        cityLabel.setFont (EarshotLookAndFeel::font (14.0f));
        cityLabel.setColour (juce::Label::textColourId, juce::Colour (Palette::textDim));
        cityLabel.setJustificationType (juce::Justification::centredRight);
        cityLabel.attachToComponent (&cityField, true);
        cityField.setFont (EarshotLookAndFeel::font (14.5f));
        cityField.setIndents (10, 0);
        cityField.setJustification (juce::Justification::centredLeft);
        cityField.setTextToShowWhenEmpty ("None: dates by date", juce::Colour (Palette::textFaint));
        cityField.setTitle ("Home city");
        cityField.onReturnKey = [this]
        { setHomeCityFromField(); };
        cityField.onFocusLost = [this]
        { setHomeCityFromField(); };
        // Until the daemon says which city it has, an empty field would read as "clear it".
        cityField.setEnabled (false);
        addAndMakeVisible (cityField);
    }

    NewsView::~NewsView() = default;

    void NewsView::setFeed (DaemonFeed* newFeed)
    {
        feed = newFeed;
        if (feed == nullptr)
            stopTimer();
        else if (isVisible())
            refresh();
    }

    void NewsView::setCovers (TrackCovers* cache)
    {
        releaseList.setCovers (cache);
    }

    juce::String NewsView::followHint()
    {
        return "Follow an artist from its page in Discover, or: earshot follow NAME";
    }

    std::vector<HubChartList::Row> NewsView::releaseRows (const ClientNews& news, std::int64_t nowMs)
    {
        std::vector<HubChartList::Row> rows;
        for (const auto& release : news.releases)
        {
            if (release.tracks.empty())
                continue;
            ClientHubTrack first;
            first.manifest = release.tracks.front();
            first.trackId = trackIdOf (first.manifest);
            first.artistKeyHex = release.artistKeyHex;
            first.artistName = release.artistName;
            first.hasCover = true;
            auto title = text (release.title);
            if (release.tracks.size() > 1)
                title << "  (" << static_cast<int> (release.tracks.size()) << " tracks)";
            rows.push_back ({ first, formatting::ago (release.postedAtMs, nowMs), title });
        }
        return rows;
    }

    void NewsView::refresh()
    {
        if (feed == nullptr || asking)
            return;
        asking = true;
        auto answer = std::make_shared<NewsAnswer>();
        juce::Component::SafePointer<NewsView> safe (this);
        feed->perform ([answer] (DaemonClient& api)
                       { answer->fetch (api); },
                       [safe, answer] (juce::String failure)
                       {
            if (safe == nullptr)
                return;
            safe->asking = false;
            if (failure.isNotEmpty())
            {
                safe->noticeText = "The news could not be had: " + failure;
                safe->noticeIsError = true;
                safe->repaint();
                return;
            }
            safe->setNews (std::move (answer->news), std::move (answer->following), std::move (answer->homeCity)); });
    }

    void NewsView::setHomeCityFromField()
    {
        const auto city = cityField.getText().trim().toStdString();
        // Return and then leaving the field ask once; a city the daemon refused may be tried again.
        if (feed == nullptr || ! answered || (city == homeCity && cityFailure.isEmpty()) || (cityPending && city == cityAsked))
            return;
        cityPending = true;
        cityAsked = city;
        cityFailure.clear();
        auto answer = std::make_shared<NewsAnswer>();
        juce::Component::SafePointer<NewsView> safe (this);
        feed->perform ([answer, city] (DaemonClient& api)
                       {
            api.setHomeCity (city);
            answer->citySet = true;
            answer->fetch (api); },
                       [safe, answer] (juce::String failure)
                       {
            if (safe == nullptr)
                return;
            safe->cityPending = false;
            if (failure.isNotEmpty())
            {
                if (answer->citySet)
                    safe->noticeText = "The news could not be had: " + failure;
                else
                    safe->noticeText = safe->cityFailure = "The home city could not be set: " + failure;
                safe->noticeIsError = true;
                safe->repaint();
                return;
            }
            safe->setNews (std::move (answer->news), std::move (answer->following), std::move (answer->homeCity)); });
    }

    void NewsView::setNews (ClientNews news, std::vector<ClientFollowedArtist> following, std::string city)
    {
        // The daemon's city fills the field at the first answer, and later (set from the command
        // line, say) unless the field is being edited or holds a city not yet set.
        const auto fieldHoldsShownCity = ! cityField.hasKeyboardFocus (true) && cityField.getText().trim().toStdString() == homeCity;
        if (! answered || fieldHoldsShownCity)
            cityField.setText (text (city), false);
        cityField.setEnabled (true);
        answered = true;
        shown = std::move (news);
        followed = std::move (following);
        homeCity = std::move (city);
        releaseList.setRows (releaseRows (shown, formatting::nowMs()));
        dateList.setDates (shown.tourDates);
        updateNotice();
        resized();
        repaint();
    }

    void NewsView::updateNotice()
    {
        noticeIsError = cityFailure.isNotEmpty();
        if (noticeIsError)
        {
            noticeText = cityFailure;
            return;
        }
        const auto artists = juce::String (static_cast<int> (followed.size())) + (followed.size() == 1 ? " artist" : " artists");
        if (homeCity.empty())
            noticeText = "Following " + artists + ". Set your home city to see its dates first";
        else
            noticeText = "Following " + artists + ". Tour dates in " + text (homeCity) + ", your home city, come first";
    }

    void NewsView::visibilityChanged()
    {
        if (isVisible() && feed != nullptr)
        {
            refresh();
            startTimer (refreshMs);
        }
        else
            stopTimer();
    }

    void NewsView::timerCallback()
    {
        if (! isVisible())
            return stopTimer();
        refresh();
    }

    void NewsView::paint (juce::Graphics& g)
    {
        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (26.0f, true));
        g.drawText ("News", headingArea, juce::Justification::centredLeft, true);

        g.setColour (juce::Colour (noticeIsError ? Palette::danger : Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (13.5f));
        g.drawText (noticeText, noticeArea, juce::Justification::centredLeft, true);

        if (showsFollowHint())
        {
            g.setColour (juce::Colour (Palette::surface));
            g.fillRoundedRectangle (hintArea.toFloat(), 10.0f);
            g.setColour (juce::Colour (Palette::text));
            g.setFont (EarshotLookAndFeel::font (17.0f, true));
            g.drawText ("You follow no one yet", hintArea.reduced (20, 14).removeFromTop (26), juce::Justification::centredLeft, true);
            g.setColour (juce::Colour (Palette::textDim));
            g.setFont (EarshotLookAndFeel::font (14.0f));
            g.drawFittedText (followHint(), hintArea.reduced (20, 14).withTrimmedTop (30), juce::Justification::topLeft, 2);
            return;
        }
        if (! answered)
            return;

        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (17.0f, true));
        g.drawText ("New releases", releasesHeading, juce::Justification::bottomLeft, true);
        g.drawText ("Tour dates", datesHeading, juce::Justification::bottomLeft, true);
    }

    void NewsView::resized()
    {
        auto area = getLocalBounds().reduced (24, 12);
        headingArea = area.removeFromTop (headingHeight - noticeHeight);
        cityField.setBounds (headingArea.removeFromRight (cityFieldWidth).withSizeKeepingCentre (cityFieldWidth, 28));
        headingArea.removeFromRight (cityLabelWidth); // the field's label, attached on its left
        noticeArea = area.removeFromTop (noticeHeight);
        area.removeFromTop (10);
        hintArea = area.withHeight (juce::jmin (area.getHeight(), 96));

        const bool lists = answered && ! showsFollowHint();
        releaseList.setVisible (lists);
        dateList.setVisible (lists);

        // Releases above, tour dates below: each its share, the releases' list no taller than its rows.
        releasesHeading = area.removeFromTop (sectionHeadingHeight).withTrimmedBottom (6);
        const auto releaseRowsHeight = juce::jmax (1, static_cast<int> (releaseList.rows().size())) * HubChartList::rowHeight + HubChartList::headerHeight + 8;
        const auto releasesHeight = juce::jmin (releaseRowsHeight, (area.getHeight() - sectionHeadingHeight) / 2);
        releaseList.setBounds (area.removeFromTop (juce::jmax (HubChartList::rowHeight + HubChartList::headerHeight, releasesHeight)));
        area.removeFromTop (8);
        datesHeading = area.removeFromTop (sectionHeadingHeight).withTrimmedBottom (6);
        dateList.setBounds (area);
    }
} // namespace earshot
