#pragma once

#include "Synth/Mix.h"

namespace earshot::demo
{
    /** A noise sweep that rises into the next section. */
    struct Riser
    {
        double start = 0.0, length = 0.0;
    };

    /** Adds the riser's filtered noise, growing louder and brighter over its length, to the mix. */
    void renderRiser (const Riser& riser, Mix& mix, LevelMeter& meter);

    /** Vinyl hiss and crackle across the whole track, for the lo-fi piece. */
    void renderVinyl (double seconds, Mix& mix, LevelMeter& meter);
} // namespace earshot::demo
