#pragma once

#include <cstdint>

namespace earshot::demo
{
    /** xorshift64*: the same numbers on every platform, unlike <random>'s distributions. */
    class Random final
    {
    public:
        explicit Random (std::uint64_t seed) noexcept
            : state ((seed + 1) * 0x9E3779B97F4A7C15ull | 1)
        {
        }

        std::uint64_t next() noexcept
        {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            return state * 0x2545F4914F6CDD1Dull;
        }

        /** Uniform in [0, 1). */
        float uniform() noexcept { return static_cast<float> (next() >> 40) * (1.0f / 16777216.0f); }

        /** Uniform in [-1, 1). */
        float bipolar() noexcept { return uniform() * 2.0f - 1.0f; }

    private:
        std::uint64_t state;
    };
} // namespace earshot::demo
