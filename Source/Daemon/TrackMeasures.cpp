#include "TrackMeasures.h"

#include "AudioAnalysis.h"
#include "CoverThumbnail.h"
#include "TagReader.h"

#include "Core/HubRules.h"

#include <spdlog/spdlog.h>

#include <cmath>

namespace earshot
{
    void measureAudio (const std::filesystem::path& file, TrackManifest& manifest)
    {
        try
        {
            const auto analysis = analyseAudioFile (file);
            if (analysis.loudnessLufs)
                manifest.loudnessLufs = *analysis.loudnessLufs;
            // A tag is the artist's word for the tempo; the estimate only fills a gap.
            if (manifest.bpm <= 0.0 && analysis.bpm)
            {
                manifest.bpm = std::round (*analysis.bpm * 10.0) / 10.0;
                manifest.bpmEstimated = true;
            }
        }
        catch (const std::exception& error)
        {
            spdlog::warn ("{}: no loudness or tempo measured, published without them: {}", file.string(), error.what());
        }
    }

    std::optional<Cover> coverThumbnailOf (const std::filesystem::path& file, AudioFormat format)
    {
        try
        {
            const auto picture = readCoverPicture (file, format);
            if (! picture)
                return std::nullopt;
            return makeCoverThumbnail (*picture, hubRules::maxCoverBytes);
        }
        catch (const std::exception& error)
        {
            spdlog::warn ("{}: no cover thumbnail: {}", file.string(), error.what());
            return std::nullopt;
        }
    }
} // namespace earshot
