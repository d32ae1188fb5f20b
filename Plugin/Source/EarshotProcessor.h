#pragma once

#include "Audio/PlaybackController.h"
#include "Audio/PreviewPlayer.h"
#include "Client/DaemonLauncher.h"

#include <juce_audio_processors/juce_audio_processors.h>

namespace earshot
{
    /** The Earshot plugin: previews a track from the swarm through the plugin's output into the
        host's mix (the input passes through, the preview is added to it).

        Volume and play are automatable parameters. The selected track and "sync to host" (play and
        stop with the host's transport) are saved with the host's session, with the parameters.
        Every instance in a process shares one connection to the local earshotd; each has its own
        player.

        Hosts instantiate every plugin they scan, so making, preparing, running or destroying one,
        or opening its editor, starts no earshotd (a started one joins the swarm and outlives the
        host): it talks to a daemon that already answers, and starts one in the background only
        when the user first asks for music, that is when a selected track is to play (Play on, or
        the host's transport with sync on, also for a restored session), or from the editor (see
        EarshotView::setDaemonConnection).

        processBlock never blocks, allocates or locks: it reads the transport, hands the controller
        its wishes through atomics and pulls the player's FIFO (tests/Plugin proves it by loading
        the built VST3 and LV2 as a host would). */
    class EarshotProcessor final : public juce::AudioProcessor
    {
    public:
        EarshotProcessor();
        ~EarshotProcessor() override;

        //==============================================================================
        void prepareToPlay (double sampleRate, int maximumExpectedSamplesPerBlock) override;
        void releaseResources() override;
        bool isBusesLayoutSupported (const BusesLayout& layouts) const override;
        void processBlock (juce::AudioBuffer<float>& buffer, juce::MidiBuffer& midi) override;
        using juce::AudioProcessor::processBlock;

        //==============================================================================
        juce::AudioProcessorEditor* createEditor() override;
        bool hasEditor() const override { return true; }

        const juce::String getName() const override { return "Earshot"; }
        bool acceptsMidi() const override { return false; }
        bool producesMidi() const override { return false; }
        bool isMidiEffect() const override { return false; }
        double getTailLengthSeconds() const override { return 0.0; }

        int getNumPrograms() override { return 1; }
        int getCurrentProgram() override { return 0; }
        void setCurrentProgram (int) override {}
        /** The one program's name, which hosts list (the LV2 preset's label). */
        const juce::String getProgramName (int) override { return "Swarm preview"; }
        void changeProgramName (int, const juce::String&) override {}

        void getStateInformation (juce::MemoryBlock& destData) override;
        void setStateInformation (const void* data, int sizeInBytes) override;

        //==============================================================================
        /** Selects the track to preview (an id); it starts when play is on (or the host's transport
            runs, with sync on). */
        void selectTrack (const juce::String& trackId);
        void selectTrack (const std::string& trackId) { selectTrack (juce::String (trackId)); }
        [[nodiscard]] juce::String selectedTrack() const;

        void setSyncToHost (bool shouldSync);
        [[nodiscard]] bool syncToHost() const noexcept { return sync.load(); }

        [[nodiscard]] juce::AudioProcessorValueTreeState& parameters() noexcept { return state; }
        [[nodiscard]] PreviewPlayer& player() noexcept { return previewPlayer; }
        [[nodiscard]] PlaybackController& controller() noexcept { return playback; }
        [[nodiscard]] std::shared_ptr<DaemonClient> client() const { return daemon->client(); }
        /** The local earshotd, shared by the instances in this process; nothing starts it until
            the user asks for music. */
        [[nodiscard]] DaemonConnection& daemonConnection() const noexcept { return *daemon; }

        /** The gain the volume parameter stands for (its value is in decibels; the bottom is silence). */
        [[nodiscard]] static float gainForDecibels (float decibels) noexcept;

        static constexpr const char* volumeId = "volume";
        static constexpr const char* playId = "play";

    private:
        static juce::AudioProcessorValueTreeState::ParameterLayout createLayout();

        juce::SharedResourcePointer<DaemonConnection> daemon;
        PreviewPlayer previewPlayer;
        PlaybackController playback;
        juce::AudioProcessorValueTreeState state;
        std::atomic<float>* volumeDecibels = nullptr;
        std::atomic<float>* playValue = nullptr;
        std::atomic<bool> sync { false };

        juce::AudioBuffer<float> scratch;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (EarshotProcessor)
    };
} // namespace earshot
