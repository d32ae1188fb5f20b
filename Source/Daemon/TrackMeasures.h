#pragma once

#include "Core/Cover.h"
#include "Core/TrackManifest.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>

namespace earshot
{
    // What the library learns from a whole audio file beyond its tags, for publishing it and for
    // showing it. Neither call throws: a file that cannot be measured, or a picture that does not
    // decode, is logged as a warning and gives nothing, since a publish must not fail over it.
    // Each decodes the file or its picture: run them on a worker, never on the swarm's or a gRPC
    // thread.

    /** Measures file's integrated loudness into manifest.loudnessLufs and, when its tags gave no
        tempo, estimates one into manifest.bpm (to 0.1 BPM) with manifest.bpmEstimated set. */
    void measureAudio (const std::filesystem::path& file, TrackManifest& manifest);

    /** Works out file's seek index (Core's buildSeekIndex; FLAC, Ogg Vorbis and MP3) into manifest.seekIndex. For an Ogg
        Vorbis file it carries the length a decoder otherwise reads from the last page, so the
        layout's tail drops to 0 and the planner no longer fetches that far piece first. */
    void indexSeekPoints (const std::filesystem::path& file, TrackManifest& manifest);

    /** The cover thumbnail made from the picture in file's tags (see makeCoverThumbnail), sized
        for the hub's limit; nothing when the tags carry no picture or it does not decode. */
    [[nodiscard]] std::optional<Cover> coverThumbnailOf (const std::filesystem::path& file, AudioFormat format);

    /** Calls work (i) for every i below count, on up to one thread per core at once, and returns
        when every call has; the first exception a call threw is rethrown then. Measuring an
        album's files side by side takes about as long as its longest tracks, not all of them. */
    void forEachOnCores (std::size_t count, const std::function<void (std::size_t)>& work);
} // namespace earshot
