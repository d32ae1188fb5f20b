#include "TrackMeasures.h"

#include "AudioAnalysis.h"
#include "CoverThumbnail.h"
#include "TagReader.h"

#include "Core/HubRules.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

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

    void indexSeekPoints (const std::filesystem::path& file, TrackManifest& manifest)
    {
        if (manifest.format != AudioFormat::flac && manifest.format != AudioFormat::oggVorbis && manifest.format != AudioFormat::mp3)
            return;
        try
        {
            std::ifstream in (file, std::ios::binary);
            std::vector<std::uint8_t> bytes (static_cast<std::size_t> (std::filesystem::file_size (file)));
            if (! in.read (reinterpret_cast<char*> (bytes.data()), static_cast<std::streamsize> (bytes.size())))
                throw std::runtime_error ("cannot read it");
            // A point every 0.2 s: a seek then starts at most 0.2 s of audio (about one FLAC piece)
            // before its target, so the first audio waits for one piece, not the two or three a
            // point a second could put ahead of it; about 5 bytes a point.
            manifest.seekIndex = buildSeekIndex (manifest.format, bytes, manifest.layout.headerBytes, 0.2);
            if (manifest.seekIndex.empty())
                spdlog::warn ("{}: its frames or pages could not be followed; published without a seek index", file.string());
            else if (manifest.format == AudioFormat::oggVorbis && manifest.seekIndex.totalSamples > 0)
                manifest.layout.tailBytes = 0;
        }
        catch (const std::exception& error)
        {
            spdlog::warn ("{}: no seek index: {}", file.string(), error.what());
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

    void forEachOnCores (std::size_t count, const std::function<void (std::size_t)>& work)
    {
        std::atomic<std::size_t> next { 0 };
        std::mutex errorMutex;
        std::exception_ptr firstError;
        const auto run = [&]
        {
            for (auto i = next++; i < count; i = next++)
            {
                try
                {
                    work (i);
                }
                catch (...)
                {
                    const std::lock_guard lock (errorMutex);
                    if (! firstError)
                        firstError = std::current_exception();
                }
            }
        };
        const auto threads = std::min<std::size_t> (count, std::max (1u, std::thread::hardware_concurrency()));
        std::vector<std::thread> helpers;
        for (std::size_t t = 1; t < threads; ++t)
            helpers.emplace_back (run);
        run(); // the calling thread takes its share
        for (auto& helper : helpers)
            helper.join();
        if (firstError)
            std::rethrow_exception (firstError);
    }
} // namespace earshot
