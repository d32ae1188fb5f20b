#pragma once

#include "Core/PublicKey.h"
#include "earshot/v1/hub.pb.h"

#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace earshot
{
    /** Hands each post the hub files to the open watches of its artist (Hub.WatchEvents), in the
        process: HubIntake tells it after filing, each watch listens for the artists it asked for.
        A watch that another hub sharing the database would have to hear of is not reached: it
        gets those posts when it resumes from its cursors.

        Thread-safe. A watcher's deliver runs on the thread that filed the post, and must not
        block (it queues, and ends a watch that cannot keep up). */
    class NewsNotifier final
    {
    public:
        /** What listens for posts. */
        class Watcher
        {
        public:
            virtual ~Watcher() = default;
            /** A post of one of the watched artists was filed. */
            virtual void deliver (const PublicKey& artist, const v1::HubEvent& event) = 0;
        };

        /** From now on, posts of artists reach watcher until unsubscribe (or until it goes). */
        void subscribe (const std::shared_ptr<Watcher>& watcher, const std::vector<PublicKey>& artists);
        /** Stops posts of artists reaching watcher. */
        void unsubscribe (const Watcher& watcher, const std::vector<PublicKey>& artists);
        /** A post of artist was filed: every watcher of the artist gets it. */
        void published (const PublicKey& artist, const v1::HubEvent& event);

    private:
        std::mutex mutex;
        std::map<PublicKey, std::vector<std::weak_ptr<Watcher>>> watchers;
    };
} // namespace earshot
