#pragma once

#include <filesystem>
#include <vector>

namespace earshot::bench
{
    /** What PreviewPlayer's audio callback costs per 512-frame stereo block, against a plain copy of
        as many floats: the playback benchmark's third figure. */
    struct CallbackCost
    {
        std::vector<double> renderNs;
        std::vector<double> copyNs;
        int refills = 0;
        int rewinds = 0;
    };

    /** Times render() for 512 stereo frames while the player is Playing with data in its FIFO (a
        complete track from a local daemon), interleaved with the cheapest callback there is: a copy
        of 512×2 floats from a ring as large as the player's FIFO. */
    CallbackCost callbackCost (const std::filesystem::path& file, int calls);
} // namespace earshot::bench
