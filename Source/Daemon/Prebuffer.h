#pragma once

#include "Daemon/TrackLibrary.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace earshot
{
    /** Fetches the opening seconds of each passed track as soon as it arrives, so the first play
        starts from local data. One thread of its own takes the tracks in the order they came; it
        reads each through a stream of the swarm (whose deadlines fetch the opening first) and
        sleeps on the stream's listener between pieces.

        add() may be called from any thread. */
    class Prebuffer final
    {
    public:
        /** Opening seconds fetched. */
        static constexpr double seconds = 8.0;

        /** Starts the thread; library must outlive this. */
        explicit Prebuffer (TrackLibrary& library);
        /** Stops the thread, abandoning the track being fetched, if any. */
        ~Prebuffer();

        /** Fetches trackId's opening after those added before it. */
        void add (const std::string& trackId);

    private:
        void run();
        void fetchOpening (const std::string& trackId);

        TrackLibrary& library;

        std::mutex mutex;
        std::condition_variable woken;
        bool stopping = false; // guarded by mutex
        bool streamReady = false; // guarded by mutex: the open stream may have bytes to take
        std::deque<std::string> arrivals; // guarded by mutex

        std::thread thread;
    };
} // namespace earshot
