#pragma once

#include "Daemon/ArtistNews.h"
#include "Daemon/HubConnection.h"
#include "Store/NewsStore.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace earshot
{
    /** Keeps one Hub.WatchEvents stream open to the daemon's hub for the artists followed here,
        each from its cursor (NewsStore::Follow::hubAfter), and files what comes through
        ArtistNews::fileSigned, which verifies it, before moving the artist's cursor past it. So a
        daemon that was offline gets each post it missed once, and nothing twice.

        The stream starts again when the follows change or the hub changes (restart()), and after
        an error with a backoff from backoffMin doubling to backoffMax. A new hub numbers its
        events its own way: the cursors go back to 0 the first time a hub other than the last one
        watched is watched (the address is kept in the news settings, so this holds across
        restarts).

        Runs on a thread of its own (earshotd-news), blocked in the stream's Read; restart() and
        the destructor cancel the stream (TryCancel), so no thread waits on the hub forever.
        Thread-safe. */
    class HubWatcher final
    {
    public:
        struct Options
        {
            std::chrono::milliseconds backoffMin { 1000 };
            std::chrono::milliseconds backoffMax { 60'000 };
        };

        /** Every reference must outlive this. Starts watching at once. */
        HubWatcher (ArtistNews& news, NewsStore& store, HubConnection& connection, Options options);
        HubWatcher (ArtistNews& news, NewsStore& store, HubConnection& connection)
            : HubWatcher (news, store, connection, Options {})
        {
        }
        /** Cancels the stream and joins the thread. */
        ~HubWatcher();

        HubWatcher (const HubWatcher&) = delete;
        HubWatcher& operator= (const HubWatcher&) = delete;

        /** The follows or the hub changed: watch again, now, with what is followed and the hub
            set. Any thread. */
        void restart();

    private:
        /** How a stream ended. */
        enum class Ended
        {
            nothingFollowed,
            beforeEvents,
            afterEvents
        };

        void run();
        /** One stream, until it ends or is cancelled. */
        Ended watchOnce (v1::Hub::Stub& hub, const std::string& address);

        ArtistNews& news;
        NewsStore& store;
        HubConnection& connection;
        const Options options;

        std::mutex mutex;
        std::condition_variable wake;
        bool stopping = false; // guarded by mutex
        bool restarting = false; // guarded by mutex
        std::shared_ptr<grpc::ClientContext> current; // guarded by mutex
        std::thread thread;
    };
} // namespace earshot
