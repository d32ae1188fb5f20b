#pragma once

#include "Client/DaemonClient.h"
#include "UI/TrackCovers.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <vector>

namespace earshot
{
    /** Passes friends sent: who sent it, their note, the track, when it arrived and whether it has
        been read, newest first, under a heading with an unread badge. A click marks the pass read
        and plays its track. Message thread only. */
    class InboxView final : public juce::Component,
                            private juce::ListBoxModel,
                            private juce::ChangeListener
    {
    public:
        InboxView();
        ~InboxView() override;

        /** Replaces the passes shown (newest first, as the daemon lists them). */
        void setEntries (std::vector<ClientInboxEntry> newEntries);
        [[nodiscard]] const std::vector<ClientInboxEntry>& entries() const noexcept { return passes; }
        /** Shows a pass as read at once, before the daemon's next answer says so. */
        void markReadLocally (const std::string& passId);

        /** The number on the unread badge: passes not read yet. */
        [[nodiscard]] int badgeCount() const noexcept;
        /** Where the badge is drawn (empty when there is nothing unread). */
        [[nodiscard]] juce::Rectangle<int> badgeBounds() const;
        /** The colour the badge is filled with. */
        [[nodiscard]] static juce::Colour badgeColour();
        [[nodiscard]] juce::ListBox& list() noexcept { return listBox; }

        /** A pass clicked: mark it read (onMarkRead) and play it (onPlay). */
        std::function<void (const ClientInboxEntry&)> onMarkRead;
        std::function<void (const ClientInboxEntry&)> onPlay;

        /** Where covers come from, drawn on each pass; none: letter tiles. The cache must outlive
            this view. */
        void setCovers (TrackCovers* cache);
        /** Where a pass's cover is drawn, in its row's coordinates. */
        [[nodiscard]] static juce::Rectangle<int> coverInRow (int height);

        /** Opens a pass as a click on its row does. */
        void open (int row);

        void paint (juce::Graphics& g) override;
        void resized() override;

    private:
        void changeListenerCallback (juce::ChangeBroadcaster*) override;
        int getNumRows() override;
        void paintListBoxItem (int rowNumber, juce::Graphics& g, int width, int height, bool rowIsSelected) override;
        void listBoxItemClicked (int row, const juce::MouseEvent& event) override;

        std::vector<ClientInboxEntry> passes;
        TrackCovers* covers = nullptr;
        juce::Rectangle<int> headingArea;
        juce::ListBox listBox { {}, this };

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (InboxView)
    };
} // namespace earshot
