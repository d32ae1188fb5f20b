#pragma once

#include "Client/DaemonClient.h"

#include <juce_core/juce_core.h>

#include <cstdint>

namespace earshot::formatting
{
    /** The title to show: the tag, or the file's name when the track has none. */
    [[nodiscard]] juce::String titleOf (const TrackManifest& manifest);
    /** The artist tag, or "Unknown artist". */
    [[nodiscard]] juce::String artistOf (const TrackManifest& manifest);

    /** Beats per minute and musical key from the manifest; 0 and "" when unknown. */
    [[nodiscard]] double bpmOf (const TrackManifest& manifest) noexcept;
    [[nodiscard]] juce::String keyOf (const TrackManifest& manifest);

    /** "3:07"; "" for 0 (unknown). */
    [[nodiscard]] juce::String duration (std::uint64_t milliseconds);
    /** "43%", rounded down, so only a whole track says 100%. */
    [[nodiscard]] juce::String percent (double progress);
    /** "410 KB/s", "1.2 MB/s", "0 KB/s" (1 KB = 1000 bytes). */
    [[nodiscard]] juce::String rate (std::uint64_t bytesPerSecond);
    /** "just now", "5 min ago", "3 h ago", "2 days ago", relative to nowMs. */
    [[nodiscard]] juce::String ago (std::int64_t atMs, std::int64_t nowMs);
    /** Milliseconds since the epoch, now. */
    [[nodiscard]] std::int64_t nowMs() noexcept;
} // namespace earshot::formatting
