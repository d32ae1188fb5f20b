#include "WaveformPeaks.h"

#include <algorithm>
#include <cmath>

namespace earshot
{
    WaveformPeaks::WaveformPeaks() noexcept
    {
        for (auto& bucket : peaks)
            bucket.store (unknown, std::memory_order_relaxed);
    }

    void WaveformPeaks::reset (double durationSeconds) noexcept
    {
        // The duration goes first, so a reader sees no new track over the old one's peaks.
        duration.store (0.0, std::memory_order_relaxed);
        resets.fetch_add (1, std::memory_order_relaxed);
        for (auto& bucket : peaks)
            bucket.store (unknown, std::memory_order_relaxed);
        known.store (0, std::memory_order_relaxed);
        duration.store (std::isfinite (durationSeconds) && durationSeconds > 0.0 ? durationSeconds : 0.0, std::memory_order_release);
    }

    void WaveformPeaks::add (double startSeconds, const float* const* channels, int numChannels, int numFrames, double sampleRate) noexcept
    {
        const auto length = duration.load (std::memory_order_relaxed);
        if (length <= 0.0 || channels == nullptr || numChannels <= 0 || numFrames <= 0 || ! (sampleRate > 0.0) || ! std::isfinite (startSeconds))
            return;

        // Frame f is at startSeconds + f / sampleRate; bucket b covers [b, b + 1) * length / bucketCount.
        const double firstBucket = startSeconds / length * bucketCount;
        const double bucketsPerFrame = static_cast<double> (bucketCount) / (length * sampleRate);

        // One writer: a plain load and store is enough.
        const auto keep = [this] (int bucket, float loudest)
        {
            auto& slot = peaks[static_cast<std::size_t> (bucket)];
            const float before = slot.load (std::memory_order_relaxed);
            if (before < 0.0f)
                known.fetch_add (1, std::memory_order_relaxed);
            if (loudest > before)
                slot.store (std::min (loudest, 1.0f), std::memory_order_relaxed);
        };

        int current = -1;
        float loudest = 0.0f;
        for (int frame = 0; frame < numFrames; ++frame)
        {
            const auto position = firstBucket + frame * bucketsPerFrame;
            if (position < 0.0)
                continue; // before the track's start
            const auto bucket = static_cast<int> (position);
            if (bucket >= bucketCount)
                break; // past its end

            if (bucket != current)
            {
                if (current >= 0)
                    keep (current, loudest);
                current = bucket;
                loudest = 0.0f;
            }
            for (int channel = 0; channel < numChannels; ++channel)
            {
                if (channels[channel] == nullptr)
                    continue;
                const float magnitude = std::abs (channels[channel][frame]);
                if (magnitude > loudest) // false for NaN, which is skipped
                    loudest = magnitude;
            }
        }
        if (current >= 0)
            keep (current, loudest);
    }

    float WaveformPeaks::peak (int bucket) const noexcept
    {
        if (bucket < 0 || bucket >= bucketCount)
            return unknown;
        return peaks[static_cast<std::size_t> (bucket)].load (std::memory_order_relaxed);
    }

    double WaveformPeaks::durationSeconds() const noexcept
    {
        return duration.load (std::memory_order_acquire);
    }

    int WaveformPeaks::knownBuckets() const noexcept
    {
        return known.load (std::memory_order_relaxed);
    }

    std::uint32_t WaveformPeaks::generation() const noexcept
    {
        return resets.load (std::memory_order_relaxed);
    }
} // namespace earshot
