#pragma once

#include "Client/DaemonClient.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <vector>

namespace earshot
{
    /** Passing a track to a friend: which friend, and a note. Shown as an overlay or in a
        juce::CallOutBox (never a modal loop); Send and Cancel call back and the owner removes it.
        Message thread only. */
    class PassDialog final : public juce::Component
    {
    public:
        PassDialog (const ClientTrack& track, const std::vector<ClientFriend>& friends);
        ~PassDialog() override;

        /** The size it lays out best at. */
        static constexpr int preferredWidth = 420;
        static constexpr int preferredHeight = 280;

        [[nodiscard]] const ClientTrack& track() const noexcept { return passed; }
        [[nodiscard]] juce::String selectedFriend() const;
        [[nodiscard]] juce::String note() const { return noteField.getText(); }
        /** Picks a friend and writes the note, as a user would. */
        void choose (const juce::String& friendName, const juce::String& noteText);
        /** Presses Send (does nothing when no friend is chosen). */
        void send();

        /** Send: the track, the friend's name and the note. */
        std::function<void (const ClientTrack&, juce::String friendName, juce::String note)> onSend;
        std::function<void()> onCancel;

        void paint (juce::Graphics& g) override;
        void resized() override;

    private:
        ClientTrack passed;
        juce::Rectangle<int> headingArea;
        juce::ComboBox friendBox;
        juce::TextEditor noteField;
        juce::TextButton sendButton { "Send" }, cancelButton { "Cancel" };

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PassDialog)
    };
} // namespace earshot
