#pragma once

// Making a .torrent with another client's own tool, as people who share with those clients do.

#include "Support/DaemonProcess.h"

#include <bit>
#include <filesystem>
#include <string>

namespace earshot::testing
{
    /** A .torrent of content (a file or a folder) made by transmission-create, with pieces of
        pieceKiB (a power of two) and no tracker; true when it was written. */
    [[nodiscard]] inline bool makeTorrentWithTransmission (const std::filesystem::path& content, const std::filesystem::path& torrent, unsigned pieceKiB)
    {
        (void) runCommand ("transmission-create -s " + std::to_string (pieceKiB) + " -o '" + torrent.string() + "' '" + content.string() + "'");
        return std::filesystem::exists (torrent);
    }

    /** The same made by mktorrent (which aria2 and qBittorrent users reach for: neither has a
        command-line maker of its own in Debian 12). */
    [[nodiscard]] inline bool makeTorrentWithMktorrent (const std::filesystem::path& content, const std::filesystem::path& torrent, unsigned pieceKiB)
    {
        const auto log2 = std::bit_width (pieceKiB * 1024u) - 1;
        (void) runCommand ("mktorrent -l " + std::to_string (log2) + " -o '" + torrent.string() + "' '" + content.string() + "'");
        return std::filesystem::exists (torrent);
    }
} // namespace earshot::testing
