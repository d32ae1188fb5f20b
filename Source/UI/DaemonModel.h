#pragma once

#include "Client/DaemonClient.h"
#include "UI/DaemonFeed.h"

#include <juce_core/juce_core.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace earshot
{
    /** Everything the app's pages show from the daemon, taken at one moment. */
    struct DaemonSnapshot
    {
        /** False when the daemon could not be reached (ErrorCode::unavailable); the rest is then empty. */
        bool connected = false;
        /** What went wrong, for a banner; empty when all went well. */
        juce::String error;
        std::vector<ClientTrack> tracks;
        /** Newest first, and how many are unread. */
        std::vector<ClientInboxEntry> inbox;
        int unread = 0;
        std::vector<ClientFriend> friends;
        juce::String friendCode;

        /** Asks the daemon for all of it (blocks: never on the message thread); the friend code only
            when withFriendCode (it does not change while the daemon runs). An unreachable daemon gives
            connected false and the reconnecting message; other errors are reported in error with
            what could be fetched. */
        [[nodiscard]] static DaemonSnapshot fetch (DaemonClient& client, bool withFriendCode = true);

        /** The banner's text while the daemon cannot be reached. */
        [[nodiscard]] static juce::String reconnectingMessage();
    };

    /** Keeps the app's picture of the daemon fresh without ever calling it from the message
        thread: a worker thread fetches a DaemonSnapshot every interval and hands it to onSnapshot
        on the message thread; actions (mark read, send a pass, add a friend) run on the same worker,
        followed at once by a fresh snapshot. An unreachable daemon is polled on; the snapshots say
        so until it is back. Create and destroy on the message thread; the callbacks never arrive
        after destruction. */
    class DaemonModel final : public DaemonFeed
    {
    public:
        DaemonModel (std::shared_ptr<DaemonClient> client, std::function<void (const DaemonSnapshot&)> onSnapshot, std::chrono::milliseconds interval = std::chrono::milliseconds (700));
        ~DaemonModel() override;

        /** Runs action on the worker; then onDone on the message thread with the error's text (empty
            when it worked). Any thread. */
        void perform (std::function<void (DaemonClient&)> action, std::function<void (juce::String)> onDone = {}) override;

    private:
        struct Delivery;

        void run();
        void post (std::function<void()> onMessageThread);

        const std::shared_ptr<DaemonClient> client;
        const std::chrono::milliseconds interval;
        std::shared_ptr<Delivery> delivery;

        std::mutex mutex;
        std::condition_variable wake;
        std::deque<std::pair<std::function<void (DaemonClient&)>, std::function<void (juce::String)>>> actions;
        bool firstFetch = true;
        bool quit = false;
        std::thread worker;

        JUCE_DECLARE_NON_COPYABLE (DaemonModel)
    };
} // namespace earshot
