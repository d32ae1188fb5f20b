#include "InboxView.h"

#include "CoverTile.h"
#include "EarshotLookAndFeel.h"
#include "Formatting.h"

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        juce::String text (const std::string& s) { return juce::String::fromUTF8 (s.c_str()); }
    } // namespace

    InboxView::InboxView()
    {
        listBox.setRowHeight (64);
        listBox.setColour (juce::ListBox::backgroundColourId, juce::Colours::transparentBlack);
        addAndMakeVisible (listBox);
    }

    InboxView::~InboxView()
    {
        if (covers != nullptr)
            covers->removeChangeListener (this);
    }

    void InboxView::setCovers (TrackCovers* cache)
    {
        if (covers != nullptr)
            covers->removeChangeListener (this);
        covers = cache;
        if (covers != nullptr)
            covers->addChangeListener (this);
    }

    void InboxView::changeListenerCallback (juce::ChangeBroadcaster*)
    {
        listBox.repaint();
    }

    juce::Rectangle<int> InboxView::coverInRow (int height)
    {
        return { 34, 11, height - 22, height - 22 };
    }

    void InboxView::setEntries (std::vector<ClientInboxEntry> newEntries)
    {
        passes = std::move (newEntries);
        listBox.updateContent();
        listBox.repaint();
        repaint();
    }

    void InboxView::markReadLocally (const std::string& passId)
    {
        for (auto& pass : passes)
            if (pass.passId == passId)
                pass.read = true;
        listBox.repaint();
        repaint();
    }

    int InboxView::badgeCount() const noexcept
    {
        return static_cast<int> (std::count_if (passes.begin(), passes.end(), [] (const auto& pass)
                                                { return ! pass.read; }));
    }

    juce::Rectangle<int> InboxView::badgeBounds() const
    {
        const auto count = badgeCount();
        if (count == 0)
            return {};
        const auto headingWidth = EarshotLookAndFeel::font (26.0f, true).getStringWidth ("Inbox");
        const auto label = juce::String (count);
        const auto width = juce::jmax (22, EarshotLookAndFeel::font (13.0f, true).getStringWidth (label) + 14);
        return { headingArea.getX() + headingWidth + 12, headingArea.getCentreY() - 11, width, 22 };
    }

    juce::Colour InboxView::badgeColour() { return juce::Colour (Palette::badge); }

    void InboxView::open (int row)
    {
        if (row < 0 || row >= static_cast<int> (passes.size()))
            return;
        const auto pass = passes[static_cast<std::size_t> (row)];
        if (! pass.read)
        {
            markReadLocally (pass.passId);
            if (onMarkRead)
                onMarkRead (pass);
        }
        if (onPlay)
            onPlay (pass);
    }

    void InboxView::paint (juce::Graphics& g)
    {
        g.fillAll (juce::Colour (Palette::background));
        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (26.0f, true));
        g.drawText ("Inbox", headingArea, juce::Justification::centredLeft);

        if (const auto badge = badgeBounds(); ! badge.isEmpty())
        {
            g.setColour (badgeColour());
            g.fillRoundedRectangle (badge.toFloat(), static_cast<float> (badge.getHeight()) / 2.0f);
            g.setColour (juce::Colours::white);
            g.setFont (EarshotLookAndFeel::font (13.0f, true));
            g.drawText (juce::String (badgeCount()), badge, juce::Justification::centred);
        }

        g.setColour (juce::Colour (Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (14.0f));
        const auto unread = badgeCount();
        const juce::String summary = passes.empty() ? "" : juce::String (passes.size()) + (passes.size() == 1 ? " pass" : " passes") + (unread > 0 ? ", " + juce::String (unread) + " unread" : juce::String());
        g.drawText (summary, headingArea, juce::Justification::centredRight);

        if (passes.empty())
            g.drawText ("Nothing here yet: when a friend passes you a track, it shows up here", listBox.getBounds().withTrimmedTop (40), juce::Justification::centredTop);
    }

    void InboxView::resized()
    {
        auto area = getLocalBounds().reduced (20, 16);
        headingArea = area.removeFromTop (36);
        area.removeFromTop (12);
        listBox.setBounds (area);
    }

    int InboxView::getNumRows() { return static_cast<int> (passes.size()); }

    void InboxView::paintListBoxItem (int rowNumber, juce::Graphics& g, int width, int height, bool rowIsSelected)
    {
        if (rowNumber < 0 || rowNumber >= getNumRows())
            return;
        const auto& pass = passes[static_cast<std::size_t> (rowNumber)];

        auto card = juce::Rectangle<int> (width, height).reduced (0, 3).toFloat();
        g.setColour (juce::Colour (rowIsSelected ? Palette::surfaceRaised : Palette::surface));
        g.fillRoundedRectangle (card, 8.0f);

        auto area = card.toNearestInt().reduced (14, 8);
        // Unread: an accent dot at the left.
        auto dotArea = area.removeFromLeft (14);
        if (! pass.read)
        {
            g.setColour (juce::Colour (Palette::accentBright));
            g.fillEllipse (dotArea.withSizeKeepingCentre (8, 8).toFloat());
        }
        area.removeFromLeft (6);
        const auto cover = coverInRow (height);
        const auto title = formatting::titleOf (pass.manifest);
        const auto image = covers != nullptr ? covers->find (trackIdOf (pass.manifest)) : juce::Image();
        coverTile::paint (g, cover.toFloat(), image, title, title + text (pass.manifest.metadata.album), 5.0f);
        area.setLeft (cover.getRight() + 12);

        const auto sender = text (pass.from.empty() ? pass.senderName : pass.from);
        auto right = area.removeFromRight (juce::jmin (110, area.getWidth() / 4));
        g.setColour (juce::Colour (Palette::textFaint));
        g.setFont (EarshotLookAndFeel::font (12.5f));
        g.drawText (formatting::ago (pass.receivedAtMs, formatting::nowMs()), right.removeFromTop (right.getHeight() / 2), juce::Justification::centredRight);
        g.drawText (pass.read ? "read" : "new", right, juce::Justification::centredRight);

        auto top = area.removeFromTop (area.getHeight() / 2);
        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (15.0f, ! pass.read));
        const auto track = formatting::titleOf (pass.manifest) + juce::String (juce::CharPointer_UTF8 (" \xe2\x80\x94 ")) + formatting::artistOf (pass.manifest);
        g.drawText (track, top, juce::Justification::centredLeft, true);

        g.setColour (juce::Colour (Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (13.5f));
        const auto note = pass.note.empty() ? juce::String() : juce::String (juce::CharPointer_UTF8 (": \xe2\x80\x9c")) + text (pass.note) + juce::String (juce::CharPointer_UTF8 ("\xe2\x80\x9d"));
        g.drawText ("from " + sender + note, area, juce::Justification::centredLeft, true);
    }

    void InboxView::listBoxItemClicked (int row, const juce::MouseEvent&)
    {
        open (row);
    }
} // namespace earshot
