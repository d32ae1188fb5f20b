// The whole app view: every page at two sizes from a friend's library and inbox given as data; then
// against real daemons, the poller keeping it fresh off the message thread, through the daemon going
// away and coming back, and the actions (a pass sent from the dialog, a pass read from the inbox)
// reaching the daemons. With a daemon started only on request (the plugin's), the banner says none
// runs and how it starts, and its button starts it.

#include "UI/EarshotView.h"
#include "Client/DaemonLauncher.h"
#include "DemoLibrary.h"
#include "UI/PassDialog.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    /** How the view starts a daemon of its own, when asked, in a test's folder on loopback. */
    DaemonLaunchOptions launchOptionsIn (const std::filesystem::path& root)
    {
        DaemonLaunchOptions options;
        options.address = "unix:" + (root / "earshotd.sock").string();
        options.dataDirectory = root / "library";
        options.extraArguments = { "--bt-interface", "127.0.0.1", "--bt-port", "0", "--no-dht", "--friends-listen", "127.0.0.1:0" };
        options.daemonBinary = DaemonProcess::binary();
        return options;
    }
} // namespace

namespace
{
    juce::String pageName (Page page)
    {
        switch (page)
        {
            case Page::discover:
                return "discover";
            case Page::library:
                return "library";
            case Page::inbox:
                return "inbox";
            case Page::friends:
                return "friends";
            case Page::news:
                return "news";
            case Page::settings:
                return "settings";
        }
        return {};
    }

    /** A feed of plain data: it fetches nothing (the test applies the snapshots) and runs no action. */
    class FixedFeed final : public DaemonFeed
    {
    public:
        void perform (std::function<void (DaemonClient&)>, std::function<void (juce::String)>) override {}

        static EarshotView::FeedFactory factory()
        {
            return [] (std::function<void (const DaemonSnapshot&)>)
            { return std::make_unique<FixedFeed>(); };
        }
    };

    /** Ben's library after Ana passed him two tracks of the demo album: both in his library and
        his inbox (unread, the newest first), Ana his one friend, online. */
    DaemonSnapshot bensLibrary()
    {
        DaemonSnapshot snapshot;
        snapshot.connected = true;
        const auto album = demoAlbumTracks();
        const std::pair<std::size_t, const char*> passes[] = { { 1, "rainy day one" }, { 0, "the bridge at 1:40" } };
        std::int64_t receivedAtMs = 1'780'000'000'000;
        for (const auto& [index, note] : passes)
        {
            auto track = album[index];
            track.published = false;
            snapshot.tracks.insert (snapshot.tracks.begin(), track);
            ClientInboxEntry entry;
            entry.passId = "pass-" + std::to_string (index);
            entry.from = "Ana";
            entry.senderName = "Ana";
            entry.manifest = track.manifest;
            entry.note = note;
            entry.receivedAtMs = receivedAtMs--;
            snapshot.inbox.push_back (entry);
        }
        snapshot.unread = 2;
        snapshot.friends.push_back (friendAna());
        snapshot.friendCode = "earshot:BEN";
        return snapshot;
    }
} // namespace

