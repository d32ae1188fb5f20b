#pragma once

#include "Client/DaemonClient.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <memory>
#include <vector>

namespace earshot
{
    /** Discover: shelves of tiles, one shelf per chart. The data comes in as a Model, so the
        source can change without touching the drawing: today fromLibrary() makes a chart per genre
        out of the local library (there is no discovery hub service yet); a hub's charts become a
        Model the same way. Message thread only. */
    class DiscoverView final : public juce::Component
    {
    public:
        struct Tile
        {
            std::string trackId;
            juce::String title;
            juce::String artist;
            juce::String album;
            /** A short line under the artist, e.g. "100% · 3 peers". */
            juce::String detail;
            /** How much of the track is here, 0 to 1 (drawn on the cover). */
            double progress = 0.0;
        };

        struct Shelf
        {
            juce::String title;
            juce::String subtitle;
            std::vector<Tile> tiles;
        };

        struct Model
        {
            /** Where the charts come from, shown under the heading. */
            juce::String source;
            std::vector<Shelf> shelves;
        };

        /** Charts from the local library, ranked by Core's chartsByGenre: a shelf per genre
            (tracks without one under "No genre"), the genres with the most tracks first. Within a
            shelf a track ranks by how much of it is here (what plays at once comes first), then by
            the swarm around it (peers and seeders: what others are fetching and sharing), then by
            title. The library has no "added at", so recency cannot rank yet. */
        [[nodiscard]] static Model fromLibrary (const std::vector<ClientTrack>& tracks);

        DiscoverView();
        ~DiscoverView() override;

        void setModel (Model newModel);
        [[nodiscard]] const Model& model() const noexcept { return current; }
        /** Where a tile is drawn, in this component's coordinates (empty when out of range). */
        [[nodiscard]] juce::Rectangle<int> tileBounds (int shelf, int tile) const;

        /** A tile clicked. */
        std::function<void (const Tile&)> onPlay;

        void paint (juce::Graphics& g) override;
        void resized() override;

    private:
        class Shelves;

        Model current;
        juce::Rectangle<int> headingArea;
        juce::Viewport viewport;
        std::unique_ptr<Shelves> shelves;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (DiscoverView)
    };
} // namespace earshot
