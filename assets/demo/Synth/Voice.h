#pragma once

#include "Synth/Mix.h"
#include "Synth/Patch.h"

namespace earshot::demo
{
    /** Adds one note, played on its patch (subtractive or FM), to the mix. */
    void renderTone (const Tone& tone, Mix& mix, LevelMeter& meter);
} // namespace earshot::demo
