#pragma once

#include "Client/DaemonClient.h"
#include "Client/TrackInputStream.h"
#include "Core/BufferTarget.h"
#include "LoudnessMatcher.h"
#include "PlaybackFifo.h"
#include "TempoStretcher.h"
#include "WaveformPeaks.h"

#include <juce_audio_basics/juce_audio_basics.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace earshot
{
    class TrackDecoder;
    class TrackQueue;

    /** What a PreviewPlayer is doing, readable from any thread without a lock. */
    enum class PlayerState : int
    {
        idle, ///< nothing loaded
        connecting, ///< asking the daemon for the track and waiting for its header to arrive
        buffering, ///< decoding; audio starts once enough is buffered
        playing,
        starving, ///< the buffer ran dry while playing: silence, a counted stall, until it refills
        paused,
        ended, ///< the queue played to its end
        failed ///< see failureReason()
    };

    [[nodiscard]] const char* toString (PlayerState state) noexcept;

    /** Plays tracks while earshotd is still fetching them from the swarm.

        A decode thread reads the track through a TrackInputStream, decodes it and resamples it to
        the output's rate (TrackDecoder), and writes it into a lock-free FIFO (PlaybackFifo); the
        queue's next track is opened early (TrackQueue), so it follows without a gap. render() is
        the audio callback: it only reads that FIFO, applies the volume and each track's
        loudness-matching gain (LoudnessMatcher) and reports through
        atomics. It never blocks, allocates or takes a lock (tests/Audio proves it).

        Control calls (play, pause, seek, ...) come from any thread but the audio thread; they hand
        the decode thread a command and return at once. */
    class PreviewPlayer final
    {
    public:
        struct Options
        {
            /** Audio buffered before playback starts (or resumes after a seek), at least. */
            double startSeconds = 0.1;
            /** Audio buffered before playback resumes after a stall, at least, so it does not stutter. */
            double resumeSeconds = 0.5;
            /** Whether to hold more than those when the track's bytes arrive slower than it plays:
                the decode thread measures the arrival rate (TrackInputStream::arrivalBytesPerSecond)
                and asks for what keeps the buffer ahead of the playhead (Core's BufferTarget). */
            bool followArrivalRate = true;
            /** The most audio (in the FIFO and the stream together) that following the arrival
                rate holds back before playing; within what the stream reads ahead. */
            double maxBufferSeconds = 20.0;
            /** How far ahead the start keeps the buffer fed, at the rate measured so far; a resume
                after a stall looks ahead to the track's end. */
            double startHorizonSeconds = 5.0;
            /** Capacity of the FIFO between the decode thread and render(). */
            double fifoSeconds = 4.0;
            /** The queue's next track starts arriving when the current one has this much left to decode. */
            double prefetchSeconds = 15.0;
            TrackInputStream::Options stream;
        };

        PreviewPlayer (std::shared_ptr<DaemonClient> client, Options options);
        explicit PreviewPlayer (std::shared_ptr<DaemonClient> client);
        ~PreviewPlayer();

        //==============================================================================
        /** Sets the output's rate and largest block. Call it before play(), while render() is not running
            (a device's audioDeviceAboutToStart): it resizes the FIFO. */
        void prepare (double sampleRate, int maximumBlockSize);
        /** The audio callback: writes numFrames frames to each of numChannels outputs. Real-time safe. */
        void render (float* const* outputs, int numChannels, int numFrames) noexcept;

        //==============================================================================
        /** Plays a track (an id or a unique prefix) from startSeconds, replacing what was playing and the queue. */
        void play (const std::string& trackId, double startSeconds = 0.0);
        /** Adds a track to the queue; it is prefetched as the one before it nears its end. */
        void enqueue (const std::string& trackId);
        void pause();
        void resume();
        void seek (double seconds);
        void stop();
        /** Linear gain, 0 to 2; changes are ramped over one block. */
        void setVolume (float gain) noexcept;
        /** Plays each track at the gain that brings its manifest's loudness to a common level
            (Core's loudnessMatch: -16 LUFS, at most +6 dB and -20 dB; a track of unknown loudness
            at unity), on top of the volume. On by default; a listener's setting turns it off. The
            gain changes where a track's audio starts, ramped over one block. Lock-free: any thread. */
        void setLoudnessMatching (bool shouldMatch) noexcept { loudness.setEnabled (shouldMatch); }
        [[nodiscard]] bool loudnessMatching() const noexcept { return loudness.enabled(); }

        /** Follows a host's tempo (the plugin's "sync to host"): the decode thread stretches the track
            from its manifest's BPM to hostBpm (0 when the host reports none), and re-targets the
            stretcher from its next block when hostBpm changes. follow false plays the track at its own
            tempo. A track of unknown BPM, a host without a tempo, or a speed outside
            TempoStretcher's limits plays unstretched: stretchStatus() says why. quartersPerBar (the
            host's time signature: 4 in 4/4, 3 in 6/8) sets the bars a loop's repeats fill. Lock-free:
            the audio thread calls it every block. */
        void followTempo (bool follow, double hostBpm, double quartersPerBar = 4.0) noexcept;
        /** Shifts the pitch by semitones (-12 to 12; 0 leaves it), on the decode thread, from its
            next block. Lock-free. */
        void setPitchShift (double semitones) noexcept;
        [[nodiscard]] double pitchShift() const noexcept { return pitchSemitones.load(); }
        /** Whether the track is being stretched to the host's tempo, or why not. */
        [[nodiscard]] StretchStatus stretchStatus() const noexcept { return static_cast<StretchStatus> (stretchState.load()); }
        /** The output's tempo over the track's as the decode thread last stretched it (1 unstretched). */
        [[nodiscard]] double playbackSpeed() const noexcept { return playedSpeed.load(); }
        /** The current track's tempo from its manifest (a tag or the daemon's estimate); 0 when unknown. */
        [[nodiscard]] double trackTempo() const noexcept { return trackBpm.load(); }
        /** The current track's musical key from its manifest (e.g. "F#m"), empty when unknown; takes
            a lock, so not for the audio thread. */
        [[nodiscard]] std::string currentTrackKey() const;

        /** Plays the stretch from startSeconds to endSeconds of the track over and over (and seeks
            to its start now, so its pieces are fetched first): each repeat lasts a whole number of
            the host's bars at its tempo while following it (the stretched region rounded to the
            nearest bar, at least one, the rest silence), or the region's own length otherwise.
            Repeats follow each other in the FIFO without a gap, so they stay sample-aligned to the
            bars the first one started on. Kept across play() until clearLoop(). Not for the audio
            thread. */
        void setLoop (double startSeconds, double endSeconds);
        /** Plays on past the loop's end from where it is. */
        void clearLoop();
        /** Output frames one repeat of a region of regionSeconds lasts at speed (the output's tempo
            over the track's) for a host at hostBpm with quartersPerBar: whole bars when hostBpm is
            known, else the stretched region itself. */
        [[nodiscard]] static double loopRepeatFrames (double regionSeconds, double speed, double hostBpm, double quartersPerBar, double sampleRate) noexcept;

        /** The audio callback's alternative to render() while its owner holds the output back (the
            plugin waiting for the host's next bar): puts out nothing and keeps what is buffered, but
            answers a flush or a new request as render() does. Real-time safe. */
        void hold() noexcept;
        /** Whether render() would put out the track's audio now: it is playing, or buffered enough
            to start. Real-time safe. */
        [[nodiscard]] bool readyToStart() const noexcept;

        //==============================================================================
        [[nodiscard]] PlayerState state() const noexcept;
        /** Why the player failed; meaningful while state() is failed. */
        [[nodiscard]] const char* failureReason() const noexcept;
        [[nodiscard]] double bufferedSeconds() const noexcept;
        [[nodiscard]] double positionSeconds() const noexcept;
        [[nodiscard]] double durationSeconds() const noexcept;
        /** Times the buffer ran dry while playing, since the last play(). */
        [[nodiscard]] int stalls() const noexcept;
        [[nodiscard]] float volume() const noexcept;
        /** How many tracks of the queue have started playing since the last play(). */
        [[nodiscard]] int tracksStarted() const noexcept;
        /** The track now playing; takes a lock, so not for the audio thread. */
        [[nodiscard]] std::string currentTrack() const;

        /** Milliseconds from the latest play() or seek() to the first block in which render() put
            out the track's audio for it, negative until then. Silence in the track counts: a track
            that opens quietly starts playing at its first sample, not when it gets loud. */
        [[nodiscard]] double latestRequestToAudioMs() const noexcept;
        /** When render() put out that first block, as std::chrono::steady_clock's nanoseconds since
            its epoch (CLOCK_MONOTONIC, the same in every process of the machine, so another process
            can time a launch against it); negative until then. */
        [[nodiscard]] std::int64_t latestAudioSteadyNs() const noexcept;

        /** Peaks of the current track's audio as the decode thread decodes it: it decodes only
            ahead of the playhead, so the waveform fills in as the track plays and buffers. Reset
            when a track starts (a new play(), or the queue's next track as its decoding begins);
            read it from any thread without a lock. */
        [[nodiscard]] const WaveformPeaks& waveform() const noexcept;

    private:
        /** render()'s part of a seek or a new track: drops what is buffered and buffers again. */
        void discardForRequest() noexcept;
        void decodeLoop();
        /** Opens a track (from the prefetch when it is that track) and positions it; false on failure. */
        bool openTrack (const std::string& trackId, double startSeconds);
        void closeTrack();
        void seekDecoder (double seconds);
        /** One decode step: read, resample, hand to render(). */
        void decodeBlock (std::uint32_t takenGeneration);
        [[nodiscard]] bool superseded() const;
        void fail (const std::string& reason);
        /** Waits for room as render() drains the FIFO; gives up when a command needs the thread. */
        void writeToFifo (const juce::AudioBuffer<float>& source, int frames);
        void markRequest() noexcept;
        /** Sets the stretcher for the host's tempo and the pitch shift as they are now (decode thread). */
        void updateStretch();
        /** Waits while more than a short stretch is buffered, so a tempo change is heard soon. */
        void waitForStretchRoom();
        /** Most audio the FIFO holds while stretching: a little more than a stall's refill. */
        [[nodiscard]] double stretchRoomSeconds() const noexcept { return options.resumeSeconds + 0.25; }
        /** Writes a block's audio within the loop's repeat (decode thread). */
        void writeLooped (const juce::AudioBuffer<float>& source, int frames);
        /** Fills the rest of the repeat with silence and starts the next at the region's start. */
        void repeatLoop();
        /** The region's start and end when a loop is set. */
        [[nodiscard]] std::optional<std::pair<double, double>> loopRegion() const;
        /** The decode thread's part of the start and resume thresholds: what render() waits for
            before it plays, from the stream's arrival rate (see Options::followArrivalRate). */
        void updateThresholds();
        void resetThresholds() noexcept;

        const std::shared_ptr<DaemonClient> client;
        const Options options;

        // Shared with render(): atomics and the FIFO only.
        PlaybackFifo fifo;
        LoudnessMatcher loudness;
        std::atomic<double> outputRate { 48000.0 };
        std::atomic<int> playerState { static_cast<int> (PlayerState::idle) };
        std::atomic<bool> paused { false };
        std::atomic<bool> decodeFinished { false };
        std::atomic<int> stallCount { 0 };
        std::atomic<int> tracksStartedCount { 0 };
        std::atomic<float> targetGain { 1.0f };
        float currentGain = 1.0f; // render() only
        std::atomic<int> startFrames { 0 }; // written by the decode thread, read by render()
        std::atomic<int> resumeFrames { 0 };
        std::atomic<double> decodedSeconds { 0.0 };
        std::atomic<double> trackSeconds { 0.0 };
        std::atomic<bool> followHost { false };
        std::atomic<double> hostTempoBpm { 0.0 };
        std::atomic<double> hostQuartersPerBar { 4.0 };
        std::atomic<double> pitchSemitones { 0.0 };
        std::atomic<double> trackBpm { 0.0 };
        std::atomic<double> playedSpeed { 1.0 }; // the output's tempo over the track's
        std::atomic<int> stretchState { static_cast<int> (StretchStatus::off) };
        std::atomic<std::uint32_t> requestGeneration { 0 };
        std::atomic<std::uint32_t> appliedGeneration { 0 };
        std::atomic<std::int64_t> requestNs { 0 };
        std::atomic<std::uint32_t> outputGeneration { 0 }; // the request whose first audio was put out
        std::atomic<std::int64_t> outputNs { 0 };
        WaveformPeaks waveformPeaks; // written by the decode thread only
        char reason[512] {};

        // Control → decode thread.
        struct Commands
        {
            std::optional<std::pair<std::string, double>> play;
            std::optional<double> seek;
            bool stop = false;
            std::deque<std::string> enqueued;
        };
        mutable std::mutex commandMutex;
        std::condition_variable commandArrived;
        Commands commands;
        bool quit = false;
        std::string playingTrack;
        std::string playingKey;
        std::optional<std::pair<double, double>> loop; // start and end seconds of the track

        /** The stream the decoder is blocked on, so stop() and play() can cut a long wait short. */
        mutable std::mutex streamMutex;
        TrackInputStream* activeStream = nullptr;

        // The decode thread's own.
        std::unique_ptr<TrackDecoder> decoder;
        std::unique_ptr<TrackQueue> queue;
        TempoStretcher stretcher;
        // The loop's repeat being written: its frames so far, of the region's audio and in all.
        double repeatFrames = 0.0; // frames the repeat lasts; 0 before the first
        double repeatContentFrames = 0.0;
        double repeatWritten = 0.0;
        double repeatDebt = 0.0; // fractions of a frame carried from one repeat to the next
        juce::AudioBuffer<float> silence { 2, 4096 };
        std::thread decodeThread;

        JUCE_DECLARE_NON_COPYABLE (PreviewPlayer)
    };
} // namespace earshot
