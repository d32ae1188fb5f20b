#include "EarshotEditor.h"

namespace earshot
{
    EarshotEditor::EarshotEditor (EarshotProcessor& processor)
        : AudioProcessorEditor (processor), plugin (processor), playAttachment (processor.parameters(), EarshotProcessor::playId, playButton), volumeAttachment (processor.parameters(), EarshotProcessor::volumeId, volumeSlider)
    {
        syncButton.setToggleState (plugin.syncToHost(), juce::dontSendNotification);
        syncButton.setTooltip ("Start and stop the preview with the host's transport");
        syncButton.onClick = [this]
        { plugin.setSyncToHost (syncButton.getToggleState()); };
        addAndMakeVisible (syncButton);
        addAndMakeVisible (playButton);
        addAndMakeVisible (volumeSlider);

        setResizable (true, true);
        setResizeLimits (600, 400, 2400, 1600);
        setSize (960, 600);
    }

    EarshotEditor::~EarshotEditor() = default;

    void EarshotEditor::paint (juce::Graphics& g)
    {
        g.fillAll (juce::Colour (0xff101216));
    }

    void EarshotEditor::resized()
    {
        auto area = getLocalBounds();
        auto strip = area.removeFromTop (36).reduced (8, 4);
        syncButton.setBounds (strip.removeFromLeft (130));
        playButton.setBounds (strip.removeFromLeft (80));
        volumeSlider.setBounds (strip.removeFromLeft (260));
        if (view != nullptr)
            view->setBounds (area);
    }
} // namespace earshot
