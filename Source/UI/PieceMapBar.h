#pragma once

#include "Core/TrackStatus.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <vector>

namespace earshot
{
    /** The player bar's seek bar, drawn as a piece map: which pieces are verified, the critical
        window (pieces with streaming deadlines), the audio buffered ahead of the playhead, and the
        played position. A click seeks to that point of the track. */
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

        /** The column each x of a map width pixels wide shows. */
        [[nodiscard]] static std::vector<Column> columnsFor (const std::vector<bool>& pieces, int width);
        [[nodiscard]] static juce::Colour colourOf (Column column);

        /** Where the map's band of pieces is drawn; the critical window and the playhead are drawn
            above and across it. */
        [[nodiscard]] juce::Rectangle<int> pieceBand() const;

        void paint (juce::Graphics& g) override;
        void mouseDown (const juce::MouseEvent& event) override;

    private:
        Model current;
    };
} // namespace earshot
