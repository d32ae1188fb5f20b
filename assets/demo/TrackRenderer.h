#pragma once

#include "Score/Score.h"
#include "Synth/Mix.h"

#include <vector>

namespace earshot::demo
{
    /** A rendered stereo track. */
    struct Rendered
    {
        std::vector<float> left, right;
        float gainReductionDb = 0.0f;
        LevelMeter meter;
    };

    /** Arranges and plays a whole track: its instruments, the delay and reverb, then the master
        chain (low-pass, DC blocker, loudness, limiter, fades). The same score gives the same samples. */
    [[nodiscard]] Rendered render (const TrackScore& score);

    /** Prints how loud each part of the mix is, relative to the whole, to balance a change to the score. */
    void printLevels (const Rendered& rendered);
} // namespace earshot::demo
