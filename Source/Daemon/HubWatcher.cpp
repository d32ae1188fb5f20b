#include "HubWatcher.h"

#include "Core/PublicKey.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <pthread.h>

namespace earshot
{
    namespace
    {
        /** The news setting naming the hub whose sequence numbers the cursors hold. */
        constexpr auto cursorsHubSetting = "hub_cursors_address";
    } // namespace

    HubWatcher::HubWatcher (ArtistNews& artistNews, NewsStore& newsStore, HubConnection& hubConnection, Options watchOptions)
        : news (artistNews), store (newsStore), connection (hubConnection), options (watchOptions)
    {
        thread = std::thread ([this]
                              {
                                  pthread_setname_np (pthread_self(), "earshotd-news");
                                  run(); });
    }

    HubWatcher::~HubWatcher()
    {
        {
            const std::scoped_lock lock (mutex);
            stopping = true;
            if (current)
                current->TryCancel();
        }
        wake.notify_all();
        thread.join();
    }

    void HubWatcher::restart()
    {
        {
            const std::scoped_lock lock (mutex);
            restarting = true;
            if (current)
                current->TryCancel();
        }
        wake.notify_all();
    }

    void HubWatcher::run()
    {
        auto backoff = options.backoffMin;
        for (;;)
        {
            {
                const std::scoped_lock lock (mutex);
                if (stopping)
                    return;
                restarting = false;
            }

            const auto stub = connection.stub();
            const auto address = connection.address();
            bool failed = false;
            if (stub && ! address.empty())
            {
                try
                {
                    const auto ended = watchOnce (*stub, address);
                    if (ended == Ended::afterEvents)
                        backoff = options.backoffMin;
                    // A stream only ends by error, or by restart (checked below).
                    failed = ended != Ended::nothingFollowed;
                }
                catch (const std::exception& error)
                {
                    spdlog::warn ("watching the hub {} for news: {}", address, error.what());
                    failed = true;
                }
            }

            std::unique_lock lock (mutex);
            if (restarting)
                continue;
            // Without a hub or follows, wait for a change; after an error, for the backoff too.
            if (failed)
            {
                wake.wait_for (lock, backoff, [this]
                               { return stopping || restarting; });
                backoff = std::min (backoff * 2, options.backoffMax);
            }
            else
                wake.wait (lock, [this]
                           { return stopping || restarting; });
        }
    }

    HubWatcher::Ended HubWatcher::watchOnce (v1::Hub::Stub& hub, const std::string& address)
    {
        if (store.setting (cursorsHubSetting).value_or ("") != address)
        {
            store.resetHubCursors();
            store.setSetting (cursorsHubSetting, address);
        }

        v1::WatchEventsRequest request;
        for (const auto& follow : store.follows())
        {
            auto& artist = *request.add_artists();
            artist.set_artist_key (keyBytes (follow.artistKey));
            artist.set_after (follow.hubAfter);
        }
        if (request.artists_size() == 0)
            return Ended::nothingFollowed;

        auto context = std::make_shared<grpc::ClientContext>();
        {
            const std::scoped_lock lock (mutex);
            if (stopping || restarting)
                return Ended::beforeEvents;
            current = context;
        }

        auto reader = hub.WatchEvents (context.get(), request);
        bool delivered = false;
        v1::HubEvent event;
        while (reader->Read (&event))
        {
            delivered = true;
            const auto artist = publicKeyFrom (event.post().signer_key());
            const auto filed = news.fileSigned (event.post(), NewsStore::Source::hub);
            if (artist)
                store.advanceHubCursor (*artist, event.sequence());
            if (filed == ArtistNews::Filed::filed)
                connection.noteSuccess();
        }
        const auto status = reader->Finish();
        {
            const std::scoped_lock lock (mutex);
            current.reset();
        }
        if (! status.ok() && status.error_code() != grpc::StatusCode::CANCELLED)
            spdlog::info ("the hub {} ended the news watch: {}", address, status.error_message());
        return delivered ? Ended::afterEvents : Ended::beforeEvents;
    }
} // namespace earshot
