#pragma once

#include "Client/DaemonClient.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <cstdint>
#include <functional>
#include <optional>

namespace earshot
{
    /** The hub's search: free text, and filters by genre, BPM range, key and duration range
        ("3:30" or seconds), then pages of results ("26-50 of 73", previous and next). Return in any
        field or the Search button searches from the first page. Message thread only. */
    class SearchBar final : public juce::Component
    {
    public:
        SearchBar();
        ~SearchBar() override;

        /** The search the fields ask for, at the page shown. */
        [[nodiscard]] ClientSearchRequest request() const;
        /** Fills the fields, as a user typing them would (0 or empty: no bound). */
        void setFields (const ClientSearchRequest& fields);

        /** Searches from the first page, and the pages after and before the one shown. */
        void search();
        void nextPage();
        void previousPage();
        /** How many results the search matched in all: sets the paging line and buttons. */
        void setTotal (std::uint64_t total);

        /** "3:30", "3:30.5" or "210" (seconds) as milliseconds; nothing for text that is neither. */
        [[nodiscard]] static std::optional<std::uint64_t> parseDuration (const juce::String& text);
        /** "26-50 of 73"; "No results" for none. */
        [[nodiscard]] static juce::String pagingText (std::uint32_t offset, std::size_t shown, std::uint64_t total);

        /** A search asked for (a new one, or another page of it). */
        std::function<void (const ClientSearchRequest&)> onSearch;

        static constexpr std::uint32_t pageSize = 25;
        static constexpr int preferredHeight = 76;

        void paint (juce::Graphics& g) override;
        void resized() override;

    private:
        void askFor (std::uint32_t offset);

        juce::TextEditor text, genre, bpmMin, bpmMax, key, durationMin, durationMax;
        juce::TextButton searchButton { "Search" };
        juce::TextButton previous { juce::String (juce::CharPointer_UTF8 ("\xe2\x80\xb9")) };
        juce::TextButton next { juce::String (juce::CharPointer_UTF8 ("\xe2\x80\xba")) };
        juce::Label paging;
        std::uint32_t offset = 0;
        std::uint64_t matched = 0;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (SearchBar)
    };
} // namespace earshot
