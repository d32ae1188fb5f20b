#pragma once

#include "Client/DaemonClient.h"
#include "UI/TrackCovers.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <memory>
#include <vector>

namespace earshot
{
    /** Discover without a hub: shelves of tiles, one shelf per chart made from the local library.
        Message thread only. */
    class LibraryShelves final : public juce::Component,
                                 private juce::ChangeListener
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

        LibraryShelves();
        ~LibraryShelves() override;

        void setModel (Model newModel);
        [[nodiscard]] const Model& model() const noexcept { return current; }
        /** Where a tile is drawn, in this component's coordinates (empty when out of range). */
        [[nodiscard]] juce::Rectangle<int> tileBounds (int shelf, int tile) const;
        /** Where covers come from; none: letter tiles only. The cache must outlive this view. */
        void setCovers (TrackCovers* cache);

        /** A tile clicked. */
        std::function<void (const Tile&)> onPlay;

        void paint (juce::Graphics& g) override;
        void resized() override;

    private:
        class Content;

        void changeListenerCallback (juce::ChangeBroadcaster*) override;

        Model current;
        TrackCovers* covers = nullptr;
        juce::Viewport viewport;
        std::unique_ptr<Content> content;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (LibraryShelves)
    };
} // namespace earshot
