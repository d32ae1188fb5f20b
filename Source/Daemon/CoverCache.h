#pragma once

#include "Core/Cover.h"

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace earshot
{
    /** The covers the hub sent lately, by track id, so a chart scrolled back and forth asks the hub
        for each thumbnail once. Bounded in bytes: adding past the bound drops the covers used
        longest ago. Thread-safe. */
    class CoverCache final
    {
    public:
        /** Room enough for a few hundred thumbnails of tens of KiB. */
        static constexpr std::size_t defaultCapacityBytes = 8 * 1024 * 1024;

        explicit CoverCache (std::size_t capacityBytes = defaultCapacityBytes);

        /** The track's cover, if kept; it becomes the most recently used. */
        [[nodiscard]] std::optional<Cover> find (const std::string& trackId);
        /** Keeps a cover (replacing the track's one before), dropping the least recently used ones
            until all fit; a cover larger than the whole bound is not kept. */
        void put (const std::string& trackId, Cover cover);

        /** Bytes the kept covers take (their ids, data and types). */
        [[nodiscard]] std::size_t sizeBytes() const;

    private:
        using Entry = std::pair<std::string, Cover>;
        [[nodiscard]] static std::size_t costOf (const Entry& entry) noexcept;
        void eraseLocked (std::list<Entry>::iterator entry);

        const std::size_t capacity;
        mutable std::mutex mutex;
        std::list<Entry> byRecentUse; // guarded by mutex; most recent first
        std::unordered_map<std::string, std::list<Entry>::iterator> byTrack; // guarded by mutex
        std::size_t used = 0; // guarded by mutex
    };
} // namespace earshot