TEST (EarshotView, RendersEveryPageAtTwoSizes)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-view-pages");
    auto nowhere = std::make_shared<DaemonClient> ("unix:" + (root.path() / "no-daemon.sock").string());
    PreviewPlayer player (nowhere);
    EarshotView view (FixedFeed::factory(), player);
    view.applySnapshot (bensLibrary());

    for (const auto& [width, height] : { std::pair { 800, 500 }, std::pair { 1400, 900 } })
    {
        SCOPED_TRACE (width);
        for (const auto page : { Page::library, Page::inbox, Page::discover, Page::friends, Page::news, Page::settings })
        {
            view.showPage (page);
            const auto image = renderAt (view, width, height);
            savePng (image, "earshot-view-" + pageName (page) + "-" + juce::String (width) + "x" + juce::String (height));

            // On every page: the sidebar's inbox badge, filled in the badge's colour.
            const auto badge = view.sidebar().badgeBounds().translated (view.sidebar().getX(), view.sidebar().getY());
            ASSERT_FALSE (badge.isEmpty());
            EXPECT_EQ (view.sidebar().unread(), 2);
            EXPECT_EQ (image.getPixelAt (badge.getX() + badge.getHeight() / 2 - 2, badge.getCentreY()).getARGB(), InboxView::badgeColour().getARGB());
            // The player bar along the bottom, the page above it, nothing cut off.
            EXPECT_EQ (view.playerBar().getBottom(), height);
            EXPECT_EQ (view.library().getBottom(), view.playerBar().getY());
            EXPECT_GE (view.library().getWidth(), 500);
        }

        EXPECT_EQ (view.library().rowsShown(), 2);
        EXPECT_EQ (view.inbox().badgeCount(), 2);
        EXPECT_EQ (view.inbox().entries()[0].note, "rainy day one");
        EXPECT_EQ (view.friends().friends().size(), 1u);
        EXPECT_EQ (view.discover().model().shelves.size(), 2u); // Downtempo and Lo-Fi
    }
}

TEST (EarshotView, ReadingAPassFromARealInboxTellsTheDaemonAndPlaysItsTrack)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-view");
    TwoFriends friends (root.path());
    (void) friends.ana.client().sendPass (friends.album[0].id, "Ben", "the bridge at 1:40");
    (void) friends.ana.client().sendPass (friends.album[1].id, "Ben", "rainy day one");
    ASSERT_TRUE (eventually ([&]
                             { return friends.ben.client().listInbox().first.size() == 2; },
                             30s));

    auto client = std::make_shared<DaemonClient> (friends.ben.apiAddress());
    PreviewPlayer player (client);
    EarshotView view (client, player);
    const auto snapshot = DaemonSnapshot::fetch (*client);
    ASSERT_TRUE (snapshot.connected) << snapshot.error;
    ASSERT_EQ (snapshot.tracks.size(), 2u); // the passed tracks, added to Ben's library
    view.applySnapshot (snapshot);
    EXPECT_EQ (view.library().rowsShown(), 2);
    EXPECT_EQ (view.inbox().badgeCount(), 2);
    EXPECT_EQ (view.inbox().entries()[0].note, "rainy day one");
    EXPECT_EQ (view.friends().friends().size(), 1u);

    // Reading a pass from the inbox page: the daemon is told off the message thread, the badge
    // drops at once and stays down when the next snapshot arrives.
    view.showPage (Page::inbox);
    view.inbox().open (0);
    EXPECT_EQ (view.inbox().badgeCount(), 1);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.snapshot().unread == 1; },
                                    15s));
    EXPECT_EQ (view.sidebar().unread(), 1);
    EXPECT_EQ (friends.ben.client().listInbox().second, 1);
    EXPECT_TRUE (eventually ([&]
                             { return player.currentTrack() == friends.album[1].id; },
                             10s)); // it plays the pass's track
    savePng (renderAt (view, 1400, 900), "earshot-view-inbox-after-read-1400x900");
    player.stop();
}

TEST (EarshotView, SaysWhenTheDaemonIsDownAndRecoversByItselfWhenItIsBack)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-view-reconnect");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    for (const auto* stem : { "01-first-light", "02-paper-lanterns", "03-neon-tide" })
        (void) daemon.client().publish ({ (demoAlbum ("flac") / (std::string (stem) + ".flac")).string() });

    auto client = std::make_shared<DaemonClient> (daemon.apiAddress());
    PreviewPlayer player (client);
    EarshotView view (client, player);
    view.setSize (1000, 640);

    // The poller delivers the library without the test asking.
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.library().rowsShown() == 3; },
                                    15s))
        << view.message();
    EXPECT_TRUE (view.message().isEmpty()) << view.message();

    daemon.stop();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.message() == DaemonSnapshot::reconnectingMessage(); },
                                    15s))
        << view.message();
    EXPECT_FALSE (view.bannerBounds().isEmpty());
    EXPECT_EQ (view.library().rowsShown(), 3); // what was there stays
    savePng (renderAt (view, 1000, 640), "earshot-view-reconnecting-1000x640");
    savePng (renderAt (view, 640, 420), "earshot-view-reconnecting-640x420");

    daemon.start();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.snapshot().connected; },
                                    60s));
    EXPECT_EQ (view.message(), "earshotd is back");
    EXPECT_EQ (view.library().rowsShown(), 3);
}

