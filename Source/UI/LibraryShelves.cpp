#include "LibraryShelves.h"

#include "CoverTile.h"
#include "EarshotLookAndFeel.h"
#include "Formatting.h"

#include "Core/ChartRanking.h"

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        constexpr int tileWidth = 156;
        constexpr int tileHeight = 208;
        constexpr int gap = 18;
        constexpr int shelfHeading = 46;
    } // namespace

    /** The scrolling content: shelves and their tiles, wrapped to the width. */
    class LibraryShelves::Content final : public juce::Component
    {
    public:
        explicit Content (LibraryShelves& ownerView)
            : owner (ownerView) {}

        int columns() const { return juce::jmax (1, (getWidth() + gap) / (tileWidth + gap)); }

        void layOut (int width)
        {
            setSize (width, 0);
            int height = 0;
            for (const auto& shelf : owner.current.shelves)
            {
                const auto rows = (static_cast<int> (shelf.tiles.size()) + columns() - 1) / columns();
                height += shelfHeading + rows * (tileHeight + gap);
            }
            setSize (width, juce::jmax (height, 1));
        }

        juce::Rectangle<int> tileBounds (int shelfIndex, int tileIndex) const
        {
            int y = 0;
            for (int s = 0; s < static_cast<int> (owner.current.shelves.size()); ++s)
            {
                const auto& shelf = owner.current.shelves[static_cast<std::size_t> (s)];
                const auto rows = (static_cast<int> (shelf.tiles.size()) + columns() - 1) / columns();
                if (s == shelfIndex)
                {
                    if (tileIndex < 0 || tileIndex >= static_cast<int> (shelf.tiles.size()))
                        return {};
                    return { (tileIndex % columns()) * (tileWidth + gap), y + shelfHeading + (tileIndex / columns()) * (tileHeight + gap), tileWidth, tileHeight };
                }
                y += shelfHeading + rows * (tileHeight + gap);
            }
            return {};
        }

        void paint (juce::Graphics& g) override
        {
            int y = 0;
            for (int s = 0; s < static_cast<int> (owner.current.shelves.size()); ++s)
            {
                const auto& shelf = owner.current.shelves[static_cast<std::size_t> (s)];
                g.setColour (juce::Colour (Palette::text));
                g.setFont (EarshotLookAndFeel::font (19.0f, true));
                const auto titleWidth = g.getCurrentFont().getStringWidth (shelf.title);
                g.drawText (shelf.title, 0, y + 8, getWidth(), 28, juce::Justification::centredLeft);
                g.setColour (juce::Colour (Palette::textDim));
                g.setFont (EarshotLookAndFeel::font (13.5f));
                g.drawText (shelf.subtitle, titleWidth + 12, y + 8, getWidth() - titleWidth - 12, 28, juce::Justification::centredLeft);

                for (int t = 0; t < static_cast<int> (shelf.tiles.size()); ++t)
                    paintTile (g, shelf.tiles[static_cast<std::size_t> (t)], tileBounds (s, t), t + 1);

                const auto rows = (static_cast<int> (shelf.tiles.size()) + columns() - 1) / columns();
                y += shelfHeading + rows * (tileHeight + gap);
            }
        }

        void paintTile (juce::Graphics& g, const Tile& tile, juce::Rectangle<int> bounds, int rank)
        {
            const bool hovered = bounds.contains (getMouseXYRelative()) && isMouseOver();
            auto cover = bounds.removeFromTop (tileWidth).toFloat();
            const auto image = owner.covers != nullptr ? owner.covers->find (tile.trackId) : juce::Image();
            coverTile::paint (g, cover, image, tile.title, tile.title + tile.album, 10.0f);
            if (hovered)
            {
                g.setColour (juce::Colours::white.withAlpha (0.08f));
                g.fillRoundedRectangle (cover, 10.0f);
            }

            // The rank in the chart.
            g.setFont (EarshotLookAndFeel::font (14.0f, true));
            g.setColour (juce::Colours::white.withAlpha (0.7f));
            g.drawText ("#" + juce::String (rank), cover.toNearestInt().reduced (12, 10), juce::Justification::topLeft);

            // A play button, and how much has arrived along the cover's foot.
            const auto button = juce::Rectangle<float> (34.0f, 34.0f).withPosition (cover.getRight() - 44.0f, cover.getBottom() - 48.0f);
            g.setColour (juce::Colour (Palette::accent).withAlpha (hovered ? 1.0f : 0.85f));
            g.fillEllipse (button);
            if (auto icon = EarshotLookAndFeel::createIcon (EarshotLookAndFeel::Icon::play, juce::Colours::white))
                icon->drawWithin (g, button.reduced (10.0f).translated (1.0f, 0.0f), juce::RectanglePlacement::centred, 1.0f);
            const auto bar = juce::Rectangle<float> (cover.getX() + 12.0f, cover.getBottom() - 9.0f, cover.getWidth() - 24.0f, 3.0f);
            g.setColour (juce::Colours::black.withAlpha (0.35f));
            g.fillRoundedRectangle (bar, 1.5f);
            g.setColour (juce::Colour (tile.progress >= 1.0 ? Palette::positive : Palette::warning));
            g.fillRoundedRectangle (bar.withWidth (bar.getWidth() * static_cast<float> (juce::jlimit (0.0, 1.0, tile.progress))), 1.5f);

            bounds.removeFromTop (8);
            g.setColour (juce::Colour (Palette::text));
            g.setFont (EarshotLookAndFeel::font (14.5f, true));
            g.drawText (tile.title, bounds.removeFromTop (18), juce::Justification::centredLeft, true);
            g.setColour (juce::Colour (Palette::textDim));
            g.setFont (EarshotLookAndFeel::font (13.0f));
            g.drawText (tile.artist, bounds.removeFromTop (17), juce::Justification::centredLeft, true);
            g.setColour (juce::Colour (Palette::textFaint));
            g.setFont (EarshotLookAndFeel::font (12.0f));
            g.drawText (tile.detail, bounds.removeFromTop (16), juce::Justification::centredLeft, true);
        }

        void mouseMove (const juce::MouseEvent&) override { repaint(); }
        void mouseExit (const juce::MouseEvent&) override { repaint(); }

        void mouseUp (const juce::MouseEvent& event) override
        {
            if (! event.mouseWasClicked())
                return;
            for (int s = 0; s < static_cast<int> (owner.current.shelves.size()); ++s)
                for (int t = 0; t < static_cast<int> (owner.current.shelves[static_cast<std::size_t> (s)].tiles.size()); ++t)
                    if (tileBounds (s, t).contains (event.getPosition()) && owner.onPlay)
                        return owner.onPlay (owner.current.shelves[static_cast<std::size_t> (s)].tiles[static_cast<std::size_t> (t)]);
        }

    private:
        LibraryShelves& owner;
    };

    //==============================================================================
    LibraryShelves::Model LibraryShelves::fromLibrary (const std::vector<ClientTrack>& tracks)
    {
        std::vector<ChartTrack> ranked;
        ranked.reserve (tracks.size());
        for (const auto& track : tracks)
            ranked.push_back ({ track.manifest.metadata.genre, formatting::titleOf (track.manifest).toStdString(), progressOf (track), track.status ? track.status->peers + track.status->seeds : 0 });

        Model model;
        model.source = "From your library " + juce::String (juce::CharPointer_UTF8 ("\xc2\xb7")) + " a chart per genre";
        for (const auto& chart : chartsByGenre (ranked))
        {
            Shelf shelf;
            shelf.title = juce::String::fromUTF8 (chart.genre.c_str());
            shelf.subtitle = juce::String (chart.ranked.size()) + (chart.ranked.size() == 1 ? " track" : " tracks");
            for (const auto index : chart.ranked)
            {
                const auto& track = tracks[index];
                Tile tile;
                tile.trackId = track.id;
                tile.title = formatting::titleOf (track.manifest);
                tile.artist = formatting::artistOf (track.manifest);
                tile.album = juce::String::fromUTF8 (track.manifest.metadata.album.c_str());
                tile.progress = progressOf (track);
                const auto peers = track.status ? track.status->peers : 0;
                tile.detail = formatting::percent (tile.progress) + juce::String (juce::CharPointer_UTF8 (" \xc2\xb7 ")) + juce::String (peers) + (peers == 1 ? " peer" : " peers");
                shelf.tiles.push_back (std::move (tile));
            }
            model.shelves.push_back (std::move (shelf));
        }
        return model;
    }

    LibraryShelves::LibraryShelves()
        : content (std::make_unique<Content> (*this))
    {
        viewport.setViewedComponent (content.get(), false);
        viewport.setScrollBarsShown (true, false);
        viewport.setScrollBarThickness (10);
        addAndMakeVisible (viewport);
    }

    LibraryShelves::~LibraryShelves()
    {
        if (covers != nullptr)
            covers->removeChangeListener (this);
    }

    void LibraryShelves::setModel (Model newModel)
    {
        current = std::move (newModel);
        content->layOut (viewport.getMaximumVisibleWidth());
        content->repaint();
        repaint();
    }

    void LibraryShelves::setCovers (TrackCovers* cache)
    {
        if (covers != nullptr)
            covers->removeChangeListener (this);
        covers = cache;
        if (covers != nullptr)
            covers->addChangeListener (this);
    }

    void LibraryShelves::changeListenerCallback (juce::ChangeBroadcaster*)
    {
        content->repaint();
    }

    juce::Rectangle<int> LibraryShelves::tileBounds (int shelf, int tile) const
    {
        const auto bounds = content->tileBounds (shelf, tile);
        if (bounds.isEmpty())
            return {};
        return bounds.translated (viewport.getX() - viewport.getViewPositionX(), viewport.getY() - viewport.getViewPositionY());
    }

    void LibraryShelves::paint (juce::Graphics& g)
    {
        if (! current.shelves.empty())
            return;
        g.setColour (juce::Colour (Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (14.0f));
        g.drawText ("Nothing to discover yet: tracks you publish, add or are passed show up here", getLocalBounds().withTrimmedTop (40), juce::Justification::centredTop);
    }

    void LibraryShelves::resized()
    {
        viewport.setBounds (getLocalBounds());
        content->layOut (viewport.getMaximumVisibleWidth());
    }
} // namespace earshot
