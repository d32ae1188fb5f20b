#include "Formatting.h"

#include <chrono>
#include <cmath>

namespace earshot::formatting
{
    juce::String titleOf (const TrackManifest& manifest)
    {
        if (! manifest.metadata.title.empty())
            return juce::String::fromUTF8 (manifest.metadata.title.c_str());
        return juce::File::createFileWithoutCheckingPath (juce::String::fromUTF8 (manifest.fileName.c_str())).getFileNameWithoutExtension();
    }

    juce::String artistOf (const TrackManifest& manifest)
    {
        if (! manifest.metadata.artist.empty())
            return juce::String::fromUTF8 (manifest.metadata.artist.c_str());
        return "Unknown artist";
    }

    double bpmOf (const TrackManifest& manifest) noexcept { return manifest.bpm; }
    juce::String keyOf (const TrackManifest& manifest) { return juce::String::fromUTF8 (manifest.key.c_str()); }

    juce::String duration (std::uint64_t milliseconds)
    {
        if (milliseconds == 0)
            return {};
        const auto seconds = static_cast<int> (milliseconds / 1000);
        return juce::String (seconds / 60) + ":" + juce::String (seconds % 60).paddedLeft ('0', 2);
    }

    juce::String percent (double progress)
    {
        return juce::String (static_cast<int> (std::floor (std::clamp (progress, 0.0, 1.0) * 100.0 + 1e-9))) + "%";
    }

    juce::String rate (std::uint64_t bytesPerSecond)
    {
        if (bytesPerSecond >= 1000 * 1000)
            return juce::String (static_cast<double> (bytesPerSecond) / 1.0e6, 1) + " MB/s";
        return juce::String (static_cast<int> (std::llround (static_cast<double> (bytesPerSecond) / 1000.0))) + " KB/s";
    }

    juce::String ago (std::int64_t atMs, std::int64_t now)
    {
        const auto seconds = std::max<std::int64_t> (0, (now - atMs) / 1000);
        if (seconds < 60)
            return "just now";
        if (seconds < 3600)
            return juce::String (seconds / 60) + " min ago";
        if (seconds < 86400)
            return juce::String (seconds / 3600) + " h ago";
        const auto days = seconds / 86400;
        return juce::String (days) + (days == 1 ? " day ago" : " days ago");
    }

    std::int64_t nowMs() noexcept
    {
        return std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count();
    }
} // namespace earshot::formatting
