#pragma once

#include "Core/Error.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>

namespace earshot
{
    /** The swarm thread's inbox: commands from other threads, and word that libtorrent has alerts.
        Once closed (the swarm thread's loop has stopped) a call fails at once with an Error, and
        so does one that was queued but never ran, instead of waiting for a thread that is gone. */
    class CommandQueue final
    {
    public:
        using Clock = std::chrono::steady_clock;
        using Command = std::function<void()>;

        /** What the owner's loop takes on waking. */
        struct Batch
        {
            std::deque<Command> commands;
            bool stopRequested = false;
        };

        /** The thread that runs the commands (calls from it run at once). Set before any call. */
        void setOwner (std::thread::id owner) noexcept { ownerThread = owner; }

        /** Queues a command that needs no answer. Returns false, dropping it, once the queue is
            closed: what it would have done died with the swarm. */
        bool post (Command command);

        /** Runs fn on the owner thread and returns its result (or throws what it threw). Throws
            Error (unavailable) at once when the queue is closed, or when it closes before fn ran. */
        template <typename Fn>
        auto call (Fn fn) -> decltype (fn())
        {
            using Result = decltype (fn());
            if (std::this_thread::get_id() == ownerThread)
                return fn();
            auto task = std::make_shared<std::packaged_task<Result()>> (std::move (fn));
            auto result = task->get_future();
            // Only the command holds the task: dropped unrun, it destroys the task, which breaks
            // the promise and wakes this caller.
            if (! post ([task = std::move (task)]
                        { (*task)(); }))
                throw stoppedError();
            try
            {
                return result.get();
            }
            catch (const std::future_error&)
            {
                throw stoppedError();
            }
        }

        /** What an asynchronous call hands its callback: returns fn's result, or throws what fn
            threw (Error (unavailable) when the queue closed before fn ran). */
        template <typename Result>
        using Answer = std::function<Result()>;

        /** Runs fn on the owner thread without waiting for it, then done with its answer, on the
            owner thread. done is always called exactly once: at once on this thread with Error
            (unavailable) when the queue is closed, and on the owner thread with that error when
            the queue closes before fn ran; it is never dropped. */
        template <typename Fn>
        void callAsync (Fn fn, std::function<void (Answer<decltype (fn())>)> done)
        {
            using Result = decltype (fn());
            /** Calls done once, from the command or, when the command is dropped unrun, from its
                destructor. */
            struct Pending
            {
                /** Spelled out: clang 14 (the sanitizer builds) cannot make_shared an aggregate. */
                Pending (Fn command, std::function<void (Answer<Result>)> callback)
                    : fn (std::move (command)), done (std::move (callback))
                {
                }

                Fn fn;
                std::function<void (Answer<Result>)> done;
                bool answered = false;

                void run()
                {
                    answered = true;
                    try
                    {
                        if constexpr (std::is_void_v<Result>)
                        {
                            fn();
                            done ([] {});
                        }
                        else
                        {
                            done ([value = fn()]
                                  { return value; });
                        }
                    }
                    catch (...)
                    {
                        done ([error = std::current_exception()]() -> Result
                              { std::rethrow_exception (error); });
                    }
                }

                ~Pending()
                {
                    if (! answered && done)
                        done ([]() -> Result
                              { throw stoppedError(); });
                }
            };

            auto pending = std::make_shared<Pending> (std::move (fn), std::move (done));
            if (std::this_thread::get_id() == ownerThread)
            {
                pending->run();
                return;
            }
            // A refused command is destroyed here, its Pending with it: done hears the error.
            post ([pending = std::move (pending)]
                  { pending->run(); });
        }

        /** Wakes the owner: libtorrent has alerts waiting. Any thread. */
        void notifyAlerts();
        /** Asks the owner's loop to stop; commands still run until close(). */
        void requestStop();
        /** Owner: waits until a command, an alert or a stop request comes, or until the given time. */
        [[nodiscard]] Batch wait (Clock::time_point until);
        /** Owner, after its loop: drops the commands still queued (their calls fail) and fails every
            later call. */
        void close();

    private:
        [[nodiscard]] static Error stoppedError();

        std::mutex mutex;
        std::condition_variable wake;
        std::deque<Command> commands;
        bool alertsWaiting = false;
        bool stopRequested = false;
        bool closed = false;
        std::thread::id ownerThread;
    };
} // namespace earshot
