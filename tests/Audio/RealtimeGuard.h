#pragma once

#include <cstdint>

namespace earshot::testing
{
    /** Counts, on the calling thread, what a real-time audio callback must never do: allocate or free
        memory (global operator new/delete), take or wait on a lock (pthread mutexes, rwlocks,
        condition variables, semaphores) or sleep, while a RealtimeGuard is alive on that thread.
        The counting hooks are defined in RealtimeGuard.cpp and replace the library functions for the
        whole test program. */
    class RealtimeGuard final
    {
    public:
        RealtimeGuard() noexcept;
        ~RealtimeGuard();

        struct Counts
        {
            std::uint64_t allocations = 0;
            std::uint64_t locks = 0;
        };
        /** What guarded code has done on this thread since the program started. */
        [[nodiscard]] static Counts counts() noexcept;
    };
} // namespace earshot::testing
