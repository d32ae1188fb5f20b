#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <vector>

namespace earshot
{
    /** A file or album folder on its way to the daemon's Publish call, and the audio files in it. */
    struct PublishItem
    {
        enum class State
        {
            waiting,
            publishing, ///< the daemon is reading, measuring and hashing it
            done,
            failed
        };

        juce::File source;
        /** The audio files it holds (the file itself for a file), each shown on its own row. */
        juce::Array<juce::File> audioFiles;
        State state = State::waiting;
        /** Why it failed, or what it became ("3 tracks"). */
        juce::String detail;
    };

    /** What a drop or the file chooser asks to publish: the items, or why none can be. */
    struct PublishPlan
    {
        std::vector<PublishItem> items;
        /** Names what holds no audio; when set, nothing is to be published. */
        juce::String problem;
    };

    /** The library page's actions: "Publish..." (a file chooser) and "Add..." (the Add dialog), and,
        while files are being published, a row per file saying where it is (waiting, publishing,
        published, failed and why). Message thread only. */
    class LibraryActions final : public juce::Component
    {
    public:
        LibraryActions();
        ~LibraryActions() override;

        /** Checks what was dropped or chosen before anything is sent to the daemon: each file's
            first bytes must be audio Earshot publishes (FLAC, Ogg Vorbis, MP3, WAV; the extension is
            not trusted), and each folder must hold such a file (the daemon publishes the audio files
            directly in it, as an album). One that does not makes the whole plan a problem naming
            it. */
        [[nodiscard]] static PublishPlan plan (const juce::StringArray& paths);

        /** Adds items to the list; returns the index of the first. Items finished earlier are
            cleared first when none is still under way. */
        int addItems (std::vector<PublishItem> newItems);
        void setState (int index, PublishItem::State state, const juce::String& detail = {});
        [[nodiscard]] const std::vector<PublishItem>& items() const noexcept { return list; }
        /** The text of a file's row: its name and where it is. */
        [[nodiscard]] juce::StringArray rowTexts() const;

        /** The height it lays out best at for its rows. */
        [[nodiscard]] int preferredHeight() const;

        [[nodiscard]] juce::Button& publishButton() noexcept { return publish; }
        [[nodiscard]] juce::Button& addButton() noexcept { return add; }
        std::function<void()> onPublish, onAdd;
        /** The height changed (rows came or went): the owner lays out again. */
        std::function<void()> onHeightChanged;

        void paint (juce::Graphics& g) override;
        void resized() override;

    private:
        std::vector<PublishItem> list;
        juce::TextButton publish, add;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (LibraryActions)
    };
} // namespace earshot
