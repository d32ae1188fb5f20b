#include "DiscoverView.h"

#include "EarshotLookAndFeel.h"

#include <algorithm>

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        constexpr int toolbarHeight = 34;
        constexpr int noticeHeight = 28;
        constexpr int periodGroup = 4201;
        constexpr int allGenresId = 1;

        juce::String text (const std::string& utf8) { return juce::String::fromUTF8 (utf8.c_str()); }

        /** What a question to the daemon about the hub brings back. */
        struct HubAnswer
        {
            HubLinkState link;
            /** The daemon has no hub link at all (one older than the hub). */
            bool noLink = false;
            std::vector<ClientHubTrack> rows;
            juce::String hubError;
        };

        /** Asks the daemon for a chart; what went wrong (the hub down, refusing, the daemon gone)
            goes to the answer, to be shown where the rows would be. */
        void askChart (DaemonClient& api, const ClientChartRequest& request, HubAnswer& answer)
        {
            try
            {
                answer.rows = api.chart (request);
            }
            catch (const Error& error)
            {
                answer.hubError = juce::String::fromUTF8 (error.what());
            }
        }
    } // namespace

    DiscoverView::DiscoverView()
    {
        addAndMakeVisible (shelves);
        for (auto* component : std::initializer_list<juce::Component*> { &chartsTab, &searchTab, &dayButton, &weekButton, &allTimeButton, &genreBox, &chartList, &searchFields, &resultList, &artistView })
            addChildComponent (*component);
        for (auto* tab : { &chartsTab, &searchTab })
        {
            tab->setClickingTogglesState (false);
            tab->setConnectedEdges (tab == &chartsTab ? juce::Button::ConnectedOnRight : juce::Button::ConnectedOnLeft);
        }
        for (auto* period : { &dayButton, &weekButton, &allTimeButton })
        {
            period->setRadioGroupId (periodGroup);
            period->setClickingTogglesState (true);
        }
        weekButton.setToggleState (true, juce::dontSendNotification);
        chartList.setEmptyText (juce::String (juce::CharPointer_UTF8 ("Asking the hub\xe2\x80\xa6")));
        resultList.setFiguresShown (0); // the hub's search answers with tracks, not their figures
        resultList.setEmptyText ("Search the hub by title, artist or album, and narrow it by genre, BPM, key or length");
        updateGenreBox();
        wireUp();
    }

    DiscoverView::~DiscoverView() = default;

    void DiscoverView::wireUp()
    {
        chartsTab.onClick = [this]
        { showCharts(); };
        searchTab.onClick = [this]
        { showSearch(); };
        dayButton.onClick = [this]
        { setPeriod (ChartPeriod::day); };
        weekButton.onClick = [this]
        { setPeriod (ChartPeriod::week); };
        allTimeButton.onClick = [this]
        { setPeriod (ChartPeriod::allTime); };
        genreBox.onChange = [this]
        { setGenre (genreBox.getSelectedId() == allGenresId ? std::string() : genreBox.getText().toStdString()); };

        shelves.onPlay = [this] (const Tile& tile)
        {
            if (onPlay)
                onPlay (tile);
        };
        for (auto* list : { &chartList, &resultList, &artistView.tracks() })
        {
            list->onPlay = [this] (const ClientHubTrack& track)
            {
                if (onPlayHubTrack)
                    onPlayHubTrack (track);
            };
            list->onArtist = [this] (const ClientHubTrack& track)
            { showArtist (track.artistKeyHex.empty() ? track.artistName : track.artistKeyHex); };
            list->onRowsShown = [this]
            { rowsChanged(); };
        }
        searchFields.onSearch = [this] (const ClientSearchRequest& request)
        { askForSearch (request); };
        artistView.onBack = [this]
        { show (modeBeforeArtist); };
        artistView.onFollow = [this] (bool follow)
        { setFollowing (follow); };
    }

    juce::String DiscoverView::connectMessage()
    {
        return "Connect a hub to see what the network is playing: earshot hub set HOST:PORT";
    }

    void DiscoverView::setModel (Model newModel)
    {
        for (const auto& shelf : newModel.shelves)
            if (shelf.title.isNotEmpty() && shelf.title != "No genre")
                knownGenres.insert (shelf.title);
        shelves.setModel (std::move (newModel));
        updateGenreBox();
        repaint();
    }

    juce::Rectangle<int> DiscoverView::tileBounds (int shelf, int tile) const
    {
        const auto bounds = shelves.tileBounds (shelf, tile);
        return bounds.isEmpty() ? bounds : bounds + shelves.getPosition();
    }

    void DiscoverView::setFeed (DaemonFeed* newFeed)
    {
        feed = newFeed;
    }

    void DiscoverView::setCovers (TrackCovers* cache)
    {
        shelves.setCovers (cache);
        chartList.setCovers (cache);
        resultList.setCovers (cache);
        artistView.setCovers (cache);
    }

    void DiscoverView::ask (std::function<void (DaemonClient&)> action, std::function<void (const juce::String&)> done)
    {
        if (feed == nullptr)
            return;
        const auto asked = ++question;
        juce::Component::SafePointer<DiscoverView> safe (this);
        feed->perform (std::move (action), [safe, asked, after = std::move (done)] (juce::String failure)
                       {
            if (safe != nullptr && safe->question == asked)
                after (failure); });
    }

    void DiscoverView::refresh()
    {
        auto answer = std::make_shared<HubAnswer>();
        const auto request = wantedChart;
        const bool wantsChart = shownMode == Mode::library || shownMode == Mode::charts;
        ask ([answer, request, wantsChart] (DaemonClient& api)
             {
            try
            {
                answer->link = api.hub();
            }
            catch (const Error& error)
            {
                if (error.code() == ErrorCode::unavailable)
                    throw;
                answer->noLink = true; // a daemon without the hub link
                return;
            }
            if (wantsChart && ! answer->link.address.empty())
                askChart (api, request, *answer); },
             [this, answer, wantsChart] (const juce::String& failure)
             {
                 if (failure.isNotEmpty())
                     return showNoHub (failure);
                 if (answer->noLink || answer->link.address.empty())
                     return showNoHub (connectMessage());
                 hub = text (answer->link.address);
                 if (shownMode == Mode::library)
                     show (Mode::charts);
                 if (wantsChart)
                     showChartRows (answer->rows, answer->hubError);
             });
    }

    void DiscoverView::showNoHub (const juce::String& why)
    {
        hub.clear();
        noticeText = why;
        noticeIsError = why != connectMessage();
        show (Mode::library);
    }

    void DiscoverView::askForChart()
    {
        if (hub.isEmpty())
            return refresh();
        auto answer = std::make_shared<HubAnswer>();
        chartList.setEmptyText (juce::String (juce::CharPointer_UTF8 ("Asking the hub\xe2\x80\xa6")));
        chartList.setRows ({});
        ask ([answer, request = wantedChart] (DaemonClient& api)
             { askChart (api, request, *answer); },
             [this, answer] (const juce::String& failure)
             { showChartRows (answer->rows, failure.isNotEmpty() ? failure : answer->hubError); });
    }

    void DiscoverView::showChartRows (const std::vector<ClientHubTrack>& rows, const juce::String& error)
    {
        noticeText = error.isEmpty() ? juce::String() : "The hub at " + hub + " did not answer: " + error;
        noticeIsError = noticeText.isNotEmpty();
        addGenres (rows);
        chartList.setEmptyText (noticeIsError ? noticeText : "Nothing in this chart yet");
        chartList.setRows (HubChartList::rowsOf (rows));
        resized();
        repaint();
    }

    void DiscoverView::askForSearch (const ClientSearchRequest& request)
    {
        auto results = std::make_shared<ClientSearchResults>();
        resultList.setEmptyText (juce::String (juce::CharPointer_UTF8 ("Searching\xe2\x80\xa6")));
        resultList.setRows ({});
        ask ([results, request] (DaemonClient& api)
             { *results = api.search (request); },
             [this, results] (const juce::String& failure)
             {
                 searchFields.setTotal (failure.isEmpty() ? results->total : 0);
                 resultList.setEmptyText (failure.isNotEmpty() ? "The search did not go through: " + failure : juce::String ("Nothing matches"));
                 resultList.setRows (HubChartList::rowsOf (results->tracks));
             });
    }

    void DiscoverView::showCharts()
    {
        show (Mode::charts);
        askForChart();
    }

    void DiscoverView::showSearch()
    {
        show (Mode::search);
    }

    std::optional<bool> DiscoverView::isFollowed (DaemonClient& api, const std::string& artistKeyHex)
    {
        try
        {
            const auto artists = api.following();
            return std::any_of (artists.begin(), artists.end(), [&] (const ClientFollowedArtist& each)
                                { return each.artistKeyHex == artistKeyHex; });
        }
        catch (const Error& error)
        {
            if (error.code() == ErrorCode::unavailable)
                throw;
            return std::nullopt; // a daemon without the News service: no button
        }
    }

    void DiscoverView::setFollowing (bool follow)
    {
        if (feed == nullptr)
            return;
        const auto key = artistView.page().artistKeyHex;
        const auto name = artistView.page().profile.name;
        juce::Component::SafePointer<DiscoverView> safe (this);
        feed->perform ([follow, key, name] (DaemonClient& api)
                       {
            if (follow)
                (void) api.follow (key, name);
            else
                (void) api.unfollow (key); },
                       [safe, follow, key] (juce::String failure)
                       {
            if (safe == nullptr || safe->artistView.page().artistKeyHex != key)
                return;
            if (failure.isNotEmpty())
                return safe->artistView.setError ((follow ? "Could not follow: " : "Could not stop following: ") + failure);
            safe->artistView.setFollowing (follow); });
    }

    void DiscoverView::showArtist (const std::string& keyHexOrName)
    {
        if (keyHexOrName.empty())
            return;
        if (shownMode != Mode::artist)
            modeBeforeArtist = shownMode == Mode::library ? Mode::charts : shownMode;
        show (Mode::artist);
        artistView.setLoading (keyHexOrName.size() == 64 ? juce::String() : text (keyHexOrName));
        auto page = std::make_shared<ClientArtistPage>();
        auto followed = std::make_shared<std::optional<bool>>();
        ask ([page, followed, keyHexOrName] (DaemonClient& api)
             {
            *page = api.artist (keyHexOrName, 30);
            *followed = isFollowed (api, page->artistKeyHex); },
             [this, page, followed] (const juce::String& failure)
             {
                 if (failure.isNotEmpty())
                     return artistView.setError ("The hub could not show this artist: " + failure);
                 artistView.setPage (*page);
                 artistView.setFollowing (*followed);
             });
    }

    void DiscoverView::setPeriod (ChartPeriod period)
    {
        wantedChart.period = period;
        dayButton.setToggleState (period == ChartPeriod::day, juce::dontSendNotification);
        weekButton.setToggleState (period == ChartPeriod::week, juce::dontSendNotification);
        allTimeButton.setToggleState (period == ChartPeriod::allTime, juce::dontSendNotification);
        if (shownMode == Mode::charts)
            askForChart();
    }

    void DiscoverView::setGenre (const std::string& genre)
    {
        wantedChart.genre = genre;
        if (! genre.empty())
            knownGenres.insert (text (genre));
        updateGenreBox();
        if (shownMode == Mode::charts)
            askForChart();
    }

    void DiscoverView::addGenres (const std::vector<ClientHubTrack>& tracks)
    {
        const auto before = knownGenres.size();
        for (const auto& track : tracks)
            if (! track.manifest.metadata.genre.empty())
                knownGenres.insert (text (track.manifest.metadata.genre));
        if (knownGenres.size() != before)
            updateGenreBox();
    }

    void DiscoverView::updateGenreBox()
    {
        genreBox.clear (juce::dontSendNotification);
        genreBox.addItem ("All genres", allGenresId);
        int id = allGenresId;
        int selected = allGenresId;
        for (const auto& genre : knownGenres)
        {
            genreBox.addItem (genre, ++id);
            if (genre == text (wantedChart.genre))
                selected = id;
        }
        genreBox.setSelectedId (selected, juce::dontSendNotification);
    }

    void DiscoverView::show (Mode mode)
    {
        shownMode = mode;
        const bool onHub = mode != Mode::library;
        shelves.setVisible (! onHub);
        chartsTab.setVisible (onHub);
        searchTab.setVisible (onHub);
        chartsTab.setToggleState (mode == Mode::charts, juce::dontSendNotification);
        searchTab.setToggleState (mode == Mode::search, juce::dontSendNotification);
        for (auto* component : std::initializer_list<juce::Component*> { &dayButton, &weekButton, &allTimeButton, &genreBox, &chartList })
            component->setVisible (mode == Mode::charts);
        searchFields.setVisible (mode == Mode::search);
        resultList.setVisible (mode == Mode::search);
        artistView.setVisible (mode == Mode::artist);
        if (onHub && noticeText == connectMessage())
            noticeText.clear();
        resized();
        repaint();
        rowsChanged();
    }

    void DiscoverView::visibilityChanged()
    {
        if (isVisible())
            refresh();
    }

    void DiscoverView::rowsChanged()
    {
        startTimer (prefetchDelayMs);
    }

    void DiscoverView::timerCallback()
    {
        stopTimer();
        HubChartList* list = nullptr;
        switch (shownMode)
        {
            case Mode::charts:
                list = &chartList;
                break;
            case Mode::search:
                list = &resultList;
                break;
            case Mode::artist:
                list = &artistView.tracks();
                break;
            case Mode::library:
                break;
        }
        if (list == nullptr || feed == nullptr || ! isShowing())
            return;
        std::vector<TrackManifest> manifests;
        const auto visible = list->visibleRows();
        for (int row = visible.getStart(); row < visible.getEnd(); ++row)
            manifests.push_back (list->rows()[static_cast<std::size_t> (row)].track.manifest);
        if (! manifests.empty())
            feed->perform ([manifests] (DaemonClient& api)
                           { (void) api.prefetchOpenings (manifests); },
                           [] (juce::String) {}); // a missed prefetch only makes the first play wait
    }

    void DiscoverView::paint (juce::Graphics& g)
    {
        g.fillAll (juce::Colour (Palette::background));
        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (26.0f, true));
        g.drawText ("Discover", headingArea, juce::Justification::centredLeft);
        g.setColour (juce::Colour (Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (14.0f));
        const auto source = shownMode == Mode::library ? shelves.model().source : "From the hub at " + hub;
        g.drawText (source, headingArea, juce::Justification::centredRight, true);

        if (noticeText.isNotEmpty() && ! noticeArea.isEmpty())
        {
            const auto colour = juce::Colour (noticeIsError ? Palette::danger : Palette::accent);
            g.setColour (colour.withAlpha (0.14f));
            g.fillRoundedRectangle (noticeArea.toFloat(), 6.0f);
            g.setColour (juce::Colour (Palette::text));
            g.setFont (EarshotLookAndFeel::font (13.5f));
            g.drawFittedText (noticeText, noticeArea.reduced (10, 0), juce::Justification::centredLeft, 1, 0.8f);
        }
    }

    void DiscoverView::resized()
    {
        auto area = getLocalBounds().reduced (20, 16);
        headingArea = area.removeFromTop (36);
        area.removeFromTop (4);
        noticeArea = noticeText.isNotEmpty() ? area.removeFromTop (noticeHeight) : juce::Rectangle<int>();
        if (! noticeArea.isEmpty())
            area.removeFromTop (8);
        shelves.setBounds (area);
        if (shownMode == Mode::library)
            return;

        auto toolbar = area.removeFromTop (toolbarHeight);
        area.removeFromTop (10);
        chartsTab.setBounds (toolbar.removeFromLeft (90).reduced (0, 2));
        searchTab.setBounds (toolbar.removeFromLeft (90).reduced (0, 2));
        genreBox.setBounds (toolbar.removeFromRight (juce::jmin (180, toolbar.getWidth() / 4)).reduced (0, 2));
        toolbar.removeFromRight (10);
        for (auto* period : { &allTimeButton, &weekButton, &dayButton })
            period->setBounds (toolbar.removeFromRight (juce::jmin (96, toolbar.getWidth() / 4)).reduced (2, 2));

        chartList.setBounds (area);
        artistView.setBounds (area);
        searchFields.setBounds (area.removeFromTop (SearchBar::preferredHeight));
        area.removeFromTop (8);
        resultList.setBounds (area);
    }
} // namespace earshot
