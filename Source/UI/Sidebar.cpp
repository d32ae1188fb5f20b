#include "Sidebar.h"

#include "EarshotLookAndFeel.h"

#include <array>

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;
        using Icon = EarshotLookAndFeel::Icon;

        struct Item
        {
            Page page;
            const char* name;
            Icon icon;
        };

        constexpr std::array<Item, 6> items { { { Page::discover, "Discover", Icon::discover },
                                                { Page::library, "Library", Icon::library },
                                                { Page::inbox, "Inbox", Icon::inbox },
                                                { Page::friends, "Friends", Icon::friends },
                                                { Page::news, "News", Icon::news },
                                                { Page::settings, "Settings", Icon::settings } } };

        constexpr int brandHeight = 72;
        constexpr int itemHeight = 44;
    } // namespace

    Sidebar::Sidebar()
    {
        setRepaintsOnMouseActivity (false);
    }

    void Sidebar::setPage (Page page)
    {
        current = page;
        repaint();
    }

    void Sidebar::setUnread (int count)
    {
        if (count != unreadCount)
        {
            unreadCount = count;
            repaint();
        }
    }

    void Sidebar::setConnected (bool isConnected)
    {
        if (isConnected != connected)
        {
            connected = isConnected;
            repaint();
        }
    }

    juce::Rectangle<int> Sidebar::itemBounds (Page page) const
    {
        const auto index = static_cast<int> (page);
        return { 10, brandHeight + index * (itemHeight + 4), getWidth() - 20, itemHeight };
    }

    juce::Rectangle<int> Sidebar::badgeBounds() const
    {
        if (unreadCount <= 0)
            return {};
        const auto item = itemBounds (Page::inbox);
        const auto text = juce::String (unreadCount);
        const auto width = juce::jmax (20, EarshotLookAndFeel::font (12.0f, true).getStringWidth (text) + 12);
        if (compact())
            return { item.getCentreX() + 2, item.getY() + 4, width, 18 };
        return { item.getRight() - width - 10, item.getCentreY() - 10, width, 20 };
    }

    void Sidebar::paint (juce::Graphics& g)
    {
        g.fillAll (juce::Colour (Palette::sidebar));
        g.setColour (juce::Colour (Palette::outline));
        g.fillRect (getWidth() - 1, 0, 1, getHeight());

        // The brand: a mark and, when there is room, the name.
        auto brand = juce::Rectangle<int> (0, 0, getWidth(), brandHeight).reduced (compact() ? 0 : 20, 20);
        auto mark = (compact() ? brand.withSizeKeepingCentre (30, 30) : brand.removeFromLeft (30).withSizeKeepingCentre (30, 30)).toFloat();
        g.setGradientFill (juce::ColourGradient (juce::Colour (Palette::accentBright), mark.getTopLeft(), juce::Colour (0xff4f46e5), mark.getBottomRight(), false));
        g.fillRoundedRectangle (mark, 8.0f);
        g.setColour (juce::Colours::white);
        for (int i = 0; i < 3; ++i) // three arcs: sound arriving
        {
            juce::Path arc;
            const auto r = 4.0f + static_cast<float> (i) * 4.0f;
            arc.addCentredArc (mark.getX() + 9.0f, mark.getCentreY(), r, r, 0.0f, juce::MathConstants<float>::pi * 0.25f, juce::MathConstants<float>::pi * 0.75f, true);
            g.strokePath (arc, juce::PathStrokeType (2.0f, juce::PathStrokeType::curved, juce::PathStrokeType::rounded));
        }
        if (! compact())
        {
            g.setColour (juce::Colour (Palette::text));
            g.setFont (EarshotLookAndFeel::font (21.0f, true));
            g.drawText ("earshot", brand.withTrimmedLeft (12), juce::Justification::centredLeft);
        }

        for (int i = 0; i < static_cast<int> (items.size()); ++i)
        {
            const auto& item = items[static_cast<std::size_t> (i)];
            const auto bounds = itemBounds (item.page);
            const bool selected = item.page == current;
            if (selected || hovered == i)
            {
                g.setColour (juce::Colour (selected ? Palette::surfaceRaised : Palette::surface));
                g.fillRoundedRectangle (bounds.toFloat(), 8.0f);
            }
            if (selected)
            {
                g.setColour (juce::Colour (Palette::accent));
                g.fillRoundedRectangle (bounds.withWidth (3).reduced (0, 10).toFloat(), 1.5f);
            }

            const auto colour = juce::Colour (selected ? Palette::text : Palette::textDim);
            auto area = bounds.reduced (compact() ? 0 : 14, 0);
            const auto iconArea = compact() ? area.withSizeKeepingCentre (20, 20) : area.removeFromLeft (20).withSizeKeepingCentre (20, 20);
            if (auto icon = EarshotLookAndFeel::createIcon (item.icon, selected ? juce::Colour (Palette::accentBright) : colour))
                icon->drawWithin (g, iconArea.toFloat(), juce::RectanglePlacement::centred, 1.0f);
            if (! compact())
            {
                g.setColour (colour);
                g.setFont (EarshotLookAndFeel::font (15.0f, selected));
                g.drawText (item.name, area.withTrimmedLeft (14), juce::Justification::centredLeft);
            }
        }

        if (const auto badge = badgeBounds(); ! badge.isEmpty())
        {
            g.setColour (juce::Colour (Palette::badge));
            g.fillRoundedRectangle (badge.toFloat(), static_cast<float> (badge.getHeight()) / 2.0f);
            g.setColour (juce::Colours::white);
            g.setFont (EarshotLookAndFeel::font (12.0f, true));
            g.drawText (juce::String (unreadCount), badge, juce::Justification::centred);
        }

        // Whether the daemon answers.
        auto status = getLocalBounds().removeFromBottom (40).reduced (compact() ? 0 : 20, 10);
        const auto dotArea = compact() ? status.withSizeKeepingCentre (8, 8) : status.removeFromLeft (8).withSizeKeepingCentre (8, 8);
        g.setColour (juce::Colour (connected ? Palette::positive : Palette::warning));
        g.fillEllipse (dotArea.toFloat());
        if (! compact())
        {
            g.setColour (juce::Colour (Palette::textFaint));
            g.setFont (EarshotLookAndFeel::font (12.5f));
            g.drawText (connected ? "earshotd connected" : "earshotd not answering", status.withTrimmedLeft (10), juce::Justification::centredLeft);
        }
    }

    void Sidebar::mouseUp (const juce::MouseEvent& event)
    {
        for (const auto& item : items)
            if (itemBounds (item.page).contains (event.getPosition()))
            {
                setPage (item.page);
                if (onSelect)
                    onSelect (item.page);
            }
    }

    void Sidebar::mouseMove (const juce::MouseEvent& event)
    {
        int now = -1;
        for (int i = 0; i < static_cast<int> (items.size()); ++i)
            if (itemBounds (items[static_cast<std::size_t> (i)].page).contains (event.getPosition()))
                now = i;
        if (now != hovered)
        {
            hovered = now;
            repaint();
        }
    }

    void Sidebar::mouseExit (const juce::MouseEvent&)
    {
        hovered = -1;
        repaint();
    }
} // namespace earshot
