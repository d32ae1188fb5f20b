#pragma once

#include "Client/DaemonClient.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>

namespace earshot
{
    /** Asks before a track leaves the library, as `earshot remove` does its work: a downloaded
        track's file can go too (a toggle, off at first); a published track's file is never deleted,
        and the dialog says so. Shown as an overlay (never a modal loop); Remove and Cancel call back
        and the owner removes it. Message thread only. */
    class RemoveDialog final : public juce::Component
    {
    public:
        explicit RemoveDialog (const ClientTrack& track);
        ~RemoveDialog() override;

        static constexpr int preferredWidth = 460;
        static constexpr int preferredHeight = 220;

        [[nodiscard]] const ClientTrack& track() const noexcept { return removed; }
        /** What the dialog says will happen to the file. */
        [[nodiscard]] juce::String explanation() const;
        /** Ticks or clears "Also delete the downloaded file" (a published track has none to tick). */
        void setDeleteFiles (bool shouldDelete);
        [[nodiscard]] bool deleteFiles() const noexcept { return deleteToggle.getToggleState(); }
        /** Presses Remove. */
        void confirm();

        /** Remove: the track, and whether its downloaded file goes too. */
        std::function<void (const ClientTrack&, bool deleteFiles)> onRemove;
        std::function<void()> onCancel;

        void paint (juce::Graphics& g) override;
        void resized() override;

    private:
        ClientTrack removed;
        juce::Rectangle<int> headingArea, textArea;
        juce::ToggleButton deleteToggle { "Also delete the downloaded file" };
        juce::TextButton removeButton { "Remove" }, cancelButton { "Cancel" };

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (RemoveDialog)
    };
} // namespace earshot
