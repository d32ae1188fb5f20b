#include "SearchBar.h"

#include "EarshotLookAndFeel.h"

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        double numberIn (const juce::TextEditor& editor)
        {
            return juce::jmax (0.0, editor.getText().trim().getDoubleValue());
        }

        juce::String numberText (double value)
        {
            return value > 0.0 ? juce::String (value) : juce::String();
        }

        juce::String durationText (std::uint64_t ms)
        {
            if (ms == 0)
                return {};
            const auto seconds = ms / 1000;
            return juce::String (seconds / 60) + ":" + juce::String (seconds % 60).paddedLeft ('0', 2);
        }
    } // namespace

    SearchBar::SearchBar()
    {
        const std::pair<juce::TextEditor*, const char*> fields[] = { { &bpmMin, "BPM from" }, { &bpmMax, "to" }, { &text, "Title, artist or album" }, { &genre, "Genre" }, { &durationMin, "Length from" }, { &durationMax, "to" } };
        for (const auto& [editor, hint] : fields)
        {
            editor->setTextToShowWhenEmpty (hint, juce::Colour (Palette::textFaint));
            editor->setFont (EarshotLookAndFeel::font (14.0f));
            editor->setIndents (8, 6);
            editor->onReturnKey = [this]
            { search(); };
            addAndMakeVisible (*editor);
        }
        for (auto* number : { &bpmMin, &bpmMax })
            number->setInputRestrictions (6, "0123456789.");

        // The key picker: "Any key", then the 24 keys; a key typed in is taken as it is spelled.
        key.setEditableText (true);
        key.setTextWhenNothingSelected ("Any key");
        key.addItem ("Any key", 1);
        key.addSeparator();
        for (int index = 0; index < SessionHint::keyNames().size(); ++index)
            key.addItem (SessionHint::keyNames()[index], index + 2);
        key.onChange = [this]
        {
            if (key.getSelectedId() == 1)
                key.setText ({}, juce::dontSendNotification);
        };
        key.setTooltip ("The musical key the hub matches exactly, as the tracks' tags spell it");
        addAndMakeVisible (key);

        sessionToggle.setTooltip ("Fill the BPM range (+/-" + juce::String (SessionHint::bpmWindow, 0) + " BPM around the host's tempo) and the key from this session");
        sessionToggle.onClick = [this]
        { setMatchesSession (sessionToggle.getToggleState()); };
        addChildComponent (sessionToggle);
        bpmLabel.setColour (juce::Label::textColourId, juce::Colour (Palette::textDim));
        bpmLabel.setFont (EarshotLookAndFeel::font (13.0f));
        bpmLabel.setJustificationType (juce::Justification::centredLeft);
        addAndMakeVisible (bpmLabel);
        note.setColour (juce::Label::textColourId, juce::Colour (Palette::textDim));
        note.setFont (EarshotLookAndFeel::font (13.0f));
        addAndMakeVisible (note);
        for (auto* length : { &durationMin, &durationMax })
            length->setInputRestrictions (8, "0123456789:.");

        searchButton.onClick = [this]
        { search(); };
        previous.onClick = [this]
        { previousPage(); };
        next.onClick = [this]
        { nextPage(); };
        previous.setEnabled (false);
        next.setEnabled (false);
        paging.setColour (juce::Label::textColourId, juce::Colour (Palette::textDim));
        paging.setFont (EarshotLookAndFeel::font (13.0f));
        paging.setJustificationType (juce::Justification::centredRight);
        for (auto* component : std::initializer_list<juce::Component*> { &searchButton, &previous, &next, &paging })
            addAndMakeVisible (*component);
    }

    SearchBar::~SearchBar() = default;

    ClientSearchRequest SearchBar::request() const
    {
        ClientSearchRequest request;
        request.text = text.getText().trim().toStdString();
        request.genre = genre.getText().trim().toStdString();
        const auto keyText = key.getText().trim();
        request.key = key.getSelectedId() == 1 || keyText == "Any key" ? std::string() : keyText.toStdString();
        request.bpmMin = numberIn (bpmMin);
        request.bpmMax = numberIn (bpmMax);
        request.durationMinMs = parseDuration (durationMin.getText()).value_or (0);
        request.durationMaxMs = parseDuration (durationMax.getText()).value_or (0);
        request.limit = pageSize;
        request.offset = offset;
        return request;
    }

    void SearchBar::setFields (const ClientSearchRequest& fields)
    {
        text.setText (juce::String::fromUTF8 (fields.text.c_str()), false);
        genre.setText (juce::String::fromUTF8 (fields.genre.c_str()), false);
        key.setText (juce::String::fromUTF8 (fields.key.c_str()), juce::dontSendNotification);
        bpmMin.setText (numberText (fields.bpmMin), false);
        bpmMax.setText (numberText (fields.bpmMax), false);
        durationMin.setText (durationText (fields.durationMinMs), false);
        durationMax.setText (durationText (fields.durationMaxMs), false);
    }

    void SearchBar::search() { askFor (0); }

    void SearchBar::setSessionHint (std::function<SessionHint()> provider)
    {
        sessionHint = std::move (provider);
        sessionToggle.setVisible (sessionHint != nullptr);
        if (sessionHint == nullptr)
            setMatchesSession (false);
        resized();
    }

    void SearchBar::setMatchesSession (bool shouldMatch)
    {
        shouldMatch = shouldMatch && sessionHint != nullptr;
        sessionToggle.setToggleState (shouldMatch, juce::dontSendNotification);
        if (shouldMatch)
            return fillFromSession();
        bpmMin.clear();
        bpmMax.clear();
        key.setText ({}, juce::dontSendNotification);
        note.setText ({}, juce::dontSendNotification);
    }

    void SearchBar::fillFromSession()
    {
        const auto hint = sessionHint();
        const auto [low, high] = SessionHint::bpmRangeAround (hint.tempo);
        const auto sessionKey = SessionHint::pickerKeyOf (hint.key);
        bpmMin.setText (numberText (low), false);
        bpmMax.setText (numberText (high), false);
        key.setText (sessionKey, juce::dontSendNotification);

        juce::StringArray said;
        said.add (low > 0.0 ? "Host at " + juce::String (hint.tempo, 1).trimCharactersAtEnd ("0").trimCharactersAtEnd (".") + " BPM" : "The host has not told its tempo yet");
        if (sessionKey.isNotEmpty())
            said.add (sessionKey);
        else
            said.add (hint.key.trim().isEmpty() ? "no session key" : "'" + hint.key.trim() + "' is not a key");
        note.setText (said.joinIntoString (", "), juce::dontSendNotification);
    }

    void SearchBar::nextPage()
    {
        if (offset + pageSize < matched)
            askFor (offset + pageSize);
    }

    void SearchBar::previousPage()
    {
        if (offset > 0)
            askFor (offset > pageSize ? offset - pageSize : 0);
    }

    void SearchBar::askFor (std::uint32_t newOffset)
    {
        // A new search while matching the session reads it again: the host's tempo may have moved.
        if (newOffset == 0 && matchesSession())
            fillFromSession();
        offset = newOffset;
        if (onSearch)
            onSearch (request());
    }

    void SearchBar::setTotal (std::uint64_t total)
    {
        matched = total;
        const auto shown = static_cast<std::size_t> (juce::jlimit<std::uint64_t> (0, pageSize, total > offset ? total - offset : 0));
        paging.setText (pagingText (offset, shown, total), juce::dontSendNotification);
        previous.setEnabled (offset > 0);
        next.setEnabled (offset + pageSize < total);
    }

    std::optional<std::uint64_t> SearchBar::parseDuration (const juce::String& input)
    {
        const auto trimmed = input.trim();
        if (trimmed.isEmpty() || ! trimmed.containsOnly ("0123456789:."))
            return std::nullopt;
        const auto minutes = trimmed.containsChar (':') ? trimmed.upToFirstOccurrenceOf (":", false, false) : juce::String();
        const auto seconds = trimmed.containsChar (':') ? trimmed.fromFirstOccurrenceOf (":", false, false) : trimmed;
        if (seconds.containsChar (':') || seconds.isEmpty() || (trimmed.containsChar (':') && minutes.isEmpty()))
            return std::nullopt;
        const auto total = minutes.getDoubleValue() * 60.0 + seconds.getDoubleValue();
        return static_cast<std::uint64_t> (juce::roundToInt (total * 1000.0));
    }

    juce::String SearchBar::pagingText (std::uint32_t from, std::size_t shown, std::uint64_t total)
    {
        if (total == 0 || shown == 0)
            return "No results";
        return juce::String (from + 1) + juce::String (juce::CharPointer_UTF8 ("\xe2\x80\x93")) + juce::String (from + shown) + " of " + juce::String (total);
    }

    void SearchBar::paint (juce::Graphics&) {}

    void SearchBar::resized()
    {
        // First what a producer looks for: the BPM range, the key and the session toggle.
        auto area = getLocalBounds();
        auto first = area.removeFromTop (34);
        const auto number = juce::jlimit (56, 90, first.getWidth() / 12);
        bpmLabel.setBounds (first.removeFromLeft (38));
        bpmMin.setBounds (first.removeFromLeft (number));
        first.removeFromLeft (6);
        bpmMax.setBounds (first.removeFromLeft (number));
        first.removeFromLeft (6);
        key.setBounds (first.removeFromLeft (juce::jmax (84, number + 16)).reduced (0, 1));
        first.removeFromLeft (8);
        if (sessionToggle.isVisible())
        {
            sessionToggle.setBounds (first.removeFromLeft (164));
            first.removeFromLeft (8);
        }
        searchButton.setBounds (first.removeFromRight (96).reduced (0, 1));
        first.removeFromRight (8);
        text.setBounds (first);
        area.removeFromTop (8);
        auto second = area.removeFromTop (34);
        auto pager = second.removeFromRight (200);
        next.setBounds (pager.removeFromRight (34).reduced (0, 1));
        previous.setBounds (pager.removeFromRight (34).reduced (2, 1));
        paging.setBounds (pager);
        const auto width = juce::jmax (40, (second.getWidth() - 6 * 5) / 6);
        for (auto* editor : { &genre, &durationMin, &durationMax })
        {
            editor->setBounds (second.removeFromLeft (editor == &genre ? width * 2 : width));
            second.removeFromLeft (6);
        }
        note.setBounds (second);
    }
} // namespace earshot
