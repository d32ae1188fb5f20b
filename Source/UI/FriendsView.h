#pragma once

#include "Client/DaemonClient.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <vector>

namespace earshot
{
    /** Friends: this daemon's friend code (with a copy button) for a friend to add, a form to add
        a friend from their code, and the friends, each with a dot that is lit while they are
        online. Message thread only. */
    class FriendsView final : public juce::Component,
                              private juce::ListBoxModel
    {
    public:
        FriendsView();
        ~FriendsView() override;

        void setFriendCode (const juce::String& code);
        [[nodiscard]] juce::String friendCode() const { return codeLabel.getText(); }
        void setFriends (std::vector<ClientFriend> newFriends);
        [[nodiscard]] const std::vector<ClientFriend>& friends() const noexcept { return people; }

        /** Empties the add-a-friend form (after the daemon added them). */
        void clearAddForm();
        /** Fills the add-a-friend form, as a user typing would. */
        void fillAddForm (const juce::String& code, const juce::String& name);
        /** Presses "Add friend". */
        void submitAddForm();

        /** Where row's online dot is drawn, in this component's coordinates (empty if not shown). */
        [[nodiscard]] juce::Rectangle<int> onlineDotBounds (int row) const;
        [[nodiscard]] static juce::Colour dotColour (bool online);

        /** "Add friend" pressed: their code and the name to know them by. */
        std::function<void (juce::String code, juce::String name)> onAddFriend;
        /** The code was copied (so the owner can say so). */
        std::function<void()> onCodeCopied;

        void paint (juce::Graphics& g) override;
        void resized() override;

    private:
        int getNumRows() override;
        void paintListBoxItem (int rowNumber, juce::Graphics& g, int width, int height, bool rowIsSelected) override;

        std::vector<ClientFriend> people;
        juce::Rectangle<int> headingArea, codeCard, addCard, listHeading;
        juce::Label codeLabel;
        juce::TextButton copyButton { "Copy" };
        juce::TextEditor codeField, nameField;
        juce::TextButton addButton { "Add friend" };
        juce::ListBox listBox { {}, this };

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (FriendsView)
    };
} // namespace earshot
