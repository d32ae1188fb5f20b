#pragma once

#include "EarshotProcessor.h"
#include "LoopDragSource.h"
#include "UI/EarshotView.h"

#include <juce_audio_processors/juce_audio_processors.h>

namespace earshot
{
    /** The plugin's window: the shared Earshot view (library, inbox, friends, player) with the
        plugin's own strip on top: sync to host, what the tempo sync does (or why the preview plays
        unstretched), the session's key, and the pitch shift with the shift proposed from the
        track's key, and the loop chip (LoopDragSource) for the loop region a shift-drag on the seek
        bar picks. The player bar's play, stop and volume act through
        the automatable parameters, so the host sees and records them. The hub search's "Matches
        my session" reads the host's tempo and the session's key through sessionHint. */
    class EarshotEditor final : public juce::AudioProcessorEditor, private juce::Timer
    {
    public:
        explicit EarshotEditor (EarshotProcessor& earshotProcessor);
        ~EarshotEditor() override;

        void paint (juce::Graphics& g) override;
        void resized() override;

        /** The host's tempo and the session's key as the processor knows them, for the search. */
        [[nodiscard]] SessionHint sessionHint() const;

    private:
        void timerCallback() override;
        void keyChosen();

        EarshotProcessor& plugin;
        juce::ToggleButton syncButton { "Sync to host" };
        juce::Label tempoLabel;
        juce::ComboBox keyBox;
        juce::Slider pitchSlider { juce::Slider::IncDecButtons, juce::Slider::TextBoxLeft };
        juce::AudioProcessorValueTreeState::SliderAttachment pitchAttachment;
        juce::TextButton fitButton;
        LoopDragSource loopChip;
        EarshotView view;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (EarshotEditor)
    };
} // namespace earshot
