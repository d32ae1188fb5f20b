#pragma once

#include "Audio/LoopRender.h"
#include "Audio/PlaybackController.h"
#include "Audio/PreviewPlayer.h"
#include "Client/DaemonLauncher.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <mutex>
#include <optional>

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

        With sync on, the preview also plays in the host's tempo: the player's decode thread
        stretches it from the track's BPM to the host's (PreviewPlayer::followTempo), and it starts
        on the host's next bar. The pitch shift (a parameter, in semitones) fits it to the key the
        producer picked for the session (sessionKey, saved with the session; proposedPitchShift
        suggests the shift from the track's key).

        processBlock never blocks, allocates or locks: it reads the transport, hands the controller
        and the player its wishes through atomics and pulls the player's FIFO (tests/Plugin proves it by loading
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

        /** The host's tempo in BPM as its play head last reported it; 0 when it reports none (or
            before the first block). Any thread. */
        [[nodiscard]] double hostTempo() const noexcept { return hostBpm.load(); }
        /** The key the producer picked for the session ("Am", "F#"), empty when none; saved with the
            session. Not for the audio thread. */
        [[nodiscard]] juce::String sessionKey() const;
        /** Sets the session's key (empty for none); text that is not a key is refused with a clear
            error. Not for the audio thread. */
        [[nodiscard]] juce::Result setSessionKey (const juce::String& key);
        /** The pitch shift in semitones that takes the playing track's key to the session's, the
            nearest way round (track Am, session Bm: +2); nothing when either key is unknown. */
        [[nodiscard]] std::optional<int> proposedPitchShift() const;
        /** Loops the stretch from startSeconds to endSeconds of the selected track, each repeat on
            the host's bars in sync (PreviewPlayer::setLoop); saved with the session. An end not
            after the start clears it, as selecting another track does. Not for the audio thread. */
        void setLoopRegion (double startSeconds, double endSeconds);
        /** The loop's start and end in seconds of the track, when one is set. */
        [[nodiscard]] std::optional<std::pair<double, double>> loopRegion() const;

        /** What rendering the loop as heard would ask for now (the selected track, the loop region,
            the speed the player stretches it at, the pitch shift, the host's rate, the export
            folder); nothing without a track and a loop. */
        [[nodiscard]] std::optional<LoopRender::Request> loopRenderRequest() const;
        /** The loop rendered for dragging into the host (see LoopRender); the editor starts it. */
        [[nodiscard]] LoopRender& loopRender() noexcept { return loopRenderer; }

        /** What the tempo sync is doing, for the editor: the stretch, or why the preview plays
            unstretched. */
        [[nodiscard]] juce::String tempoStatus() const;

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
        static constexpr const char* pitchId = "pitch";

    private:
        static juce::AudioProcessorValueTreeState::ParameterLayout createLayout();

        juce::SharedResourcePointer<DaemonConnection> daemon;
        PreviewPlayer previewPlayer;
        PlaybackController playback;
        juce::AudioProcessorValueTreeState state;
        LoopRender loopRenderer;
        std::atomic<float>* volumeDecibels = nullptr;
        std::atomic<float>* playValue = nullptr;
        std::atomic<float>* pitchSemitones = nullptr;
        std::atomic<bool> sync { false };
        std::atomic<double> hostBpm { 0.0 };

        mutable std::mutex sessionMutex; // guards key and loop, which the message thread and a host's state calls share
        juce::String key;
        std::optional<std::pair<double, double>> loop;

        // The audio thread's own: the host's transport in the last block, and whether the preview
        // waits for the host's next bar to start.
        bool hostWasPlaying = false;
        bool waitingForBar = false;
        double sampleRate = 48000.0;

        juce::AudioBuffer<float> scratch;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (EarshotProcessor)
    };
} // namespace earshot
