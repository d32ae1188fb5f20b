#pragma once

#include "Core/TrackStatus.h"

#include <string>

namespace earshot
{
    /** Renders a track's status as one terminal line: a progress bar, percent, rates, peers and a
        piece map squeezed into a fixed number of columns. */
    [[nodiscard]] std::string renderStatusLine (const TrackStatus& status, int mapColumns = 48);

    /** The piece map alone: one character per column, '#' when every piece under it is verified,
        '+' when some are, '.' when none, and '!' over a piece with a streaming deadline. */
    [[nodiscard]] std::string renderPieceMap (const TrackStatus& status, int columns);

    /** "1.4 MB", "312 KB/s": sizes as people read them. */
    [[nodiscard]] std::string humanBytes (double bytes);

    /** "downloading", "seeding", ... */
    [[nodiscard]] std::string stateName (TrackState state);
} // namespace earshot
