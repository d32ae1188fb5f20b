#pragma once

#include "EarshotProcessor.h"
#include "UI/EarshotView.h"

#include <juce_audio_processors/juce_audio_processors.h>

namespace earshot
{
    /** The plugin's window: the shared Earshot view (library, inbox, friends, player) with the
        plugin's own strip on top (sync to host). The player bar's play, stop and volume act through
        the automatable parameters, so the host sees and records them. The hub search's "Matches
        my session" reads the session through sessionHint. */
    class EarshotEditor final : public juce::AudioProcessorEditor
    {
    public:
        explicit EarshotEditor (EarshotProcessor& earshotProcessor);
        ~EarshotEditor() override;

        void paint (juce::Graphics& g) override;
        void resized() override;

        /** The host's tempo and the session's key as the processor knows them, for the search. */
        [[nodiscard]] SessionHint sessionHint() const;

    private:
        EarshotProcessor& plugin;
        juce::ToggleButton syncButton { "Sync to host" };
        EarshotView view;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (EarshotEditor)
    };
} // namespace earshot
