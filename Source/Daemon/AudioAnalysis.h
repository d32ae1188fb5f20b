#pragma once

#include <filesystem>
#include <optional>

namespace earshot
{
    /** What listening to a whole file tells about it, beyond its tags. */
    struct AudioAnalysis
    {
        /** Integrated loudness (EBU R128, LUFS); nothing for silence, which has none. */
        std::optional<double> loudnessLufs;
        /** The tempo the beat tracker settled on, in beats per minute; nothing when it found no
            steady beat. */
        std::optional<double> bpm;
        /** How much audio was analysed, in seconds: less than the track when the file is cut short. */
        double seconds = 0.0;
    };

    /** Decodes an audio file (FLAC, Ogg Vorbis, MP3, WAV, through aubio's readers) and measures its
        loudness with libebur128 and its tempo with aubio's beat tracker, in one pass. Publishing
        runs it so that previews can be played at matched loudness, and so that a track whose tags
        carry no BPM can still be found by tempo. Takes about a second per track of a few minutes;
        run it on a worker, never on the swarm's or a gRPC thread. Any thread; no shared state.

        Throws Error (invalidArgument) naming the file when it is not audio it can decode. A file
        cut short is analysed as far as it goes. */
    [[nodiscard]] AudioAnalysis analyseAudioFile (const std::filesystem::path& file);
} // namespace earshot
