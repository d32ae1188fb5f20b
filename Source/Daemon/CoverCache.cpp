#include "CoverCache.h"

namespace earshot
{
    CoverCache::CoverCache (std::size_t capacityBytes)
        : capacity (capacityBytes)
    {
    }

    std::size_t CoverCache::costOf (const Entry& entry) noexcept
    {
        return entry.first.size() + entry.second.bytes.size() + entry.second.mimeType.size();
    }

    std::optional<Cover> CoverCache::find (const std::string& trackId)
    {
        const std::scoped_lock lock (mutex);
        const auto found = byTrack.find (trackId);
        if (found == byTrack.end())
            return std::nullopt;
        byRecentUse.splice (byRecentUse.begin(), byRecentUse, found->second);
        return found->second->second;
    }

    void CoverCache::put (const std::string& trackId, Cover cover)
    {
        Entry entry { trackId, std::move (cover) };
        const auto cost = costOf (entry);
        const std::scoped_lock lock (mutex);
        if (const auto found = byTrack.find (trackId); found != byTrack.end())
            eraseLocked (found->second);
        if (cost > capacity)
            return;
        while (used + cost > capacity)
            eraseLocked (std::prev (byRecentUse.end()));
        byRecentUse.push_front (std::move (entry));
        byTrack[trackId] = byRecentUse.begin();
        used += cost;
    }

    std::size_t CoverCache::sizeBytes() const
    {
        const std::scoped_lock lock (mutex);
        return used;
    }

    void CoverCache::eraseLocked (std::list<Entry>::iterator entry)
    {
        used -= costOf (*entry);
        byTrack.erase (entry->first);
        byRecentUse.erase (entry);
    }
} // namespace earshot
