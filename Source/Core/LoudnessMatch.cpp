#include "LoudnessMatch.h"

#include <algorithm>
#include <cmath>

namespace earshot::loudnessMatch
{
    double gainDb (double loudnessLufs) noexcept
    {
        if (! std::isfinite (loudnessLufs) || loudnessLufs >= 0.0)
            return 0.0;
        return std::clamp (targetLufs - loudnessLufs, -maxCutDb, maxBoostDb);
    }

    float linearGain (double loudnessLufs) noexcept
    {
        return static_cast<float> (std::pow (10.0, gainDb (loudnessLufs) / 20.0));
    }
} // namespace earshot::loudnessMatch
