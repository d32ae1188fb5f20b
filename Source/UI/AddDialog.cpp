#include "AddDialog.h"

#include "EarshotLookAndFeel.h"

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;
    } // namespace

    AddDialog::AddDialog (const juce::String& initialText)
    {
        for (auto* field : { &textField, &nameField })
        {
            field->setFont (EarshotLookAndFeel::font (14.5f));
            field->setIndents (10, 8);
            field->onTextChange = [this]
            { update(); };
            field->onReturnKey = [this]
            { add(); };
            addAndMakeVisible (*field);
        }
        textField.setTextToShowWhenEmpty ("magnet:?xt=..., earshot:..., or /path/to/album.torrent", juce::Colour (Palette::textFaint));
        nameField.setTextToShowWhenEmpty ("Your friend's name", juce::Colour (Palette::textFaint));

        verdictLabel.setFont (EarshotLookAndFeel::font (13.5f));
        verdictLabel.setMinimumHorizontalScale (0.8f);
        verdictLabel.setJustificationType (juce::Justification::topLeft);
        addAndMakeVisible (verdictLabel);

        addButton.setColour (juce::TextButton::buttonColourId, juce::Colour (Palette::accent));
        addButton.onClick = [this]
        { add(); };
        addAndMakeVisible (addButton);
        cancelButton.onClick = [this]
        { if (onCancel) onCancel(); };
        addAndMakeVisible (cancelButton);

        textField.setText (initialText, false);
        update();
        setSize (preferredWidth, preferredHeight);
    }

    AddDialog::~AddDialog() = default;

    void AddDialog::fill (const juce::String& text, const juce::String& friendName)
    {
        textField.setText (text, false);
        nameField.setText (friendName, false);
        update();
    }

    void AddDialog::update()
    {
        current = AddInput::classify (textField.getText());
        const bool isCode = current.kind == AddInput::Kind::friendCode;
        nameField.setVisible (isCode);
        const bool ok = current.problem.isEmpty() && current.kind != AddInput::Kind::empty && current.kind != AddInput::Kind::unknown;
        const bool needsName = ok && isCode && nameField.getText().trim().isEmpty();
        addButton.setButtonText (isCode ? "Add friend" : "Add");
        addButton.setEnabled (ok && ! needsName);
        verdictLabel.setText (current.problem.isNotEmpty() ? current.problem : current.describe(), juce::dontSendNotification);
        verdictLabel.setColour (juce::Label::textColourId, juce::Colour (current.problem.isNotEmpty() ? Palette::danger : Palette::textDim));
        resized();
    }

    void AddDialog::add()
    {
        if (! addButton.isEnabled())
            return;
        if (onAdd)
            onAdd (current, friendName());
    }

    void AddDialog::paint (juce::Graphics& g)
    {
        EarshotLookAndFeel::drawDialogCard (g, getLocalBounds());
        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (18.0f, true));
        g.drawText ("Add a track or a friend", headingArea, juce::Justification::centredLeft);
    }

    void AddDialog::resized()
    {
        auto area = getLocalBounds().reduced (20);
        headingArea = area.removeFromTop (30);
        area.removeFromTop (10);
        textField.setBounds (area.removeFromTop (34));
        area.removeFromTop (6);
        verdictLabel.setBounds (area.removeFromTop (40));
        auto buttons = area.removeFromBottom (34);
        if (nameField.isVisible())
            nameField.setBounds (area.removeFromTop (34));
        addButton.setBounds (buttons.removeFromRight (110));
        buttons.removeFromRight (8);
        cancelButton.setBounds (buttons.removeFromRight (96));
    }
} // namespace earshot
