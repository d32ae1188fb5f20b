#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace earshot
{
    /** A track as the charts rank it. */
    struct ChartTrack
    {
        /** Its genre tag as it is (UTF-8); blank for none. */
        std::string genre;
        /** The title it is shown with (UTF-8). */
        std::string title;
        /** How much of it is here, 0 to 1. */
        double progress = 0.0;
        /** The swarm around it: peers and seeders. */
        int swarm = 0;
    };

    /** One chart: a genre and its tracks, best first. */
    struct Chart
    {
        /** The genre, trimmed; noGenre for tracks without one. */
        std::string genre;
        /** Indices into the tracks ranked, best first. */
        std::vector<std::size_t> ranked;

        bool operator== (const Chart&) const = default;
    };

    /** The chart of the tracks without a genre. */
    inline constexpr std::string_view noGenre = "No genre";

    /** Charts from a set of tracks: one per genre (trimmed of white space; a blank one counts as
        noGenre), the genres with the most tracks first, ties in the order of the genres' UTF-8
        bytes. Within a chart a track ranks by how much of it is here (what plays at once comes
        first), then by the swarm around it (what others are fetching and sharing), then by title in
        natural order (compareNatural); tracks equal in all three keep their order. Used by the
        Discover view on the library, and meant for a discovery hub's charts as well. */
    [[nodiscard]] std::vector<Chart> chartsByGenre (const std::vector<ChartTrack>& tracks);

    /** Natural order of UTF-8 text as people sort titles: runs of digits compare by value ("Track
        2" before "Track 10"), case is ignored, runs of white space count as one, and letters and
        digits come after other characters. The same order as juce::String::compareNatural with
        case ignored (this is its algorithm, on the C library's character classes). Negative, 0 or
        positive as a is before, level with, or after b. */
    [[nodiscard]] int compareNatural (std::string_view a, std::string_view b);
} // namespace earshot
