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

    namespace
    {
        /** Calls visit (x, have, under) for each column of a map width pixels wide over count
            pieces, where have is how many of the under pieces beneath it pass the test. */
        template <typename Test, typename Visit>
        void forEachColumn (long long count, int width, Test&& test, Visit&& visit)
        {
            for (int x = 0; x < width; ++x)
            {
                // The pieces under column x: at least one, so a narrow map still shows every column.
                const auto first = count * x / width;
                const auto last = std::max (first, count * (x + 1) / width - 1);
                long long have = 0;
                for (auto piece = first; piece <= last; ++piece)
                    have += test (static_cast<std::size_t> (piece)) ? 1 : 0;
                visit (static_cast<std::size_t> (x), have, last - first + 1);
            }
        }
    } // namespace

    std::vector<PieceMapBar::Column> PieceMapBar::columnsFor (const std::vector<bool>& pieces, int width)
    {
        std::vector<Column> columns (static_cast<std::size_t> (std::max (0, width)), Column::missing);
        if (pieces.empty())
            return columns;
        forEachColumn (
            static_cast<long long> (pieces.size()), width, [&] (std::size_t piece)
            { return pieces[piece]; },
            [&] (std::size_t x, long long have, long long under)
            { columns[x] = have == under ? Column::verified : have > 0 ? Column::partial
                                                                       : Column::missing; });
        return columns;
    }

    std::vector<PieceMapBar::Availability> PieceMapBar::availabilityColumnsFor (const std::vector<int>& availability, int width)
    {
        if (availability.empty())
            return {};
        std::vector<Availability> columns (static_cast<std::size_t> (std::max (0, width)), Availability::none);
        forEachColumn (
            static_cast<long long> (availability.size()), width, [&] (std::size_t piece)
            { return availability[piece] > 0; },
            [&] (std::size_t x, long long have, long long under)
            { columns[x] = have == under ? Availability::all : have > 0 ? Availability::some
                                                                        : Availability::none; });
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

    juce::Colour PieceMapBar::colourOf (Availability column)
    {
        // Violet for pieces the swarm holds, red where nobody connected has them: apart from the
        // greens and greys of the pieces, the orange of the critical window and the blue of the
        // buffered audio.
        switch (column)
        {
            case Availability::all:
                return juce::Colour (0xff9575cd);
            case Availability::some:
                return juce::Colour (0xff5b4a86);
            case Availability::none:
                break;
        }
        return juce::Colour (0xffc62828);
    }

    namespace
    {
        /** The availability strip's height in a map height pixels tall: a fifth of it, 2 to 5 px. */
        int stripHeight (int height) noexcept { return std::clamp (height / 5, 2, 5); }
    } // namespace

    juce::Rectangle<int> PieceMapBar::pieceBand() const
    {
        // From the top: the critical window's marks, the band, a one pixel gap, the strip.
        auto bounds = getLocalBounds();
        const int top = std::max (2, bounds.getHeight() / 5);
        return bounds.withTrimmedTop (top).withTrimmedBottom (stripHeight (bounds.getHeight()) + 1);
    }

    juce::Rectangle<int> PieceMapBar::availabilityStrip() const
    {
        return getLocalBounds().removeFromBottom (stripHeight (getHeight()));
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

        const auto strip = availabilityStrip();
        const auto available = availabilityColumnsFor (current.status.availability, width);
        for (std::size_t x = 0; x < available.size(); ++x)
        {
            g.setColour (colourOf (available[x]));
            g.fillRect (static_cast<int> (x), strip.getY(), 1, strip.getHeight());
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

        // The loop region, over everything, with its edges marked.
        if (loopEnd > loopStart)
        {
            const auto x0 = static_cast<float> (loopStart * width);
            const auto x1 = static_cast<float> (loopEnd * width);
            const auto loopColour = juce::Colour (0xffffc857);
            g.setColour (loopColour.withAlpha (0.25f));
            g.fillRect (juce::Rectangle<float> (x0, 0.0f, x1 - x0, static_cast<float> (getHeight())));
            g.setColour (loopColour);
            g.fillRect (juce::Rectangle<float> (x0, 0.0f, 1.5f, static_cast<float> (getHeight())));
            g.fillRect (juce::Rectangle<float> (x1 - 1.5f, 0.0f, 1.5f, static_cast<float> (getHeight())));
        }
    }

    void PieceMapBar::setLoop (double startFraction, double endFraction)
    {
        startFraction = std::clamp (startFraction, 0.0, 1.0);
        endFraction = std::clamp (endFraction, 0.0, 1.0);
        if (loopAnchor || (startFraction == loopStart && endFraction == loopEnd))
            return; // a drag under way draws its own
        loopStart = startFraction;
        loopEnd = endFraction;
        repaint();
    }

    double PieceMapBar::fractionAt (float x) const noexcept
    {
        return getWidth() > 0 ? std::clamp (x / static_cast<double> (getWidth()), 0.0, 1.0) : 0.0;
    }

    void PieceMapBar::mouseDown (const juce::MouseEvent& event)
    {
        if (onLoopChosen && event.mods.isShiftDown())
        {
            loopAnchor = fractionAt (event.position.x);
            return;
        }
        if (onSeek && getWidth() > 0)
            onSeek (fractionAt (event.position.x));
    }

    void PieceMapBar::mouseDrag (const juce::MouseEvent& event)
    {
        if (! loopAnchor)
            return;
        const auto at = fractionAt (event.position.x);
        loopStart = std::min (*loopAnchor, at);
        loopEnd = std::max (*loopAnchor, at);
        repaint();
    }

    void PieceMapBar::mouseUp (const juce::MouseEvent& event)
    {
        if (! loopAnchor)
            return;
        loopAnchor.reset();
        if (! event.mouseWasDraggedSinceMouseDown())
            loopStart = loopEnd = 0.0; // a shift-click clears the loop
        repaint();
        if (onLoopChosen)
            onLoopChosen (loopStart, loopEnd);
    }
} // namespace earshot
