#include "DragWaits.h"

#include "Formatting.h"

namespace earshot
{
    namespace
    {
        juce::String quoted (const juce::String& title) { return "'" + title + "'"; }
    } // namespace

    juce::String DragWaits::start (const ClientTrack& track)
    {
        auto& wait = waits[track.id];
        wait = Wait {};
        wait.title = formatting::titleOf (track.manifest);
        wait.progress = progressOf (track);
        return "Fetching the rest of " + quoted (wait.title) + " (" + formatting::percent (wait.progress)
               + " here) at top priority: its row lights up when it is ready to drag. Esc or its menu cancels";
    }

    juce::String DragWaits::cancel (const std::string& trackId)
    {
        auto found = waits.find (trackId);
        if (found == waits.end() || ! isPending (trackId))
            return {};
        auto& wait = found->second;
        wait.state = State::cancelled;
        wait.reason = "Stopped waiting for " + quoted (wait.title) + ": nothing was handed to the host, and it goes on downloading at the normal pace";
        return wait.reason;
    }

    DragWaits::Actions DragWaits::update (const std::vector<ClientTrack>& tracks)
    {
        Actions actions;
        for (auto& [id, wait] : waits)
        {
            if (wait.state != State::fetching && wait.state != State::copying)
                continue;
            const auto track = std::find_if (tracks.begin(), tracks.end(), [&id = id] (const ClientTrack& t)
                                             { return t.id == id; });
            if (track == tracks.end())
            {
                wait.state = State::failed;
                wait.reason = quoted (wait.title) + " was removed from the library while it was being fetched: nothing was handed to the host";
                wait.shortReason = "removed";
                actions.ended.emplace_back (id, wait.reason);
                continue;
            }
            wait.progress = progressOf (*track);
            if (wait.state == State::fetching && isComplete (*track))
            {
                wait.state = State::copying;
                actions.toCopy.push_back (*track);
            }
        }
        return actions;
    }

    juce::String DragWaits::daemonGone()
    {
        juce::String text;
        for (auto& [id, wait] : waits)
        {
            if (wait.state != State::fetching && wait.state != State::copying)
                continue;
            wait.state = State::failed;
            wait.reason = "earshotd went away while " + quoted (wait.title) + " was being fetched (" + formatting::percent (wait.progress)
                          + " here): nothing was handed to the host. Start earshotd and drag it again";
            wait.shortReason = "earshotd went away";
            text = wait.reason;
        }
        return text;
    }

    juce::String DragWaits::copied (const std::string& trackId)
    {
        auto found = waits.find (trackId);
        if (found == waits.end() || found->second.state != State::copying)
            return {};
        found->second.state = State::ready;
        found->second.progress = 1.0;
        found->second.reason = quoted (found->second.title) + " is complete and verified: drag its row into the host";
        return found->second.reason;
    }

    juce::String DragWaits::failed (const std::string& trackId, const juce::String& why, const juce::String& shortWhy)
    {
        auto found = waits.find (trackId);
        if (found == waits.end() || ! isPending (trackId))
            return {};
        found->second.state = State::failed;
        found->second.reason = "Could not get " + quoted (found->second.title) + " ready for the host: " + why;
        found->second.shortReason = shortWhy;
        return found->second.reason;
    }

    const DragWaits::Wait* DragWaits::find (const std::string& trackId) const
    {
        const auto found = waits.find (trackId);
        return found != waits.end() ? &found->second : nullptr;
    }

    bool DragWaits::isPending (const std::string& trackId) const
    {
        const auto* wait = find (trackId);
        return wait != nullptr && (wait->state == State::fetching || wait->state == State::copying);
    }

    juce::String DragWaits::stateText (const Wait& wait)
    {
        switch (wait.state)
        {
            case State::fetching:
                return "Fetching " + formatting::percent (wait.progress);
            case State::copying:
                return "Verified, copying";
            case State::ready:
                return "Ready: drag";
            case State::cancelled:
                return "Cancelled";
            case State::failed:
                return wait.shortReason.isEmpty() ? juce::String ("Failed") : "Failed: " + wait.shortReason;
        }
        return {};
    }
} // namespace earshot
