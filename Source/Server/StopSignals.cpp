#include "StopSignals.h"

#include <csignal>
#include <pthread.h>

namespace earshot
{
    namespace
    {
        [[nodiscard]] sigset_t stopSignals()
        {
            sigset_t signals;
            sigemptyset (&signals);
            sigaddset (&signals, SIGINT);
            sigaddset (&signals, SIGTERM);
            return signals;
        }
    } // namespace

    void blockStopSignals()
    {
        const auto signals = stopSignals();
        pthread_sigmask (SIG_BLOCK, &signals, nullptr);
        std::signal (SIGPIPE, SIG_IGN);
    }

    int waitForStopSignal()
    {
        const auto signals = stopSignals();
        int received = 0;
        sigwait (&signals, &received);
        return received;
    }
} // namespace earshot
