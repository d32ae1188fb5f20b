#pragma once

#include "Client/DaemonClient.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <vector>

namespace earshot
{
    /** The tour dates of followed artists, one row each in the order given (the daemon puts those
        in the home city first): the date, the city and venue, the artist and the link. A date in
        the home city is marked with a "Home city" label in the accent colour; one called off is
        struck through and labelled "Cancelled". A click on a row's link opens it. Scrolls.
        Message thread only. */
    class TourDateList final : public juce::Component
    {
    public:
        TourDateList();
        ~TourDateList() override;

        void setDates (std::vector<ClientNewsItem> newDates);
        [[nodiscard]] const std::vector<ClientNewsItem>& dates() const noexcept { return shown; }
        /** What an empty list says instead. */
        void setEmptyText (juce::String text);

        /** "Sat 14 Mar 2027" for "2027-03-14"; the text as it is when it is no date. */
        [[nodiscard]] static juce::String dateText (const std::string& date);
        /** The label a row carries: "Cancelled", "Home city", or nothing. */
        [[nodiscard]] static juce::String labelOf (const ClientNewsItem& date);

        /** Where a row, its label and the line through a cancelled row's words are drawn, in this
            component's coordinates (empty for a row out of range, or without one). */
        [[nodiscard]] juce::Rectangle<int> rowBounds (int row) const;
        [[nodiscard]] juce::Rectangle<int> labelBounds (int row) const;
        [[nodiscard]] juce::Rectangle<int> strikeBounds (int row) const;

        /** A row's link was clicked; by default it opens in the browser. */
        std::function<void (const std::string& link)> onLink;

        void paint (juce::Graphics& g) override;
        void resized() override;

        static constexpr int rowHeight = 52;

    private:
        class Rows;

        std::vector<ClientNewsItem> shown;
        juce::String emptyText;
        juce::Viewport viewport;
        std::unique_ptr<Rows> content;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (TourDateList)
    };
} // namespace earshot
