#pragma once

#include "Audio/PreviewPlayer.h"
#include "Client/DaemonClient.h"
#include "Client/DaemonLauncher.h"
#include "UI/AddInput.h"
#include "UI/DaemonFeed.h"
#include "UI/DaemonModel.h"
#include "UI/DiscoverView.h"
#include "UI/EarshotLookAndFeel.h"
#include "UI/FriendsView.h"
#include "UI/InboxView.h"
#include "UI/LibraryActions.h"
#include "UI/NetworkConsent.h"
#include "UI/NewsView.h"
#include "UI/PlayerBar.h"
#include "UI/SettingsView.h"
#include "UI/Sidebar.h"
#include "UI/TrackCovers.h"
#include "UI/TrackTable.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>

namespace earshot
{
    class AddDialog;
    class FirstStartDialog;
    class PassDialog;
    class RemoveDialog;

    /** The whole app in one component, for the desktop app and the plugins' editors: a sidebar
        (Discover, Library, Inbox with its unread badge, Friends, News, Settings), the page chosen, a message
        banner and the player bar.

        It never calls the daemon on the message thread: a DaemonModel polls it on a worker thread
        (tracks, inbox, friends, friend code and the playing track's status, every 700 ms) and
        actions run there too. While the daemon cannot be reached the banner says so and the model
        keeps polling; the view recovers by itself when it is back. Given the DaemonConnection (see
        setDaemonConnection), it also says whether earshotd is yet to be started, starting, or could
        not be started, and starts it when the user asks for music. A 30 Hz timer feeds the player
        bar from the PreviewPlayer's atomics. The PreviewPlayer's own controls (play, seek, pause)
        only queue a command for its decode thread, so they are called directly.

        What the command line does with the library, the view does too: files and album folders
        dropped on it, or chosen with Publish..., are checked for audio and published one Publish
        call at a time, each file's row saying where it is; the Add dialog takes a magnet link, a
        .torrent file or a friend code; a track's context menu removes it, after asking.

        The host owns the player and drives its audio; the player must outlive this view. Lays out
        from about 600 x 400 up. Message thread only. */
    class EarshotView final : public juce::Component,
                              public juce::FileDragAndDropTarget,
                              private juce::Timer
    {
    public:
        /** Makes the feed the view reads, given the function that shows a snapshot in the view. */
        using FeedFactory = std::function<std::unique_ptr<DaemonFeed> (std::function<void (const DaemonSnapshot&)> onSnapshot)>;

        /** The app's and the plugins' view: a DaemonModel polls the daemon behind client. */
        EarshotView (std::shared_ptr<DaemonClient> client, PreviewPlayer& player);
        /** A view that reads makeFeed's feed instead (a test's, holding plain data). */
        EarshotView (const FeedFactory& makeFeed, PreviewPlayer& player);
        ~EarshotView() override;

        /** How the view's transport reaches the player when its host keeps the player's state itself
            (the app's PlaybackController, the plugin's Play parameter). Each one left empty, and all of
            them until this is called, make the view call the player directly. */
        struct Transport
        {
            std::function<void (const std::string& trackId)> play;
            std::function<void()> playPause;
            std::function<void()> stop;
            std::function<void (double seconds)> seek;
            std::function<void (float gain)> volume;
        };
        void setTransport (Transport newTransport);

        /** The daemon this view may start. Until start() has been called on it, while no daemon
            answers, the banner says that earshotd is not running and starts when the user browses
            or plays, with a button that starts it; choosing a page, pressing play or playing a track
            starts it too. Then the banner says it is starting, and that it is connected (or why it
            could not be started). Without it the banner only says that the daemon cannot be reached.
            The connection must outlive the view. */
        void setDaemonConnection (DaemonConnection& connection);
        [[nodiscard]] juce::Button& startDaemonButton() noexcept { return startButton; }

        /** The desktop app's first-start question (setDaemonConnection first). Answered "share",
            the daemon is started at once; "offline", none is started (browsing and playing do not
            start it either) and the banner says so, with a "Go online..." button that asks again;
            not asked yet, the view is offline and asks now. The answer is kept in consent. The
            consent must outlive the view. */
        void setNetworkConsent (NetworkConsent& consent);
        [[nodiscard]] bool isOffline() const noexcept { return offline; }
        [[nodiscard]] FirstStartDialog* firstStartDialog() const noexcept;
        /** The banner's text while offline. */
        [[nodiscard]] static juce::String offlineMessage();

        /** The banner's text while no daemon answers and none has been asked for. */
        [[nodiscard]] static juce::String daemonNotStartedMessage();
        /** The banner's text while the daemon is being found or started. */
        [[nodiscard]] static juce::String daemonStartingMessage();

        /** Shows a snapshot of the daemon (what the poller delivers; tests pass their own). */
        void applySnapshot (const DaemonSnapshot& snapshot);
        [[nodiscard]] const DaemonSnapshot& snapshot() const noexcept { return latest; }

        void showPage (Page page);
        [[nodiscard]] Page page() const noexcept { return sidebarView.page(); }

        /** Shows text in the banner: for a few seconds, or until replaced when persistent. */
        void showMessage (const juce::String& text, bool isError = false, bool persistent = false);
        [[nodiscard]] juce::String message() const { return bannerText; }
        [[nodiscard]] juce::Rectangle<int> bannerBounds() const { return bannerArea; }

        /** Opens the pass dialog for a track, over the page. */
        void showPassDialog (const ClientTrack& track);
        [[nodiscard]] PassDialog* passDialog() const noexcept;
        void closePassDialog();

        /** Publishes files and album folders (what a drop or Publish... hands over): when one holds
            no audio, the banner names it and nothing is published; otherwise each goes to the
            daemon's Publish call in turn, its files' rows in the library page saying how it goes.
            Shows the library page. */
        void publishPaths (const juce::StringArray& paths);
        /** Opens a file chooser for files and folders (asynchronously), then publishPaths. */
        void choosePathsToPublish();
        [[nodiscard]] LibraryActions& libraryActions() noexcept { return actionsView; }

        /** Opens the Add dialog, its field holding text. */
        void showAddDialog (const juce::String& text = {});
        [[nodiscard]] AddDialog* addDialog() const noexcept;
        /** Adds what input holds: a magnet link or a .torrent file to the library (AddTrack), a
            friend code as a friend named friendName (AddFriend). A problem with it, or the daemon's
            refusal, shows in the banner, and nothing changes. */
        void add (const AddInput& input, const juce::String& friendName = {});
        /** What the app was opened with (its command line, or a later launch's): magnet links and
            .torrent files are added at once; a friend code opens the Add dialog, which asks for a
            name; anything else is named in the banner. */
        void open (const std::vector<AddInput>& inputs);

        /** Asks whether to remove a track (and its downloaded file); then RemoveTrack. */
        void showRemoveDialog (const ClientTrack& track);
        [[nodiscard]] RemoveDialog* removeDialog() const noexcept;

        /** Closes whichever dialog is open. */
        void closeDialog();

        /** Plays a track (from its start). */
        void play (const ClientTrack& track);
        /** Plays a track of the hub's (a chart's, a search's, an artist's): the daemon adds it
            from the row's manifest, off the message thread, and then it plays as a library track
            does. A failure shows in the banner. */
        void playFromHub (const ClientHubTrack& track);
        /** Reads the player's state into the player bar (the timer does this 30 times a second). */
        void refreshPlayerBar();

        [[nodiscard]] Sidebar& sidebar() noexcept { return sidebarView; }
        [[nodiscard]] DiscoverView& discover() noexcept { return discoverView; }
        [[nodiscard]] TrackTable& library() noexcept { return libraryView; }
        [[nodiscard]] InboxView& inbox() noexcept { return inboxView; }
        [[nodiscard]] FriendsView& friends() noexcept { return friendsView; }
        [[nodiscard]] NewsView& news() noexcept { return newsView; }
        [[nodiscard]] SettingsView& settings() noexcept { return settingsView; }
        [[nodiscard]] PlayerBar& playerBar() noexcept { return playerBarView; }
        [[nodiscard]] TrackCovers& covers() noexcept { return trackCovers; }

        void paint (juce::Graphics& g) override;
        void resized() override;

        bool isInterestedInFileDrag (const juce::StringArray& files) override;
        void filesDropped (const juce::StringArray& files, int x, int y) override;

    private:
        class Overlay;

        void showDialog (std::unique_ptr<juce::Component> dialog, int width, int height);

        void timerCallback() override;
        void wireUp();
        void showBanner (const juce::String& text, bool isError, bool persistent, bool offerStart);
        /** Says why no daemon answers: not started yet, starting, failed, or pollerMessage. */
        void showUnreachable (const juce::String& pollerMessage);
        /** The user asked for music: starts the daemon if it is this view's to start and not started. */
        void askForDaemon();
        /** Shows the first-start question. */
        void askFirst();
        void answerFirstStart (bool share);
        void playTrackId (const std::string& trackId);
        [[nodiscard]] const ClientTrack* findTrack (const std::string& trackId) const;

        EarshotLookAndFeel lookAndFeel;
        PreviewPlayer& player;
        DaemonConnection* daemon = nullptr;
        NetworkConsent* consent = nullptr;
        bool offline = false;

        DaemonSnapshot latest;
        std::string lastPlayed;
        Transport transport;
        juce::String bannerText;
        bool bannerIsError = false;
        bool bannerPersistent = false;
        bool bannerIsReconnecting = false;
        bool everConnected = false;
        juce::uint32 bannerUntilMs = 0;
        juce::Rectangle<int> bannerArea;

        // Before the views: they stop listening to it as they go.
        TrackCovers trackCovers;
        Sidebar sidebarView;
        DiscoverView discoverView;
        TrackTable libraryView;
        InboxView inboxView;
        FriendsView friendsView;
        NewsView newsView;
        SettingsView settingsView;
        PlayerBar playerBarView;
        LibraryActions actionsView;
        std::unique_ptr<juce::FileChooser> chooser;
        /** Copies into the export folder under way, by track id, each with its cancel flag. */
        std::map<std::string, std::shared_ptr<std::atomic<bool>>> copiesRunning;
        juce::TextButton startButton { "Start earshotd" };
        /** Shows the tooltips of the view's components (the start button's, a chart score's). */
        juce::TooltipWindow tooltips { this, 600 };
        std::unique_ptr<Overlay> overlay;

        // Last: the feed (a DaemonModel's worker thread) stops before anything it reports into goes.
        std::unique_ptr<DaemonFeed> feed;

        JUCE_DECLARE_WEAK_REFERENCEABLE (EarshotView)
        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (EarshotView)
    };
} // namespace earshot
