#include "SerialWorker.h"

#include <spdlog/spdlog.h>

namespace earshot
{
    SerialWorker::SerialWorker (std::string workerName)
        : name (std::move (workerName)), thread ([this]
                                                 { run(); })
    {
    }

    SerialWorker::~SerialWorker()
    {
        stop();
    }

    bool SerialWorker::post (std::function<void()> job)
    {
        {
            std::lock_guard lock (mutex);
            if (stopping)
                return false;
            jobs.push_back (std::move (job));
        }
        wake.notify_one();
        return true;
    }

    void SerialWorker::stop()
    {
        {
            std::lock_guard lock (mutex);
            stopping = true;
        }
        wake.notify_one();
        if (thread.joinable())
            thread.join();
    }

    void SerialWorker::run()
    {
        for (;;)
        {
            std::function<void()> job;
            {
                std::unique_lock lock (mutex);
                wake.wait (lock, [this]
                           { return stopping || ! jobs.empty(); });
                if (jobs.empty())
                    return; // stopping, and everything handed over has run
                job = std::move (jobs.front());
                jobs.pop_front();
            }
            try
            {
                job();
            }
            catch (const std::exception& error)
            {
                spdlog::warn ("{}: a job failed: {}", name, error.what());
            }
        }
    }
} // namespace earshot
