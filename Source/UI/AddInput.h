#pragma once

#include <juce_core/juce_core.h>

#include <vector>

namespace earshot
{
    /** What the user handed the app to add, told apart: a magnet link, a .torrent file (a path or a
        file:// URL, as the desktop passes it) or a friend code. The one "Add" field, the app's
        command line and a second launch all read their text through this. */
    struct AddInput
    {
        enum class Kind
        {
            empty, ///< nothing typed
            magnet, ///< a magnet: link, for AddTrack
            torrentFile, ///< a .torrent file, read and sent to AddTrack
            friendCode, ///< an earshot: friend code, for AddFriend
            unknown ///< none of these; problem says so
        };

        Kind kind = Kind::empty;
        /** The text as typed, trimmed (the magnet link or the friend code). */
        juce::String text;
        /** The .torrent file, for torrentFile. */
        juce::File file;
        /** Why it cannot be added as it is, naming what is wrong (a friend code's typo, a file that
            is not there); empty when it can be. */
        juce::String problem;

        /** Tells what text is. A magnet link is checked by the daemon when it is added, and a
            .torrent file's content too; a friend code is checked here, so a typo is named before a
            name is asked for. */
        [[nodiscard]] static AddInput classify (const juce::String& text);

        /** What a command line asks the app to open: every argument that is not one of the app's
            options (those starting with "--", and the value after each of optionsWithValue). */
        [[nodiscard]] static std::vector<AddInput> fromCommandLine (const juce::StringArray& arguments, const juce::StringArray& optionsWithValue);

        /** Says which it is, for the Add field: "A magnet link", "A .torrent file: NAME", ... */
        [[nodiscard]] juce::String describe() const;
    };
} // namespace earshot
