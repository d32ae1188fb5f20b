#include "AutostartEntry.h"

namespace earshot
{
    juce::File AutostartEntry::file()
    {
        const auto configHome = juce::SystemStats::getEnvironmentVariable ("XDG_CONFIG_HOME", {});
        // The specification: a relative XDG_CONFIG_HOME is invalid and ignored.
        const auto base = configHome.isNotEmpty() && juce::File::isAbsolutePath (configHome) ? juce::File (configHome)
                                                                                             : juce::File ("~/.config");
        return base.getChildFile ("autostart").getChildFile ("earshot-app.desktop");
    }

    bool AutostartEntry::isEnabled()
    {
        const auto entry = file();
        if (! entry.existsAsFile())
            return false;
        juce::StringArray lines;
        lines.addLines (entry.loadFileAsString());
        for (const auto& line : lines)
            if (line.trim().equalsIgnoreCase ("Hidden=true") || line.trim().equalsIgnoreCase ("X-GNOME-Autostart-enabled=false"))
                return false;
        return true;
    }

    juce::String AutostartEntry::entryText (const juce::File& executable)
    {
        // Exec quotes the path as the Desktop Entry Specification asks of one with spaces.
        auto path = executable.getFullPathName();
        if (path.containsAnyOf (" \t\"'\\$`"))
            path = "\"" + path.replace ("\\", "\\\\").replace ("\"", "\\\"").replace ("$", "\\$").replace ("`", "\\`") + "\"";
        return "[Desktop Entry]\n"
               "Type=Application\n"
               "Name=Earshot\n"
               "Comment=Hear music while it arrives, pass songs to friends\n"
               "Exec="
               + path + "\n"
                        "Terminal=false\n"
                        "X-GNOME-Autostart-enabled=true\n";
    }

    juce::String AutostartEntry::setEnabled (bool enabled, const juce::File& executable)
    {
        const auto entry = file();
        if (! enabled)
        {
            if (entry.exists() && ! entry.deleteFile())
                return "Cannot delete " + entry.getFullPathName();
            return {};
        }
        if (const auto made = entry.getParentDirectory().createDirectory(); made.failed())
            return "Cannot create " + entry.getParentDirectory().getFullPathName() + ": " + made.getErrorMessage();
        if (! entry.replaceWithText (entryText (executable), false, false, "\n"))
            return "Cannot write " + entry.getFullPathName();
        return {};
    }
} // namespace earshot
