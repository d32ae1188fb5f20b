#pragma once

// Pumping JUCE's message queue from a test: the suites run no event loop of their own, and modal loops
// are compiled out. For suites that link JUCE (earshot_juce); header only.

#include <chrono>
#include <functional>
#include <thread>

namespace juce
{
    // JUCE's own (juce_linux_Messaging.cpp): dispatches one message from the queue.
    bool dispatchNextMessageOnSystemQueue (bool returnIfNoPendingMessages);
} // namespace juce

namespace earshot::testing
{
    /** Dispatches JUCE messages (posted snapshots, timers, window events) until done() or the time is up. */
    inline bool pumpMessagesUntil (const std::function<bool()>& done, std::chrono::milliseconds timeout)
    {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < until)
        {
            while (juce::dispatchNextMessageOnSystemQueue (true))
            {
            }
            if (done())
                return true;
            std::this_thread::sleep_for (std::chrono::milliseconds (20));
        }
        return done();
    }
} // namespace earshot::testing
