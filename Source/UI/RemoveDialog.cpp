#include "RemoveDialog.h"

#include "EarshotLookAndFeel.h"
#include "Formatting.h"

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;
    } // namespace

    RemoveDialog::RemoveDialog (const ClientTrack& track)
        : removed (track)
    {
        deleteToggle.setVisible (! track.published);
        deleteToggle.onClick = [this]
        { repaint(); };
        addChildComponent (deleteToggle);
        removeButton.setColour (juce::TextButton::buttonColourId, juce::Colour (Palette::danger));
        removeButton.onClick = [this]
        { confirm(); };
        addAndMakeVisible (removeButton);
        cancelButton.onClick = [this]
        { if (onCancel) onCancel(); };
        addAndMakeVisible (cancelButton);
        setSize (preferredWidth, preferredHeight);
    }

    RemoveDialog::~RemoveDialog() = default;

    juce::String RemoveDialog::explanation() const
    {
        if (removed.published)
            return "Earshot stops sharing it. Your file stays where it is: a published file is never deleted.";
        if (deleteFiles())
            return "Earshot stops sharing it and deletes the downloaded file.";
        return "Earshot stops sharing it. The downloaded file stays in Earshot's data folder.";
    }

    void RemoveDialog::setDeleteFiles (bool shouldDelete)
    {
        if (! removed.published)
            deleteToggle.setToggleState (shouldDelete, juce::dontSendNotification);
        repaint();
    }

    void RemoveDialog::confirm()
    {
        if (onRemove)
            onRemove (removed, deleteFiles());
    }

    void RemoveDialog::paint (juce::Graphics& g)
    {
        EarshotLookAndFeel::drawDialogCard (g, getLocalBounds());
        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (18.0f, true));
        g.drawFittedText ("Remove '" + formatting::titleOf (removed.manifest) + "'?", headingArea, juce::Justification::centredLeft, 1, 0.8f);
        g.setColour (juce::Colour (Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (14.0f));
        g.drawFittedText (explanation(), textArea, juce::Justification::topLeft, 3, 0.9f);
    }

    void RemoveDialog::resized()
    {
        auto area = getLocalBounds().reduced (20);
        headingArea = area.removeFromTop (30);
        area.removeFromTop (8);
        auto buttons = area.removeFromBottom (34);
        area.removeFromBottom (8);
        deleteToggle.setBounds (area.removeFromBottom (28));
        textArea = area;
        removeButton.setBounds (buttons.removeFromRight (110));
        buttons.removeFromRight (8);
        cancelButton.setBounds (buttons.removeFromRight (96));
    }
} // namespace earshot