TEST (EarshotView, APassSentFromTheDialogReachesTheFriend)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-view-pass");
    TwoFriends friends (root.path());

    auto client = std::make_shared<DaemonClient> (friends.ana.apiAddress());
    PreviewPlayer player (client);
    EarshotView view (client, player);
    view.setSize (1400, 900);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.snapshot().friends.size() == 1 && view.library().rowsShown() == 3; },
                                    15s));

    view.showPassDialog (friends.album[1]);
    ASSERT_NE (view.passDialog(), nullptr);
    view.passDialog()->choose ("Ben", "the rain at the start");
    EXPECT_EQ (view.passDialog()->selectedFriend(), "Ben");
    savePng (renderAt (view, 1400, 900), "earshot-view-pass-dialog-1400x900");
    savePng (renderAt (view, 800, 500), "earshot-view-pass-dialog-800x500");

    view.passDialog()->send();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.message().startsWith ("Passed 'Paper Lanterns' to Ben"); },
                                    15s))
        << view.message();
    EXPECT_EQ (view.passDialog(), nullptr);
    ASSERT_TRUE (eventually ([&]
                             {
        const auto inbox = friends.ben.client().listInbox().first;
        return inbox.size() == 1 && inbox[0].note == "the rain at the start"; },
                             30s));

    // A name the daemon does not know: its refusal is shown, not swallowed.
    view.showPassDialog (friends.album[0]);
    view.passDialog()->choose ("Ben", "again");
    friends.ana.client().removeFriend ("Ben");
    view.passDialog()->send();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.message().containsIgnoreCase ("Ben") && ! view.message().startsWith ("Passed"); },
                                    15s))
        << view.message();
}

TEST (EarshotView, ThePlayerBarFollowsATrackAsItArrivesWithItsWaveformFillingIn)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-view-playing");
    DaemonProcess artist (root.path() / "artist", { "--upload-limit", "512" });
    DaemonProcess listener (root.path() / "listener");
    artist.start();
    listener.start();
    const auto published = artist.client().publish ({ (demoAlbum ("flac") / "02-paper-lanterns.flac").string() }).front();
    (void) listener.client().addTrack ({ published.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });

    auto client = std::make_shared<DaemonClient> (listener.apiAddress());
    PreviewPlayer player (client);
    player.prepare (48000.0, 512);
    EarshotView view (client, player);
    view.setSize (1400, 900);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.library().rowsShown() == 1; },
                                    15s));
    view.play (view.library().trackAtRow (0));

    // The decoder fills its buffer from the opening; the waveform knows those buckets and not the rest.
    const auto knownAtStart = [&]
    {
        const auto& peaks = view.playerBar().model().peaks;
        return peaks.size() == static_cast<std::size_t> (WaveformPeaks::bucketCount) && peaks.front() >= 0.0f && peaks.back() < 0.0f;
    };
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return knownAtStart() && player.waveform().knownBuckets() >= 10 && view.playerBar().model().status.peers > 0; },
                                    30s))
        << view.playerBar().stateText();
    EXPECT_EQ (view.playerBar().model().title, "Paper Lanterns");
    EXPECT_TRUE (view.playerBar().stateText().contains ("peer")) << view.playerBar().stateText();
    EXPECT_GT (player.waveform().knownBuckets(), 0);
    EXPECT_LT (player.waveform().knownBuckets(), WaveformPeaks::bucketCount);

    for (const auto& [width, height] : { std::pair { 800, 500 }, std::pair { 1400, 900 } })
    {
        const auto image = renderAt (view, width, height);
        savePng (image, "earshot-view-playing-" + juce::String (width) + "x" + juce::String (height));
        // The waveform's last stretch is not decoded: only its baseline is drawn there.
        const auto wave = view.playerBar().waveform().getBounds().translated (view.playerBar().getX(), view.playerBar().getY());
        EXPECT_EQ (image.getPixelAt (wave.getRight() - 2, wave.getY() + wave.getHeight() / 2).getARGB(), WaveformView::baselineColour().getARGB());
    }
    player.stop();
}

