#include "Score/Album.h"

namespace earshot::demo
{
    std::vector<TrackScore> album()
    {
        std::vector<TrackScore> tracks;
        tracks.push_back (firstLight());
        tracks.push_back (paperLanterns());
        tracks.push_back (neonTide());
        return tracks;
    }
} // namespace earshot::demo
