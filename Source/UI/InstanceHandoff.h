#pragma once

#include <juce_events/juce_events.h>

#include <functional>

namespace earshot
{
    /** One desktop app per daemon: a second launch hands its command line (a magnet link, a
        .torrent file, a friend code the desktop opened it with) to the app already running, and
        quits.

        JUCE's own hand-over (moreThanOneInstanceAllowed false, then anotherInstanceStarted) cannot
        carry it on Linux: JUCE 7.0.5's MessageManager::broadcastMessage is empty there, so the
        second instance would quit and its arguments be lost. This does the same through a folder:
        the first instance holds an exclusive lock (flock) on folder/instance.lock for as long as it
        lives; a later one writes its arguments to a file there (written whole, then renamed) and the
        first reads and deletes such files every 200 ms. A crashed first instance leaves no lock
        behind (the kernel drops it). Create and destroy on the message thread. */
    class InstanceHandoff final : private juce::Timer
    {
    public:
        /** Takes the lock in folder (created if need be) when no other instance holds it. */
        explicit InstanceHandoff (const juce::File& folder);
        ~InstanceHandoff() override;

        /** False only when another instance holds the lock: this one hands over. (When the lock
            cannot be taken at all, an unwritable folder, this one runs, without hand-overs.) */
        [[nodiscard]] bool isFirstInstance() const noexcept { return first; }

        /** From a later instance: leaves arguments for the first one. False (with why in
            whyNot) when the file cannot be written. */
        bool handOver (const juce::StringArray& arguments, juce::String& whyNot) const;

        /** The first instance: called on the message thread with each later launch's arguments,
            oldest first. Setting it starts the checks. */
        void setOnArguments (std::function<void (const juce::StringArray&)> callback);
        /** Reads what has been handed over now (the timer does this every 200 ms). */
        void checkNow();

        [[nodiscard]] const juce::File& folder() const noexcept { return dir; }

    private:
        void timerCallback() override { checkNow(); }

        juce::File dir;
        int lockFd = -1;
        bool first = true;
        std::function<void (const juce::StringArray&)> onArguments;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (InstanceHandoff)
    };
} // namespace earshot
