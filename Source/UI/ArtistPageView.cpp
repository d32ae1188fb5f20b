#include "ArtistPageView.h"

#include "EarshotLookAndFeel.h"

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        constexpr int profileHeight = 96;
        constexpr int figuresHeight = 58;
        constexpr int plotHeight = 170;

        juce::String text (const std::string& utf8) { return juce::String::fromUTF8 (utf8.c_str()); }
    } // namespace

    ArtistPageView::ArtistPageView()
    {
        back.onClick = [this]
        {
            if (onBack)
                onBack();
        };
        addAndMakeVisible (back);
        follow.onClick = [this]
        {
            if (onFollow && followed)
                onFollow (! *followed);
        };
        addChildComponent (follow);
        addAndMakeVisible (dailyPlot);
        trackList.setFiguresShown (3);
        addAndMakeVisible (trackList);
    }

    ArtistPageView::~ArtistPageView() = default;

    void ArtistPageView::setPage (ClientArtistPage newPage)
    {
        current = std::move (newPage);
        statusText.clear();
        dailyPlot.setDays (current.daily);
        trackList.setRows (rowsOf (current));
        trackList.setEmptyText ("No releases yet");
        repaint();
    }

    void ArtistPageView::setFollowing (std::optional<bool> isFollowing)
    {
        followed = isFollowing;
        follow.setVisible (followed.has_value());
        follow.setButtonText (followed.value_or (false) ? "Following" : "Follow");
        follow.setToggleState (followed.value_or (false), juce::dontSendNotification);
        follow.setTooltip (followed.value_or (false) ? "Stop following: their releases and tour dates leave News" : "Their new releases and tour dates come to News");
    }

    void ArtistPageView::setLoading (const juce::String& who)
    {
        setFollowing (std::nullopt);
        current = {};
        current.profile.name = who.toStdString();
        statusText = juce::String (juce::CharPointer_UTF8 ("Asking the hub\xe2\x80\xa6"));
        dailyPlot.setDays ({});
        trackList.setRows ({});
        trackList.setEmptyText ({});
        repaint();
    }

    void ArtistPageView::setError (const juce::String& errorText)
    {
        statusText = errorText;
        repaint();
    }

    std::vector<std::pair<juce::String, juce::String>> ArtistPageView::figuresOf (const ClientArtistPage& page)
    {
        return { { juce::String (page.listens), "listens" }, { juce::String (page.listeners), "listeners" }, { juce::String (page.passes), "passes landed" }, { juce::String (page.seeders), "seeders" }, { juce::String (page.fanPoints), "fan points" }, { juce::String (page.followers), "followers" } };
    }

    std::vector<HubChartList::Row> ArtistPageView::rowsOf (const ClientArtistPage& page)
    {
        std::vector<HubChartList::Row> rows;
        for (const auto& track : page.tracks)
        {
            juce::StringArray ranks;
            if (track.overallRank > 0)
                ranks.add ("#" + juce::String (track.overallRank));
            if (track.genreRank > 0)
                ranks.add ("#" + juce::String (track.genreRank) + " in " + (track.track.manifest.metadata.genre.empty() ? juce::String ("genre") : text (track.track.manifest.metadata.genre)));
            rows.push_back ({ track.track, ranks.isEmpty() ? juce::String ("not charting") : ranks.joinIntoString ("\n") });
        }
        return rows;
    }

    void ArtistPageView::paint (juce::Graphics& g)
    {
        auto area = profileArea;
        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (26.0f, true));
        g.drawText (text (current.profile.name), area.removeFromTop (34).withTrimmedLeft (back.getRight() - profileArea.getX() + 12).withTrimmedRight (follow.getWidth() + 12), juce::Justification::centredLeft, true);

        juce::StringArray where;
        if (! current.profile.homeCity.empty())
            where.add (text (current.profile.homeCity));
        for (const auto& link : current.profile.links)
            where.add (text (link));
        g.setColour (juce::Colour (Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (13.5f));
        g.drawText (where.joinIntoString (juce::String (juce::CharPointer_UTF8 (" \xc2\xb7 "))), area.removeFromTop (20), juce::Justification::centredLeft, true);
        g.setColour (juce::Colour (statusText.isNotEmpty() ? Palette::warning : Palette::text).withAlpha (0.9f));
        g.drawFittedText (statusText.isNotEmpty() ? statusText : text (current.profile.bio), area, juce::Justification::topLeft, 2, 0.9f);

        // The figures, side by side.
        const auto figures = figuresOf (current);
        auto tiles = figuresArea;
        const auto tileWidth = tiles.getWidth() / static_cast<int> (figures.size());
        for (const auto& [value, label] : figures)
        {
            auto tile = tiles.removeFromLeft (tileWidth).reduced (4, 0);
            g.setColour (juce::Colour (Palette::surface));
            g.fillRoundedRectangle (tile.toFloat(), 8.0f);
            tile.reduce (10, 6);
            g.setColour (juce::Colour (Palette::text));
            g.setFont (EarshotLookAndFeel::font (19.0f, true));
            g.drawText (value, tile.removeFromTop (26), juce::Justification::centredLeft, true);
            g.setColour (juce::Colour (Palette::textDim));
            g.setFont (EarshotLookAndFeel::font (12.5f));
            g.drawText (label, tile, juce::Justification::centredLeft, true);
        }
    }

    void ArtistPageView::resized()
    {
        auto area = getLocalBounds();
        profileArea = area.removeFromTop (profileHeight);
        back.setBounds (profileArea.getX(), profileArea.getY() + 3, 76, 28);
        follow.setBounds (profileArea.getRight() - 110, profileArea.getY() + 3, 110, 28);
        area.removeFromTop (6);
        figuresArea = area.removeFromTop (figuresHeight);
        area.removeFromTop (12);
        dailyPlot.setBounds (area.removeFromTop (plotHeight));
        area.removeFromTop (10);
        trackList.setBounds (area);
    }
} // namespace earshot
