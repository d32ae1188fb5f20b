#pragma once

#include "Synth/Dsp.h"

#include <algorithm>

namespace earshot::demo
{
    /** Attack, decay, sustain, release, stepped once per sample. Decay and release are time constants. */
    struct EnvelopeShape
    {
        float attack = 0.005f, decay = 0.3f, sustain = 0.7f, release = 0.2f;
    };

    class Envelope final
    {
    public:
        explicit Envelope (const EnvelopeShape& shape) noexcept
            : attackStep (1.0f / std::max (1.0f, shape.attack * static_cast<float> (sampleRate)))
            , decayCoeff (decayCoefficient (shape.decay))
            , sustain (shape.sustain)
            , releaseCoeff (decayCoefficient (shape.release))
        {
        }

        void release() noexcept { stage = Stage::release; }

        /** True once the sound has died away: released, or decayed to nothing with no sustain. */
        [[nodiscard]] bool isSilent() const noexcept { return stage != Stage::attack && level < 1.0e-4f; }

        float next() noexcept
        {
            switch (stage)
            {
                case Stage::attack:
                    level += attackStep;

                    if (level >= 1.0f)
                    {
                        level = 1.0f;
                        stage = Stage::decay;
                    }

                    break;

                case Stage::decay:
                    level = sustain + (level - sustain) * decayCoeff;
                    break;

                case Stage::release:
                    level *= releaseCoeff;
                    break;
            }

            return level;
        }

    private:
        enum class Stage
        {
            attack,
            decay,
            release
        };

        float attackStep, decayCoeff, sustain, releaseCoeff;
        float level = 0.0f;
        Stage stage = Stage::attack;
    };
} // namespace earshot::demo
