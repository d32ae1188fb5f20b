#include "ProvisionalManifest.h"

#include <algorithm>
#include <filesystem>

namespace earshot
{
    ContainerLayout provisionalLayout (AudioFormat format, std::uint64_t fileSize)
    {
        ContainerLayout layout;
        layout.headerBytes = std::min<std::uint64_t> (fileSize, 64 * 1024);
        if (format == AudioFormat::oggVorbis)
            layout.tailBytes = std::min<std::uint64_t> (fileSize, 64 * 1024);
        else if (format == AudioFormat::mp3)
            layout.tailBytes = std::min<std::uint64_t> (fileSize, 4 * 1024);
        return layout;
    }

    TrackManifest manifestFromTorrent (const TrackTorrent& torrent)
    {
        TrackManifest manifest;
        copyTorrentFields (torrent, manifest);
        manifest.format = audioFormatFromExtension (torrent.fileName);
        manifest.layout = provisionalLayout (manifest.format, torrent.fileSize);
        manifest.metadata.title = std::filesystem::path (torrent.fileName).stem().string();
        return manifest;
    }
} // namespace earshot
