#pragma once

#include "AudioFormat.h"
#include "ContainerLayout.h"
#include "SeekIndex.h"

#include <cstddef>
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
    bencoded info dictionary (which fixes the bytes), which file in it is the track, and the
    metadata and layout (which say what the bytes are). A torrent Earshot publishes holds one
    track; an album torrent made by another client holds one track per audio file. */
    struct TrackManifest
    {
        /** SHA-1 of infoDict, 40 lower-case hex digits. The track id is derived from it (trackIdOf). */
        std::string infoHashHex;
        /** The bencoded info dictionary, exactly as hashed. */
        std::string infoDict;
        /** The audio file's index among the torrent's files (0 in a single-file torrent). */
        std::uint32_t fileIndex = 0;
        /** The audio file's path inside the torrent, '/'-separated: "Album/02 Song.ogg" in a
            multi-file torrent, whose files all sit in a folder named after it; empty or the bare
            file name in a single-file torrent. */
        std::string filePath;
        /** The audio file's name (the last part of filePath). */
        std::string fileName;
        std::uint64_t fileSize = 0;
        AudioFormat format = AudioFormat::unknown;
        ContainerLayout layout;
        TrackMetadata metadata;
        double bpm = 0.0; ///< beats per minute from the BPM tag, 0 when unknown
        std::string key; ///< musical key from the INITIALKEY tag (e.g. "F#m"), empty when unknown
        /** Integrated loudness (EBU R128) of the whole file in LUFS, measured when it was
            published; 0 when unknown. Players bring previews to a common loudness with it. */
        double loudnessLufs = 0.0;
        /** True when bpm is the publishing daemon's estimate from the audio, not a tag. */
        bool bpmEstimated = false;
        /** Where the frames or pages start, five a second, and the exact length in samples,
            worked out when it was published; empty for a track from another client's torrent. A
            decoder checks a point against the bytes before it seeks with it. */
        SeekIndex seekIndex;

        bool operator== (const TrackManifest&) const = default;
    };

    /** Most trackers a track announces to, as a publisher names them: each is stored with the
        track and asked on every announce. */
    inline constexpr std::size_t maxTrackers = 32;
    /** Longest tracker URL taken. */
    inline constexpr std::size_t maxTrackerUrlBytes = 2048;

    /** True when the track's torrent holds several files (an album made by another client). */
    [[nodiscard]] bool isInMultiFileTorrent (const TrackManifest& manifest) noexcept;

    /** A track's id, the same on every daemon for the same bytes: the info-hash for the one track
        of a single-file torrent; the info-hash, '-' and the file's index for a track of a
        multi-file torrent ("3f2a…9c-2"). */
    [[nodiscard]] std::string trackIdOf (const TrackManifest& manifest);

    /** The track id of file fileIndex in the torrent infoHashHex. */
    [[nodiscard]] std::string trackIdFor (const std::string& infoHashHex, std::uint32_t fileIndex, bool multiFileTorrent);

    /** The info-hash a track id starts with (the whole id for a single-file torrent's track). */
    [[nodiscard]] std::string infoHashOfTrackId (const std::string& trackId);

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
