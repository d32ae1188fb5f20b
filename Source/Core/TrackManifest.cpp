#include "TrackManifest.h"

#include <algorithm>
#include <array>
#include <limits>

namespace earshot
{
    namespace
    {
        /** 44.1 kHz, 16-bit stereo PCM: 1411 kbit/s. Generous for FLAC (which usually lands near 900),
        so a window sized from it never holds fewer seconds than asked for. */
        constexpr std::uint64_t fallbackBytesPerSecond = 176400;

        constexpr std::uint64_t maxPiecesPerTrack = 1024;
    } // namespace

    bool isInMultiFileTorrent (const TrackManifest& manifest) noexcept
    {
        return manifest.filePath.find ('/') != std::string::npos;
    }

    std::string trackIdFor (const std::string& infoHashHex, std::uint32_t fileIndex, bool multiFileTorrent)
    {
        return multiFileTorrent ? infoHashHex + "-" + std::to_string (fileIndex) : infoHashHex;
    }

    std::string trackIdOf (const TrackManifest& manifest)
    {
        return trackIdFor (manifest.infoHashHex, manifest.fileIndex, isInMultiFileTorrent (manifest));
    }

    std::string infoHashOfTrackId (const std::string& trackId)
    {
        return trackId.substr (0, std::min<std::size_t> (trackId.size(), 40));
    }

    std::uint64_t bytesPerSecondOfAudio (const TrackManifest& manifest) noexcept
    {
        const auto& metadata = manifest.metadata;

        if (metadata.bitrateKbps > 0)
            return (std::uint64_t) metadata.bitrateKbps * 1000 / 8;

        if (manifest.fileSize > 0 && metadata.durationMs > 0)
        {
            // Divide first for sizes where multiplying by 1000 would overflow.
            const auto perSecond = manifest.fileSize <= std::numeric_limits<std::uint64_t>::max() / 1000
                                       ? manifest.fileSize * 1000 / metadata.durationMs
                                       : manifest.fileSize / metadata.durationMs * 1000;

            // A rate rounding to zero (a tiny file claiming hours) says the metadata is wrong.
            if (perSecond > 0)
                return perSecond;
        }

        return fallbackBytesPerSecond;
    }

    std::uint64_t choosePieceLength (std::uint64_t fileSize) noexcept
    {
        constexpr std::array<std::uint64_t, 3> candidates { 16 * 1024, 32 * 1024, 64 * 1024 };

        for (const auto pieceLength : candidates)
            if ((fileSize + pieceLength - 1) / pieceLength <= maxPiecesPerTrack)
                return pieceLength;

        return candidates.back();
    }
} // namespace earshot
