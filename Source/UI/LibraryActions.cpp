#include "LibraryActions.h"

#include "Core/AudioFormat.h"
#include "Core/QuoteInput.h"
#include "EarshotLookAndFeel.h"

#include <array>

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        constexpr int buttonRowHeight = 44;
        constexpr int fileRowHeight = 22;
        constexpr int maxRowsShown = 6;

        juce::String quotedPath (const juce::File& file)
        {
            return juce::String::fromUTF8 (quoteInput (file.getFullPathName().toStdString(), pathQuoteBytes).c_str());
        }

        bool isAudio (const juce::File& file)
        {
            juce::FileInputStream in (file);
            if (! in.openedOk())
                return false;
            std::array<std::uint8_t, 4096> head {};
            const auto got = in.read (head.data(), static_cast<int> (head.size()));
            return got > 0 && detectAudioFormat (std::span<const std::uint8_t> (head.data(), static_cast<std::size_t> (got))) != AudioFormat::unknown;
        }

        juce::String stateText (const PublishItem& item)
        {
            switch (item.state)
            {
                case PublishItem::State::waiting:
                    return "waiting";
                case PublishItem::State::publishing:
                    return juce::String (juce::CharPointer_UTF8 ("publishing\xe2\x80\xa6"));
                case PublishItem::State::done:
                    return "published";
                case PublishItem::State::failed:
                    return "failed: " + item.detail;
            }
            return {};
        }

        juce::Colour stateColour (PublishItem::State state)
        {
            switch (state)
            {
                case PublishItem::State::waiting:
                    return juce::Colour (Palette::textFaint);
                case PublishItem::State::publishing:
                    return juce::Colour (Palette::accentBright);
                case PublishItem::State::done:
                    return juce::Colour (Palette::positive);
                case PublishItem::State::failed:
                    return juce::Colour (Palette::danger);
            }
            return {};
        }
    } // namespace

    LibraryActions::LibraryActions()
        : publish (juce::String (juce::CharPointer_UTF8 ("Publish\xe2\x80\xa6"))), add (juce::String (juce::CharPointer_UTF8 ("Add\xe2\x80\xa6")))
    {
        publish.setTooltip ("Share audio files or album folders from this computer (or drop them on the window)");
        add.setTooltip ("Add a track from a magnet link or a .torrent file, or a friend from their code");
        publish.setColour (juce::TextButton::buttonColourId, juce::Colour (Palette::accent));
        publish.onClick = [this]
        { if (onPublish) onPublish(); };
        add.onClick = [this]
        { if (onAdd) onAdd(); };
        addAndMakeVisible (publish);
        addAndMakeVisible (add);
    }

    LibraryActions::~LibraryActions() = default;

    PublishPlan LibraryActions::plan (const juce::StringArray& paths)
    {
        PublishPlan result;
        for (const auto& path : paths)
        {
            PublishItem item;
            item.source = juce::File (path);
            if (item.source.isDirectory())
            {
                for (const auto& entry : juce::RangedDirectoryIterator (item.source, false, "*", juce::File::findFiles))
                    if (isAudio (entry.getFile()))
                        item.audioFiles.add (entry.getFile());
                if (item.audioFiles.isEmpty())
                {
                    result.problem = "The folder " + quotedPath (item.source) + " holds no audio files (FLAC, Ogg Vorbis, MP3 or WAV): nothing was published";
                    result.items.clear();
                    return result;
                }
                std::sort (item.audioFiles.begin(), item.audioFiles.end());
            }
            else if (! item.source.existsAsFile())
            {
                result.problem = "There is no file at " + quotedPath (item.source) + ": nothing was published";
                result.items.clear();
                return result;
            }
            else if (! isAudio (item.source))
            {
                result.problem = quotedPath (item.source) + " is not an audio file Earshot publishes (FLAC, Ogg Vorbis, MP3 or WAV): nothing was published";
                result.items.clear();
                return result;
            }
            else
            {
                item.audioFiles.add (item.source);
            }
            result.items.push_back (std::move (item));
        }
        if (result.items.empty())
            result.problem = "Nothing to publish: choose audio files or album folders";
        return result;
    }

    int LibraryActions::addItems (std::vector<PublishItem> newItems)
    {
        const bool underWay = std::any_of (list.begin(), list.end(), [] (const PublishItem& item)
                                           { return item.state == PublishItem::State::waiting || item.state == PublishItem::State::publishing; });
        if (! underWay)
            list.clear();
        const auto first = static_cast<int> (list.size());
        for (auto& item : newItems)
            list.push_back (std::move (item));
        repaint();
        if (onHeightChanged)
            onHeightChanged();
        return first;
    }

    void LibraryActions::setState (int index, PublishItem::State state, const juce::String& detail)
    {
        if (index < 0 || index >= static_cast<int> (list.size()))
            return;
        auto& item = list[static_cast<std::size_t> (index)];
        item.state = state;
        item.detail = detail;
        repaint();
    }

    juce::StringArray LibraryActions::rowTexts() const
    {
        juce::StringArray rows;
        for (const auto& item : list)
            for (const auto& file : item.audioFiles)
                rows.add (file.getFileName() + "  " + stateText (item));
        return rows;
    }

    int LibraryActions::preferredHeight() const
    {
        int rows = 0;
        for (const auto& item : list)
            rows += item.audioFiles.size();
        return buttonRowHeight + juce::jmin (rows, maxRowsShown + 1) * fileRowHeight + (rows > 0 ? 8 : 0);
    }

    void LibraryActions::paint (juce::Graphics& g)
    {
        auto area = getLocalBounds().reduced (20, 0);
        area.removeFromTop (buttonRowHeight);
        g.setFont (EarshotLookAndFeel::font (13.5f));
        int shown = 0, total = 0;
        for (const auto& item : list)
            total += item.audioFiles.size();
        for (const auto& item : list)
            for (const auto& file : item.audioFiles)
            {
                if (shown == maxRowsShown && total > maxRowsShown + 1)
                {
                    g.setColour (juce::Colour (Palette::textFaint));
                    g.drawText ("and " + juce::String (total - shown) + " more", area.removeFromTop (fileRowHeight), juce::Justification::centredLeft);
                    return;
                }
                auto row = area.removeFromTop (fileRowHeight);
                g.setColour (stateColour (item.state));
                g.fillEllipse (row.removeFromLeft (14).withSizeKeepingCentre (7, 7).toFloat());
                g.setColour (juce::Colour (Palette::text));
                g.drawText (file.getFileName(), row.removeFromLeft (row.getWidth() / 2), juce::Justification::centredLeft, true);
                g.setColour (stateColour (item.state));
                g.drawText (stateText (item), row, juce::Justification::centredLeft, true);
                ++shown;
            }
    }

    void LibraryActions::resized()
    {
        auto top = getLocalBounds().reduced (20, 0).removeFromTop (buttonRowHeight).withTrimmedTop (10);
        publish.setBounds (top.removeFromLeft (120));
        top.removeFromLeft (8);
        add.setBounds (top.removeFromLeft (100));
    }
} // namespace earshot
