#pragma once

#include "Synth/Drums.h"
#include "Synth/Mix.h"

#include <vector>

namespace earshot::demo
{
    /** Ping-pong echo: the send bounces left, right, left, each repeat darker. Feeds the reverb a little. */
    void processDelay (Mix& mix, double delaySeconds, float feedback);

    /** Side-chain curve: each kick pulls ducked instruments down by `depth`, recovering in ~150 ms. */
    void buildDuckCurve (const std::vector<Hit>& hits, float depth, Mix& mix);

    /** Look-ahead limiter: the gain reaches its minimum before a peak arrives and recovers smoothly.
        Returns the deepest gain it applied. */
    float limit (std::vector<float>& left, std::vector<float>& right, float ceiling);
} // namespace earshot::demo
