#include "LoudnessMatcher.h"

namespace earshot
{
    void LoudnessMatcher::trackStartsAt (std::uint64_t position, float gain) noexcept
    {
        const auto slot = waiting.write (1);
        if (slot.blockSize1 > 0)
            marks[static_cast<std::size_t> (slot.startIndex1)] = { position, gain };
    }

    float LoudnessMatcher::gainBefore (std::uint64_t end) noexcept
    {
        for (;;)
        {
            int start1 = 0, size1 = 0, start2 = 0, size2 = 0;
            waiting.prepareToRead (1, start1, size1, start2, size2);
            if (size1 == 0 || marks[static_cast<std::size_t> (start1)].position >= end)
                break;
            trackGain = marks[static_cast<std::size_t> (start1)].gain;
            waiting.finishedRead (1);
        }
        return matching.load (std::memory_order_relaxed) ? trackGain : 1.0f;
    }
} // namespace earshot
