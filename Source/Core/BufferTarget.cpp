#include "BufferTarget.h"

#include <algorithm>

namespace earshot
{
    double BufferTarget::secondsToBuffer (std::optional<double> arrivalRatio, double remainingSeconds) const noexcept
    {
        const auto ahead = std::clamp (remainingSeconds, 0.0, horizonSeconds);
        if (! arrivalRatio)
            return std::clamp (unknownRateSeconds, floorSeconds, ceilingSeconds);

        // Playing t seconds uses t seconds of audio while r * t arrive: buffered B keeps ahead
        // while B + r * t >= t, so over the next `ahead` seconds B = ahead * (1 - r).
        const auto ratio = std::max (0.0, *arrivalRatio) / std::max (1.0, safety);
        if (ratio >= 1.0)
            return floorSeconds;
        return std::clamp (ahead * (1.0 - ratio), floorSeconds, std::max (floorSeconds, ceilingSeconds));
    }
} // namespace earshot
