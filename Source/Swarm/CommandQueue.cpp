#include "CommandQueue.h"

namespace earshot
{
    bool CommandQueue::post (Command command)
    {
        {
            std::lock_guard lock (mutex);
            if (closed)
                return false;
            commands.push_back (std::move (command));
        }
        wake.notify_one();
        return true;
    }

    void CommandQueue::notifyAlerts()
    {
        {
            std::lock_guard lock (mutex);
            alertsWaiting = true;
        }
        wake.notify_one();
    }

    void CommandQueue::requestStop()
    {
        {
            std::lock_guard lock (mutex);
            stopRequested = true;
        }
        wake.notify_one();
    }

    CommandQueue::Batch CommandQueue::wait (Clock::time_point until)
    {
        Batch batch;
        std::unique_lock lock (mutex);
        wake.wait_until (lock, until, [this]
                         { return alertsWaiting || stopRequested || ! commands.empty(); });
        batch.commands.swap (commands);
        alertsWaiting = false;
        batch.stopRequested = stopRequested;
        return batch;
    }

    void CommandQueue::close()
    {
        std::deque<Command> dropped;
        {
            std::lock_guard lock (mutex);
            closed = true;
            dropped.swap (commands);
        }
        dropped.clear(); // outside the lock: each dropped call's waiter wakes with stoppedError
    }

    Error CommandQueue::stoppedError()
    {
        return Error (ErrorCode::unavailable, "the BitTorrent session has stopped (earshotd is shutting down); nothing more can be done in the swarm");
    }
} // namespace earshot