TEST (EarshotView, SaysThatNoDaemonRunsUntilAskedThenStartsIt)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-view-on-request");
    const auto options = launchOptionsIn (root.path());
    DaemonConnection daemon (options);
    PreviewPlayer player (daemon.client());
    {
        EarshotView view (daemon.client(), player);
        view.setDaemonConnection (daemon);
        view.setSize (1000, 640);

        // Shown, and polling, it starts nothing: it says that none runs and what starting one means.
        ASSERT_TRUE (pumpMessagesUntil ([&]
                                        { return view.message() == EarshotView::daemonNotStartedMessage(); },
                                        15s))
            << view.message();
        EXPECT_TRUE (view.message().contains ("starts when you browse or play")) << view.message();
        EXPECT_TRUE (view.message().contains ("network")) << view.message();
        EXPECT_TRUE (view.startDaemonButton().isVisible());
        EXPECT_TRUE (view.bannerBounds().contains (view.startDaemonButton().getBounds()));
        savePng (renderAt (view, 1000, 640), "earshot-view-daemon-not-started-1000x640");
        savePng (renderAt (view, 640, 420), "earshot-view-daemon-not-started-640x420");
        pumpMessagesUntil ([]
                           { return false; },
                           2s);
        EXPECT_FALSE (daemon.startRequested());
        EXPECT_FALSE (std::filesystem::exists (options.dataDirectory)) << "earshotd was started without being asked";
        EXPECT_EQ (view.message(), EarshotView::daemonNotStartedMessage());

        // The button: it says it is starting the daemon, then that it is connected.
        view.startDaemonButton().triggerClick();
        ASSERT_TRUE (pumpMessagesUntil ([&]
                                        { return view.message() != EarshotView::daemonNotStartedMessage(); },
                                        5s));
        EXPECT_EQ (view.message(), EarshotView::daemonStartingMessage());
        EXPECT_FALSE (view.startDaemonButton().isVisible());
        EXPECT_TRUE (daemon.startRequested());
        ASSERT_TRUE (pumpMessagesUntil ([&]
                                        { return view.snapshot().connected; },
                                        30s))
            << view.message() << " " << daemon.startFailure();
        EXPECT_EQ (view.message(), "Connected to earshotd");
        EXPECT_TRUE (daemon.startedDaemon());
        EXPECT_TRUE (view.snapshot().friendCode.isNotEmpty()); // a working daemon, with its own identity
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

TEST (EarshotView, ChoosingAPageOrPressingPlayStartsADaemonStartedOnRequest)
{
    juce::ScopedJuceInitialiser_GUI juce;
    for (const auto* action : { "page", "play" })
    {
        SCOPED_TRACE (action);
        TemporaryDirectory root ("earshot-ui-view-on-request");
        const auto options = launchOptionsIn (root.path());
        DaemonConnection daemon (options);
        PreviewPlayer player (daemon.client());
        {
            EarshotView view (daemon.client(), player);
            view.setDaemonConnection (daemon);
            view.setSize (1000, 640);
            ASSERT_TRUE (pumpMessagesUntil ([&]
                                            { return view.message() == EarshotView::daemonNotStartedMessage(); },
                                            15s));
            if (std::string (action) == "page")
                view.sidebar().onSelect (Page::friends);
            else
                view.playerBar().onPlayPause();
            EXPECT_TRUE (daemon.startRequested());
            EXPECT_EQ (view.message(), EarshotView::daemonStartingMessage());
            ASSERT_TRUE (pumpMessagesUntil ([&]
                                            { return view.snapshot().connected; },
                                            30s))
                << view.message() << " " << daemon.startFailure();
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
}
