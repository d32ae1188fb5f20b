#pragma once

#include "AudioFormat.h"
#include "ContainerLayout.h"

#include <cstdint>
#include <string>

namespace earshot
{
    /** What TagLib and the audio properties tell about a track. Empty strings and zeros mean unknown. */
    struct TrackMetadata
    {
        std::string title;
        std::string artist;
        std::string album;
        std::string genre;
        std::uint32_t year = 0;
        std::uint32_t trackNumber = 0;
        std::uint64_t durationMs = 0;
        /** Average bitrate in kbit/s, as the container reports it. */
        std::uint32_t bitrateKbps = 0;
        std::uint32_t sampleRate = 0;
        std::uint32_t channels = 0;

        bool operator== (const TrackMetadata&) const = default;
    };

    /** Everything a daemon needs to fetch, verify, stream and describe a track: the torrent's
    bencoded info dictionary (which fixes the bytes), and the metadata and layout (which say what
    the bytes are). One torrent holds one track. */
    struct TrackManifest
    {
        /** SHA-1 of infoDict, 40 lower-case hex digits. The track id is derived from it. */
        std::string infoHashHex;
        /** The bencoded info dictionary, exactly as hashed. */
        std::string infoDict;
        /** The audio file's name inside the torrent. */
        std::string fileName;
        std::uint64_t fileSize = 0;
        AudioFormat format = AudioFormat::unknown;
        ContainerLayout layout;
        TrackMetadata metadata;
        double bpm = 0.0; ///< beats per minute from the BPM tag, 0 when unknown
        std::string key; ///< musical key from the INITIALKEY tag (e.g. "F#m"), empty when unknown

        bool operator== (const TrackManifest&) const = default;
    };

    /** A track's id: the info-hash, so that every daemon names the same bytes the same way. */
    [[nodiscard]] inline std::string trackIdFromInfoHash (const std::string& infoHashHex) { return infoHashHex; }

    /** Average bytes per second of audio, from the metadata (bitrate, or size over duration);
    falls back to CD-quality FLAC's typical rate when neither is known. */
    [[nodiscard]] std::uint64_t bytesPerSecondOfAudio (const TrackManifest& manifest) noexcept;
} // namespace earshot

namespace earshot
{
    /** The torrent piece length Earshot uses for a track of fileSize bytes: the smallest power of two
    from 16 KiB to 64 KiB that keeps the track within 1024 pieces. Small pieces make start-up fast
    (the first piece is verified and playable after one 16 KiB block, and the opening seconds can be
    fetched from several peers at once); the cap keeps a long lossless track's hash list small. */
    [[nodiscard]] std::uint64_t choosePieceLength (std::uint64_t fileSize) noexcept;
} // namespace earshot
