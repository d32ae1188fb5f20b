#pragma once

#include "Client/DaemonClient.h"
#include "UI/SessionHint.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <cstdint>
#include <functional>
#include <optional>

namespace earshot
{
    /** The hub's search: first what a producer looks for, a BPM range and a key (a picker of the
        24 keys, which also takes a key typed in), then free text, genre and duration range ("3:30"
        or seconds), and pages of results ("26-50 of 73", previous and next). Return in any field
        or the Search button searches from the first page.

        Given a session (setSessionHint, in the plugin), a "Matches my session" toggle fills the
        BPM range from the host's tempo (SessionHint::bpmRangeAround: +/-4 BPM) and the key from
        the session's key, and fills them again from the session at every new search while it is
        on; turning it off empties them. Message thread only. */
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

        /** Where "Matches my session" reads the host's tempo and key; with none (the app) the
            toggle is hidden. */
        void setSessionHint (std::function<SessionHint()> provider);
        /** Turns "Matches my session" on or off, as a click on it does. */
        void setMatchesSession (bool shouldMatch);
        [[nodiscard]] bool matchesSession() const noexcept { return sessionToggle.getToggleState(); }
        [[nodiscard]] juce::ToggleButton& sessionButton() noexcept { return sessionToggle; }
        [[nodiscard]] juce::ComboBox& keyPicker() noexcept { return key; }
        /** What the toggle last said about the session ("Host at 124 BPM, Am" or why it filled nothing). */
        [[nodiscard]] juce::String sessionNote() const { return note.getText(); }

        /** A search asked for (a new one, or another page of it). */
        std::function<void (const ClientSearchRequest&)> onSearch;

        static constexpr std::uint32_t pageSize = 25;
        static constexpr int preferredHeight = 76;

        void paint (juce::Graphics& g) override;
        void resized() override;

    private:
        void askFor (std::uint32_t offset);
        void fillFromSession();

        juce::TextEditor text, genre, bpmMin, bpmMax, durationMin, durationMax;
        juce::ComboBox key;
        juce::ToggleButton sessionToggle { "Matches my session" };
        juce::Label note;
        juce::Label bpmLabel { {}, "BPM" };
        std::function<SessionHint()> sessionHint;
        juce::TextButton searchButton { "Search" };
        juce::TextButton previous { juce::String (juce::CharPointer_UTF8 ("\xe2\x80\xb9")) };
        juce::TextButton next { juce::String (juce::CharPointer_UTF8 ("\xe2\x80\xba")) };
        juce::Label paging;
        std::uint32_t offset = 0;
        std::uint64_t matched = 0;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (SearchBar)
    };
} // namespace earshot
