#pragma once

#include "EarshotProcessor.h"

#include <juce_audio_processors/juce_audio_processors.h>

namespace earshot
{
    /** The plugin's window: the shared Earshot view (library, inbox, friends, player) with the
        plugin's own strip on top: sync to host, play and volume tied to the automatable parameters. */
    class EarshotEditor final : public juce::AudioProcessorEditor
    {
    public:
        explicit EarshotEditor (EarshotProcessor& processor);
        ~EarshotEditor() override;

        void paint (juce::Graphics& g) override;
        void resized() override;

    private:
        EarshotProcessor& plugin;
        juce::ToggleButton syncButton { "Sync to host" };
        juce::ToggleButton playButton { "Play" };
        juce::Slider volumeSlider { juce::Slider::LinearHorizontal, juce::Slider::TextBoxRight };
        juce::AudioProcessorValueTreeState::ButtonAttachment playAttachment;
        juce::AudioProcessorValueTreeState::SliderAttachment volumeAttachment;
        std::unique_ptr<juce::Component> view;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (EarshotEditor)
    };
} // namespace earshot
