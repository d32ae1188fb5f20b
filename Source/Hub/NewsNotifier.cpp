#include "NewsNotifier.h"

#include <algorithm>

namespace earshot
{
    void NewsNotifier::subscribe (const std::shared_ptr<Watcher>& watcher, const std::vector<PublicKey>& artists)
    {
        const std::scoped_lock lock (mutex);
        for (const auto& artist : artists)
            watchers[artist].push_back (watcher);
    }

    void NewsNotifier::unsubscribe (const Watcher& watcher, const std::vector<PublicKey>& artists)
    {
        const std::scoped_lock lock (mutex);
        for (const auto& artist : artists)
        {
            const auto found = watchers.find (artist);
            if (found == watchers.end())
                continue;
            std::erase_if (found->second, [&watcher] (const std::weak_ptr<Watcher>& each)
                           {
                               const auto held = each.lock();
                               return held == nullptr || held.get() == &watcher; });
            if (found->second.empty())
                watchers.erase (found);
        }
    }

    void NewsNotifier::published (const PublicKey& artist, const v1::HubEvent& event)
    {
        std::vector<std::shared_ptr<Watcher>> reached;
        {
            const std::scoped_lock lock (mutex);
            const auto found = watchers.find (artist);
            if (found == watchers.end())
                return;
            for (const auto& each : found->second)
                if (auto held = each.lock())
                    reached.push_back (std::move (held));
        }
        // Outside the lock: a watcher may end its watch, which unsubscribes.
        for (const auto& watcher : reached)
            watcher->deliver (artist, event);
    }
} // namespace earshot
