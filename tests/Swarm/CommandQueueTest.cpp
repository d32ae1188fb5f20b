// The swarm thread's inbox: a call to a swarm whose loop has stopped fails at once with an error
// that says so, instead of waiting for a thread that is gone.

#include "Swarm/CommandQueue.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace earshot
{
    namespace
    {
        /** A loop like the swarm's: runs what it is sent until asked to stop, then closes. */
        class Owner
        {
        public:
            explicit Owner (CommandQueue& commands)
                : queue (commands)
            {
                thread = std::thread ([this]
                                      {
                    queue.setOwner (std::this_thread::get_id());
                    for (;;)
                    {
                        auto batch = queue.wait (CommandQueue::Clock::now() + std::chrono::seconds (1));
                        for (auto& command : batch.commands)
                            command();
                        if (batch.stopRequested)
                            break;
                    }
                    queue.close(); });
            }

            void stop()
            {
                queue.requestStop();
                thread.join();
            }

        private:
            CommandQueue& queue;
            std::thread thread;
        };

        /** The swarm loop's last turn: it waits until a command is queued, then closes the queue
            without running what is queued (close() drops it). */
        std::thread closeAfterFirstBatch (CommandQueue& queue)
        {
            return std::thread ([&queue]
                                {
                for (;;)
                {
                    auto batch = queue.wait (CommandQueue::Clock::now() + std::chrono::milliseconds (10));
                    if (! batch.commands.empty())
                        break;
                }
                queue.close(); });
        }

        void expectStopped (const std::function<void()>& call)
        {
            try
            {
                call();
                FAIL() << "the call returned although the swarm has stopped";
            }
            catch (const Error& error)
            {
                EXPECT_EQ (error.code(), ErrorCode::unavailable);
                EXPECT_NE (std::string (error.what()).find ("has stopped"), std::string::npos) << error.what();
            }
        }
    } // namespace

    TEST (CommandQueueTest, ACallRunsOnTheOwnerThreadAndReturnsItsResult)
    {
        CommandQueue queue;
        Owner owner (queue);
        const auto caller = std::this_thread::get_id();
        EXPECT_TRUE (queue.call ([caller]
                                 { return std::this_thread::get_id() != caller; }));
        EXPECT_THROW (queue.call ([]
                                  { throw Error (ErrorCode::notFound, "no such track");
                                    return 0; }),
                      Error);
        owner.stop();
    }

    TEST (CommandQueueTest, ACallAfterTheLoopHasStoppedFailsAtOnce)
    {
        CommandQueue queue;
        Owner owner (queue);
        owner.stop();

        bool ran = false;
        expectStopped ([&]
                       { queue.call ([&]
                                     { ran = true; }); });
        expectStopped ([&]
                       { (void) queue.call ([]
                                            { return 1; }); });
        EXPECT_FALSE (ran);
        EXPECT_FALSE (queue.post ([&]
                                  { ran = true; }));
        EXPECT_FALSE (ran);
    }

    TEST (CommandQueueTest, ACallQueuedButNeverRunFailsWhenTheQueueCloses)
    {
        // A loop that stops with the call still queued: it takes the call's command and drops it
        // unrun, as close() drops whatever was queued after the loop's last wait.
        CommandQueue queue;
        std::thread closer = closeAfterFirstBatch (queue);
        expectStopped ([&]
                       { queue.call ([] {}); });
        closer.join();
    }

    TEST (CommandQueueTest, AnAsynchronousCallHandsItsResultOrErrorToItsCallbackOnTheOwnerThread)
    {
        CommandQueue queue;
        Owner owner (queue);
        const auto caller = std::this_thread::get_id();

        std::promise<std::pair<int, bool>> answered;
        queue.callAsync ([]
                         { return 7; },
                         [&] (CommandQueue::Answer<int> answer)
                         { answered.set_value ({ answer(), std::this_thread::get_id() != caller }); });
        EXPECT_EQ (answered.get_future().get(), std::make_pair (7, true));

        std::promise<ErrorCode> failed;
        queue.callAsync ([]() -> int
                         { throw Error (ErrorCode::notFound, "no such track"); },
                         [&] (CommandQueue::Answer<int> answer)
                         {
                             try
                             {
                                 (void) answer();
                             }
                             catch (const Error& error)
                             {
                                 failed.set_value (error.code());
                             }
                         });
        EXPECT_EQ (failed.get_future().get(), ErrorCode::notFound);
        owner.stop();
    }

    TEST (CommandQueueTest, AnAsynchronousCallNeverRunStillHearsThatTheQueueHasStopped)
    {
        CommandQueue queue;
        int heard = 0;
        bool ran = false;
        const auto expectStoppedAnswer = [&] (CommandQueue::Answer<void> answer)
        {
            ++heard;
            expectStopped (answer);
        };

        // Queued, then dropped unrun when the loop closes the queue.
        std::thread closer = closeAfterFirstBatch (queue);
        queue.callAsync ([&]
                         { ran = true; },
                         expectStoppedAnswer);
        closer.join();
        EXPECT_EQ (heard, 1);

        // Sent once the queue is closed: answered at once, on the caller's thread.
        queue.callAsync ([&]
                         { ran = true; },
                         expectStoppedAnswer);
        EXPECT_EQ (heard, 2);
        EXPECT_FALSE (ran);
    }
} // namespace earshot
