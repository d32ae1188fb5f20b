#include "PassDialog.h"

#include "EarshotLookAndFeel.h"
#include "Formatting.h"

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;
    } // namespace

    PassDialog::PassDialog (const ClientTrack& track, const std::vector<ClientFriend>& friends)
        : passed (track)
    {
        int id = 1;
        for (const auto& person : friends)
            friendBox.addItem (juce::String::fromUTF8 (person.name.c_str()) + (person.online ? "  (online)" : ""), id++);
        friendBox.setTextWhenNothingSelected (friends.empty() ? "Add a friend first, on the Friends page" : "Choose a friend");
        friendBox.setEnabled (! friends.empty());
        if (friends.size() == 1)
            friendBox.setSelectedId (1, juce::dontSendNotification);
        friendBox.onChange = [this]
        { sendButton.setEnabled (friendBox.getSelectedId() != 0); };
        addAndMakeVisible (friendBox);

        noteField.setMultiLine (true, true);
        noteField.setReturnKeyStartsNewLine (true);
        noteField.setFont (EarshotLookAndFeel::font (14.5f));
        noteField.setIndents (10, 8);
        noteField.setTextToShowWhenEmpty (juce::String (juce::CharPointer_UTF8 ("A note (the bridge at 1:40\xe2\x80\xa6)")), juce::Colour (Palette::textFaint));
        addAndMakeVisible (noteField);

        sendButton.setColour (juce::TextButton::buttonColourId, juce::Colour (Palette::accent));
        sendButton.setEnabled (friendBox.getSelectedId() != 0);
        sendButton.onClick = [this]
        { send(); };
        addAndMakeVisible (sendButton);

        cancelButton.onClick = [this]
        { if (onCancel) onCancel(); };
        addAndMakeVisible (cancelButton);

        setSize (preferredWidth, preferredHeight);
    }

    PassDialog::~PassDialog() = default;

    juce::String PassDialog::selectedFriend() const
    {
        // The item's text may carry "(online)"; the name is what comes before it.
        return friendBox.getText().upToFirstOccurrenceOf ("  (", false, false);
    }

    void PassDialog::choose (const juce::String& friendName, const juce::String& noteText)
    {
        for (int i = 0; i < friendBox.getNumItems(); ++i)
            if (friendBox.getItemText (i).upToFirstOccurrenceOf ("  (", false, false) == friendName)
                friendBox.setSelectedItemIndex (i, juce::dontSendNotification);
        sendButton.setEnabled (friendBox.getSelectedId() != 0);
        noteField.setText (noteText, false);
    }

    void PassDialog::send()
    {
        if (friendBox.getSelectedId() == 0)
            return;
        if (onSend)
            onSend (passed, selectedFriend(), noteField.getText().trim());
    }

    void PassDialog::paint (juce::Graphics& g)
    {
        EarshotLookAndFeel::drawDialogCard (g, getLocalBounds());

        auto heading = headingArea;
        if (auto icon = EarshotLookAndFeel::createIcon (EarshotLookAndFeel::Icon::pass, juce::Colour (Palette::accentBright)))
            icon->drawWithin (g, heading.removeFromLeft (22).withSizeKeepingCentre (20, 20).toFloat(), juce::RectanglePlacement::centred, 1.0f);
        heading.removeFromLeft (10);
        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (18.0f, true));
        g.drawText ("Pass to a friend", heading.removeFromTop (heading.getHeight() / 2), juce::Justification::bottomLeft);
        g.setColour (juce::Colour (Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (13.5f));
        g.drawText (formatting::titleOf (passed.manifest) + juce::String (juce::CharPointer_UTF8 (" \xe2\x80\x94 ")) + formatting::artistOf (passed.manifest), heading, juce::Justification::topLeft, true);
    }

    void PassDialog::resized()
    {
        auto area = getLocalBounds().reduced (20);
        headingArea = area.removeFromTop (44);
        area.removeFromTop (14);
        friendBox.setBounds (area.removeFromTop (34));
        area.removeFromTop (10);
        auto buttons = area.removeFromBottom (34);
        area.removeFromBottom (14);
        noteField.setBounds (area);
        sendButton.setBounds (buttons.removeFromRight (96));
        buttons.removeFromRight (8);
        cancelButton.setBounds (buttons.removeFromRight (96));
    }
} // namespace earshot
