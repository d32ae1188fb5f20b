#pragma once

namespace earshot
{
    /** How a player brings every track to one loudness, so that a listener skimming a chart does
        not ride the volume: the gain that takes a track's integrated loudness (its manifest's
        loudnessLufs) to targetLufs, within limits that keep a quiet track from being pushed into
        clipping and a loud one from being made inaudible. */
    namespace loudnessMatch
    {
        /** The loudness every track is brought to, in LUFS: streaming services' usual preview level. */
        constexpr double targetLufs = -16.0;
        /** The most a quiet track is raised, in dB. */
        constexpr double maxBoostDb = 6.0;
        /** The most a loud track is lowered, in dB. */
        constexpr double maxCutDb = 20.0;

        /** The gain in dB for a track measured at loudnessLufs; 0 (unity) when its loudness is
            unknown (0, or not a finite negative number). */
        [[nodiscard]] double gainDb (double loudnessLufs) noexcept;

        /** gainDb as a linear factor for the samples. */
        [[nodiscard]] float linearGain (double loudnessLufs) noexcept;
    } // namespace loudnessMatch
} // namespace earshot
