#include "FriendsView.h"

#include "EarshotLookAndFeel.h"
#include "Formatting.h"

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        constexpr int rowHeight = 52;
        constexpr int dotInset = 16;
    } // namespace

    FriendsView::FriendsView()
    {
        codeLabel.setFont (EarshotLookAndFeel::font (15.0f, true));
        codeLabel.setColour (juce::Label::textColourId, juce::Colour (Palette::accentBright));
        codeLabel.setJustificationType (juce::Justification::centredLeft);
        codeLabel.setMinimumHorizontalScale (0.6f);
        codeLabel.setText (juce::String (juce::CharPointer_UTF8 ("\xe2\x80\xa6")), juce::dontSendNotification);
        addAndMakeVisible (codeLabel);

        copyButton.onClick = [this]
        {
            juce::SystemClipboard::copyTextToClipboard (codeLabel.getText());
            if (onCodeCopied)
                onCodeCopied();
        };
        addAndMakeVisible (copyButton);

        for (auto* field : { &codeField, &nameField })
        {
            field->setFont (EarshotLookAndFeel::font (14.5f));
            field->setIndents (10, 0);
            field->setJustification (juce::Justification::centredLeft);
            field->onReturnKey = [this]
            { submitAddForm(); };
            addAndMakeVisible (*field);
        }
        codeField.setTextToShowWhenEmpty (juce::String (juce::CharPointer_UTF8 ("Their friend code (earshot:\xe2\x80\xa6)")), juce::Colour (Palette::textFaint));
        nameField.setTextToShowWhenEmpty ("Name", juce::Colour (Palette::textFaint));

        addButton.setColour (juce::TextButton::buttonColourId, juce::Colour (Palette::accent));
        addButton.onClick = [this]
        { submitAddForm(); };
        addAndMakeVisible (addButton);

        listBox.setRowHeight (rowHeight);
        listBox.setColour (juce::ListBox::backgroundColourId, juce::Colours::transparentBlack);
        addAndMakeVisible (listBox);
    }

    FriendsView::~FriendsView() = default;

    void FriendsView::setFriendCode (const juce::String& code)
    {
        codeLabel.setText (code, juce::dontSendNotification);
    }

    void FriendsView::setFriends (std::vector<ClientFriend> newFriends)
    {
        people = std::move (newFriends);
        listBox.updateContent();
        listBox.repaint();
        repaint();
    }

    void FriendsView::clearAddForm()
    {
        codeField.clear();
        nameField.clear();
    }

    void FriendsView::fillAddForm (const juce::String& code, const juce::String& name)
    {
        codeField.setText (code, false);
        nameField.setText (name, false);
    }

    void FriendsView::submitAddForm()
    {
        const auto code = codeField.getText().trim();
        const auto name = nameField.getText().trim();
        if (code.isEmpty() || name.isEmpty())
        {
            (code.isEmpty() ? codeField : nameField).grabKeyboardFocus();
            return;
        }
        if (onAddFriend)
            onAddFriend (code, name);
    }

    juce::Rectangle<int> FriendsView::onlineDotBounds (int row) const
    {
        const auto rowBounds = listBox.getRowPosition (row, true);
        if (rowBounds.isEmpty())
            return {};
        const auto local = rowBounds.translated (listBox.getX(), listBox.getY());
        return juce::Rectangle<int> (local.getX() + dotInset, local.getCentreY() - 5, 10, 10);
    }

    juce::Colour FriendsView::dotColour (bool online)
    {
        return online ? juce::Colour (Palette::positive) : juce::Colour (Palette::textFaint);
    }

    void FriendsView::paint (juce::Graphics& g)
    {
        g.fillAll (juce::Colour (Palette::background));
        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (26.0f, true));
        g.drawText ("Friends", headingArea, juce::Justification::centredLeft);

        for (const auto& card : { codeCard, addCard })
        {
            g.setColour (juce::Colour (Palette::surface));
            g.fillRoundedRectangle (card.toFloat(), 10.0f);
        }
        g.setColour (juce::Colour (Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (12.5f, true));
        g.drawText ("YOUR FRIEND CODE", codeCard.reduced (14, 8).removeFromTop (16), juce::Justification::centredLeft);
        g.drawText ("ADD A FRIEND", addCard.reduced (14, 8).removeFromTop (16), juce::Justification::centredLeft);

        const auto online = std::count_if (people.begin(), people.end(), [] (const auto& person)
                                           { return person.online; });
        g.drawText (people.empty() ? juce::String ("NO FRIENDS YET: ADD ONE WITH THEIR CODE, AND GIVE THEM YOURS")
                                   : juce::String (people.size()) + (people.size() == 1 ? " FRIEND" : " FRIENDS") + juce::String (juce::CharPointer_UTF8 (" \xc2\xb7 ")) + juce::String (online) + " ONLINE",
                    listHeading,
                    juce::Justification::centredLeft);
    }

    void FriendsView::resized()
    {
        auto area = getLocalBounds().reduced (20, 16);
        headingArea = area.removeFromTop (36);
        area.removeFromTop (12);

        const bool sideBySide = area.getWidth() >= 760;
        auto cards = area.removeFromTop (sideBySide ? 92 : 190);
        codeCard = sideBySide ? cards.removeFromLeft ((cards.getWidth() - 12) / 2) : cards.removeFromTop (88);
        cards.removeFromLeft (sideBySide ? 12 : 0);
        cards.removeFromTop (sideBySide ? 0 : 12);
        addCard = cards;

        auto code = codeCard.reduced (14, 8).withTrimmedTop (22).withSizeKeepingCentre (codeCard.getWidth() - 28, 34);
        copyButton.setBounds (code.removeFromRight (72));
        codeLabel.setBounds (code.withTrimmedRight (8));

        auto add = addCard.reduced (14, 8).withTrimmedTop (22).withSizeKeepingCentre (addCard.getWidth() - 28, 34);
        addButton.setBounds (add.removeFromRight (100));
        add.removeFromRight (8);
        nameField.setBounds (add.removeFromRight (juce::jmin (140, add.getWidth() / 3)));
        add.removeFromRight (8);
        codeField.setBounds (add);

        area.removeFromTop (16);
        listHeading = area.removeFromTop (20);
        area.removeFromTop (6);
        listBox.setBounds (area);
    }

    int FriendsView::getNumRows() { return static_cast<int> (people.size()); }

    void FriendsView::paintListBoxItem (int rowNumber, juce::Graphics& g, int width, int height, bool rowIsSelected)
    {
        if (rowNumber < 0 || rowNumber >= getNumRows())
            return;
        const auto& person = people[static_cast<std::size_t> (rowNumber)];
        const bool online = person.online;

        g.setColour (juce::Colour (rowIsSelected ? Palette::surfaceRaised : Palette::surface).withAlpha (rowNumber % 2 == 0 ? 0.9f : 0.6f));
        g.fillRoundedRectangle (juce::Rectangle<int> (width, height).reduced (0, 3).toFloat(), 8.0f);

        g.setColour (dotColour (online));
        g.fillEllipse (juce::Rectangle<int> (dotInset, height / 2 - 5, 10, 10).toFloat());

        auto area = juce::Rectangle<int> (width, height).withTrimmedLeft (dotInset + 22).withTrimmedRight (14);
        auto right = area.removeFromRight (juce::jmin (200, area.getWidth() / 2));
        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (15.0f, true));
        g.drawText (juce::String::fromUTF8 (person.name.c_str()), area.removeFromTop (height / 2).withTrimmedTop (4), juce::Justification::bottomLeft, true);
        g.setColour (juce::Colour (Palette::textFaint));
        g.setFont (EarshotLookAndFeel::font (12.5f));
        g.drawText (juce::String::fromUTF8 (person.host.c_str()) + ":" + juce::String (person.port), area.withTrimmedBottom (4), juce::Justification::topLeft, true);

        const auto seen = person.lastSeenMs;
        const juce::String status = online ? "online" : seen > 0 ? "last seen " + formatting::ago (seen, formatting::nowMs())
                                                                 : "offline";
        g.setColour (juce::Colour (online ? Palette::positive : Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (13.0f));
        g.drawText (status, right, juce::Justification::centredRight);
    }
} // namespace earshot
