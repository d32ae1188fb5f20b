#include "TourDateList.h"

#include "Core/NewsRules.h"
#include "EarshotLookAndFeel.h"

#include <chrono>

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        constexpr int dateWidth = 130;
        constexpr int labelWidth = 92;

        juce::String text (const std::string& utf8) { return juce::String::fromUTF8 (utf8.c_str()); }

        /** The words of a row, between the date and the label: city and venue over artist and link. */
        juce::Rectangle<int> wordsArea (juce::Rectangle<int> row)
        {
            return row.withTrimmedLeft (dateWidth).withTrimmedRight (labelWidth + 12).reduced (0, 7);
        }
    } // namespace

    /** The scrolling rows. */
    class TourDateList::Rows final : public juce::Component
    {
    public:
        explicit Rows (TourDateList& ownerList)
            : owner (ownerList) {}

        juce::Rectangle<int> rowArea (int row) const { return { 0, row * rowHeight, getWidth(), rowHeight }; }

        juce::Rectangle<int> labelArea (int row) const
        {
            return rowArea (row).removeFromRight (labelWidth + 12).withTrimmedRight (12).withSizeKeepingCentre (labelWidth, 22);
        }

        juce::Rectangle<int> linkArea (int row) const
        {
            return wordsArea (rowArea (row)).withTrimmedTop (20);
        }

        juce::Rectangle<int> strikeArea (int row) const
        {
            const auto& date = owner.shown[static_cast<std::size_t> (row)];
            const auto words = wordsArea (rowArea (row)).withHeight (20);
            const auto width = EarshotLookAndFeel::font (15.0f, true).getStringWidth (headline (date));
            return words.withWidth (juce::jmin (words.getWidth(), width)).withSizeKeepingCentre (juce::jmin (words.getWidth(), width), 2);
        }

        static juce::String headline (const ClientNewsItem& date)
        {
            return text (date.tourDate.city) + juce::String (juce::CharPointer_UTF8 (" \xc2\xb7 ")) + text (date.tourDate.venue);
        }

        void paint (juce::Graphics& g) override
        {
            const auto clip = g.getClipBounds();
            for (int row = juce::jmax (0, clip.getY() / rowHeight); row < static_cast<int> (owner.shown.size()) && row * rowHeight < clip.getBottom(); ++row)
                paintRow (g, row);
        }

        void paintRow (juce::Graphics& g, int row)
        {
            const auto& date = owner.shown[static_cast<std::size_t> (row)];
            const auto area = rowArea (row);
            g.setColour (juce::Colour (date.inHomeCity && ! date.cancelled ? Palette::surfaceRaised : Palette::surface).withAlpha (row % 2 == 0 ? 1.0f : 0.7f));
            g.fillRoundedRectangle (area.reduced (0, 2).toFloat(), 8.0f);

            const auto words = juce::Colour (date.cancelled ? Palette::textFaint : Palette::text);
            g.setColour (words);
            g.setFont (EarshotLookAndFeel::font (15.0f, true));
            g.drawText (dateText (date.tourDate.date), area.withWidth (dateWidth).reduced (12, 0), juce::Justification::centredLeft, true);

            const auto lines = wordsArea (area);
            g.drawText (headline (date), lines.withHeight (20), juce::Justification::centredLeft, true);
            if (date.cancelled)
                g.fillRect (strikeArea (row));

            juce::String below = text (date.artistName);
            if (! date.tourDate.link.empty())
                below += juce::String (juce::CharPointer_UTF8 ("  \xc2\xb7  ")) + text (date.tourDate.link);
            g.setColour (juce::Colour (Palette::textDim));
            g.setFont (EarshotLookAndFeel::font (13.0f));
            g.drawText (below, linkArea (row), juce::Justification::centredLeft, true);

            if (const auto label = labelOf (date); label.isNotEmpty())
            {
                const auto colour = juce::Colour (date.cancelled ? Palette::danger : Palette::accent);
                const auto pill = labelArea (row).toFloat();
                g.setColour (colour.withAlpha (0.22f));
                g.fillRoundedRectangle (pill, 11.0f);
                g.setColour (colour);
                g.fillEllipse (pill.withWidth (22.0f).reduced (7.0f));
                g.setFont (EarshotLookAndFeel::font (12.5f, true));
                g.drawText (label, pill.withTrimmedLeft (18.0f), juce::Justification::centred, true);
            }
        }

        void mouseUp (const juce::MouseEvent& event) override
        {
            if (! event.mouseWasClicked())
                return;
            const auto row = event.getPosition().getY() / rowHeight;
            if (row < 0 || row >= static_cast<int> (owner.shown.size()) || ! linkArea (row).contains (event.getPosition()))
                return;
            const auto& link = owner.shown[static_cast<std::size_t> (row)].tourDate.link;
            if (link.empty())
                return;
            if (owner.onLink)
                owner.onLink (link);
            else
                (void) juce::URL (text (link)).launchInDefaultBrowser();
        }

    private:
        TourDateList& owner;
    };

    //==============================================================================
    TourDateList::TourDateList()
        : content (std::make_unique<Rows> (*this))
    {
        viewport.setViewedComponent (content.get(), false);
        viewport.setScrollBarsShown (true, false);
        viewport.setScrollBarThickness (10);
        addAndMakeVisible (viewport);
    }

    TourDateList::~TourDateList() = default;

    void TourDateList::setDates (std::vector<ClientNewsItem> newDates)
    {
        shown = std::move (newDates);
        resized();
        repaint();
        content->repaint();
    }

    void TourDateList::setEmptyText (juce::String newText)
    {
        emptyText = std::move (newText);
        repaint();
    }

    juce::String TourDateList::dateText (const std::string& date)
    {
        const auto day = newsRules::dayOfDate (date);
        if (! day)
            return text (date);
        const std::chrono::sys_days when { std::chrono::days { *day } };
        const std::chrono::year_month_day ymd { when };
        const std::chrono::weekday weekday { when };
        static constexpr const char* weekdays[] { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
        static constexpr const char* months[] { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
        return juce::String (weekdays[weekday.c_encoding()]) + " " + juce::String (static_cast<unsigned> (ymd.day())) + " " + months[static_cast<unsigned> (ymd.month()) - 1] + " " + juce::String (static_cast<int> (ymd.year()));
    }

    juce::String TourDateList::labelOf (const ClientNewsItem& date)
    {
        if (date.cancelled)
            return "Cancelled";
        if (date.inHomeCity)
            return "Home city";
        return {};
    }

    juce::Rectangle<int> TourDateList::rowBounds (int row) const
    {
        if (row < 0 || row >= static_cast<int> (shown.size()))
            return {};
        return content->rowArea (row) + content->getPosition() + viewport.getPosition();
    }

    juce::Rectangle<int> TourDateList::labelBounds (int row) const
    {
        if (row < 0 || row >= static_cast<int> (shown.size()) || labelOf (shown[static_cast<std::size_t> (row)]).isEmpty())
            return {};
        return content->labelArea (row) + content->getPosition() + viewport.getPosition();
    }

    juce::Rectangle<int> TourDateList::strikeBounds (int row) const
    {
        if (row < 0 || row >= static_cast<int> (shown.size()) || ! shown[static_cast<std::size_t> (row)].cancelled)
            return {};
        return content->strikeArea (row) + content->getPosition() + viewport.getPosition();
    }

    void TourDateList::paint (juce::Graphics& g)
    {
        if (! shown.empty() || emptyText.isEmpty())
            return;
        g.setColour (juce::Colour (Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (14.0f));
        g.drawFittedText (emptyText, getLocalBounds().reduced (12, 8), juce::Justification::topLeft, 2);
    }

    void TourDateList::resized()
    {
        viewport.setBounds (getLocalBounds());
        content->setSize (viewport.getMaximumVisibleWidth(), static_cast<int> (shown.size()) * rowHeight);
    }
} // namespace earshot
