#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace earshot::demo
{
    /** RIFF INFO tags (INAM title, IART artist, IPRD album, ...) as a LIST chunk's payload: what
        TagLib and most players read from a WAV. */
    std::string riffInfo (const std::vector<std::pair<std::string, std::string>>& tags);

    /** An ID3v2.4 tag of UTF-8 text frames (TIT2, TBPM, TKEY, ...), for a WAV's "id3 " chunk.
        RIFF INFO has no field for the tempo or the key, so a WAV carries them the way DJ software
        and tag editors write them: in an ID3v2 chunk. TagLib prefers that chunk to INFO when both
        are there, so it repeats every INFO tag. */
    std::string id3v2Tag (const std::vector<std::pair<std::string, std::string>>& frames);

    /** Writes 16-bit stereo PCM with TPDF dither; little-endian bytes whatever the host. Tags, if
        any, go in a LIST/INFO chunk and an "id3 " chunk after the audio, where many recorders put
        them. Throws, naming the file, if it cannot be written. */
    void writeWav (const std::filesystem::path& path,
                   const std::vector<float>& left,
                   const std::vector<float>& right,
                   std::size_t frames,
                   const std::string& info = {},
                   const std::string& id3 = {});
} // namespace earshot::demo
