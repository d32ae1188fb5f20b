// The Settings page against a real earshotd: it shows what the daemon has, applies new caps, a new
// BitTorrent port, a hub and a home city through the daemon (the port is listened on at once), names
// what the daemon refuses and changes nothing then, and finds them again after the daemon restarts.
// The app's own rows: a new data folder is handed to the app with word that it takes effect at the
// next start, and "Start Earshot when I log in" writes and deletes the XDG autostart entry (under a
// temporary XDG_CONFIG_HOME).

#include "UI/SettingsView.h"
#include "UI/AutostartEntry.h"
#include "UI/EarshotView.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

TEST (SettingsView, AppliesTheDaemonsSettingsAtOnceRefusesBadOnesAndKeepsThemAcrossARestart)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-settings");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();

    const auto port = freeLoopbackPort();
    const auto hubPort = freeLoopbackPort();
    {
        auto client = std::make_shared<DaemonClient> (daemon.apiAddress());
        PreviewPlayer player (client);
        EarshotView view (client, player);
        view.setSize (1200, 760);
        view.sidebar().onSelect (Page::settings);
        EXPECT_EQ (view.page(), Page::settings);
        auto& settings = view.settings();
        ASSERT_TRUE (pumpMessagesUntil ([&]
                                        { return settings.loaded(); },
                                        15s))
            << settings.notice();
        EXPECT_EQ (settings.uploadField.getText(), "0");
        EXPECT_EQ (settings.portField.getText(), "0");
        EXPECT_GT (settings.boundPort(), 0);
        EXPECT_TRUE (settings.hubField.getText().isEmpty());

        settings.uploadField.setText ("256");
        settings.downloadField.setText ("1024");
        settings.portField.setText (juce::String (port));
        settings.hubField.setText ("127.0.0.1:" + juce::String (hubPort));
        settings.cityField.setText ("Lisbon");
        settings.apply();
        ASSERT_TRUE (pumpMessagesUntil ([&]
                                        { return settings.notice().startsWith ("Applied"); },
                                        15s))
            << settings.notice();
        const TransferSettings wanted { 256 * 1024, 1024 * 1024, port };
        EXPECT_EQ (daemon.client().settings().transfer, wanted);
        EXPECT_EQ (daemon.client().hub().address, "127.0.0.1:" + std::to_string (hubPort));
        EXPECT_EQ (daemon.client().homeCity(), "Lisbon");
        EXPECT_TRUE (eventually ([&]
                                 { return daemon.client().daemonInfo().bittorrentPort == port; },
                                 10s));
        savePng (renderAt (view, 1200, 760), "settings-applied-1200x760");

        // The daemon's refusals are named, and nothing changes.
        settings.portField.setText ("70000");
        settings.apply();
        ASSERT_TRUE (pumpMessagesUntil ([&]
                                        { return settings.noticeIsError(); },
                                        15s));
        EXPECT_TRUE (settings.notice().startsWith ("Limits and port: the listen port 70000 is not a TCP port")) << settings.notice();
        EXPECT_EQ (daemon.client().settings().transfer, wanted);
        savePng (renderAt (view, 1200, 760), "settings-refused-1200x760");

        settings.portField.setText (juce::String (port));
        settings.hubField.setText ("no port here");
        settings.apply();
        ASSERT_TRUE (pumpMessagesUntil ([&]
                                        { return settings.noticeIsError() && settings.notice().startsWith ("Discovery hub: "); },
                                        15s))
            << settings.notice();
        EXPECT_EQ (daemon.client().hub().address, "127.0.0.1:" + std::to_string (hubPort));

        // A field that is not a number never reaches the daemon.
        settings.uploadField.setText ("");
        settings.apply();
        EXPECT_EQ (settings.notice(), "The upload limit '' is not a whole number of KiB/s (0 for none)");
    }

    // Restarted (with --bt-port 0 again), the daemon keeps them, and the page shows them.
    daemon.stop();
    daemon.start();
    auto client = std::make_shared<DaemonClient> (daemon.apiAddress());
    PreviewPlayer player (client);
    EarshotView view (client, player);
    view.setSize (1200, 760);
    view.showPage (Page::settings);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.settings().loaded(); },
                                    15s));
    EXPECT_EQ (view.settings().uploadField.getText(), "256");
    EXPECT_EQ (view.settings().downloadField.getText(), "1024");
    EXPECT_EQ (view.settings().portField.getText(), juce::String (port));
    EXPECT_EQ (view.settings().cityField.getText(), "Lisbon");
    EXPECT_TRUE (eventually ([&]
                             { return daemon.client().daemonInfo().bittorrentPort == port; },
                             10s));
}

TEST (SettingsView, KeepsTheDataFolderForTheNextStartAndWritesTheAutostartEntry)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-settings-app");
    const auto configHome = root.path() / "config";
    ::setenv ("XDG_CONFIG_HOME", configHome.c_str(), 1);

    EarshotLookAndFeel lookAndFeel;
    SettingsView settings;
    settings.setLookAndFeel (&lookAndFeel);
    juce::String kept;
    settings.setDataFolder ("/srv/music/earshot", [&] (juce::String folder)
                            { kept = folder; });
    settings.setAutostartExecutable (juce::File ("/opt/Earshot Test/earshot-app"));
    EXPECT_TRUE (settings.startAtLoginToggle().isVisible());
    EXPECT_FALSE (settings.startAtLoginToggle().getToggleState());

    settings.dataFolderField.setText ("relative/folder");
    settings.apply();
    EXPECT_TRUE (settings.noticeIsError());
    EXPECT_TRUE (kept.isEmpty());
    settings.dataFolderField.setText ((root.path() / "library").string());
    settings.apply();
    EXPECT_EQ (kept.toStdString(), (root.path() / "library").string());
    EXPECT_TRUE (settings.notice().startsWith ("The data folder takes effect when earshot-app next starts")) << settings.notice();

    const auto entry = configHome / "autostart" / "earshot-app.desktop";
    EXPECT_EQ (AutostartEntry::file().getFullPathName().toStdString(), entry.string());
    settings.setStartAtLogin (true);
    ASSERT_TRUE (std::filesystem::exists (entry)) << settings.notice();
    const auto text = juce::File (entry.string()).loadFileAsString();
    EXPECT_TRUE (text.startsWith ("[Desktop Entry]\n")) << text;
    EXPECT_TRUE (text.contains ("\nType=Application\n")) << text;
    EXPECT_TRUE (text.contains ("\nExec=\"/opt/Earshot Test/earshot-app\"\n")) << text;
    EXPECT_TRUE (AutostartEntry::isEnabled());
    savePng (renderAt (settings, 1000, 600), "settings-app-rows-1000x600");

    settings.setStartAtLogin (false);
    EXPECT_FALSE (std::filesystem::exists (entry));
    EXPECT_FALSE (AutostartEntry::isEnabled());
    settings.setLookAndFeel (nullptr);
    ::unsetenv ("XDG_CONFIG_HOME");
}
