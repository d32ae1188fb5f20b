// The desktop app's first start: it says what Earshot shares on the network and asks before any
// earshotd is started. Declining leaves the view working with nothing started (browsing and playing
// start nothing either) and says so; the answer is kept in the properties file, so the next start
// does not ask; "Go online..." asks again, and "Go online" starts the daemon.

#include "Client/DaemonLauncher.h"
#include "UI/EarshotView.h"
#include "UI/FirstStartDialog.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

TEST (FirstStart, SaysWhatIsSharedAsksBeforeTheDaemonStartsAndKeepsTheAnswer)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-first-start");
    DaemonLaunchOptions options;
    options.address = "unix:" + (root.path() / "earshotd.sock").string();
    options.dataDirectory = root.path() / "library";
    options.extraArguments = { "--bt-interface", "127.0.0.1", "--bt-port", "0", "--no-dht", "--friends-listen", "127.0.0.1:0" };
    options.daemonBinary = DaemonProcess::binary();
    const auto propertiesFile = juce::File ((root.path() / "earshot-app.settings").string());

    const auto text = NetworkConsent::explanation();
    EXPECT_TRUE (text.contains ("seeded")) << text;
    EXPECT_TRUE (text.contains ("sealed")) << text;
    EXPECT_TRUE (text.contains ("hub")) << text;
    EXPECT_TRUE (text.contains ("IP address")) << text;

    DaemonConnection daemon (options);
    PreviewPlayer player (daemon.client());
    {
        juce::PropertiesFile properties (propertiesFile, {});
        NetworkConsent consent (properties);
        EXPECT_EQ (consent.answer(), NetworkConsent::Answer::notAsked);
        EarshotView view (daemon.client(), player);
        view.setSize (1200, 760);
        view.setDaemonConnection (daemon);
        view.setNetworkConsent (consent);
        ASSERT_NE (view.firstStartDialog(), nullptr);
        EXPECT_TRUE (view.isOffline());
        savePng (renderAt (view, 1200, 760), "first-start-1200x760");

        // Declined: nothing starts, even when browsing or playing.
        view.firstStartDialog()->choose (false);
        ASSERT_TRUE (pumpMessagesUntil ([&]
                                        { return view.firstStartDialog() == nullptr; },
                                        2s));
        view.sidebar().onSelect (Page::library);
        view.playerBar().onPlayPause();
        pumpMessagesUntil ([]
                           { return false; },
                           1500ms);
        EXPECT_FALSE (daemon.startRequested());
        EXPECT_FALSE (std::filesystem::exists (options.dataDirectory)) << "earshotd was started without consent";
        EXPECT_EQ (view.message(), EarshotView::offlineMessage());
        EXPECT_TRUE (view.startDaemonButton().isVisible());
        EXPECT_TRUE (view.startDaemonButton().getButtonText().startsWith ("Go online"));
        EXPECT_EQ (consent.answer(), NetworkConsent::Answer::offline);
        view.showPage (Page::settings); // the pages still work
        savePng (renderAt (view, 1200, 760), "first-start-offline-1200x760");
    }

    // The next start remembers: it does not ask, and stays offline.
    juce::PropertiesFile properties (propertiesFile, {});
    NetworkConsent consent (properties);
    EXPECT_EQ (consent.answer(), NetworkConsent::Answer::offline);
    {
        EarshotView view (daemon.client(), player);
        view.setSize (1200, 760);
        view.setDaemonConnection (daemon);
        view.setNetworkConsent (consent);
        EXPECT_EQ (view.firstStartDialog(), nullptr);
        EXPECT_EQ (view.message(), EarshotView::offlineMessage());

        // "Go online..." asks again; "Go online" starts the daemon.
        view.startDaemonButton().triggerClick();
        ASSERT_TRUE (pumpMessagesUntil ([&]
                                        { return view.firstStartDialog() != nullptr; },
                                        2s));
        view.firstStartDialog()->choose (true);
        EXPECT_TRUE (daemon.startRequested());
        EXPECT_EQ (consent.answer(), NetworkConsent::Answer::share);
        ASSERT_TRUE (pumpMessagesUntil ([&]
                                        { return view.snapshot().connected; },
                                        30s))
            << view.message() << " " << daemon.startFailure();
        EXPECT_FALSE (view.isOffline());
    }

    std::ifstream lock (options.dataDirectory / "earshotd.lock");
    int pid = 0;
    lock >> pid;
    ASSERT_GT (pid, 0);
    ::kill (pid, SIGTERM);
    EXPECT_TRUE (eventually ([&]
                             { return ::kill (pid, 0) != 0; },
                             10s));
}
