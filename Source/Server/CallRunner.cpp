#include "CallRunner.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace earshot
{
    CallRunner::CallRunner (const std::string& serverName, int quickThreads)
        : quick ("the calls' workers", quickThreads, serverName + "-calls"), slow ("the long calls' worker", 1, serverName + "-long")
    {
    }

    CallRunner::~CallRunner()
    {
        stop();
    }

    grpc::Status CallRunner::stoppingStatus()
    {
        return { grpc::StatusCode::UNAVAILABLE, "earshotd is shutting down; call again once it has restarted" };
    }

    void CallRunner::submit (Lane lane, const std::shared_ptr<PendingCall>& call, std::function<void()> work)
    {
        {
            std::unique_lock lock (mutex);
            if (stopping)
            {
                lock.unlock();
                (void) call->fail (stoppingStatus());
                return;
            }
            std::erase_if (outstanding, [] (const std::weak_ptr<PendingCall>& each)
                           { return each.expired(); });
            outstanding.push_back (call);
        }

        auto job = [call, work = std::move (work)]
        {
            if (call->abandoned())
                return;
            try
            {
                work();
            }
            catch (...)
            {
                // The services turn errors into statuses themselves: this is the last resort that
                // keeps a call from never finishing (the server waits for every call to finish).
                spdlog::error ("a call's work failed unexpectedly");
                (void) call->finish ({ grpc::StatusCode::INTERNAL, "earshotd failed unexpectedly while answering; see its log" });
            }
        };
        if (! (lane == Lane::slow ? slow : quick).post (std::move (job)))
            (void) call->fail (stoppingStatus()); // the worker has stopped and dropped the job
    }

    bool CallRunner::run (std::function<void()> work)
    {
        {
            const std::lock_guard lock (mutex);
            if (stopping)
                return false;
        }
        return quick.post (std::move (work));
    }

    void CallRunner::stop()
    {
        std::vector<std::shared_ptr<PendingCall>> failing;
        {
            std::lock_guard lock (mutex);
            stopping = true;
            for (const auto& each : outstanding)
                if (auto call = each.lock())
                    failing.push_back (std::move (call));
            outstanding.clear();
        }
        for (const auto& call : failing)
            (void) call->fail (stoppingStatus());
        // Jobs still queued find their calls finished and skip their work.
        quick.stop();
        slow.stop();
    }
} // namespace earshot
