#pragma once

#include "Client/DaemonClient.h"

#include <juce_core/juce_core.h>

#include <map>
#include <string>
#include <vector>

namespace earshot
{
    /** Tracks dragged out of the library (into a DAW) before they were complete, and where each
        wait stands. A drag cannot hold still while the rest of a track arrives, so the row waits
        instead: the daemon fetches the rest at the top priority (FetchNow), the complete track is
        copied into the export folder (exportTrack: a temporary name renamed into place once every
        verified byte is there), and only then is the row ready to drag. No partial file is ever
        handed over.

        Each wait ends in a state the row and the banner show: ready (drag it now), cancelled (the
        user stopped waiting: nothing was handed over, the track downloads at the normal pace), or
        failed (the daemon went away, the track was removed, the copy failed: the reason). Pure
        state, no I/O: the library table owns one and its owner does what update asks. Message
        thread only. */
    class DragWaits final
    {
    public:
        enum class State
        {
            /** The daemon fetches the rest of the track at the top priority. */
            fetching,
            /** Complete and verified; being copied into the export folder. */
            copying,
            /** The copy is whole: the row can be dragged into the host. */
            ready,
            /** The user stopped waiting; nothing was handed over. */
            cancelled,
            /** The wait could not end well; see Wait::reason. */
            failed
        };

        struct Wait
        {
            State state = State::fetching;
            /** The track's title as the rows show it, for messages. */
            juce::String title;
            /** Fraction of the track verified, at the latest snapshot. */
            double progress = 0.0;
            /** Why it failed, or what the user should read now. */
            juce::String reason;
            /** Why it failed in a few words, for the row ("earshotd went away"). */
            juce::String shortReason;
        };

        /** Starts waiting for a track that is not complete yet (or waits on afresh after it was
            cancelled or failed). Returns the banner's text. */
        juce::String start (const ClientTrack& track);

        /** Stops waiting (the user cancelled): the wait becomes cancelled. Returns the banner's
            text, or nothing when the track had no wait that could be cancelled. */
        juce::String cancel (const std::string& trackId);

        /** What update asks its caller to do. */
        struct Actions
        {
            /** Complete tracks to copy into the export folder now (then copied () or copyFailed ()). */
            std::vector<ClientTrack> toCopy;
            /** Tracks whose wait just became ready, cancelled or failed, with the banner's text. */
            std::vector<std::pair<std::string, juce::String>> ended;
        };

        /** Reads the library as a snapshot shows it: a track that has become complete is to be
            copied; one that has gone from the library fails. */
        Actions update (const std::vector<ClientTrack>& tracks);
        /** The daemon cannot be reached (it stopped or crashed): every wait not yet ready fails,
            saying so. Returns the banner's text, or nothing when no wait was pending. */
        juce::String daemonGone();

        /** The copy into the export folder is whole: the wait is ready. */
        juce::String copied (const std::string& trackId);
        /** The copy or the FetchNow call failed: the wait fails with why (shortWhy for the row). */
        juce::String failed (const std::string& trackId, const juce::String& why, const juce::String& shortWhy);

        /** The row was dragged out: its ended wait is forgotten. */
        void forget (const std::string& trackId) { waits.erase (trackId); }

        /** The track's wait, or nullptr when it has none. */
        [[nodiscard]] const Wait* find (const std::string& trackId) const;
        /** Whether a wait is still to end (fetching or copying). */
        [[nodiscard]] bool isPending (const std::string& trackId) const;
        /** The text the table's progress cell shows for a wait. */
        [[nodiscard]] static juce::String stateText (const Wait& wait);

    private:
        std::map<std::string, Wait> waits;
    };
} // namespace earshot
