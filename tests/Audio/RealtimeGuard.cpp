#include "RealtimeGuard.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <execinfo.h>
#include <filesystem>
#include <link.h>
#include <new>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <time.h>
#include <unistd.h>

namespace
{
    thread_local int guardDepth = 0;
    thread_local std::uint64_t allocationCount = 0;
    thread_local std::uint64_t lockCount = 0;

    /** EARSHOT_REALTIME_TRACE=N prints the call stack of the first N counted calls, to find them. */
    int traceBudget()
    {
        static int budget = []
        {
            const char* value = std::getenv ("EARSHOT_REALTIME_TRACE");
            void* frames[2];
            ::backtrace (frames, 2); // loads libgcc_s now, not inside a guarded call
            return value != nullptr ? std::atoi (value) : 0;
        }();
        return budget;
    }
    std::atomic<int> traced { 0 };
    [[maybe_unused]] const int primedTrace = traceBudget();

    void trace (const char* what) noexcept
    {
        if (traced.fetch_add (1) >= traceBudget())
            return;
        --guardDepth;
        void* frames[24];
        const int depth = ::backtrace (frames, 24);
        [[maybe_unused]] auto written = ::write (STDERR_FILENO, what, std::strlen (what));
        ::backtrace_symbols_fd (frames, depth, STDERR_FILENO);
        ++guardDepth;
    }

    std::atomic<std::uintptr_t> scopeBegin { 0 }, scopeEnd { 0 };

    /** Whether the current call counts: always, unless a scope is set and no frame lies in it. */
    bool inScope() noexcept
    {
        const auto begin = scopeBegin.load(), end = scopeEnd.load();
        if (begin == 0)
            return true;
        void* frames[64];
        --guardDepth; // the unwinder's own calls are not the guarded code's
        const int depth = ::backtrace (frames, 64);
        ++guardDepth;
        for (int i = 0; i < depth; ++i)
        {
            const auto at = reinterpret_cast<std::uintptr_t> (frames[i]);
            if (at >= begin && at < end)
                return true;
        }
        return false;
    }

    inline void noteAllocation() noexcept
    {
        if (guardDepth > 0 && inScope())
        {
            ++allocationCount;
            trace ("== allocation in a guarded call:\n");
        }
    }

    inline void noteLock() noexcept
    {
        if (guardDepth > 0 && inScope())
        {
            ++lockCount;
            trace ("== lock or sleep in a guarded call:\n");
        }
    }

    /** The C library's own function, found once before any guard exists. */
    template <typename Function>
    Function real (const char* name) noexcept
    {
        return reinterpret_cast<Function> (::dlsym (RTLD_NEXT, name));
    }

    using MutexFn = int (*) (pthread_mutex_t*);
    using RwFn = int (*) (pthread_rwlock_t*);
    using CondWaitFn = int (*) (pthread_cond_t*, pthread_mutex_t*);
    using CondTimedWaitFn = int (*) (pthread_cond_t*, pthread_mutex_t*, const struct timespec*);
    using CondClockWaitFn = int (*) (pthread_cond_t*, pthread_mutex_t*, clockid_t, const struct timespec*);
    using SemFn = int (*) (sem_t*);
    using NanosleepFn = int (*) (const struct timespec*, struct timespec*);
    using ClockNanosleepFn = int (*) (clockid_t, int, const struct timespec*, struct timespec*);
    using YieldFn = int (*)();

    struct RealFunctions
    {
        MutexFn mutexLock = real<MutexFn> ("pthread_mutex_lock");
        MutexFn mutexTryLock = real<MutexFn> ("pthread_mutex_trylock");
        RwFn readLock = real<RwFn> ("pthread_rwlock_rdlock");
        RwFn writeLock = real<RwFn> ("pthread_rwlock_wrlock");
        CondWaitFn condWait = real<CondWaitFn> ("pthread_cond_wait");
        CondTimedWaitFn condTimedWait = real<CondTimedWaitFn> ("pthread_cond_timedwait");
        CondClockWaitFn condClockWait = real<CondClockWaitFn> ("pthread_cond_clockwait");
        SemFn semWait = real<SemFn> ("sem_wait");
        NanosleepFn nanosleep = real<NanosleepFn> ("nanosleep");
        ClockNanosleepFn clockNanosleep = real<ClockNanosleepFn> ("clock_nanosleep");
        YieldFn yield = real<YieldFn> ("sched_yield");
    };

    const RealFunctions& reals() noexcept
    {
        static const RealFunctions functions;
        return functions;
    }

    // Resolve them at start-up, not inside the first guarded call.
    [[maybe_unused]] const RealFunctions& resolvedAtStartUp = reals();
} // namespace

namespace earshot::testing
{
    RealtimeGuard::RealtimeGuard() noexcept { ++guardDepth; }
    RealtimeGuard::~RealtimeGuard() { --guardDepth; }

    RealtimeGuard::Counts RealtimeGuard::counts() noexcept { return { allocationCount, lockCount }; }

