#include "FirstStartDialog.h"

#include "EarshotLookAndFeel.h"
#include "NetworkConsent.h"

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;
    } // namespace

    FirstStartDialog::FirstStartDialog()
    {
        shareButton.setColour (juce::TextButton::buttonColourId, juce::Colour (Palette::accent));
        shareButton.onClick = [this]
        { choose (true); };
        offlineButton.onClick = [this]
        { choose (false); };
        addAndMakeVisible (shareButton);
        addAndMakeVisible (offlineButton);
        setSize (preferredWidth, preferredHeight);
    }

    FirstStartDialog::~FirstStartDialog() = default;

    void FirstStartDialog::choose (bool share)
    {
        if (onAnswer)
            onAnswer (share);
    }

    void FirstStartDialog::paint (juce::Graphics& g)
    {
        EarshotLookAndFeel::drawDialogCard (g, getLocalBounds());
        auto area = textArea;
        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (19.0f, true));
        g.drawText ("Before Earshot goes online", area.removeFromTop (32), juce::Justification::centredLeft);
        area.removeFromTop (8);
        g.setColour (juce::Colour (Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (14.0f));
        g.drawFittedText (NetworkConsent::explanation(), area, juce::Justification::topLeft, 20, 1.0f);
    }

    void FirstStartDialog::resized()
    {
        auto area = getLocalBounds().reduced (22);
        auto buttons = area.removeFromBottom (36);
        area.removeFromBottom (12);
        textArea = area;
        shareButton.setBounds (buttons.removeFromRight (130));
        buttons.removeFromRight (8);
        offlineButton.setBounds (buttons.removeFromRight (130));
    }
} // namespace earshot
