#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>

namespace earshot
{
    /** The pages of the app. */
    enum class Page
    {
        discover,
        library,
        inbox,
        friends,
        news,
        settings
    };

    /** The app's navigation: Discover, Library, Inbox (with an unread badge), Friends, News and Settings, and
        whether the daemon answers. Narrower than 140 pixels it shows icons only. Message thread
        only. */
    class Sidebar final : public juce::Component
    {
    public:
        Sidebar();

        void setPage (Page page);
        [[nodiscard]] Page page() const noexcept { return current; }
        void setUnread (int count);
        [[nodiscard]] int unread() const noexcept { return unreadCount; }
        void setConnected (bool isConnected);

        /** Where a page's item is, and where the inbox's badge is (empty with nothing unread). */
        [[nodiscard]] juce::Rectangle<int> itemBounds (Page page) const;
        [[nodiscard]] juce::Rectangle<int> badgeBounds() const;

        std::function<void (Page)> onSelect;

        void paint (juce::Graphics& g) override;
        void mouseUp (const juce::MouseEvent& event) override;
        void mouseMove (const juce::MouseEvent& event) override;
        void mouseExit (const juce::MouseEvent& event) override;

    private:
        [[nodiscard]] bool compact() const noexcept { return getWidth() < 140; }

        Page current = Page::library;
        int unreadCount = 0;
        bool connected = false;
        int hovered = -1;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (Sidebar)
    };
} // namespace earshot
