#pragma once

#include "Client/DaemonClient.h"

#include <juce_core/juce_core.h>

#include <functional>

namespace earshot
{
    /** Where EarshotView's picture of the daemon comes from and where the user's actions go. In the
        app and the plugins it is a DaemonModel, which polls the daemon on a worker thread; a test of
        how the view shows a library gives one of its own and applies snapshots of plain data. The
        feed hands snapshots to the function it was made with, on the message thread. */
    class DaemonFeed
    {
    public:
        virtual ~DaemonFeed() = default;

        /** Runs action against the daemon, never on the message thread; then onDone on the message
            thread with the error's text (empty when it worked). Any thread. */
        virtual void perform (std::function<void (DaemonClient&)> action, std::function<void (juce::String)> onDone) = 0;
    };
} // namespace earshot
