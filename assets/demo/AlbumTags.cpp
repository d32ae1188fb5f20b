#include "AlbumTags.h"
#include "WavWriter.h"

#include <cstdio>
#include <sstream>

namespace earshot::demo
{
    std::string tsvHeader()
    {
        return "track\ttitle\tslug\tbpm\tkey\tgenre\tartist\talbum\tdate\ttracktotal\tseconds\n";
    }

    std::string bpmText (double bpm)
    {
        char text[64];
        std::snprintf (text, sizeof (text), "%g", bpm);
        return text;
    }

    std::string wavInfoTags (const TrackScore& track, const std::string& title)
    {
        const auto number = std::to_string (track.number);
        return riffInfo ({ { "INAM", title }, { "IART", albumArtist }, { "IPRD", albumTitle }, { "IGNR", track.genre }, { "ICRD", albumDate }, { "ITRK", number }, { "IPRT", number } });
    }

    std::string wavId3Tags (const TrackScore& track, const std::string& title, int trackTotal)
    {
        const auto number = std::to_string (track.number) + "/" + std::to_string (trackTotal);
        return id3v2Tag ({ { "TIT2", title }, { "TPE1", albumArtist }, { "TALB", albumTitle }, { "TCON", track.genre }, { "TDRC", albumDate }, { "TRCK", number }, { "TBPM", bpmText (track.bpm) }, { "TKEY", track.key } });
    }

    std::string tsvRow (const TrackScore& track, const std::string& title, const std::string& slug, int trackTotal, double seconds)
    {
        char numbers[64];
        std::ostringstream row;
        row << track.number << '\t' << title << '\t' << slug << '\t' << bpmText (track.bpm) << '\t' << track.key << '\t' << track.genre << '\t'
            << albumArtist << '\t' << albumTitle << '\t' << albumDate << '\t' << trackTotal << '\t';
        std::snprintf (numbers, sizeof (numbers), "%.3f", seconds);
        row << numbers << '\n';
        return row.str();
    }
} // namespace earshot::demo
