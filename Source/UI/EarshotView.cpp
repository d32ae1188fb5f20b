#include "EarshotView.h"

#include "Client/TrackExport.h"
#include "Core/DefaultLocations.h"

#include "AddDialog.h"
#include "FirstStartDialog.h"
#include "Formatting.h"
#include "PassDialog.h"
#include "RemoveDialog.h"

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        constexpr int playerBarHeight = 118;
        constexpr int bannerHeight = 36;
        constexpr int startButtonWidth = 130;
        constexpr juce::uint32 bannerMs = 6000;
    } // namespace

    /** Dims the view and holds a dialog (passing, adding, removing) in its centre; a click outside
        cancels. */
    class EarshotView::Overlay final : public juce::Component
    {
    public:
        Overlay (std::unique_ptr<juce::Component> content, int width, int height, std::function<void()> onDismiss)
            : dialog (std::move (content)), preferredWidth (width), preferredHeight (height), dismiss (std::move (onDismiss))
        {
            addAndMakeVisible (*dialog);
        }

        void paint (juce::Graphics& g) override { g.fillAll (juce::Colours::black.withAlpha (0.55f)); }

        void resized() override
        {
            dialog->setBounds (getLocalBounds().withSizeKeepingCentre (juce::jmin (preferredWidth, getWidth() - 24), juce::jmin (preferredHeight, getHeight() - 24)));
        }

        void mouseUp (const juce::MouseEvent& event) override
        {
            if (! dialog->getBounds().contains (event.getPosition()) && dismiss)
                dismiss();
        }

        std::unique_ptr<juce::Component> dialog;

    private:
        int preferredWidth, preferredHeight;
        std::function<void()> dismiss;
    };

    //==============================================================================
    EarshotView::EarshotView (std::shared_ptr<DaemonClient> client, PreviewPlayer& previewPlayer)
        : EarshotView ([client] (std::function<void (const DaemonSnapshot&)> onSnapshot)
                       { return std::make_unique<DaemonModel> (client, std::move (onSnapshot)); },
                       previewPlayer)
    {
    }

    EarshotView::EarshotView (const FeedFactory& makeFeed, PreviewPlayer& previewPlayer)
        : player (previewPlayer)
    {
        setLookAndFeel (&lookAndFeel);
        setOpaque (true);

        addAndMakeVisible (sidebarView);
        addChildComponent (discoverView);
        addChildComponent (libraryView);
        addChildComponent (actionsView);
        addChildComponent (inboxView);
        addChildComponent (friendsView);
        addChildComponent (newsView);
        addChildComponent (settingsView);
        addAndMakeVisible (playerBarView);
        addChildComponent (startButton);
        startButton.setTooltip ("Start earshotd, the daemon that fetches and shares music over BitTorrent");
        wireUp();

        showPage (Page::library);
        sidebarView.setConnected (false);
        setSize (1000, 640);

        juce::WeakReference<EarshotView> weak (this);
        feed = makeFeed ([weak] (const DaemonSnapshot& snapshot)
                         {
            if (auto* view = weak.get())
                view->applySnapshot (snapshot); });
        trackCovers.setFeed (feed.get());
        discoverView.setFeed (feed.get());
        newsView.setFeed (feed.get());
        settingsView.setFeed (feed.get());
        startTimerHz (30);
    }

    EarshotView::~EarshotView()
    {
        stopTimer();
        trackCovers.setFeed (nullptr);
        discoverView.setFeed (nullptr);
        newsView.setFeed (nullptr);
        settingsView.setFeed (nullptr);
        feed.reset();
        overlay.reset();
        setLookAndFeel (nullptr);
    }

    void EarshotView::wireUp()
    {
        juce::Component::SafePointer<EarshotView> safe (this);

        // Choosing a page is browsing: it asks for the daemon's music.
        sidebarView.onSelect = [this] (Page page)
        {
            askForDaemon();
            showPage (page);
        };
        startButton.onClick = [this]
        {
            if (offline)
                askFirst();
            else
                askForDaemon();
        };

        discoverView.onPlay = [this] (const DiscoverView::Tile& tile)
        { playTrackId (tile.trackId); };
        discoverView.onPlayHubTrack = [this] (const ClientHubTrack& track)
        { playFromHub (track); };
        discoverView.setCovers (&trackCovers);
        newsView.setCovers (&trackCovers);
        newsView.onPlayHubTrack = [this] (const ClientHubTrack& track)
        { playFromHub (track); };
        newsView.onArtist = [this] (const std::string& artistKeyHex)
        {
            showPage (Page::discover);
            discoverView.showArtist (artistKeyHex);
        };
        libraryView.setCovers (&trackCovers);
        inboxView.setCovers (&trackCovers);
        playerBarView.setCovers (&trackCovers);

        libraryView.onPlay = [this] (const ClientTrack& track)
        { play (track); };
        libraryView.onPass = [this] (const ClientTrack& track)
        { showPassDialog (track); };
        libraryView.onRemove = [this] (const ClientTrack& track)
        { showRemoveDialog (track); };
        actionsView.onPublish = [this]
        { choosePathsToPublish(); };
        actionsView.onAdd = [this]
        { showAddDialog(); };
        actionsView.onHeightChanged = [this]
        { resized(); };
        libraryView.setExportFolder (juce::File (defaultExportDirectory().string()));
        libraryView.onExport = [this, safe] (const ClientTrack& track)
        {
            const auto title = formatting::titleOf (track.manifest);
            const std::filesystem::path folder (libraryView.exportFolderShown().getFullPathName().toStdString());
            auto cancelled = std::make_shared<std::atomic<bool>> (false);
            copiesRunning[track.id] = cancelled;
            feed->perform ([track, folder, cancelled] (DaemonClient& api)
                           { (void) exportTrack (api, track, folder, cancelled.get()); },
                           [safe, title, id = track.id, cancelled] (juce::String failure)
                           {
                if (safe == nullptr)
                    return;
                if (const auto running = safe->copiesRunning.find (id); running != safe->copiesRunning.end() && running->second == cancelled)
                    safe->copiesRunning.erase (running);
                if (cancelled->load())
                    return; // the wait was cancelled: it said so already
                if (safe->libraryView.dragWaits().isPending (id))
                    return safe->libraryView.exportFinished (id, failure);
                if (failure.isNotEmpty())
                    return safe->showMessage (failure, true);
                safe->showMessage ("'" + title + "' is ready: drag it into the host"); });
        };
        libraryView.onFetchNow = [this, safe] (const ClientTrack& track)
        {
            feed->perform ([id = track.id] (DaemonClient& api)
                           { (void) api.fetchNow (id); },
                           [safe, id = track.id] (juce::String failure)
                           {
                if (safe != nullptr && failure.isNotEmpty())
                    safe->libraryView.fetchFailed (id, failure); });
        };
        libraryView.onCancelWait = [this] (const std::string& trackId)
        {
            // A copy under way stops and removes its partial file; the rest of the track comes
            // at the normal pace again (a failure to say so changes nothing the user sees).
            if (const auto running = copiesRunning.find (trackId); running != copiesRunning.end())
                running->second->store (true);
            feed->perform ([trackId] (DaemonClient& api)
                           { (void) api.fetchNow (trackId, false); },
                           [] (juce::String) {});
        };
        libraryView.onMessage = [this] (juce::String text)
        { showMessage (text); };
        libraryView.onProblem = [this] (juce::String text)
        { showMessage (text, true, true); };

        inboxView.onMarkRead = [this, safe] (const ClientInboxEntry& pass)
        {
            feed->perform ([passId = pass.passId] (DaemonClient& api)
                           { api.markRead (passId); },
                           [safe] (juce::String failure)
                           {
                if (safe != nullptr && failure.isNotEmpty())
                    safe->showMessage (failure, true); });
        };
        inboxView.onPlay = [this] (const ClientInboxEntry& pass)
        { playTrackId (trackIdOf (pass.manifest)); };

        friendsView.onAddFriend = [this, safe] (juce::String code, juce::String name)
        {
            feed->perform ([code = code.toStdString(), name = name.toStdString()] (DaemonClient& api)
                           { (void) api.addFriend (code, name); },
                           [safe, name] (juce::String failure)
                           {
                if (safe == nullptr)
                    return;
                if (failure.isNotEmpty())
                    return safe->showMessage (failure, true);
                safe->friendsView.clearAddForm();
                safe->showMessage ("Added " + name + ": once they add your code too, you can pass each other tracks"); });
        };
        friendsView.onCodeCopied = [this]
        { showMessage ("Your friend code is on the clipboard"); };

        playerBarView.onPlayPause = [this]
        {
            askForDaemon();
            if (transport.playPause && ! lastPlayed.empty())
            {
                transport.playPause();
                refreshPlayerBar();
                return;
            }
            switch (player.state())
            {
                case PlayerState::connecting:
                case PlayerState::buffering:
                case PlayerState::playing:
                case PlayerState::starving:
                    player.pause();
                    break;
                case PlayerState::paused:
                    player.resume();
                    break;
                case PlayerState::idle:
                case PlayerState::ended:
                case PlayerState::failed:
                    if (! lastPlayed.empty())
                        player.play (lastPlayed);
                    else if (libraryView.rowsShown() > 0)
                        play (libraryView.trackAtRow (juce::jmax (0, libraryView.table().getSelectedRow())));
                    break;
            }
            refreshPlayerBar();
        };
        playerBarView.onStop = [this]
        {
            if (transport.stop)
                transport.stop();
            else
                player.stop();
            refreshPlayerBar();
        };
        playerBarView.onVolumeChange = [this] (float gain)
        {
            if (transport.volume)
                transport.volume (gain);
            else
                player.setVolume (gain);
        };
        playerBarView.onSeek = [this] (double seconds)
        {
            if (transport.seek)
                transport.seek (seconds);
            else
                player.seek (seconds);
        };
    }

    void EarshotView::setTransport (Transport newTransport)
    {
        transport = std::move (newTransport);
    }

    void EarshotView::setDaemonConnection (DaemonConnection& connection)
    {
        daemon = &connection;
        if (! latest.connected && bannerIsReconnecting)
            showUnreachable (bannerText);
    }

    juce::String EarshotView::daemonNotStartedMessage()
    {
        return "earshotd is not running. It starts when you browse or play (it shares music on the network)";
    }

    juce::String EarshotView::daemonStartingMessage()
    {
        return juce::String (juce::CharPointer_UTF8 ("Starting earshotd\xe2\x80\xa6"));
    }

    void EarshotView::setNetworkConsent (NetworkConsent& networkConsent)
    {
        consent = &networkConsent;
        const auto answer = consent->answer();
        offline = answer != NetworkConsent::Answer::share;
        if (! offline)
            return askForDaemon();
        showUnreachable (DaemonSnapshot::reconnectingMessage());
        if (answer == NetworkConsent::Answer::notAsked)
            askFirst();
    }

    juce::String EarshotView::offlineMessage()
    {
        return "Offline: Earshot starts nothing and listens for nobody, as you chose";
    }

    FirstStartDialog* EarshotView::firstStartDialog() const noexcept
    {
        return overlay != nullptr ? dynamic_cast<FirstStartDialog*> (overlay->dialog.get()) : nullptr;
    }

    void EarshotView::askFirst()
    {
        juce::Component::SafePointer<EarshotView> safe (this);
        auto dialog = std::make_unique<FirstStartDialog>();
        dialog->onAnswer = [safe] (bool share)
        {
            if (safe != nullptr)
                safe->answerFirstStart (share);
        };
        showDialog (std::move (dialog), FirstStartDialog::preferredWidth, FirstStartDialog::preferredHeight);
    }

    void EarshotView::answerFirstStart (bool share)
    {
        if (consent != nullptr)
            consent->setAnswer (share ? NetworkConsent::Answer::share : NetworkConsent::Answer::offline);
        offline = ! share;
        // Closing destroys the dialog whose callback this is: do it once the call has returned.
        juce::Component::SafePointer<EarshotView> safe (this);
        juce::MessageManager::callAsync ([safe]
                                         {
            if (safe != nullptr)
                safe->closeDialog(); });
        if (share)
            askForDaemon();
        else if (! latest.connected)
            showUnreachable (DaemonSnapshot::reconnectingMessage());
    }

    void EarshotView::askForDaemon()
    {
        if (offline || daemon == nullptr || daemon->startRequested())
            return;
        daemon->start();
        if (! latest.connected)
            showUnreachable (DaemonSnapshot::reconnectingMessage());
    }

    void EarshotView::showUnreachable (const juce::String& pollerMessage)
    {
        startButton.setButtonText (offline ? juce::String (juce::CharPointer_UTF8 ("Go online\xe2\x80\xa6")) : juce::String ("Start earshotd"));
        if (offline && daemon != nullptr && ! daemon->startRequested())
            showBanner (offlineMessage(), false, true, true);
        else if (daemon != nullptr && ! daemon->startRequested())
            showBanner (daemonNotStartedMessage(), false, true, true);
        else if (daemon != nullptr && ! daemon->settled())
            showBanner (daemonStartingMessage(), false, true, false);
        else if (const auto failure = daemon != nullptr ? daemon->startFailure() : std::string(); ! failure.empty())
            showBanner ("earshotd could not be started: " + juce::String::fromUTF8 (failure.c_str()), true, true, false);
        else
            showBanner (pollerMessage, false, true, false);
        bannerIsReconnecting = true; // after showBanner, which clears it
    }

    //==============================================================================
    void EarshotView::applySnapshot (const DaemonSnapshot& snapshot)
    {
        sidebarView.setConnected (snapshot.connected);
        if (! snapshot.connected)
        {
            // Keep showing what was there; say why it is not changing.
            latest.connected = false;
            showUnreachable (snapshot.error.isNotEmpty() ? snapshot.error : DaemonSnapshot::reconnectingMessage());
            // A drag waiting on the daemon ends now, saying so (its row keeps saying it after the
            // banner has gone back to the reconnecting message).
            libraryView.daemonGone();
            bannerIsReconnecting = true;
            return;
        }

        if (bannerIsReconnecting)
        {
            // Waiting at start-up (a daemon being started) is not a daemon coming back.
            bannerIsReconnecting = false;
            showMessage (everConnected ? "earshotd is back" : "Connected to earshotd");
        }
        everConnected = true;
        if (snapshot.error.isNotEmpty())
            showMessage (snapshot.error, true);

        latest = snapshot;
        libraryView.setTracks (snapshot.tracks);
        discoverView.setModel (DiscoverView::fromLibrary (snapshot.tracks));
        inboxView.setEntries (snapshot.inbox);
        sidebarView.setUnread (inboxView.badgeCount());
        friendsView.setFriends (snapshot.friends);
        friendsView.setFriendCode (snapshot.friendCode);
        refreshPlayerBar();
    }

    void EarshotView::showPage (Page page)
    {
        sidebarView.setPage (page);
        discoverView.setVisible (page == Page::discover);
        libraryView.setVisible (page == Page::library);
        actionsView.setVisible (page == Page::library);
        inboxView.setVisible (page == Page::inbox);
        friendsView.setVisible (page == Page::friends);
        newsView.setVisible (page == Page::news);
        settingsView.setVisible (page == Page::settings);
    }

    void EarshotView::showMessage (const juce::String& text, bool isError, bool persistent)
    {
        showBanner (text, isError, persistent, false);
    }

    void EarshotView::showBanner (const juce::String& text, bool isError, bool persistent, bool offerStart)
    {
        const bool changedLayout = bannerText.isEmpty() != text.isEmpty() || startButton.isVisible() != offerStart;
        bannerText = text;
        bannerIsError = isError;
        bannerPersistent = persistent;
        bannerIsReconnecting = false;
        bannerUntilMs = juce::Time::getMillisecondCounter() + bannerMs;
        startButton.setVisible (offerStart);
        if (changedLayout)
            resized();
        repaint (bannerArea);
    }

    void EarshotView::showPassDialog (const ClientTrack& track)
    {
        juce::Component::SafePointer<EarshotView> safe (this);
        auto dialog = std::make_unique<PassDialog> (track, latest.friends);
        dialog->onCancel = [safe]
        {
            if (safe != nullptr)
                safe->closePassDialog();
        };
        dialog->onSend = [this, safe] (const ClientTrack& passed, juce::String friendName, juce::String note)
        {
            const auto title = formatting::titleOf (passed.manifest);
            feed->perform ([id = passed.id, to = friendName.toStdString(), text = note.toStdString()] (DaemonClient& api)
                           { (void) api.sendPass (id, to, text); },
                           [safe, title, friendName] (juce::String failure)
                           {
                if (safe == nullptr)
                    return;
                if (failure.isNotEmpty())
                    return safe->showMessage (failure, true);
                safe->showMessage ("Passed '" + title + "' to " + friendName + ": it is on its way"); });
            // Closing destroys the dialog whose callback this is: do it once the call has returned.
            juce::MessageManager::callAsync ([safe]
                                             {
                if (safe != nullptr)
                    safe->closePassDialog(); });
        };
        showDialog (std::move (dialog), PassDialog::preferredWidth, PassDialog::preferredHeight);
    }

    void EarshotView::showDialog (std::unique_ptr<juce::Component> dialog, int width, int height)
    {
        juce::Component::SafePointer<EarshotView> safe (this);
        overlay = std::make_unique<Overlay> (std::move (dialog), width, height, [safe]
                                             {
            if (safe != nullptr)
                safe->closeDialog(); });
        addAndMakeVisible (*overlay);
        overlay->setBounds (getLocalBounds());
        overlay->toFront (true);
    }

    PassDialog* EarshotView::passDialog() const noexcept
    {
        return overlay != nullptr ? dynamic_cast<PassDialog*> (overlay->dialog.get()) : nullptr;
    }

    AddDialog* EarshotView::addDialog() const noexcept
    {
        return overlay != nullptr ? dynamic_cast<AddDialog*> (overlay->dialog.get()) : nullptr;
    }

    RemoveDialog* EarshotView::removeDialog() const noexcept
    {
        return overlay != nullptr ? dynamic_cast<RemoveDialog*> (overlay->dialog.get()) : nullptr;
    }

    void EarshotView::closePassDialog()
    {
        closeDialog();
    }

    void EarshotView::closeDialog()
    {
        overlay.reset();
    }

    //==============================================================================
    bool EarshotView::isInterestedInFileDrag (const juce::StringArray& files)
    {
        return ! files.isEmpty();
    }

    void EarshotView::filesDropped (const juce::StringArray& files, int, int)
    {
        publishPaths (files);
    }

    void EarshotView::choosePathsToPublish()
    {
        chooser = std::make_unique<juce::FileChooser> ("Publish audio files or album folders", juce::File::getSpecialLocation (juce::File::userMusicDirectory), "*.flac;*.ogg;*.mp3;*.wav");
        juce::Component::SafePointer<EarshotView> safe (this);
        chooser->launchAsync (juce::FileBrowserComponent::openMode | juce::FileBrowserComponent::canSelectFiles | juce::FileBrowserComponent::canSelectDirectories | juce::FileBrowserComponent::canSelectMultipleItems,
                              [safe] (const juce::FileChooser& chosen)
                              {
                                  if (safe == nullptr)
                                      return;
                                  juce::StringArray paths;
                                  for (const auto& file : chosen.getResults())
                                      paths.add (file.getFullPathName());
                                  if (! paths.isEmpty())
                                      safe->publishPaths (paths);
                              });
    }

    void EarshotView::publishPaths (const juce::StringArray& paths)
    {
        auto plan = LibraryActions::plan (paths);
        if (plan.problem.isNotEmpty())
            return showMessage (plan.problem, true);

        askForDaemon();
        showPage (Page::library);
        std::vector<std::string> sources;
        for (const auto& item : plan.items)
            sources.push_back (item.source.getFullPathName().toStdString());
        const auto first = actionsView.addItems (std::move (plan.items));

        // One call per file or folder, in order on the feed's worker: each row moves on as its call does.
        juce::Component::SafePointer<EarshotView> safe (this);
        for (std::size_t i = 0; i < sources.size(); ++i)
        {
            const auto index = first + static_cast<int> (i);
            auto published = std::make_shared<std::size_t> (0);
            feed->perform ([safe, index, path = sources[i], published] (DaemonClient& api)
                           {
                juce::MessageManager::callAsync ([safe, index]
                                                 {
                    if (safe != nullptr)
                        safe->actionsView.setState (index, PublishItem::State::publishing); });
                *published = api.publish ({ path }).size(); },
                           [safe, index, published] (juce::String failure)
                           {
                if (safe == nullptr)
                    return;
                if (failure.isNotEmpty())
                {
                    safe->actionsView.setState (index, PublishItem::State::failed, failure);
                    return safe->showMessage ("Could not publish: " + failure, true);
                }
                safe->actionsView.setState (index, PublishItem::State::done, juce::String (*published) + (*published == 1 ? " track" : " tracks"));
                const auto& items = safe->actionsView.items();
                const bool allDone = std::all_of (items.begin(), items.end(), [] (const PublishItem& item)
                                                  { return item.state == PublishItem::State::done || item.state == PublishItem::State::failed; });
                if (allDone)
                {
                    int files = 0;
                    for (const auto& item : items)
                        if (item.state == PublishItem::State::done)
                            files += item.audioFiles.size();
                    safe->showMessage ("Published " + juce::String (files) + (files == 1 ? " file" : " files") + ": Earshot shares them now");
                } });
        }
    }

    void EarshotView::showAddDialog (const juce::String& text)
    {
        juce::Component::SafePointer<EarshotView> safe (this);
        auto dialog = std::make_unique<AddDialog> (text);
        dialog->onCancel = [safe]
        {
            if (safe != nullptr)
                safe->closeDialog();
        };
        dialog->onAdd = [safe] (const AddInput& input, juce::String friendName)
        {
            if (safe == nullptr)
                return;
            safe->add (input, friendName);
            // Closing destroys the dialog whose callback this is: do it once the call has returned.
            juce::MessageManager::callAsync ([safe]
                                             {
                if (safe != nullptr)
                    safe->closeDialog(); });
        };
        showDialog (std::move (dialog), AddDialog::preferredWidth, AddDialog::preferredHeight);
    }

    void EarshotView::add (const AddInput& input, const juce::String& friendName)
    {
        if (input.problem.isNotEmpty())
            return showMessage (input.problem, true);
        askForDaemon();
        juce::Component::SafePointer<EarshotView> safe (this);
        auto said = std::make_shared<juce::String>();
        const auto report = [safe, said] (const juce::String& what)
        {
            return [safe, said, what] (juce::String failure)
            {
                if (safe == nullptr)
                    return;
                if (failure.isNotEmpty())
                    return safe->showMessage ("Could not add " + what + ": " + failure, true);
                safe->showMessage (*said);
            };
        };

        switch (input.kind)
        {
            case AddInput::Kind::magnet:
                feed->perform ([said, link = input.text.toStdString()] (DaemonClient& api)
                               {
                    AddSource source;
                    source.magnetUri = link;
                    const auto added = api.addTracks (source);
                    *said = added.created ? "Added the magnet link: its tracks appear as the swarm sends what they are"
                                          : "The magnet link's track is in the library already"; },
                               report ("the magnet link"));
                break;
            case AddInput::Kind::torrentFile:
                feed->perform ([said, file = input.file] (DaemonClient& api)
                               {
                    juce::MemoryBlock bytes;
                    if (! file.loadFileAsData (bytes))
                        throw Error (ErrorCode::invalidArgument, "cannot read " + file.getFullPathName().toStdString());
                    AddSource source;
                    source.torrentFile = std::string (static_cast<const char*> (bytes.getData()), bytes.getSize());
                    const auto added = api.addTracks (source);
                    const auto count = added.tracks.size();
                    *said = added.created ? "Added " + juce::String (count) + (count == 1 ? " track" : " tracks") + " from " + file.getFileName()
                                          : file.getFileName() + "'s tracks are in the library already"; },
                               report (input.file.getFileName()));
                break;
            case AddInput::Kind::friendCode:
                if (friendName.trim().isEmpty())
                    return showAddDialog (input.text);
                feed->perform ([said, code = input.text.toStdString(), name = friendName.trim().toStdString()] (DaemonClient& api)
                               {
                    const auto added = api.addFriend (code, name);
                    *said = juce::String::fromUTF8 (((added.second ? "Added " : "Renamed your friend to ") + name).c_str()) + ": once they add your code too, you can pass each other tracks"; },
                               report ("the friend code"));
                break;
            case AddInput::Kind::empty:
            case AddInput::Kind::unknown:
                showMessage (input.describe(), true);
                break;
        }
    }

    void EarshotView::open (const std::vector<AddInput>& inputs)
    {
        for (const auto& input : inputs)
        {
            if (input.problem.isNotEmpty() || input.kind == AddInput::Kind::unknown || input.kind == AddInput::Kind::empty)
                showMessage ("Cannot open that: " + (input.problem.isNotEmpty() ? input.problem : input.describe()), true);
            else if (input.kind == AddInput::Kind::friendCode)
                showAddDialog (input.text);
            else
                add (input);
        }
    }

    void EarshotView::showRemoveDialog (const ClientTrack& track)
    {
        juce::Component::SafePointer<EarshotView> safe (this);
        auto dialog = std::make_unique<RemoveDialog> (track);
        dialog->onCancel = [safe]
        {
            if (safe != nullptr)
                safe->closeDialog();
        };
        dialog->onRemove = [safe] (const ClientTrack& removed, bool deleteFiles)
        {
            if (safe == nullptr)
                return;
            const auto title = formatting::titleOf (removed.manifest);
            safe->feed->perform ([id = removed.id, deleteFiles] (DaemonClient& api)
                                 { api.removeTrack (id, deleteFiles); },
                                 [safe, title, deleteFiles] (juce::String failure)
                                 {
                if (safe == nullptr)
                    return;
                if (failure.isNotEmpty())
                    return safe->showMessage ("Could not remove '" + title + "': " + failure, true);
                safe->showMessage ("Removed '" + title + "'" + (deleteFiles ? " and deleted its file" : "")); });
            juce::MessageManager::callAsync ([safe]
                                             {
                if (safe != nullptr)
                    safe->closeDialog(); });
        };
        showDialog (std::move (dialog), RemoveDialog::preferredWidth, RemoveDialog::preferredHeight);
    }

    void EarshotView::play (const ClientTrack& track)
    {
        playTrackId (track.id);
    }

    void EarshotView::playFromHub (const ClientHubTrack& track)
    {
        askForDaemon();
        juce::Component::SafePointer<EarshotView> safe (this);
        const auto title = formatting::titleOf (track.manifest);
        const auto trackId = track.trackId.empty() ? trackIdOf (track.manifest) : track.trackId;
        feed->perform ([manifest = track.manifest] (DaemonClient& api)
                       {
            AddSource source;
            source.manifest = manifest;
            (void) api.addTrack (source); },
                       [safe, trackId, title] (juce::String failure)
                       {
            if (safe == nullptr)
                return;
            if (failure.isNotEmpty())
                return safe->showMessage ("Could not add '" + title + "': " + failure, true);
            safe->playTrackId (trackId); });
    }

    void EarshotView::playTrackId (const std::string& trackId)
    {
        if (trackId.empty())
            return;
        askForDaemon();
        lastPlayed = trackId;
        if (transport.play)
            transport.play (trackId);
        else
            player.play (trackId);
        refreshPlayerBar();
    }

    const ClientTrack* EarshotView::findTrack (const std::string& trackId) const
    {
        // The player may have been given a unique prefix of the id.
        for (const auto& track : latest.tracks)
            if (! trackId.empty() && track.id.compare (0, trackId.size(), trackId) == 0)
                return &track;
        return nullptr;
    }

    void EarshotView::refreshPlayerBar()
    {
        PlayerBar::Model bar;
        bar.state = player.state();
        if (bar.state == PlayerState::failed)
            bar.failureReason = juce::String::fromUTF8 (player.failureReason());
        bar.positionSeconds = player.positionSeconds();
        bar.durationSeconds = player.durationSeconds();
        bar.bufferedSeconds = player.bufferedSeconds();
        bar.volume = player.volume();
        if (bar.state != PlayerState::idle)
            bar.peaks = WaveformView::peaksFrom (player.waveform());

        auto trackId = player.currentTrack();
        if (trackId.empty() && bar.state != PlayerState::idle)
            trackId = lastPlayed;
        const auto* track = findTrack (trackId);
        if (track != nullptr)
        {
            bar.trackId = track->id;
            bar.title = formatting::titleOf (track->manifest);
            bar.artist = formatting::artistOf (track->manifest);
            if (track->status)
                bar.status = *track->status;
            if (bar.durationSeconds <= 0.0)
                bar.durationSeconds = static_cast<double> (track->manifest.metadata.durationMs) / 1000.0;
        }
        playerBarView.setModel (std::move (bar));
    }

    void EarshotView::timerCallback()
    {
        refreshPlayerBar();
        if (bannerText.isNotEmpty() && ! bannerPersistent && juce::Time::getMillisecondCounter() > bannerUntilMs)
            showMessage ({});
    }

    //==============================================================================
    void EarshotView::paint (juce::Graphics& g)
    {
        g.fillAll (juce::Colour (Palette::background));
        if (bannerText.isEmpty() || bannerArea.isEmpty())
            return;

        const auto colour = juce::Colour (bannerIsError ? Palette::danger : bannerPersistent ? Palette::warning
                                                                                             : Palette::accent);
        auto area = bannerArea.reduced (12, 4);
        g.setColour (colour.withAlpha (0.16f));
        g.fillRoundedRectangle (area.toFloat(), 8.0f);
        g.setColour (colour.withAlpha (0.6f));
        g.drawRoundedRectangle (area.toFloat().reduced (0.5f), 8.0f, 1.0f);
        g.setColour (colour);
        g.fillEllipse (area.removeFromLeft (24).withSizeKeepingCentre (8, 8).toFloat().translated (6.0f, 0.0f));
        if (startButton.isVisible())
            area.removeFromRight (startButtonWidth + 4);
        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (14.0f));
        g.drawFittedText (bannerText, area.withTrimmedLeft (8).withTrimmedRight (8), juce::Justification::centredLeft, 2, 0.85f);
    }

    void EarshotView::resized()
    {
        auto area = getLocalBounds();
        playerBarView.setBounds (area.removeFromBottom (playerBarHeight));
        sidebarView.setBounds (area.removeFromLeft (getWidth() >= 900 ? 210 : 68));
        bannerArea = bannerText.isNotEmpty() ? area.removeFromTop (bannerHeight).withTrimmedTop (4) : juce::Rectangle<int>();
        startButton.setBounds (bannerArea.reduced (12, 4).removeFromRight (startButtonWidth).reduced (4, 3));
        for (auto* page : std::initializer_list<juce::Component*> { &discoverView, &inboxView, &friendsView, &newsView, &settingsView })
            page->setBounds (area);
        actionsView.setBounds (area.removeFromTop (actionsView.preferredHeight()));
        libraryView.setBounds (area);
        if (overlay != nullptr)
            overlay->setBounds (getLocalBounds());
    }
} // namespace earshot
