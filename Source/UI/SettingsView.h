#pragma once

#include "UI/DaemonFeed.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <optional>

namespace earshot
{
    /** The Settings page: the daemon's upload and download caps and BitTorrent port (SetSettings:
        they apply at once and outlive a restart), its discovery hub (SetHub) and the home city
        (SetHomeCity), and, for the desktop app, its data folder (taken at the next start: it says
        so) and whether it starts at login (AutostartEntry).

        Made visible, it asks the daemon for what is set, through the feed (never on the message
        thread). Apply checks the fields (a cap or port that is not a number is named, and nothing
        is sent), then sends what changed in one action; the notice line says what happened or what
        the daemon refused. Message thread only. */
    class SettingsView final : public juce::Component
    {
    public:
        SettingsView();
        ~SettingsView() override;

        /** Where the daemon's settings come from and go; none: the page only shows its fields. The
            feed must outlive the view, or be unset first. */
        void setFeed (DaemonFeed* newFeed);

        /** The app's data folder row: the folder now in use, and what to call with a new one (the
            app keeps it for its next start). Without it the row is hidden (the plugins'). */
        void setDataFolder (const juce::String& folder, std::function<void (juce::String)> onChange);
        /** The start-at-login row, for the app at executable. Without it the row is hidden. */
        void setAutostartExecutable (const juce::File& executable);

        /** Asks the daemon for the settings now (becoming visible does). */
        void load();
        /** True once the daemon's answer has filled the fields. */
        [[nodiscard]] bool loaded() const noexcept { return hasLoaded; }
        /** Presses Apply. */
        void apply();
        /** Ticks or clears "Start Earshot when I log in" as a click does. */
        void setStartAtLogin (bool start);

        /** The fields, for a user's typing (and tests'). */
        juce::TextEditor uploadField, downloadField, portField, hubField, cityField, dataFolderField;
        [[nodiscard]] juce::ToggleButton& startAtLoginToggle() noexcept { return autostartToggle; }
        [[nodiscard]] juce::String notice() const { return noticeText; }
        [[nodiscard]] bool noticeIsError() const noexcept { return noticeError; }
        /** The port BitTorrent listens on now, as the daemon last said. */
        [[nodiscard]] int boundPort() const noexcept { return listeningOn; }

        /** Text for the notice line, after it is set (the owner may show it in its banner too). */
        std::function<void (juce::String text, bool isError)> onNotice;

        void paint (juce::Graphics& g) override;
        void resized() override;
        void visibilityChanged() override;

    private:
        struct Loaded;
        void showNotice (const juce::String& text, bool isError);
        void fillFrom (const Loaded& values);

        DaemonFeed* feed = nullptr;
        bool hasLoaded = false;
        int listeningOn = 0;
        juce::String hubWas, cityWas, dataFolderWas;
        std::function<void (juce::String)> onDataFolder;
        juce::File autostartExecutable;

        juce::String noticeText;
        bool noticeError = false;
        juce::Label heading;
        juce::OwnedArray<juce::Label> labels;
        juce::ToggleButton autostartToggle { "Start Earshot when I log in" };
        juce::TextButton applyButton { "Apply" };
        juce::Rectangle<int> noticeArea;
        std::shared_ptr<bool> alive = std::make_shared<bool> (true);

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (SettingsView)
    };
} // namespace earshot
