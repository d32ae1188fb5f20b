#include "PieceMapBar.h"

namespace earshot
{
    namespace
    {
        const juce::Colour background { 0xff15171c };
        const juce::Colour buffered { 0x5533b5e5 };
        const juce::Colour window { 0xffffa726 };
        const juce::Colour playhead { 0xffffffff };
    } // namespace

    void PieceMapBar::setModel (Model newModel)
    {
        current = std::move (newModel);
        repaint();
    }

    std::vector<PieceMapBar::Column> PieceMapBar::columnsFor (const std::vector<bool>& pieces, int width)
    {
        std::vector<Column> columns (static_cast<std::size_t> (std::max (0, width)), Column::missing);
        if (pieces.empty())
            return columns;
        const auto count = static_cast<long long> (pieces.size());
        for (int x = 0; x < width; ++x)
        {
            // The pieces under column x: at least one, so a narrow map still shows every column.
            const auto first = count * x / width;
            const auto last = std::max (first, count * (x + 1) / width - 1);
            int have = 0;
            for (auto piece = first; piece <= last; ++piece)
                have += pieces[static_cast<std::size_t> (piece)] ? 1 : 0;
            const auto under = last - first + 1;
            columns[static_cast<std::size_t> (x)] = have == under ? Column::verified : have > 0 ? Column::partial
                                                                                                : Column::missing;
        }
        return columns;
    }

    juce::Colour PieceMapBar::colourOf (Column column)
    {
        switch (column)
        {
            case Column::verified:
                return juce::Colour (0xff4caf50);
            case Column::partial:
                return juce::Colour (0xff2e6b31);
            case Column::missing:
                break;
        }
        return juce::Colour (0xff2a2d35);
    }

    juce::Rectangle<int> PieceMapBar::pieceBand() const
    {
        auto bounds = getLocalBounds();
        const int top = std::max (2, bounds.getHeight() / 5);
        return bounds.withTrimmedTop (top).withTrimmedBottom (top);
    }

    void PieceMapBar::paint (juce::Graphics& g)
    {
        g.fillAll (background);
        const auto band = pieceBand();
        const int width = getWidth();

        const auto columns = columnsFor (current.status.pieces, width);
        for (int x = 0; x < width; ++x)
        {
            g.setColour (colourOf (columns[static_cast<std::size_t> (x)]));
            g.fillRect (x, band.getY(), 1, band.getHeight());
        }

        // The critical window: a mark above each piece with a streaming deadline.
        const auto pieceCount = static_cast<double> (std::max<std::size_t> (1, current.status.pieces.size()));
        g.setColour (window);
        for (const auto piece : current.status.deadlinePieces)
        {
            const auto x0 = static_cast<float> (piece / pieceCount * width);
            const auto x1 = static_cast<float> ((piece + 1) / pieceCount * width);
            g.fillRect (juce::Rectangle<float> (x0, 0.0f, std::max (1.0f, x1 - x0), static_cast<float> (band.getY())));
        }

        // Audio buffered ahead of the playhead, then the playhead itself, across the band's top third.
        const auto position = static_cast<float> (std::clamp (current.position, 0.0, 1.0) * width);
        const auto bufferedTo = static_cast<float> (std::clamp (current.bufferedTo, 0.0, 1.0) * width);
        g.setColour (buffered);
        g.fillRect (juce::Rectangle<float> (position, static_cast<float> (band.getY()), std::max (0.0f, bufferedTo - position), band.getHeight() / 3.0f));
        g.setColour (playhead);
        g.fillRect (juce::Rectangle<float> (position - 1.0f, 0.0f, 2.0f, static_cast<float> (getHeight())));
    }

    void PieceMapBar::mouseDown (const juce::MouseEvent& event)
    {
        if (onSeek && getWidth() > 0)
            onSeek (std::clamp (event.position.x / static_cast<double> (getWidth()), 0.0, 1.0));
    }
} // namespace earshot
