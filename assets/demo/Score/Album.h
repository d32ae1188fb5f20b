#pragma once

#include "Score/Score.h"

#include <vector>

namespace earshot::demo
{
    /** The album's tracks in order. Each track's score is in its own file beside this one. */
    [[nodiscard]] std::vector<TrackScore> album();

    [[nodiscard]] TrackScore firstLight();
    [[nodiscard]] TrackScore paperLanterns();
    [[nodiscard]] TrackScore neonTide();
} // namespace earshot::demo
