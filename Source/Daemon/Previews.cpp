#include "Previews.h"

#include "Core/Error.h"
#include "Core/QuoteInput.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace earshot
{
    Previews::Previews (TrackLibrary& trackLibrary)
        : library (trackLibrary)
        , prebuffer (trackLibrary)
    {
    }

    std::vector<std::string> Previews::prefetch (const std::vector<TrackManifest>& manifests)
    {
        const std::scoped_lock lock (mutex);
        std::vector<std::string> ids;
        const auto count = std::min (manifests.size(), maxPreviews);
        for (std::size_t i = 0; i < count; ++i)
        {
            try
            {
                TrackSource source;
                source.manifest = manifests[i];
                const auto added = library.addTrack (source, {}, true).first;
                const auto id = trackIdOf (added.front().record.manifest);
                ids.push_back (id);
                prebuffer.add (id);
            }
            catch (const Error& error)
            {
                spdlog::warn ("not prefetching {}: {}", quoteInput (manifests[i].fileName), error.what());
            }
        }
        dropOldest (ids);
        return ids;
    }

    void Previews::dropOldest (const std::vector<std::string>& keep)
    {
        auto previews = library.previews();
        for (auto oldest = previews.begin(); previews.size() > maxPreviews && oldest != previews.end();)
        {
            if (std::find (keep.begin(), keep.end(), *oldest) != keep.end())
            {
                ++oldest;
                continue;
            }
            try
            {
                library.removeTrack (*oldest, true);
                spdlog::info ("dropped the preview {}, the oldest of more than {}", *oldest, maxPreviews);
            }
            catch (const Error& error)
            {
                spdlog::warn ("could not drop the preview {}: {}", *oldest, error.what());
            }
            oldest = previews.erase (oldest);
        }
    }
} // namespace earshot
