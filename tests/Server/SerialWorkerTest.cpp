// The library's worker: jobs run off the caller's thread, one at a time and in order, and stopping
// runs everything already handed over.

#include "Server/SerialWorker.h"

#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

namespace earshot
{
    TEST (SerialWorkerTest, JobsRunOnTheWorkerInTheOrderTheyCame)
    {
        SerialWorker worker ("test worker");
        std::promise<std::thread::id> ranOn;
        std::vector<int> order; // touched by the worker only, until stop() returns
        ASSERT_TRUE (worker.post ([&ranOn]
                                  { ranOn.set_value (std::this_thread::get_id()); }));
        for (int i = 0; i < 100; ++i)
            worker.post ([&order, i]
                         { order.push_back (i); });
        EXPECT_NE (ranOn.get_future().get(), std::this_thread::get_id());

        worker.stop();
        ASSERT_EQ (order.size(), 100u) << "stop() runs every job handed over first";
        for (int i = 0; i < 100; ++i)
            EXPECT_EQ (order[static_cast<std::size_t> (i)], i);
    }

    TEST (SerialWorkerTest, AJobThatThrowsDoesNotStopTheOnesAfterIt)
    {
        SerialWorker worker ("test worker");
        bool ran = false;
        worker.post ([]
                     { throw std::runtime_error ("no such file"); });
        worker.post ([&ran]
                     { ran = true; });
        worker.stop();
        EXPECT_TRUE (ran);
    }

    TEST (SerialWorkerTest, AJobHandedOverAfterStopIsDropped)
    {
        SerialWorker worker ("test worker");
        worker.stop();
        bool ran = false;
        EXPECT_FALSE (worker.post ([&ran]
                                   { ran = true; }));
        worker.stop();
        EXPECT_FALSE (ran);
    }
} // namespace earshot
