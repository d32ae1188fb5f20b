#pragma once

#include <juce_core/juce_core.h>

namespace earshot
{
    /** Whether the desktop app starts when the user logs in: an XDG autostart entry,
        $XDG_CONFIG_HOME/autostart/earshot-app.desktop (~/.config when XDG_CONFIG_HOME is not set),
        as the freedesktop.org Desktop Application Autostart Specification has desktops read it. */
    class AutostartEntry final
    {
    public:
        /** Where the entry lives. */
        [[nodiscard]] static juce::File file();
        /** Whether the entry is there and not hidden. */
        [[nodiscard]] static bool isEnabled();
        /** Writes the entry, starting executable, or deletes it. Returns the error's text, empty when
            it worked. */
        [[nodiscard]] static juce::String setEnabled (bool enabled, const juce::File& executable);
        /** The entry's text for executable. */
        [[nodiscard]] static juce::String entryText (const juce::File& executable);
    };
} // namespace earshot
