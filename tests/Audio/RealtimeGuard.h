#pragma once

#include <cstdint>
#include <string>
#include <utility>

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

        /** From now on, count only calls made with a frame of the function at [begin, end) on the
            call stack (for a plugin loaded by a host: its processBlock, and not the host's or the
            format wrapper's code around it). 0, 0 counts everything again. */
        static void countOnlyWithin (std::uintptr_t begin, std::uintptr_t end) noexcept;

        /** Where a function of a loaded binary lies in memory, [begin, end): its offset and size from the
            binary's symbol table (binutils' nm), plus the address the binary was loaded at. binary is
            the path of a loaded shared library, or empty for this program; signature is the function's
            demangled name with its parameters. {0, 0} when not found. */
        [[nodiscard]] static std::pair<std::uintptr_t, std::uintptr_t> functionRange (const std::string& binary, const std::string& signature);
    };
} // namespace earshot::testing
