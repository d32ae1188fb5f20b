#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot
{
    /** A musical key as tags write it ("F#m", "Bb", "A minor", "C#maj"): for proposing the pitch
        shift that fits a track into a producer's session. */
    namespace musicalKey
    {
        struct Key
        {
            int tonic = 0; ///< pitch class of the tonic: 0 = C, 1 = C#, ... 11 = B
            bool minor = false;
        };

        /** The key text names; nothing when it is not a key (empty, or not a letter A to G then an
            optional sharp or flat and a mode: "", "m", "min", "minor", "maj", "major"). */
        [[nodiscard]] std::optional<Key> parse (std::string_view text);

        /** The key's usual name: "C", "F#m", "Bb" (flats for the keys that are written with them). */
        [[nodiscard]] std::string nameOf (const Key& key);

        /** The 24 keys, majors then minors, as the plugin lists them. */
        [[nodiscard]] std::vector<std::string> allNames();

        /** The shift in semitones, -5 to +6, that takes music in trackKey to sessionKey the nearest
            way round: tonic to tonic when the modes agree (Am to Bm: +2), and through the relative
            major when they differ (Am, C's relative minor, to D major: +2). Nothing when either is
            not a key. */
        [[nodiscard]] std::optional<int> proposedShift (std::string_view trackKey, std::string_view sessionKey);
    } // namespace musicalKey
} // namespace earshot
