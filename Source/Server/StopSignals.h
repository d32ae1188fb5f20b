#pragma once

namespace earshot
{
    /** How a server learns it should stop: SIGINT and SIGTERM are blocked in the calling thread, and
        so in every thread it starts afterwards (call it first thing in main), and SIGPIPE is
        ignored (a client that hangs up is not a reason to die). waitForStopSignal() takes the
        signal when it comes. */
    void blockStopSignals();

    /** Waits for SIGINT or SIGTERM (blocked by blockStopSignals); returns which came. */
    [[nodiscard]] int waitForStopSignal();
} // namespace earshot
