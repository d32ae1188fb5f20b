#include "SerialWorker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <pthread.h>

namespace earshot
{
    SerialWorker::SerialWorker (std::string workerName, int threadCount, const std::string& threadName)
        : name (std::move (workerName))
    {
        for (int i = 0; i < std::max (1, threadCount); ++i)
        {
            threads.emplace_back ([this]
                                  { run(); });
            if (! threadName.empty())
                ::pthread_setname_np (threads.back().native_handle(), threadName.substr (0, 15).c_str());
        }
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
        wake.notify_all();
        for (auto& thread : threads)
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
