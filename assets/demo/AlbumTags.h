#pragma once

#include "Score/Score.h"

#include <string>

namespace earshot::demo
{
    /** The album's tags, the same on every track. */
    constexpr const char* albumArtist = "The Earshot Ensemble";
    constexpr const char* albumTitle = "First Light";
    constexpr const char* albumDate = "2026";

    /** The header row of album.tsv and excerpt.tsv. */
    [[nodiscard]] std::string tsvHeader();

    /** The tempo as the tsv and every tag write it: "90", "76", "112.5". */
    [[nodiscard]] std::string bpmText (double bpm);

    /** A WAV's RIFF INFO tags: everything the tsv says except the tempo and key, which INFO has no
        field for (they go in the ID3v2 chunk, wavId3Tags). */
    [[nodiscard]] std::string wavInfoTags (const TrackScore& track, const std::string& title);

    /** A WAV's ID3v2 chunk: the INFO tags again, with the tempo (TBPM) and key (TKEY). */
    [[nodiscard]] std::string wavId3Tags (const TrackScore& track, const std::string& title, int trackTotal);

    /** One track's row of the tsv, with its length in seconds. */
    [[nodiscard]] std::string tsvRow (const TrackScore& track, const std::string& title, const std::string& slug, int trackTotal, double seconds);
} // namespace earshot::demo
