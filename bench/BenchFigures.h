#pragma once

// Small helpers the benchmarks share: percentiles, bounded polling, and how a track is described.

#include "Core/TrackManifest.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace earshot::bench
{
    using Clock = std::chrono::steady_clock;

    inline double millisecondsBetween (Clock::time_point from, Clock::time_point to)
    {
        return std::chrono::duration<double, std::milli> (to - from).count();
    }

    /** The command line a bench was run with, as one line for its printout. */
    inline std::string commandLineOf (int argc, char** argv)
    {
        std::string command;
        for (int i = 0; i < argc; ++i)
            command += (i == 0 ? "" : " ") + std::string (argv[i]);
        return command;
    }

    /** The p-th quantile (0 to 1) by linear interpolation between ranks; NaN for no values. */
    inline double percentile (std::vector<double> values, double p)
    {
        if (values.empty())
            return std::nan ("");
        std::sort (values.begin(), values.end());
        const auto rank = p * static_cast<double> (values.size() - 1);
        const auto low = static_cast<std::size_t> (rank);
        const auto high = std::min (low + 1, values.size() - 1);
        return values[low] + (values[high] - values[low]) * (rank - static_cast<double> (low));
    }

    /** Polls until done() or the time-out; true when done() said so. */
    inline bool waitUntil (const std::function<bool()>& done, Clock::duration timeout, std::chrono::milliseconds interval = std::chrono::milliseconds (2))
    {
        const auto deadline = Clock::now() + timeout;
        while (! done())
        {
            if (Clock::now() >= deadline)
                return false;
            std::this_thread::sleep_for (interval);
        }
        return true;
    }

    /** One line about a track: its file, size, format, length and rate. */
    /** One line about a track: its file, size, format, length and bitrate. */
    inline std::string trackLine (const char* label, const TrackManifest& manifest)
    {
        char text[400];
        std::snprintf (text,
                       sizeof (text),
                       "%s%s, %.1f MB, %s, %.1f s, %u kbit/s (%.0f KiB/s of file per second of audio)",
                       label,
                       manifest.fileName.c_str(),
                       static_cast<double> (manifest.fileSize) / 1e6,
                       audioFormatName (manifest.format).data(),
                       static_cast<double> (manifest.metadata.durationMs) / 1000.0,
                       manifest.metadata.bitrateKbps,
                       static_cast<double> (manifest.fileSize) * 1000.0 / static_cast<double> (std::max<std::uint64_t> (1, manifest.metadata.durationMs)) / 1024.0);
        return text;
    }

    inline void printTrack (const char* label, const TrackManifest& manifest)
    {
        std::printf ("%s\n", trackLine (label, manifest).c_str());
    }
} // namespace earshot::bench
