#include "TrackTable.h"

#include "CoverTile.h"
#include "EarshotLookAndFeel.h"
#include "Formatting.h"

#include "Client/TrackExport.h"

#include <algorithm>

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        juce::String text (const std::string& s) { return juce::String::fromUTF8 (s.c_str()); }

        bool isNumeric (int columnId)
        {
            switch (columnId)
            {
                case TrackTable::bpm:
                case TrackTable::duration:
                case TrackTable::progress:
                case TrackTable::peers:
                case TrackTable::seeders:
                    return true;
                default:
                    return false;
            }
        }

        double numberOf (const ClientTrack& track, int columnId)
        {
            switch (columnId)
            {
                case TrackTable::bpm:
                    return formatting::bpmOf (track.manifest);
                case TrackTable::duration:
                    return static_cast<double> (track.manifest.metadata.durationMs);
                case TrackTable::progress:
                    return progressOf (track);
                case TrackTable::peers:
                    return track.status ? track.status->peers : 0;
                case TrackTable::seeders:
                    return track.status ? track.status->seeds : 0;
                default:
                    return 0.0;
            }
        }
    } // namespace

    TrackTable::TrackTable()
    {
        heading.setText ("Library", juce::dontSendNotification);
        heading.setFont (EarshotLookAndFeel::font (26.0f, true));
        addAndMakeVisible (heading);

        filterBox.setTextToShowWhenEmpty ("Filter by title, artist, album or genre", juce::Colour (Palette::textFaint));
        filterBox.setFont (EarshotLookAndFeel::font (15.0f));
        filterBox.setIndents (34, 0);
        filterBox.setJustification (juce::Justification::centredLeft);
        filterBox.onTextChange = [this]
        { refresh(); };
        filterBox.onEscapeKey = [this]
        { filterBox.setText ({}); };
        addAndMakeVisible (filterBox);

        auto& header = listBox.getHeader();
        const auto columnFlags = juce::TableHeaderComponent::visible | juce::TableHeaderComponent::resizable | juce::TableHeaderComponent::sortable;
        header.addColumn ("Title", title, 220, 80, -1, columnFlags);
        header.addColumn ("Artist", artist, 150, 60, -1, columnFlags);
        header.addColumn ("Album", album, 150, 60, -1, columnFlags);
        header.addColumn ("Genre", genre, 100, 50, -1, columnFlags);
        header.addColumn ("BPM", bpm, 56, 40, -1, columnFlags);
        header.addColumn ("Key", key, 50, 36, -1, columnFlags);
        header.addColumn ("Time", duration, 60, 44, -1, columnFlags);
        header.addColumn ("Progress", progress, 120, 70, -1, columnFlags);
        header.addColumn ("Peers", peers, 60, 44, -1, columnFlags);
        header.addColumn ("Seeds", seeders, 60, 44, -1, columnFlags);
        header.setStretchToFitActive (true);
        header.setPopupMenuActive (false);

        listBox.setHeaderHeight (30);
        listBox.setRowHeight (38);
        listBox.setMultipleSelectionEnabled (false);
        listBox.setColour (juce::ListBox::backgroundColourId, juce::Colours::transparentBlack);
        addAndMakeVisible (listBox);

        handOver = [this] (const juce::File& file)
        { juce::DragAndDropContainer::performExternalDragDropOfFiles ({ file.getFullPathName() }, false, this); };
    }

    TrackTable::~TrackTable()
    {
        if (covers != nullptr)
            covers->removeChangeListener (this);
    }

    void TrackTable::setCovers (TrackCovers* cache)
    {
        if (covers != nullptr)
            covers->removeChangeListener (this);
        covers = cache;
        if (covers != nullptr)
            covers->addChangeListener (this);
    }

    void TrackTable::changeListenerCallback (juce::ChangeBroadcaster*)
    {
        listBox.repaint();
    }

    juce::Rectangle<int> TrackTable::coverInCell (int height)
    {
        return { 8, 4, height - 8, height - 8 };
    }

    void TrackTable::setTracks (std::vector<ClientTrack> newTracks)
    {
        std::string selectedId;
        if (const auto row = listBox.getSelectedRow(); row >= 0 && row < rowsShown())
            selectedId = trackAtRow (row).id;

        all = std::move (newTracks);
        updateWaits();
        refresh();

        if (! selectedId.empty())
            for (int row = 0; row < rowsShown(); ++row)
                if (trackAtRow (row).id == selectedId)
                    listBox.selectRow (row, true, true);
    }

    void TrackTable::setFilter (const juce::String& filterText)
    {
        filterBox.setText (filterText, false);
        refresh();
    }

    void TrackTable::setSort (int columnId, bool forwards)
    {
        // The header tells sortOrderChanged asynchronously (with these same values); sort now.
        sortColumn = columnId;
        sortForwards = forwards;
        listBox.getHeader().setSortColumnId (columnId, forwards);
        refresh();
    }

    const ClientTrack& TrackTable::trackAtRow (int row) const
    {
        return all.at (static_cast<std::size_t> (shown.at (static_cast<std::size_t> (row))));
    }

    std::vector<int> TrackTable::filterAndSort (const std::vector<ClientTrack>& tracks, const juce::String& filter, int columnId, bool forwards)
    {
        const auto needle = filter.trim();
        std::vector<int> rows;
        for (int i = 0; i < static_cast<int> (tracks.size()); ++i)
        {
            const auto& metadata = tracks[static_cast<std::size_t> (i)].manifest.metadata;
            if (needle.isEmpty()
                || formatting::titleOf (tracks[static_cast<std::size_t> (i)].manifest).containsIgnoreCase (needle)
                || text (metadata.artist).containsIgnoreCase (needle)
                || text (metadata.album).containsIgnoreCase (needle)
                || text (metadata.genre).containsIgnoreCase (needle))
                rows.push_back (i);
        }

        if (columnId < title || columnId > seeders)
            return rows;

        const auto less = [&] (int a, int b)
        {
            const auto& x = tracks[static_cast<std::size_t> (a)];
            const auto& y = tracks[static_cast<std::size_t> (b)];
            if (isNumeric (columnId))
                return numberOf (x, columnId) < numberOf (y, columnId);
            return cellText (x, columnId).compareNatural (cellText (y, columnId), false) < 0;
        };
        if (forwards)
            std::stable_sort (rows.begin(), rows.end(), less);
        else
            std::stable_sort (rows.begin(), rows.end(), [&] (int a, int b)
                              { return less (b, a); });
        return rows;
    }

    juce::String TrackTable::cellText (const ClientTrack& track, int columnId)
    {
        const auto& metadata = track.manifest.metadata;
        switch (columnId)
        {
            case title:
                return formatting::titleOf (track.manifest);
            case artist:
                return text (metadata.artist);
            case album:
                return text (metadata.album);
            case genre:
                return text (metadata.genre);
            case bpm:
            {
                const auto value = formatting::bpmOf (track.manifest);
                return value > 0.0 ? juce::String (juce::roundToInt (value)) : juce::String();
            }
            case key:
                return formatting::keyOf (track.manifest);
            case duration:
                return formatting::duration (metadata.durationMs);
            case progress:
                return formatting::percent (progressOf (track));
            case peers:
                return juce::String (track.status ? track.status->peers : 0);
            case seeders:
                return juce::String (track.status ? track.status->seeds : 0);
            default:
                return {};
        }
    }

    namespace
    {
        bool isLocalFileOf (const ClientTrack& track)
        {
            if (track.path.empty())
                return false;
            const juce::File file (juce::String::fromUTF8 (track.path.c_str()));
            return file.existsAsFile() && static_cast<std::uint64_t> (file.getSize()) == track.manifest.fileSize;
        }
    } // namespace

    std::variant<juce::File, juce::String> TrackTable::externalDragFor (const ClientTrack& track, const juce::File& exportFolder)
    {
        const auto name = "'" + formatting::titleOf (track.manifest) + "'";
        if (! isComplete (track))
            return name + " is " + formatting::percent (progressOf (track)) + " downloaded; it can be dragged into the host when it is complete";

        if (exportFolder != juce::File() && isExported (track, exportFolder.getFullPathName().toStdString()))
            return juce::File (exportFileFor (track, exportFolder.getFullPathName().toStdString()).string());
        if (isLocalFileOf (track))
            return juce::File (juce::String::fromUTF8 (track.path.c_str()));
        if (exportFolder != juce::File())
            return name + " is being copied from earshotd for the host; drag it again in a moment";

        if (track.path.empty())
            return name + " is complete but the daemon gave no file for it; drag it again once the library has refreshed";
        return name + " is complete but its file is not at " + juce::String::fromUTF8 (track.path.c_str()) + " any more; add the track again to fetch it";
    }

    bool TrackTable::needsExport (const ClientTrack& track, const juce::File& exportFolder)
    {
        return exportFolder != juce::File() && isComplete (track) && ! isExported (track, exportFolder.getFullPathName().toStdString())
               && ! isLocalFileOf (track);
    }

    //==============================================================================
    void TrackTable::paintOverChildren (juce::Graphics& g)
    {
        const auto box = filterBox.getBounds();
        if (auto icon = EarshotLookAndFeel::createIcon (EarshotLookAndFeel::Icon::search, juce::Colour (Palette::textDim)))
            icon->drawWithin (g, juce::Rectangle<int> (box.getX() + 10, box.getCentreY() - 8, 16, 16).toFloat(), juce::RectanglePlacement::centred, 1.0f);
    }

    void TrackTable::paint (juce::Graphics& g)
    {
        g.fillAll (juce::Colour (Palette::background));

        g.setColour (juce::Colour (Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (14.0f));
        const auto count = rowsShown() == static_cast<int> (all.size())
                               ? juce::String (rowsShown()) + (rowsShown() == 1 ? " track" : " tracks")
                               : juce::String (rowsShown()) + " of " + juce::String (all.size()) + " tracks";
        g.drawText (count, heading.getBounds().withTrimmedLeft (heading.getFont().getStringWidth (heading.getText()) + 16), juce::Justification::centredLeft);

        if (all.empty())
        {
            g.setFont (EarshotLookAndFeel::font (15.0f));
            g.drawText (juce::String (juce::CharPointer_UTF8 ("No tracks yet: drop audio files or an album folder here, or use Publish\xe2\x80\xa6 or Add\xe2\x80\xa6")), listBox.getBounds().withTrimmedTop (40), juce::Justification::centredTop);
        }
    }

    void TrackTable::resized()
    {
        // Narrow: album, genre and key make room for the rest. Set before the list is laid out, so
        // it stretches the columns to the new width at once (the header would otherwise tell it
        // asynchronously, a frame later).
        auto& header = listBox.getHeader();
        const auto show = [&header] (int columnId, bool visible)
        {
            if (header.isColumnVisible (columnId) != visible)
                header.setColumnVisible (columnId, visible);
        };
        show (album, getWidth() >= 900);
        show (key, getWidth() >= 900);
        show (genre, getWidth() >= 700);

        auto area = getLocalBounds().reduced (20, 16);
        auto top = area.removeFromTop (36);
        filterBox.setBounds (top.removeFromRight (juce::jmin (320, top.getWidth() / 2)));
        heading.setBounds (top);
        area.removeFromTop (12);
        listBox.setBounds (area);
    }

    //==============================================================================
    int TrackTable::getNumRows() { return rowsShown(); }

    void TrackTable::paintRowBackground (juce::Graphics& g, int rowNumber, int width, int height, bool rowIsSelected)
    {
        // A drag that waited: its row lights up when it is ready, and says so when it failed.
        const auto* wait = rowNumber >= 0 && rowNumber < rowsShown() ? waits.find (trackAtRow (rowNumber).id) : nullptr;
        if (wait != nullptr && (wait->state == DragWaits::State::ready || wait->state == DragWaits::State::failed))
        {
            const auto colour = juce::Colour (wait->state == DragWaits::State::ready ? Palette::positive : Palette::danger);
            g.fillAll (colour.withAlpha (rowIsSelected ? 0.35f : 0.22f));
            g.setColour (colour);
            g.fillRect (0, 0, 3, height);
        }
        else if (rowIsSelected)
            g.fillAll (juce::Colour (Palette::accent).withAlpha (0.22f));
        else if (rowNumber % 2 == 1)
            g.fillAll (juce::Colour (Palette::surface).withAlpha (0.5f));
        g.setColour (juce::Colour (Palette::outline).withAlpha (0.4f));
        g.fillRect (0, height - 1, width, 1);
    }

    void TrackTable::paintCell (juce::Graphics& g, int rowNumber, int columnId, int width, int height, bool)
    {
        if (rowNumber < 0 || rowNumber >= rowsShown())
            return;
        const auto& track = trackAtRow (rowNumber);

        if (columnId == progress)
        {
            if (const auto* wait = waits.find (track.id))
            {
                const bool ready = wait->state == DragWaits::State::ready;
                const bool failed = wait->state == DragWaits::State::failed;
                g.setColour (juce::Colour (ready ? Palette::positive : failed ? Palette::danger
                                                                              : Palette::accentBright));
                g.setFont (EarshotLookAndFeel::font (13.0f, ready));
                g.drawText (DragWaits::stateText (*wait), juce::Rectangle<int> (8, 0, width - 12, height), juce::Justification::centredLeft, true);
                return;
            }
            const auto fraction = progressOf (track);
            const auto bar = juce::Rectangle<float> (8.0f, static_cast<float> (height) / 2.0f - 2.0f, static_cast<float> (juce::jmax (0, width - 60)), 4.0f);
            g.setColour (juce::Colour (Palette::outline));
            g.fillRoundedRectangle (bar, 2.0f);
            g.setColour (juce::Colour (fraction >= 1.0 ? Palette::positive : Palette::accent));
            g.fillRoundedRectangle (bar.withWidth (bar.getWidth() * static_cast<float> (fraction)), 2.0f);
            g.setColour (juce::Colour (Palette::textDim));
            g.setFont (EarshotLookAndFeel::font (13.0f));
            g.drawText (cellText (track, columnId), juce::Rectangle<int> (width - 48, 0, 44, height), juce::Justification::centredRight);
            return;
        }

        const bool primary = columnId == title;
        auto textLeft = 8;
        if (primary)
        {
            const auto cover = coverInCell (height);
            const auto name = formatting::titleOf (track.manifest);
            const auto image = covers != nullptr ? covers->find (track.id) : juce::Image();
            coverTile::paint (g, cover.toFloat(), image, name, name + juce::String::fromUTF8 (track.manifest.metadata.album.c_str()), 4.0f);
            textLeft = cover.getRight() + 10;
        }
        g.setColour (juce::Colour (primary ? Palette::text : Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (14.5f, primary));
        const auto justification = isNumeric (columnId) ? juce::Justification::centredRight : juce::Justification::centredLeft;
        g.drawText (cellText (track, columnId), juce::Rectangle<int> (textLeft, 0, width - textLeft - 8, height), justification, true);
    }

    void TrackTable::sortOrderChanged (int newSortColumnId, bool isForwards)
    {
        sortColumn = newSortColumnId;
        sortForwards = isForwards;
        refresh();
    }

    void TrackTable::cellClicked (int rowNumber, int, const juce::MouseEvent& event)
    {
        if (! event.mods.isPopupMenu() || rowNumber < 0 || rowNumber >= rowsShown())
            return;

        const auto track = trackAtRow (rowNumber);
        juce::PopupMenu menu;
        menu.addItem ("Play", [this, track]
                      { if (onPlay) onPlay (track); });
        menu.addItem (juce::String (juce::CharPointer_UTF8 ("Pass to a friend\xe2\x80\xa6")), [this, track]
                      { if (onPass) onPass (track); });
        menu.addItem (juce::String (juce::CharPointer_UTF8 ("Remove from library\xe2\x80\xa6")), [this, track]
                      { if (onRemove) onRemove (track); });
        menu.addSeparator();
        if (waits.isPending (track.id))
            menu.addItem ("Cancel the drag into the host", [this, id = track.id]
                          { cancelWait (id); });
        else
            menu.addItem ("Drag into the host: " + juce::String (isComplete (track) ? "ready" : "not yet complete: dragging fetches the rest first"), false, false, [] {});
        menu.showMenuAsync (juce::PopupMenu::Options().withTargetComponent (this).withMousePosition());
    }

    void TrackTable::cellDoubleClicked (int rowNumber, int, const juce::MouseEvent&)
    {
        if (rowNumber >= 0 && rowNumber < rowsShown() && onPlay)
            onPlay (trackAtRow (rowNumber));
    }

    juce::var TrackTable::getDragSourceDescription (const juce::SparseSet<int>& currentlySelectedRows)
    {
        // The list box asks on every mouse-drag event until it is given something to drag; this
        // starts an external drag instead (no drag inside the app), once per press of the button.
        const auto pressedAt = juce::Desktop::getInstance().getMainMouseSource().getLastMouseDownTime();
        if (pressedAt == lastDragGesture || currentlySelectedRows.isEmpty())
            return {};
        lastDragGesture = pressedAt;

        const auto row = currentlySelectedRows[0];
        if (row >= 0 && row < rowsShown())
            dragOut (trackAtRow (row));
        return {};
    }

    void TrackTable::dragOut (const ClientTrack& track)
    {
        if (waits.isPending (track.id))
            return say (waits.find (track.id)->state == DragWaits::State::copying
                            ? "'" + formatting::titleOf (track.manifest) + "' is complete and being copied for the host: its row lights up in a moment"
                            : "'" + formatting::titleOf (track.manifest) + "' is still being fetched (" + formatting::percent (progressOf (track)) + "): its row lights up when it is ready to drag");

        // Not complete: wait for it rather than hand over a partial file.
        if (! isComplete (track))
        {
            const auto text = waits.start (track);
            if (onFetchNow)
                onFetchNow (track);
            refresh();
            return say (text);
        }

        if (needsExport (track, exportFolder) && onExport)
            onExport (track);
        const auto drag = externalDragFor (track, exportFolder);
        if (const auto* file = std::get_if<juce::File> (&drag))
        {
            if (waits.find (track.id) != nullptr)
            {
                waits.forget (track.id);
                refresh();
            }
            if (handOver)
                handOver (*file);
            return;
        }
        say (std::get<juce::String> (drag));
    }

    void TrackTable::say (const juce::String& text, bool isProblem)
    {
        if (text.isEmpty())
            return;
        if (isProblem && onProblem)
            onProblem (text);
        else if (onMessage)
            onMessage (text);
    }

    void TrackTable::updateWaits()
    {
        const auto actions = waits.update (all);
        for (const auto& track : actions.toCopy)
        {
            // Always a copy in the export folder, even when the daemon's own file is here: the
            // host's session refers to a file that stays when the track leaves the library.
            if (exportFolder == juce::File() || ! onExport || isExported (track, exportFolder.getFullPathName().toStdString()))
                say (waits.copied (track.id));
            else
                onExport (track);
        }
        for (const auto& [id, text] : actions.ended)
            say (text, true);
    }

    void TrackTable::cancelWait (const std::string& trackId)
    {
        const auto text = waits.cancel (trackId);
        if (text.isEmpty())
            return;
        if (onCancelWait)
            onCancelWait (trackId);
        refresh();
        say (text);
    }

    void TrackTable::daemonGone()
    {
        const auto text = waits.daemonGone();
        if (text.isEmpty())
            return;
        refresh();
        say (text, true);
    }

    void TrackTable::exportFinished (const std::string& trackId, const juce::String& failure)
    {
        const auto text = failure.isEmpty() ? waits.copied (trackId) : waits.failed (trackId, failure, "copy failed");
        refresh();
        say (text, failure.isNotEmpty());
    }

    void TrackTable::fetchFailed (const std::string& trackId, const juce::String& why)
    {
        const auto text = waits.failed (trackId, why, "earshotd refused");
        refresh();
        say (text, true);
    }

    bool TrackTable::keyPressed (const juce::KeyPress& pressed)
    {
        if (pressed != juce::KeyPress::escapeKey)
            return false;
        const auto row = listBox.getSelectedRow();
        if (row < 0 || row >= rowsShown() || ! waits.isPending (trackAtRow (row).id))
            return false;
        cancelWait (trackAtRow (row).id);
        return true;
    }

    void TrackTable::refresh()
    {
        shown = filterAndSort (all, filterBox.getText(), sortColumn, sortForwards);
        listBox.updateContent();
        listBox.repaint();
        repaint();
    }
} // namespace earshot
