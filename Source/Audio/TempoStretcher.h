#pragma once

#include <juce_audio_basics/juce_audio_basics.h>

#include <memory>

namespace RubberBand
{
    class RubberBandStretcher;
}

namespace earshot
{
    /** Why a player stretches a track, or why it plays it unstretched; readable from any thread. */
    enum class StretchStatus : int
    {
        off, ///< not asked to follow a host's tempo
        stretching, ///< following the host's tempo
        noHostTempo, ///< the host reports no tempo
        noTrackTempo, ///< the track's manifest has no BPM (neither a tag nor the daemon's estimate)
        outOfRange ///< the ratio of the two tempos lies outside TempoStretcher's limits
    };

    /** Changes a track's tempo and pitch block by block, between the decoder's output and the
        player's FIFO: RubberBand's stretcher (the R3 engine, in real-time mode, so the ratios can
        change while it runs), at the output's sample rate.

        A time ratio of 1 and a pitch scale of 1 pass the audio through untouched and cost nothing.
        Used by one thread only (the player's decode thread, or an offline render): it allocates, so
        never on the audio thread. */
    class TempoStretcher final
    {
    public:
        /** Slowest and fastest playback the stretcher is asked for: beyond half or twice the track's
            own tempo a stretch smears drums and voices past what a producer would audition with. */
        static constexpr double slowestSpeed = 0.5;
        static constexpr double fastestSpeed = 2.0;
        /** The pitch shift's limit, in semitones either way. */
        static constexpr int maxSemitones = 12;

        TempoStretcher();
        ~TempoStretcher();

        /** Whether playing a track of trackBpm at hostBpm stays within slowestSpeed..fastestSpeed. */
        [[nodiscard]] static bool speedInRange (double trackBpm, double hostBpm) noexcept;

        /** Starts afresh (a new track, or a seek) at sampleRate; nothing buffered is kept. */
        void reset (double sampleRate);
        /** Sets the speed (the output's tempo over the track's: 1.2 plays 100 BPM at 120) and the
            pitch shift in semitones; takes effect from the next block, without a reset. */
        void setTarget (double speed, double semitones);

        /** Audio stretched so far: a buffer and how many of its frames hold it. */
        struct Output
        {
            const juce::AudioBuffer<float>* audio = nullptr;
            int frames = 0;
        };

        /** Stretches the first frames frames of a stereo block. When neither tempo nor pitch changes
            the input comes back as it is; otherwise the output is valid until the next call and
            holds what the stretcher had ready (its first output, one start delay late, is dropped, so
            the track's first sample stays its first). */
        [[nodiscard]] Output process (const juce::AudioBuffer<float>& input, int frames);
        /** Ends the stream: the audio the stretcher still holds. */
        [[nodiscard]] Output finish();

        [[nodiscard]] bool isStretching() const noexcept { return stretching; }

    private:
        void makeStretcher();
        void retrieve();

        static constexpr size_t maxPiece = 1024;

        double rate = 48000.0;
        double speed = 1.0;
        double semitones = 0.0;
        bool stretching = false;
        std::unique_ptr<RubberBand::RubberBandStretcher> stretcher;
        int toDrop = 0; // output frames still to drop: the stretcher's start delay
        juce::AudioBuffer<float> stretched { 2, 8192 };
        int stretchedFrames = 0;
        juce::AudioBuffer<float> retrieved { 2, 8192 };

        JUCE_DECLARE_NON_COPYABLE (TempoStretcher)
    };
} // namespace earshot
