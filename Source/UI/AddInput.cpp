#include "AddInput.h"

#include "Core/Error.h"
#include "Core/FriendCode.h"
#include "Core/QuoteInput.h"

namespace earshot
{
    namespace
    {
        juce::String quoted (const juce::String& text)
        {
            return juce::String::fromUTF8 (quoteInput (text.toStdString()).c_str());
        }

        juce::String quotedPath (const juce::String& path)
        {
            return juce::String::fromUTF8 (quoteInput (path.toStdString(), pathQuoteBytes).c_str());
        }
    } // namespace

    AddInput AddInput::classify (const juce::String& typed)
    {
        AddInput input;
        input.text = typed.trim();
        // A path pasted from a file manager may come in quotes.
        if (input.text.length() >= 2 && (input.text.startsWithChar ('\'') || input.text.startsWithChar ('"')) && input.text.getLastCharacter() == input.text[0])
            input.text = input.text.substring (1, input.text.length() - 1).trim();
        const auto& text = input.text;
        if (text.isEmpty())
            return input;

        if (text.startsWithIgnoreCase ("magnet:"))
        {
            input.kind = Kind::magnet;
            if (! text.containsIgnoreCase ("xt=urn:btih:"))
                input.problem = quoted (text) + " is not a magnet link Earshot can add: it has no BitTorrent info-hash (xt=urn:btih:...)";
            return input;
        }

        if (text.startsWithIgnoreCase ("earshot:"))
        {
            input.kind = Kind::friendCode;
            try
            {
                (void) parseFriendCode (text.toStdString());
            }
            catch (const Error& e)
            {
                input.problem = "That friend code does not check out: " + juce::String::fromUTF8 (e.what());
            }
            return input;
        }

        // A file: a path, or a file:// URL as the desktop hands one over (%U).
        juce::File file;
        if (text.startsWithIgnoreCase ("file://"))
            file = juce::URL (text).getLocalFile();
        else if (juce::File::isAbsolutePath (text) || text.startsWithChar ('~'))
            file = juce::File (text);
        else if (text.endsWithIgnoreCase (".torrent"))
            file = juce::File::getCurrentWorkingDirectory().getChildFile (text);
        if (file != juce::File())
        {
            input.kind = Kind::torrentFile;
            input.file = file;
            if (file.isDirectory())
                input.problem = quotedPath (file.getFullPathName()) + " is a folder, not a .torrent file";
            else if (! file.existsAsFile())
                input.problem = "There is no file at " + quotedPath (file.getFullPathName());
            return input;
        }

        // A friend code pasted without its "earshot:" prefix still reads as one.
        try
        {
            (void) parseFriendCode (text.toStdString());
            input.kind = Kind::friendCode;
            return input;
        }
        catch (const Error&)
        {
        }

        input.kind = Kind::unknown;
        input.problem = quoted (text) + " is not a magnet link, a .torrent file or a friend code (earshot:...)";
        return input;
    }

    std::vector<AddInput> AddInput::fromCommandLine (const juce::StringArray& arguments, const juce::StringArray& optionsWithValue)
    {
        std::vector<AddInput> inputs;
        for (int i = 0; i < arguments.size(); ++i)
        {
            const auto& argument = arguments[i];
            if (argument.isEmpty())
                continue;
            if (argument.startsWith ("--"))
            {
                if (optionsWithValue.contains (argument))
                    ++i;
                continue;
            }
            inputs.push_back (classify (argument));
        }
        return inputs;
    }

    juce::String AddInput::describe() const
    {
        switch (kind)
        {
            case Kind::empty:
                return "Paste a magnet link, a friend code, or the path of a .torrent file";
            case Kind::magnet:
                return "A magnet link: its tracks are fetched from the swarm";
            case Kind::torrentFile:
                return "A .torrent file: " + file.getFileName();
            case Kind::friendCode:
                return "A friend code: give your friend a name";
            case Kind::unknown:
                break;
        }
        return "Not a magnet link, a .torrent file or a friend code";
    }
} // namespace earshot
