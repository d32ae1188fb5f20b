#include "EarshotEditor.h"

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
        : AudioProcessorEditor (earshotProcessor), plugin (earshotProcessor), view (earshotProcessor.client(), earshotProcessor.player())
    {
        syncButton.setToggleState (plugin.syncToHost(), juce::dontSendNotification);
        syncButton.setTooltip ("Start and stop the preview with the host's transport");
        syncButton.onClick = [this]
        { plugin.setSyncToHost (syncButton.getToggleState()); };
        addAndMakeVisible (syncButton);

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
        view.discover().searchBar().setSessionHint ([this]
                                                    { return sessionHint(); });
        addAndMakeVisible (view);

        setResizable (true, true);
        setResizeLimits (600, 440, 2400, 1600);
        setSize (1000, 640);
    }

    EarshotEditor::~EarshotEditor() = default;

    SessionHint EarshotEditor::sessionHint() const
    {
        // The processor keeps neither the host's tempo nor a session key yet: the toggle says
        // that the host has not told them, and fills nothing.
        SessionHint hint;
        hint.tempo = 0.0;
        hint.key = {};
        return hint;
    }

    void EarshotEditor::paint (juce::Graphics& g)
    {
        g.fillAll (juce::Colour (0xff101216));
    }

    void EarshotEditor::resized()
    {
        auto area = getLocalBounds();
        auto strip = area.removeFromTop (32).reduced (8, 4);
        syncButton.setBounds (strip.removeFromRight (140));
        view.setBounds (area);
    }
} // namespace earshot
