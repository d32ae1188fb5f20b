#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace earshot
{
    /** One thread that runs the jobs it is handed, one at a time, in the order they came: where
        the library does the slow work (TagLib, SQLite) the swarm's events ask for, so that the
        swarm thread only hands off and goes back to moving deadlines. Given more threads, it is a
        small pool: jobs start in the order they came, and run side by side. */
    class SerialWorker final
    {
    public:
        /** name: what the log calls the worker when a job fails. threadName: what the system
            calls its threads (top -H, a debugger; at most 15 characters), empty for the default. */
        explicit SerialWorker (std::string name, int threads = 1, const std::string& threadName = {});
        /** Runs every job already handed over, then stops (see stop). */
        ~SerialWorker();

        SerialWorker (const SerialWorker&) = delete;
        SerialWorker& operator= (const SerialWorker&) = delete;

        /** Hands a job over; any thread. A job that throws is logged and dropped. Returns false,
            dropping the job, once the worker has stopped. */
        bool post (std::function<void()> job);
        /** Runs every job already handed over and stops the thread; later jobs are dropped. Call
            from any thread but the worker's own. */
        void stop();

    private:
        void run();

        const std::string name;
        std::mutex mutex;
        std::condition_variable wake;
        std::deque<std::function<void()>> jobs;
        bool stopping = false;
        std::vector<std::thread> threads;
    };
} // namespace earshot