    std::pair<std::uintptr_t, std::uintptr_t> RealtimeGuard::functionRange (const std::string& binary, const std::string& signature)
    {
        std::error_code ec;
        const auto file = binary.empty() ? std::filesystem::read_symlink ("/proc/self/exe", ec) : std::filesystem::canonical (binary, ec);
        if (ec)
            return { 0, 0 };
        std::uintptr_t offset = 0, size = 0;
        if (auto* nm = ::popen (("nm -C --defined-only -S '" + file.string() + "' 2>/dev/null").c_str(), "r"))
        {
            char line[8192];
            while (std::fgets (line, sizeof (line), nm) != nullptr)
            {
                std::string text (line);
                const auto name = text.find (' ', text.find (' ', text.find (' ') + 1) + 1);
                if (name != std::string::npos && text.compare (name + 1, signature.size(), signature) == 0
                    && (text.size() == name + 1 + signature.size() || text[name + 1 + signature.size()] == '\n'))
                    std::sscanf (line, "%lx %lx", &offset, &size);
            }
            ::pclose (nm);
        }

        struct Search
        {
            std::filesystem::path path;
            bool self = false;
            std::uintptr_t base = 0;
            bool found = false;
        } search { file, binary.empty() };
        ::dl_iterate_phdr ([] (dl_phdr_info* info, std::size_t, void* data)
                           {
                               auto& s = *static_cast<Search*> (data);
                               const bool isProgram = info->dlpi_name == nullptr || *info->dlpi_name == 0;
                               std::error_code error;
                               if (! s.found && (s.self ? isProgram : ! isProgram && std::filesystem::canonical (info->dlpi_name, error) == s.path))
                               {
                                   s.base = info->dlpi_addr;
                                   s.found = true;
                               }
                               return 0; },
                           &search);
        if (offset == 0 || size == 0 || ! search.found)
            return { 0, 0 };
        return { search.base + offset, search.base + offset + size };
    }

    void RealtimeGuard::countOnlyWithin (std::uintptr_t begin, std::uintptr_t end) noexcept
    {
        scopeEnd.store (end);
        scopeBegin.store (begin);
    }
} // namespace earshot::testing

//==============================================================================
// Allocation hooks: every form of global new and delete.
void* operator new (std::size_t size)
{
    noteAllocation();
    if (auto* p = std::malloc (size == 0 ? 1 : size))
        return p;
    throw std::bad_alloc();
}
void* operator new[] (std::size_t size) { return operator new (size); }
void* operator new (std::size_t size, const std::nothrow_t&) noexcept
{
    noteAllocation();
    return std::malloc (size == 0 ? 1 : size);
}
void* operator new[] (std::size_t size, const std::nothrow_t& tag) noexcept { return operator new (size, tag); }
void* operator new (std::size_t size, std::align_val_t alignment)
{
    noteAllocation();
    const auto align = static_cast<std::size_t> (alignment);
    if (auto* p = std::aligned_alloc (align, (size + align - 1) / align * align))
        return p;
    throw std::bad_alloc();
}
void* operator new[] (std::size_t size, std::align_val_t alignment) { return operator new (size, alignment); }
void operator delete (void* p) noexcept
{
    if (p != nullptr)
        noteAllocation();
    std::free (p);
}
void operator delete[] (void* p) noexcept { operator delete (p); }
void operator delete (void* p, std::align_val_t) noexcept { operator delete (p); }
void operator delete[] (void* p, std::align_val_t) noexcept { operator delete (p); }
// The sized forms, which libraries built with GCC (protobuf, gRPC) call: <new> declares them only
// where sized deallocation is on (GCC's default; clang's only with -fsized-deallocation), so they are
// declared here too. They must be ours, or what our operator new gave would go back to another heap.
#if ! __cpp_sized_deallocation
void operator delete (void* p, std::size_t) noexcept;
void operator delete[] (void* p, std::size_t) noexcept;
void operator delete (void* p, std::size_t, std::align_val_t) noexcept;
void operator delete[] (void* p, std::size_t, std::align_val_t) noexcept;
#endif
void operator delete (void* p, std::size_t) noexcept
{
    operator delete (p);
}
void operator delete[] (void* p, std::size_t) noexcept { operator delete (p); }
void operator delete (void* p, std::size_t, std::align_val_t) noexcept { operator delete (p); }
void operator delete[] (void* p, std::size_t, std::align_val_t) noexcept { operator delete (p); }

//==============================================================================
// Lock and sleep hooks: this program's definitions take the place of the C library's.
extern "C"
{
    int pthread_mutex_lock (pthread_mutex_t* mutex)
    {
        noteLock();
        return reals().mutexLock (mutex);
    }
    int pthread_mutex_trylock (pthread_mutex_t* mutex)
    {
        noteLock();
        return reals().mutexTryLock (mutex);
    }
    int pthread_rwlock_rdlock (pthread_rwlock_t* lock)
    {
        noteLock();
        return reals().readLock (lock);
    }
    int pthread_rwlock_wrlock (pthread_rwlock_t* lock)
    {
        noteLock();
        return reals().writeLock (lock);
    }
    int pthread_cond_wait (pthread_cond_t* condition, pthread_mutex_t* mutex)
    {
        noteLock();
        return reals().condWait (condition, mutex);
    }
    int pthread_cond_timedwait (pthread_cond_t* condition, pthread_mutex_t* mutex, const struct timespec* until)
    {
        noteLock();
        return reals().condTimedWait (condition, mutex, until);
    }
    int pthread_cond_clockwait (pthread_cond_t* condition, pthread_mutex_t* mutex, clockid_t clock, const struct timespec* until)
    {
        noteLock();
        return reals().condClockWait (condition, mutex, clock, until);
    }
    int sem_wait (sem_t* semaphore)
    {
        noteLock();
        return reals().semWait (semaphore);
    }
    int nanosleep (const struct timespec* duration, struct timespec* remaining)
    {
        noteLock();
        return reals().nanosleep (duration, remaining);
    }
    int clock_nanosleep (clockid_t clock, int flags, const struct timespec* duration, struct timespec* remaining)
    {
        noteLock();
        return reals().clockNanosleep (clock, flags, duration, remaining);
    }
    int sched_yield()
    {
        noteLock();
        return reals().yield();
    }
}
