#include "HubChartList.h"

#include "CoverTile.h"
#include "EarshotLookAndFeel.h"
#include "Formatting.h"

#include "Core/ChartScore.h"

#include <array>

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        constexpr int rankWidth = 92;
        constexpr int coverSide = 48;
        constexpr int numberWidth = 78;
        constexpr int playSide = 34;

        /** The columns at the right of a row, from the left: listeners, passes, seeders, score. */
        constexpr std::array<const char*, 4> numberHeadings { "Listeners", "Passes", "Seeders", "Score" };

        juce::String numberText (const ClientHubTrack& track, std::size_t column)
        {
            switch (column)
            {
                case 0:
                    return juce::String (track.listeners);
                case 1:
                    return juce::String (track.passes);
                case 2:
                    return juce::String (track.seeders);
                default:
                    return juce::String (track.score, 1);
            }
        }

        /** The numbers' columns fit a row this wide: fewer of them when narrow. */
        int numberColumns (int width)
        {
            return juce::jlimit (0, 4, (width - rankWidth - coverSide - playSide - 220) / numberWidth);
        }

        juce::String text (const std::string& utf8) { return juce::String::fromUTF8 (utf8.c_str()); }

        juce::String artistText (const ClientHubTrack& track)
        {
            return track.artistName.empty() ? formatting::artistOf (track.manifest) : text (track.artistName);
        }
    } // namespace

    /** The scrolling rows; the score's explanation is its tooltip. */
    class HubChartList::Rows final : public juce::Component,
                                     public juce::TooltipClient
    {
    public:
        explicit Rows (HubChartList& ownerList)
            : owner (ownerList) {}

        juce::Rectangle<int> rowArea (int row) const { return { 0, row * rowHeight, getWidth(), rowHeight }; }

        juce::Rectangle<int> coverArea (int row) const
        {
            return rowArea (row).withTrimmedLeft (rankWidth).removeFromLeft (coverSide).withSizeKeepingCentre (coverSide, coverSide);
        }

        juce::Rectangle<int> playArea (int row) const
        {
            return rowArea (row).removeFromRight (playSide + 12).withSizeKeepingCentre (playSide, playSide);
        }

        juce::Rectangle<int> textArea (int row) const
        {
            auto area = rowArea (row).withTrimmedLeft (rankWidth + coverSide + 14);
            area.removeFromRight (playSide + 12 + numberColumns (getWidth()) * numberWidth);
            return area.reduced (0, 10);
        }

        juce::Rectangle<int> artistArea (int row) const
        {
            const auto area = textArea (row).withTrimmedTop (21);
            const auto& track = owner.shown[static_cast<std::size_t> (row)].track;
            const auto width = EarshotLookAndFeel::font (13.0f).getStringWidth (artistText (track));
            return area.withWidth (juce::jmin (area.getWidth(), width + 2)).withHeight (18);
        }

        juce::Rectangle<int> numberArea (int row, int column) const
        {
            const auto columns = numberColumns (getWidth());
            auto area = rowArea (row).withTrimmedRight (playSide + 12);
            area = area.removeFromRight (columns * numberWidth);
            return area.withTrimmedLeft (column * numberWidth).withWidth (numberWidth).reduced (6, 0);
        }

        void paint (juce::Graphics& g) override
        {
            const auto clip = g.getClipBounds();
            for (int row = juce::jmax (0, clip.getY() / rowHeight); row < static_cast<int> (owner.shown.size()) && row * rowHeight < clip.getBottom(); ++row)
                paintRow (g, row);
        }

        void paintRow (juce::Graphics& g, int row)
        {
            const auto& entry = owner.shown[static_cast<std::size_t> (row)];
            const auto& track = entry.track;
            const auto area = rowArea (row);
            const bool hovered = isMouseOver() && area.contains (getMouseXYRelative());
            g.setColour (juce::Colour (hovered ? Palette::surfaceRaised : Palette::surface).withAlpha (row % 2 == 0 || hovered ? 1.0f : 0.6f));
            g.fillRoundedRectangle (area.reduced (0, 2).toFloat(), 8.0f);

            g.setColour (juce::Colour (Palette::textDim));
            g.setFont (EarshotLookAndFeel::font (14.0f, true));
            g.drawFittedText (entry.rankLabel, area.withWidth (rankWidth).reduced (10, 4), juce::Justification::centredLeft, 2, 0.8f);

            const auto title = entry.title.isNotEmpty() ? entry.title : formatting::titleOf (track.manifest);
            const auto cover = owner.covers != nullptr && track.hasCover ? owner.covers->find (track.trackId) : juce::Image();
            coverTile::paint (g, coverArea (row).toFloat(), cover, title, title + text (track.manifest.metadata.album), 6.0f);

            const auto words = textArea (row);
            g.setColour (juce::Colour (Palette::text));
            g.setFont (EarshotLookAndFeel::font (15.0f, true));
            g.drawText (title, words.withHeight (20), juce::Justification::centredLeft, true);
            const auto artist = artistArea (row);
            const bool overArtist = hovered && artist.contains (getMouseXYRelative());
            g.setColour (juce::Colour (overArtist ? Palette::accentBright : Palette::textDim));
            g.setFont (EarshotLookAndFeel::font (13.0f));
            g.drawText (artistText (track), artist, juce::Justification::centredLeft, true);
            if (overArtist)
                g.fillRect (artist.getX(), artist.getBottom() - 1, artist.getWidth(), 1);

            for (int column = 0; column < numberColumns (getWidth()); ++column)
            {
                if (column >= owner.figuresShown)
                    break;
                const bool score = column == 3;
                g.setColour (juce::Colour (score ? Palette::text : Palette::textDim));
                g.setFont (EarshotLookAndFeel::font (14.0f, score));
                g.drawText (numberText (track, static_cast<std::size_t> (column)), numberArea (row, column), juce::Justification::centredRight);
            }

            const auto button = playArea (row).toFloat();
            g.setColour (juce::Colour (Palette::accent).withAlpha (hovered ? 1.0f : 0.8f));
            g.fillEllipse (button);
            if (auto icon = EarshotLookAndFeel::createIcon (EarshotLookAndFeel::Icon::play, juce::Colours::white))
                icon->drawWithin (g, button.reduced (10.0f).translated (1.0f, 0.0f), juce::RectanglePlacement::centred, 1.0f);
        }

        juce::String getTooltip() override
        {
            const auto row = getMouseXYRelative().getY() / rowHeight;
            if (row < 0 || row >= static_cast<int> (owner.shown.size()) || owner.figuresShown < 4)
                return {};
            return scoreExplanation (owner.shown[static_cast<std::size_t> (row)].track);
        }

        void mouseMove (const juce::MouseEvent&) override { repaint(); }
        void mouseExit (const juce::MouseEvent&) override { repaint(); }

        void mouseUp (const juce::MouseEvent& event) override
        {
            if (! event.mouseWasClicked())
                return;
            const auto row = event.getPosition().getY() / rowHeight;
            if (row < 0 || row >= static_cast<int> (owner.shown.size()))
                return;
            if (playArea (row).contains (event.getPosition()) || coverArea (row).contains (event.getPosition()))
                owner.play (row);
            else if (artistArea (row).contains (event.getPosition()))
                owner.openArtist (row);
        }

    private:
        HubChartList& owner;
    };

    //==============================================================================
    HubChartList::HubChartList()
        : content (std::make_unique<Rows> (*this))
    {
        viewport.setViewedComponent (content.get(), false);
        viewport.setScrollBarsShown (true, false);
        viewport.setScrollBarThickness (10);
        viewport.getVerticalScrollBar().addListener (this);
        addAndMakeVisible (viewport);
    }

    HubChartList::~HubChartList()
    {
        viewport.getVerticalScrollBar().removeListener (this);
        if (covers != nullptr)
            covers->removeChangeListener (this);
    }

    std::vector<HubChartList::Row> HubChartList::rowsOf (const std::vector<ClientHubTrack>& tracks)
    {
        std::vector<Row> rows;
        rows.reserve (tracks.size());
        for (const auto& track : tracks)
            rows.push_back ({ track, track.rank > 0 ? "#" + juce::String (track.rank) : juce::String() });
        return rows;
    }

    juce::String HubChartList::scoreExplanation (const ClientHubTrack& track)
    {
        const ChartWeights weights;
        return "Score " + juce::String (track.score, 2) + ": listens past the threshold (each listener once a day) weigh "
               + juce::String (weights.listenWeight) + ", passes that landed " + juce::String (weights.passWeight)
               + ", daemons seeding it now " + juce::String (weights.seederWeight) + ". Day and week charts add up their days; all time halves a day's weight every "
               + juce::String (weights.halfLifeDays) + " days. This track: " + juce::String (track.listeners) + (track.listeners == 1 ? " listener, " : " listeners, ")
               + juce::String (track.passes) + (track.passes == 1 ? " pass, " : " passes, ") + juce::String (track.seeders) + (track.seeders == 1 ? " seeder." : " seeders.");
    }

    void HubChartList::setRows (std::vector<Row> newRows)
    {
        shown = std::move (newRows);
        viewport.setViewPosition (0, 0);
        resized();
        content->repaint();
        repaint();
        if (onRowsShown)
            onRowsShown();
    }

    void HubChartList::setEmptyText (juce::String text)
    {
        emptyText = std::move (text);
        repaint();
    }

    void HubChartList::setFiguresShown (int columns)
    {
        figuresShown = juce::jlimit (0, 4, columns);
        repaint();
        content->repaint();
    }

    void HubChartList::setCovers (TrackCovers* cache)
    {
        if (covers != nullptr)
            covers->removeChangeListener (this);
        covers = cache;
        if (covers != nullptr)
            covers->addChangeListener (this);
    }

    juce::Rectangle<int> HubChartList::rowBounds (int row) const
    {
        if (row < 0 || row >= static_cast<int> (shown.size()))
            return {};
        return content->rowArea (row) + viewport.getPosition() - viewport.getViewPosition();
    }

    juce::Rectangle<int> HubChartList::coverBounds (int row) const
    {
        return rowBounds (row).isEmpty() ? juce::Rectangle<int>() : content->coverArea (row) + viewport.getPosition() - viewport.getViewPosition();
    }

    juce::Rectangle<int> HubChartList::playBounds (int row) const
    {
        return rowBounds (row).isEmpty() ? juce::Rectangle<int>() : content->playArea (row) + viewport.getPosition() - viewport.getViewPosition();
    }

    juce::Rectangle<int> HubChartList::artistBounds (int row) const
    {
        return rowBounds (row).isEmpty() ? juce::Rectangle<int>() : content->artistArea (row) + viewport.getPosition() - viewport.getViewPosition();
    }

    juce::Range<int> HubChartList::visibleRows() const
    {
        const auto top = viewport.getViewPositionY();
        const auto first = juce::jmin (static_cast<int> (shown.size()), top / rowHeight);
        const auto end = juce::jmin (static_cast<int> (shown.size()), (top + viewport.getMaximumVisibleHeight() + rowHeight - 1) / rowHeight);
        return { first, juce::jmax (first, end) };
    }

    void HubChartList::play (int row)
    {
        if (row >= 0 && row < static_cast<int> (shown.size()) && onPlay)
            onPlay (shown[static_cast<std::size_t> (row)].track);
    }

    void HubChartList::openArtist (int row)
    {
        if (row >= 0 && row < static_cast<int> (shown.size()) && onArtist)
            onArtist (shown[static_cast<std::size_t> (row)].track);
    }

    void HubChartList::paint (juce::Graphics& g)
    {
        g.setColour (juce::Colour (Palette::textFaint));
        g.setFont (EarshotLookAndFeel::font (12.0f, true));
        const auto header = getLocalBounds().removeFromTop (headerHeight);
        g.drawText (rankHeading, header.withWidth (rankWidth).withTrimmedLeft (10), juce::Justification::centredLeft);
        g.drawText ("Track", header.withTrimmedLeft (rankWidth + coverSide + 14), juce::Justification::centredLeft);
        const auto columns = numberColumns (content->getWidth());
        auto numbers = header.withWidth (content->getWidth()).withTrimmedRight (playSide + 12);
        numbers = numbers.removeFromRight (columns * numberWidth);
        for (int column = 0; column < juce::jmin (columns, figuresShown); ++column)
            g.drawText (numberHeadings[static_cast<std::size_t> (column)], numbers.withTrimmedLeft (column * numberWidth).withWidth (numberWidth).reduced (6, 0), juce::Justification::centredRight);

        if (shown.empty() && emptyText.isNotEmpty())
        {
            g.setColour (juce::Colour (Palette::textDim));
            g.setFont (EarshotLookAndFeel::font (14.0f));
            g.drawFittedText (emptyText, viewport.getBounds().withTrimmedTop (24).reduced (12, 0), juce::Justification::centredTop, 3);
        }
    }

    void HubChartList::setRankHeading (juce::String heading)
    {
        rankHeading = std::move (heading);
        repaint();
    }

    void HubChartList::resized()
    {
        viewport.setBounds (getLocalBounds().withTrimmedTop (headerHeight));
        content->setSize (viewport.getMaximumVisibleWidth(), juce::jmax (1, static_cast<int> (shown.size()) * rowHeight));
    }

    void HubChartList::changeListenerCallback (juce::ChangeBroadcaster*)
    {
        content->repaint();
    }

    void HubChartList::scrollBarMoved (juce::ScrollBar*, double)
    {
        if (onRowsShown)
            onRowsShown();
    }
} // namespace earshot
