#include "ProgressView.h"

#include <algorithm>
#include <cstdio>

namespace earshot
{
    std::string humanBytes (double bytes)
    {
        const char* units[] = { "B", "KB", "MB", "GB", "TB" };
        int unit = 0;
        while (bytes >= 1000.0 && unit < 4)
        {
            bytes /= 1000.0;
            ++unit;
        }
        char text[32];
        std::snprintf (text, sizeof (text), unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
        return text;
    }

    std::string stateName (TrackState state)
    {
        switch (state)
        {
            case TrackState::fetchingMetadata:
                return "fetching metadata";
            case TrackState::checking:
                return "checking";
            case TrackState::downloading:
                return "downloading";
            case TrackState::seeding:
                return "seeding";
            case TrackState::error:
                return "error";
            case TrackState::unknown:
                break;
        }
        return "starting";
    }

    std::string renderPieceMap (const TrackStatus& status, int columns)
    {
        const auto pieces = static_cast<int> (status.pieces.size());
        if (pieces == 0 || columns <= 0)
            return std::string (static_cast<std::size_t> (std::max (columns, 0)), ' ');

        std::string map;
        for (int column = 0; column < columns; ++column)
        {
            const int first = column * pieces / columns;
            const int last = std::max (first + 1, (column + 1) * pieces / columns);
            int have = 0;
            bool deadline = false;
            for (int piece = first; piece < last && piece < pieces; ++piece)
            {
                have += status.pieces[static_cast<std::size_t> (piece)] ? 1 : 0;
                deadline = deadline || std::find (status.deadlinePieces.begin(), status.deadlinePieces.end(), piece) != status.deadlinePieces.end();
            }
            const int span = std::min (last, pieces) - first;
            map.push_back (deadline ? '!' : have == span ? '#'
                                        : have > 0       ? '+'
                                                         : '.');
        }
        return map;
    }

    std::string renderStatusLine (const TrackStatus& status, int mapColumns)
    {
        char text[256];
        std::snprintf (text, sizeof (text), "%-11s %5.1f%%  %9s/s down  %9s/s up  %2d peers (%d seeds)  [", stateName (status.state).c_str(), status.progress * 100.0, humanBytes (static_cast<double> (status.downloadRate)).c_str(), humanBytes (static_cast<double> (status.uploadRate)).c_str(), status.peers, status.seeds);
        auto line = std::string (text) + renderPieceMap (status, mapColumns) + "]";
        if (! status.error.empty())
            line += "  " + status.error;
        return line;
    }
} // namespace earshot
