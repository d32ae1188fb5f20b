#pragma once

#include "Audio/PreviewPlayer.h"
#include "Core/TrackStatus.h"
#include "UI/PieceMapBar.h"
#include "UI/TrackCovers.h"
#include "UI/WaveformView.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>

namespace earshot
{
    /** The player bar: what is playing, play/pause and stop, the volume, a state line such as
        "Buffering 0.4 s · 6 peers · 410 KB/s", and the seek bar: the waveform as it fills in, over
        the piece map (played position, buffered audio, verified pieces, the critical window). A click
        on either seeks. Message thread only; the owner feeds it from the player's atomics on a timer. */
    class PlayerBar final : public juce::Component,
                            private juce::ChangeListener
    {
    public:
        /** Everything the bar shows. */
        struct Model
        {
            /** The track shown, for its cover; empty when none. */
            std::string trackId;
            juce::String title;
            juce::String artist;
            PlayerState state = PlayerState::idle;
            juce::String failureReason;
            double positionSeconds = 0.0;
            double durationSeconds = 0.0;
            double bufferedSeconds = 0.0;
            float volume = 1.0f;
            /** The playing track's swarm status (pieces, peers, rates, deadlines). */
            TrackStatus status;
            /** WaveformView's peaks. */
            std::vector<float> peaks;
        };

        PlayerBar();
        ~PlayerBar() override;

        void setModel (Model newModel);
        [[nodiscard]] const Model& model() const noexcept { return current; }

        /** "Buffering 0.4 s · 6 peers · 410 KB/s": the state, the seconds of audio buffered ahead,
            the swarm's peers and download rate. Failed shows "Failed: " and the reason; Idle
            "Nothing playing". */
        [[nodiscard]] static juce::String stateLine (PlayerState state, double bufferedSeconds, const TrackStatus& status, const juce::String& failureReason = {});
        /** The state line now shown. */
        [[nodiscard]] juce::String stateText() const;

        /** Where covers come from; none: the letter tile. The cache must outlive this bar. */
        void setCovers (TrackCovers* cache);
        /** Where the playing track's cover is drawn (empty while nothing is shown). */
        [[nodiscard]] juce::Rectangle<int> coverBounds() const;

        [[nodiscard]] PieceMapBar& pieceMap() noexcept { return map; }
        [[nodiscard]] WaveformView& waveform() noexcept { return wave; }

        std::function<void()> onPlayPause;
        std::function<void()> onStop;
        std::function<void (float)> onVolumeChange;
        /** A click on the seek bar: the position asked for, in seconds. */
        std::function<void (double)> onSeek;

        void paint (juce::Graphics& g) override;
        void resized() override;
        void mouseDown (const juce::MouseEvent& event) override;

    private:
        void changeListenerCallback (juce::ChangeBroadcaster*) override;
        void seekToFraction (double fraction);
        [[nodiscard]] bool showsPause() const noexcept;

        Model current;
        TrackCovers* covers = nullptr;
        bool pauseIconShown = false;
        WaveformView wave;
        PieceMapBar map;
        juce::DrawableButton playPause { "Play", juce::DrawableButton::ImageFitted };
        juce::DrawableButton stop { "Stop", juce::DrawableButton::ImageFitted };
        juce::Slider volume { juce::Slider::LinearHorizontal, juce::Slider::NoTextBox };
        juce::Rectangle<int> titleArea, stateArea, volumeIconArea, timeArea;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PlayerBar)
    };
} // namespace earshot
