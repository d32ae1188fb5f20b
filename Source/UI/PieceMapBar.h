#pragma once

#include "Core/TrackStatus.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <optional>
#include <vector>

namespace earshot
{
    /** The player bar's seek bar, drawn as a piece map: which pieces are verified, which pieces the
        connected peers have (a thin strip under the pieces), the critical window (pieces with
        streaming deadlines), the audio buffered ahead of the playhead, and the played position.
        A click seeks to that point of the track. Where onLoopChosen is set (the plugin), a
        shift-drag picks a loop region, drawn over the map; a shift-click clears it. Call from the
        message thread only. */
    class PieceMapBar final : public juce::Component
    {
    public:
        /** What one column of the map stands for: the pieces under it. */
        enum class Column
        {
            missing, ///< none of them verified
            partial, ///< some
            verified ///< all
        };

        /** What one column of the availability strip stands for: whether connected peers have the
            pieces under it. */
        enum class Availability
        {
            none, ///< no connected peer has any of them
            some, ///< some of them are on at least one peer
            all ///< every one of them is on at least one peer
        };

        struct Model
        {
            TrackStatus status;
            /** Played position and the end of the buffered audio, as fractions of the track. */
            double position = 0.0;
            double bufferedTo = 0.0;
        };

        void setModel (Model newModel);
        [[nodiscard]] const Model& model() const noexcept { return current; }

        /** Called with the fraction of the track clicked. */
        std::function<void (double)> onSeek;
        /** Called with the loop region a shift-drag picked, as fractions of the track (start before
            end), or with (0, 0) when a shift-click clears it. */
        std::function<void (double, double)> onLoopChosen;
        /** The loop region to draw, as fractions of the track; an end not after the start draws none. */
        void setLoop (double startFraction, double endFraction);

        /** The column each x of a map width pixels wide shows. */
        [[nodiscard]] static std::vector<Column> columnsFor (const std::vector<bool>& pieces, int width);
        [[nodiscard]] static juce::Colour colourOf (Column column);

        /** The availability column each x of a strip width pixels wide shows, from the number of
            connected peers that have each piece (TrackStatus::availability). Empty when the
            availability is unknown (an empty vector): the strip is then left undrawn. */
        [[nodiscard]] static std::vector<Availability> availabilityColumnsFor (const std::vector<int>& availability, int width);
        [[nodiscard]] static juce::Colour colourOf (Availability column);

        /** Where the map's band of pieces is drawn; the critical window and the playhead are drawn
            above and across it. */
        [[nodiscard]] juce::Rectangle<int> pieceBand() const;

        /** Where the availability strip is drawn: a few pixels under the piece band, the width of the
            map. */
        [[nodiscard]] juce::Rectangle<int> availabilityStrip() const;

        void paint (juce::Graphics& g) override;
        void mouseDown (const juce::MouseEvent& event) override;
        void mouseDrag (const juce::MouseEvent& event) override;
        void mouseUp (const juce::MouseEvent& event) override;

    private:
        [[nodiscard]] double fractionAt (float x) const noexcept;

        Model current;
        double loopStart = 0.0;
        double loopEnd = 0.0;
        std::optional<double> loopAnchor; // where a shift-drag began
    };
} // namespace earshot
