#pragma once

#include "UI/AddInput.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>

namespace earshot
{
    /** The one "Add" field: a magnet link, a .torrent file or a friend code pasted into it. As the
        text changes it says which it is (or what is wrong with it); a friend code asks for the
        friend's name too. Add is enabled only for what can be added. Shown as an overlay (never a
        modal loop); Add and Cancel call back and the owner removes it. Message thread only. */
    class AddDialog final : public juce::Component
    {
    public:
        explicit AddDialog (const juce::String& initialText = {});
        ~AddDialog() override;

        /** The size it lays out best at. */
        static constexpr int preferredWidth = 520;
        static constexpr int preferredHeight = 250;

        /** Types text (and, for a friend code, the name) as a user would. */
        void fill (const juce::String& text, const juce::String& friendName = {});
        /** What the field holds, told apart. */
        [[nodiscard]] const AddInput& input() const noexcept { return current; }
        /** The line under the field: which kind it is, or what is wrong. */
        [[nodiscard]] juce::String verdict() const { return verdictLabel.getText(); }
        [[nodiscard]] juce::String friendName() const { return nameField.getText().trim(); }
        [[nodiscard]] bool canAdd() const noexcept { return addButton.isEnabled(); }
        /** Presses Add (does nothing while canAdd is false). */
        void add();

        /** Add: what to add, and the friend's name for a friend code. */
        std::function<void (const AddInput&, juce::String friendName)> onAdd;
        std::function<void()> onCancel;

        void paint (juce::Graphics& g) override;
        void resized() override;

    private:
        void update();

        AddInput current;
        juce::Rectangle<int> headingArea;
        juce::TextEditor textField, nameField;
        juce::Label verdictLabel;
        juce::TextButton addButton { "Add" }, cancelButton { "Cancel" };

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (AddDialog)
    };
} // namespace earshot
