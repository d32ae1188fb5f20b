#include "RealtimeGuard.h"

#include <cstdlib>
#include <dlfcn.h>
#include <new>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <time.h>

namespace
{
    thread_local int guardDepth = 0;
    thread_local std::uint64_t allocationCount = 0;
    thread_local std::uint64_t lockCount = 0;

    inline void noteAllocation() noexcept
    {
        if (guardDepth > 0)
            ++allocationCount;
    }

    inline void noteLock() noexcept
    {
        if (guardDepth > 0)
            ++lockCount;
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
void operator delete (void* p, std::size_t) noexcept { operator delete (p); }
void operator delete[] (void* p, std::size_t) noexcept { operator delete (p); }
void operator delete (void* p, std::align_val_t) noexcept { operator delete (p); }
void operator delete[] (void* p, std::align_val_t) noexcept { operator delete (p); }
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
