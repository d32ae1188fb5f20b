#include "EarshotEditor.h"

#include "Core/MusicalKey.h"

namespace earshot
{
    namespace
    {
        void setParameter (juce::AudioProcessorValueTreeState& parameters, const char* id, float plainValue)
        {
            if (auto* parameter = parameters.getParameter (id))
            {
                parameter->beginChangeGesture();
                parameter->setValueNotifyingHost (juce::jlimit (0.0f, 1.0f, parameter->convertTo0to1 (plainValue)));
                parameter->endChangeGesture();
            }
        }
    } // namespace

    EarshotEditor::EarshotEditor (EarshotProcessor& earshotProcessor)
        : AudioProcessorEditor (earshotProcessor)
        , plugin (earshotProcessor)
        , pitchAttachment (earshotProcessor.parameters(), EarshotProcessor::pitchId, pitchSlider)
        , loopChip (earshotProcessor)
        , view (earshotProcessor.client(), earshotProcessor.player())
    {
        syncButton.setToggleState (plugin.syncToHost(), juce::dontSendNotification);
        syncButton.setTooltip ("Start and stop the preview with the host's transport");
        syncButton.onClick = [this]
        { plugin.setSyncToHost (syncButton.getToggleState()); };
        addAndMakeVisible (syncButton);

        tempoLabel.setColour (juce::Label::textColourId, juce::Colours::lightgrey);
        tempoLabel.setMinimumHorizontalScale (0.7f);
        addAndMakeVisible (tempoLabel);

        keyBox.setTextWhenNothingSelected ("Session key");
        keyBox.setTooltip ("The song's key: the pitch shift that fits the track into it is proposed");
        keyBox.addItem ("No key", 1);
        int id = 2;
        for (const auto& name : musicalKey::allNames())
            keyBox.addItem (name, id++);
        keyBox.onChange = [this]
        { keyChosen(); };
        addAndMakeVisible (keyBox);

        pitchSlider.setTooltip ("Pitch shift in semitones (-12 to +12)");
        pitchSlider.setTextValueSuffix (" st");
        addAndMakeVisible (pitchSlider);

        fitButton.setTooltip ("Shift the pitch from the track's key to the session's, the nearest way round");
        fitButton.onClick = [this, &parameters = earshotProcessor.parameters()]
        {
            if (const auto shift = plugin.proposedPitchShift())
                setParameter (parameters, EarshotProcessor::pitchId, static_cast<float> (*shift));
        };
        addAndMakeVisible (fitButton);

        auto& parameters = plugin.parameters();
        EarshotView::Transport transport;
        transport.play = [this, &parameters] (const std::string& trackId)
        {
            plugin.selectTrack (trackId);
            setParameter (parameters, EarshotProcessor::playId, 1.0f);
            if (plugin.syncToHost())
                view.showMessage ("Sync to host is on: the host's transport starts and stops the preview");
        };
        transport.playPause = [&parameters]
        {
            const bool playing = parameters.getRawParameterValue (EarshotProcessor::playId)->load() >= 0.5f;
            setParameter (parameters, EarshotProcessor::playId, playing ? 0.0f : 1.0f);
        };
        transport.stop = [this, &parameters]
        {
            setParameter (parameters, EarshotProcessor::playId, 0.0f);
            plugin.controller().seek (0.0);
        };
        transport.seek = [this] (double seconds)
        { plugin.controller().seek (seconds); };
        transport.volume = [&parameters] (float gain)
        { setParameter (parameters, EarshotProcessor::volumeId, gain <= 0.0f ? -100.0f : juce::Decibels::gainToDecibels (gain)); };
        view.setTransport (std::move (transport));
        view.setDaemonConnection (plugin.daemonConnection());
        addAndMakeVisible (loopChip);
        view.playerBar().pieceMap().onLoopChosen = [this] (double start, double end)
        {
            const auto duration = plugin.player().durationSeconds();
            if (duration > 0.0)
                plugin.setLoopRegion (start * duration, end * duration);
            else
                view.showMessage ("Play the track before picking a loop: its length is not known yet", true);
            timerCallback();
        };
        view.discover().searchBar().setSessionHint ([this]
                                                    { return sessionHint(); });
        addAndMakeVisible (view);

        setResizable (true, true);
        setResizeLimits (600, 440, 2400, 1600);
        setSize (1000, 640);
        timerCallback();
        startTimerHz (4);
    }

    EarshotEditor::~EarshotEditor() = default;

    void EarshotEditor::keyChosen()
    {
        const auto chosen = keyBox.getSelectedId() > 1 ? keyBox.getText() : juce::String();
        if (const auto result = plugin.setSessionKey (chosen); result.failed())
            view.showMessage (result.getErrorMessage(), true);
        timerCallback();
    }

    void EarshotEditor::timerCallback()
    {
        tempoLabel.setText (plugin.tempoStatus(), juce::dontSendNotification);

        const auto key = plugin.sessionKey();
        int id = 1;
        for (int index = 1; index < keyBox.getNumItems(); ++index)
            if (keyBox.getItemText (index) == key)
                id = keyBox.getItemId (index);
        if (keyBox.getSelectedId() != id)
            keyBox.setSelectedId (id, juce::dontSendNotification);

        const auto duration = plugin.player().durationSeconds();
        if (const auto region = plugin.loopRegion(); region && duration > 0.0)
            view.playerBar().pieceMap().setLoop (region->first / duration, region->second / duration);
        else
            view.playerBar().pieceMap().setLoop (0.0, 0.0);
        loopChip.refresh();

        const auto trackKey = plugin.player().currentTrackKey();
        if (const auto shift = plugin.proposedPitchShift())
        {
            fitButton.setButtonText (juce::String (trackKey) + " to " + key + ": " + (*shift > 0 ? "+" : "") + juce::String (*shift));
            fitButton.setEnabled (true);
        }
        else
        {
            fitButton.setButtonText (key.isEmpty() ? "Pick a key" : "Track key unknown");
            fitButton.setEnabled (false);
        }
    }

    SessionHint EarshotEditor::sessionHint() const
    {
        SessionHint hint;
        hint.tempo = plugin.hostTempo();
        hint.key = plugin.sessionKey();
        return hint;
    }

    void EarshotEditor::paint (juce::Graphics& g)
    {
        g.fillAll (juce::Colour (0xff101216));
    }

    void EarshotEditor::resized()
    {
        auto area = getLocalBounds();
        // Two rows: sync and what it does, then the key, the pitch and the loop.
        auto strip = area.removeFromTop (60).reduced (8, 4);
        auto top = strip.removeFromTop (strip.getHeight() / 2);
        syncButton.setBounds (top.removeFromRight (120));
        tempoLabel.setBounds (top);
        keyBox.setBounds (strip.removeFromLeft (110).reduced (2, 1));
        pitchSlider.setBounds (strip.removeFromLeft (110).reduced (2, 1));
        fitButton.setBounds (strip.removeFromLeft (150).reduced (2, 1));
        loopChip.setBounds (strip.removeFromRight (std::min (260, strip.getWidth())).reduced (2, 1));
        view.setBounds (area);
    }
} // namespace earshot
