#pragma once

#include "Client/DaemonClient.h"
#include "UI/DragWaits.h"
#include "UI/TrackCovers.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <variant>
#include <vector>

namespace earshot
{
    /** The library as a table: title, artist, album, genre, BPM, key, duration, progress, peers and
        seeders, with a filter box and sorting by any column (click its header).

        Rows can be dragged out of the app (into a DAW's timeline, say): a complete track hands over
        its audio file. Dragging a partial one starts a wait (see DragWaits): the daemon fetches the
        rest at once (onFetchNow), the row shows how far it is, and lights up, ready to drag, once
        the track is complete, verified and copied whole into the export folder; Esc or the context
        menu cancels the wait (onCancelWait). Double-click plays; the context menu plays the track,
        passes it to a friend or removes it. Message thread only. */
    class TrackTable final : public juce::Component,
                             private juce::TableListBoxModel,
                             private juce::ChangeListener
    {
    public:
        /** The table's columns, in their order. */
        enum ColumnId
        {
            title = 1,
            artist,
            album,
            genre,
            bpm,
            key,
            duration,
            progress,
            peers,
            seeders
        };

        TrackTable();
        ~TrackTable() override;

        /** Replaces the rows; the filter, the sort and the selected track stay. */
        void setTracks (std::vector<ClientTrack> newTracks);
        [[nodiscard]] const std::vector<ClientTrack>& tracks() const noexcept { return all; }

        /** Sets the filter box's text (as a user typing it would). */
        void setFilter (const juce::String& text);
        /** Sorts by a column, as a click on its header does; 0: the daemon's order. */
        void setSort (int columnId, bool forwards);

        /** The rows now shown, in order. */
        [[nodiscard]] int rowsShown() const noexcept { return static_cast<int> (shown.size()); }
        [[nodiscard]] const ClientTrack& trackAtRow (int row) const;
        [[nodiscard]] juce::TableListBox& table() noexcept { return listBox; }

        /** Indices into tracks of those matching filter (title, artist, album or genre contain it,
            ignoring case), sorted by a column (stable: equal rows keep the daemon's order; numeric
            columns compare as numbers, text columns ignoring case). columnId 0 keeps the order. */
        [[nodiscard]] static std::vector<int> filterAndSort (const std::vector<ClientTrack>& tracks, const juce::String& filter, int columnId, bool forwards);
        /** The text a cell shows. */
        [[nodiscard]] static juce::String cellText (const ClientTrack& track, int columnId);
        /** What dragging the track out of the app hands over: its audio file when the track is
            complete and the file is there, otherwise the reason it cannot, naming the track. The file
            is the exported copy in exportFolder when there is one, else the daemon's own file when it
            is on this machine. A complete track with neither (a daemon on another machine, a file
            moved away) says it is being copied when exportFolder is given: see needsExport. */
        [[nodiscard]] static std::variant<juce::File, juce::String> externalDragFor (const ClientTrack& track, const juce::File& exportFolder = {});
        /** Whether dragging the track out needs a copy made first: complete, not exported, and the
            daemon's file not on this machine. */
        [[nodiscard]] static bool needsExport (const ClientTrack& track, const juce::File& exportFolder);

        /** Where complete tracks are copied for dragging out (the app and the plugins set the default
            export folder); none means the daemon's files only. */
        void setExportFolder (const juce::File& folder) { exportFolder = folder; }
        /** A drag needs the track copied first (needsExport): the owner makes the copy and says when
            it is ready. */
        std::function<void (const ClientTrack&)> onExport;

        /** Drags a row's track out of the app, as a drag gesture on it does: hands over its file
            when it can (through handOver), starts a wait when it is not complete yet, otherwise
            says why not (onMessage). */
        void dragOut (const ClientTrack& track);
        /** Hands a whole file to whatever the drag is dropped on; by default JUCE's external drag
            of the file (tests replace it to see what would be handed over). */
        std::function<void (const juce::File&)> handOver;

        /** The drags waiting for their tracks to complete. */
        [[nodiscard]] const DragWaits& dragWaits() const noexcept { return waits; }
        /** Cancels the wait of a track (Esc on its row, "Cancel the drag" in its menu). */
        void cancelWait (const std::string& trackId);
        /** The daemon cannot be reached: every pending wait fails, saying so. */
        void daemonGone();
        /** The copy asked for through onExport has ended: failure is empty when it is whole. */
        void exportFinished (const std::string& trackId, const juce::String& failure);
        /** A FetchNow call failed: the track's wait fails with why. */
        void fetchFailed (const std::string& trackId, const juce::String& why);
        [[nodiscard]] const juce::File& exportFolderShown() const noexcept { return exportFolder; }

        /** A partial track was dragged: the owner asks the daemon to fetch the rest now. */
        std::function<void (const ClientTrack&)> onFetchNow;
        /** A wait was cancelled: the owner lets the daemon fetch at the normal pace again. */
        std::function<void (const std::string& trackId)> onCancelWait;

        /** Where covers come from, drawn beside each title; none: letter tiles. The cache must
            outlive this table. */
        void setCovers (TrackCovers* cache);
        /** Where a row's cover is drawn, in the table's row coordinates. */
        [[nodiscard]] static juce::Rectangle<int> coverInCell (int height);

        /** Double-click or "Play" in the context menu. */
        std::function<void (const ClientTrack&)> onPlay;
        /** "Pass to a friend…" in the context menu. */
        std::function<void (const ClientTrack&)> onPass;
        /** "Remove from library…" in the context menu (the owner asks first). */
        std::function<void (const ClientTrack&)> onRemove;
        /** Something the user should read in a banner: why a drag did not start, how a wait goes. */
        std::function<void (juce::String)> onMessage;
        /** A wait that failed, for the banner as an error (onMessage when unset). */
        std::function<void (juce::String)> onProblem;

        void paint (juce::Graphics& g) override;
        void paintOverChildren (juce::Graphics& g) override;
        void resized() override;
        bool keyPressed (const juce::KeyPress& pressed) override;

    private:
        juce::File exportFolder;
        TrackCovers* covers = nullptr;
        int getNumRows() override;
        void paintRowBackground (juce::Graphics& g, int rowNumber, int width, int height, bool rowIsSelected) override;
        void paintCell (juce::Graphics& g, int rowNumber, int columnId, int width, int height, bool rowIsSelected) override;
        void sortOrderChanged (int newSortColumnId, bool isForwards) override;
        void cellClicked (int rowNumber, int columnId, const juce::MouseEvent& event) override;
        void cellDoubleClicked (int rowNumber, int columnId, const juce::MouseEvent& event) override;
        juce::var getDragSourceDescription (const juce::SparseSet<int>& currentlySelectedRows) override;

        void changeListenerCallback (juce::ChangeBroadcaster*) override;
        void refresh();
        void updateWaits();
        void say (const juce::String& text, bool isProblem = false);

        std::vector<ClientTrack> all;
        std::vector<int> shown;
        int sortColumn = 0;
        bool sortForwards = true;
        juce::Time lastDragGesture;
        DragWaits waits;

        juce::Label heading;
        juce::TextEditor filterBox;
        juce::TableListBox listBox { {}, this };

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (TrackTable)
    };
} // namespace earshot
