#include "PreviewPlayer.h"

#include "TrackDecoder.h"
#include "TrackQueue.h"

#include "Core/LoudnessMatch.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

namespace earshot
{
    namespace
    {
        std::int64_t nowNs() noexcept
        {
            return std::chrono::duration_cast<std::chrono::nanoseconds> (std::chrono::steady_clock::now().time_since_epoch()).count();
        }
    } // namespace

    const char* toString (PlayerState state) noexcept
    {
        switch (state)
        {
            case PlayerState::idle:
                return "Idle";
            case PlayerState::connecting:
                return "Connecting";
            case PlayerState::buffering:
                return "Buffering";
            case PlayerState::playing:
                return "Playing";
            case PlayerState::starving:
                return "Starving";
            case PlayerState::paused:
                return "Paused";
            case PlayerState::ended:
                return "Ended";
            case PlayerState::failed:
                return "Failed";
        }
        return "Unknown";
    }

    //==============================================================================
    PreviewPlayer::PreviewPlayer (std::shared_ptr<DaemonClient> clientToUse, Options opts)
        : client (std::move (clientToUse))
        , options (opts)
        , decoder (std::make_unique<TrackDecoder>())
        , queue (std::make_unique<TrackQueue> (client, options.stream))
    {
        prepare (48000.0, 512);
        decodeThread = std::thread ([this]
                                    { decodeLoop(); });
    }

    PreviewPlayer::PreviewPlayer (std::shared_ptr<DaemonClient> clientToUse)
        : PreviewPlayer (std::move (clientToUse), Options {})
    {
    }

    PreviewPlayer::~PreviewPlayer()
    {
        {
            std::lock_guard lock (commandMutex);
            quit = true;
        }
        {
            std::lock_guard lock (streamMutex);
            if (activeStream != nullptr)
                activeStream->cancel();
        }
        queue->cancel();
        commandArrived.notify_all();
        decodeThread.join();
    }

    void PreviewPlayer::prepare (double sampleRate, int maximumBlockSize)
    {
        juce::ignoreUnused (maximumBlockSize);
        fifo.setCapacity (std::max (4096, static_cast<int> (sampleRate * options.fifoSeconds)));
        outputRate.store (sampleRate);
        resetThresholds();
        // The decode thread resamples for the new rate from its next track or seek.
    }

    //==============================================================================
    void PreviewPlayer::render (float* const* outputs, int numChannels, int numFrames) noexcept
    {
        fifo.readerCalled();

        for (int channel = 0; channel < numChannels; ++channel)
            if (outputs[channel] != nullptr)
                juce::FloatVectorOperations::clear (outputs[channel], numFrames);

        // A seek or a new track: drop what is buffered and wait for the new audio (not a stall).
        if (const auto flush = fifo.pendingFlush())
        {
            discardForRequest();
            fifo.flushDone (*flush);
            return;
        }

        // A play() or seek() the decode thread has not yet acted on: whatever is buffered is from
        // before it, so none of it is heard.
        const auto generation = requestGeneration.load (std::memory_order_acquire);
        if (generation != appliedGeneration.load (std::memory_order_acquire))
        {
            discardForRequest();
            return;
        }

        auto state = static_cast<PlayerState> (playerState.load (std::memory_order_acquire));
        if (paused.load (std::memory_order_relaxed) || state == PlayerState::idle || state == PlayerState::connecting || state == PlayerState::failed || state == PlayerState::ended)
            return;

        const int ready = fifo.ready();
        const bool finished = decodeFinished.load (std::memory_order_acquire);

        if (state == PlayerState::buffering || state == PlayerState::starving)
        {
            const auto needed = (state == PlayerState::buffering ? startFrames : resumeFrames).load (std::memory_order_relaxed);
            if (ready > 0 && (ready >= needed || finished))
            {
                auto expected = static_cast<int> (state);
                if (playerState.compare_exchange_strong (expected, static_cast<int> (PlayerState::playing), std::memory_order_acq_rel))
                    state = PlayerState::playing;
            }
            else
            {
                if (finished && ready == 0)
                {
                    auto expected = static_cast<int> (state);
                    playerState.compare_exchange_strong (expected, static_cast<int> (PlayerState::ended), std::memory_order_acq_rel);
                }
                return;
            }
        }
        if (state != PlayerState::playing)
            return;

        const int frames = std::min (numFrames, ready);
        const float startGain = currentGain;
        const float endGain = targetGain.load (std::memory_order_relaxed) * loudness.gainBefore (fifo.framesRead() + static_cast<std::uint64_t> (frames));
        fifo.read (outputs, numChannels, frames);

        // Gain ramps linearly across the block from the last block's gain to the target.
        for (int channel = 0; channel < std::min (numChannels, 2) && frames > 0; ++channel)
        {
            auto* out = outputs[channel];
            if (out == nullptr)
                continue;
            if (startGain == endGain)
            {
                if (endGain != 1.0f)
                    juce::FloatVectorOperations::multiply (out, endGain, frames);
            }
            else
            {
                const float step = (endGain - startGain) / static_cast<float> (frames);
                for (int i = 0; i < frames; ++i)
                    out[i] *= startGain + step * static_cast<float> (i);
            }
        }
        currentGain = endGain;

        // The first frames put out for this play() or seek() are its first audio, silent or not: a
        // track that opens quietly is playing from its first sample.
        if (frames > 0 && outputGeneration.load (std::memory_order_relaxed) != generation)
        {
            outputNs.store (nowNs(), std::memory_order_relaxed);
            outputGeneration.store (generation, std::memory_order_release);
        }

        if (frames < numFrames)
        {
            auto expected = static_cast<int> (PlayerState::playing);
            if (finished && fifo.ready() == 0)
                playerState.compare_exchange_strong (expected, static_cast<int> (PlayerState::ended), std::memory_order_acq_rel);
            else if (playerState.compare_exchange_strong (expected, static_cast<int> (PlayerState::starving), std::memory_order_acq_rel))
                stallCount.fetch_add (1, std::memory_order_relaxed);
        }
    }

    void PreviewPlayer::hold() noexcept
    {
        fifo.readerCalled();
        if (const auto flush = fifo.pendingFlush())
        {
            discardForRequest();
            fifo.flushDone (*flush);
            return;
        }
        if (requestGeneration.load (std::memory_order_acquire) != appliedGeneration.load (std::memory_order_acquire))
            discardForRequest();
    }

    bool PreviewPlayer::readyToStart() const noexcept
    {
        if (paused.load (std::memory_order_relaxed) || fifo.pendingFlush())
            return false;
        if (requestGeneration.load (std::memory_order_acquire) != appliedGeneration.load (std::memory_order_acquire))
            return false;
        const auto state = static_cast<PlayerState> (playerState.load (std::memory_order_acquire));
        const int ready = fifo.ready();
        if (state == PlayerState::playing)
            return ready > 0;
        if (state != PlayerState::buffering && state != PlayerState::starving)
            return false;
        const auto needed = static_cast<int> (outputRate.load (std::memory_order_relaxed) * (state == PlayerState::buffering ? options.startSeconds : options.resumeSeconds));
        return ready > 0 && (ready >= needed || decodeFinished.load (std::memory_order_acquire));
    }

    void PreviewPlayer::discardForRequest() noexcept
    {
        fifo.discard();
        for (auto from : { PlayerState::playing, PlayerState::starving })
        {
            auto expected = static_cast<int> (from);
            playerState.compare_exchange_strong (expected, static_cast<int> (PlayerState::buffering), std::memory_order_acq_rel);
        }
    }

    //==============================================================================
    void PreviewPlayer::play (const std::string& trackId, double startSeconds)
    {
        {
            std::lock_guard lock (commandMutex);
            commands = {};
            commands.play = std::make_pair (trackId, std::max (0.0, startSeconds));
            markRequest();
        }
        paused.store (false);
        {
            std::lock_guard lock (streamMutex);
            if (activeStream != nullptr)
                activeStream->cancel(); // a decoder waiting on the old track stops waiting
        }
        commandArrived.notify_all();
    }

    void PreviewPlayer::enqueue (const std::string& trackId)
    {
        {
            std::lock_guard lock (commandMutex);
            commands.enqueued.push_back (trackId);
        }
        commandArrived.notify_all();
    }

    void PreviewPlayer::pause()
    {
        paused.store (true);
    }

    void PreviewPlayer::resume()
    {
        paused.store (false);
    }

    void PreviewPlayer::seek (double seconds)
    {
        {
            std::lock_guard lock (commandMutex);
            commands.seek = std::max (0.0, seconds);
            markRequest();
        }
        {
            // A decoder waiting for bytes at the old position lets go of them now.
            std::lock_guard lock (streamMutex);
            if (activeStream != nullptr)
                activeStream->interruptReads();
        }
        commandArrived.notify_all();
    }

    void PreviewPlayer::stop()
    {
        {
            std::lock_guard lock (commandMutex);
            commands = {};
            commands.stop = true;
        }
        {
            std::lock_guard lock (streamMutex);
            if (activeStream != nullptr)
                activeStream->cancel();
        }
        commandArrived.notify_all();
    }

    void PreviewPlayer::setVolume (float gain) noexcept
    {
        targetGain.store (std::clamp (gain, 0.0f, 2.0f));
    }

    void PreviewPlayer::followTempo (bool follow, double hostBpm, double quartersPerBar) noexcept
    {
        followHost.store (follow, std::memory_order_relaxed);
        hostTempoBpm.store (std::max (0.0, hostBpm), std::memory_order_relaxed);
        hostQuartersPerBar.store (quartersPerBar > 0.0 ? quartersPerBar : 4.0, std::memory_order_relaxed);
    }

    void PreviewPlayer::setLoop (double startSeconds, double endSeconds)
    {
        startSeconds = std::max (0.0, startSeconds);
        if (endSeconds <= startSeconds)
        {
            clearLoop();
            return;
        }
        {
            std::lock_guard lock (commandMutex);
            loop = std::make_pair (startSeconds, endSeconds);
        }
        seek (startSeconds);
    }

    void PreviewPlayer::clearLoop()
    {
        std::lock_guard lock (commandMutex);
        loop.reset();
    }

    std::optional<std::pair<double, double>> PreviewPlayer::loopRegion() const
    {
        std::lock_guard lock (commandMutex);
        return loop;
    }

    double PreviewPlayer::loopRepeatFrames (double regionSeconds, double speed, double hostBpm, double quartersPerBar, double sampleRate) noexcept
    {
        const double stretchedSeconds = regionSeconds / std::max (speed, 1.0e-3);
        if (hostBpm <= 0.0)
            return stretchedSeconds * sampleRate;
        const double barSeconds = quartersPerBar * 60.0 / hostBpm;
        const double bars = std::max (1.0, std::round (stretchedSeconds / barSeconds));
        return bars * barSeconds * sampleRate;
    }

    void PreviewPlayer::setPitchShift (double semitones) noexcept
    {
        const auto limit = static_cast<double> (TempoStretcher::maxSemitones);
        pitchSemitones.store (std::clamp (semitones, -limit, limit), std::memory_order_relaxed);
    }

    std::string PreviewPlayer::currentTrackKey() const
    {
        std::lock_guard lock (commandMutex);
        return playingKey;
    }

    void PreviewPlayer::markRequest() noexcept
    {
        requestNs.store (nowNs(), std::memory_order_relaxed);
        requestGeneration.fetch_add (1, std::memory_order_release);
    }

    //==============================================================================
    PlayerState PreviewPlayer::state() const noexcept
    {
        const auto state = static_cast<PlayerState> (playerState.load (std::memory_order_acquire));
        if (paused.load() && (state == PlayerState::buffering || state == PlayerState::playing || state == PlayerState::starving))
            return PlayerState::paused;
        return state;
    }

    const char* PreviewPlayer::failureReason() const noexcept
    {
        return reason;
    }

    double PreviewPlayer::bufferedSeconds() const noexcept
    {
        return fifo.ready() / outputRate.load();
    }

    double PreviewPlayer::positionSeconds() const noexcept
    {
        // What is buffered is stretched: it stands for fewer (faster) or more seconds of the track.
        return std::max (0.0, decodedSeconds.load() - bufferedSeconds() * playedSpeed.load());
    }

    double PreviewPlayer::durationSeconds() const noexcept
    {
        return trackSeconds.load();
    }

    int PreviewPlayer::stalls() const noexcept
    {
        return stallCount.load();
    }

    float PreviewPlayer::volume() const noexcept
    {
        return targetGain.load();
    }

    int PreviewPlayer::tracksStarted() const noexcept
    {
        return tracksStartedCount.load();
    }

    std::string PreviewPlayer::currentTrack() const
    {
        std::lock_guard lock (commandMutex);
        return playingTrack;
    }

    const WaveformPeaks& PreviewPlayer::waveform() const noexcept
    {
        return waveformPeaks;
    }

    double PreviewPlayer::latestRequestToAudioMs() const noexcept
    {
        // Generation 0 is the player before its first play(): nothing was asked for or put out yet.
        const auto output = outputGeneration.load (std::memory_order_acquire);
        if (output == 0 || output != requestGeneration.load (std::memory_order_acquire))
            return -1.0;
        return static_cast<double> (outputNs.load() - requestNs.load()) / 1.0e6;
    }

    std::int64_t PreviewPlayer::latestAudioSteadyNs() const noexcept
    {
        const auto output = outputGeneration.load (std::memory_order_acquire);
        if (output == 0 || output != requestGeneration.load (std::memory_order_acquire))
            return -1;
        return outputNs.load();
    }

    //==============================================================================
    void PreviewPlayer::fail (const std::string& why)
    {
        const auto length = std::min (why.size(), sizeof (reason) - 1);
        std::memcpy (reason, why.data(), length);
        reason[length] = '\0';
        playerState.store (static_cast<int> (PlayerState::failed), std::memory_order_release);
    }

    void PreviewPlayer::writeToFifo (const juce::AudioBuffer<float>& source, int frames)
    {
        // Full: wait for render() to drain some, unless a command needs the thread (the rest of the
        // block is then dropped: every such command flushes the FIFO). Bytes pile up in the stream
        // meanwhile, which lowers what the FIFO must hold before playing.
        (void) fifo.write (source, frames, [this]
                           {
                               {
                                   std::unique_lock lock (commandMutex);
                                   if (quit || commands.play || commands.seek || commands.stop)
                                       return false;
                                   commandArrived.wait_for (lock, std::chrono::milliseconds (5));
                               }
                               updateThresholds();
                               return true; });
    }

    void PreviewPlayer::resetThresholds() noexcept
    {
        const auto rate = outputRate.load();
        startFrames.store (static_cast<int> (rate * options.startSeconds));
        resumeFrames.store (static_cast<int> (rate * options.resumeSeconds));
    }

    void PreviewPlayer::updateThresholds()
    {
        const auto rate = outputRate.load();
        // Stretched, the FIFO is kept short (waitForStretchRoom) and the stream holds the rest.
        const auto capacity = stretcher.isStretching() ? stretchRoomSeconds() : options.fifoSeconds;
        const auto length = trackSeconds.load();
        if (! options.followArrivalRate || activeStream == nullptr || length <= 0.0)
        {
            resetThresholds();
            return;
        }

        // The audio already here: the FIFO's, and the stream's bytes the decoder has yet to take.
        // All in seconds of output: a track played faster (stretched to a quicker host) is used
        // up faster, so its bytes last fewer seconds.
        const auto speed = std::max (0.01, playedSpeed.load());
        const auto bytesPerSecondOfAudio = static_cast<double> (activeStream->getTotalLength()) / length * speed;
        const auto arrival = activeStream->arrivalBytesPerSecond();
        const auto ratio = arrival ? std::optional<double> (*arrival / bytesPerSecondOfAudio) : std::nullopt;
        const auto streamAhead = static_cast<double> (activeStream->bytesReadyAhead()) / bytesPerSecondOfAudio;
        const auto remaining = std::max (0.0, length - positionSeconds()) / speed;

        // Most the FIFO and the stream's read-ahead can hold together: a target beyond it would
        // never be met.
        const auto holdable = 0.9 * (capacity + static_cast<double> (options.stream.readAheadBytes) / bytesPerSecondOfAudio);

        // What the FIFO must hold itself: the target less what the stream holds. A target above
        // what the FIFO takes is met once the FIFO is full and the stream has piled up the rest
        // (the decode thread recomputes while it waits for room).
        const auto fifoSecondsFor = [&] (double floor, double horizon)
        {
            BufferTarget target;
            target.floorSeconds = floor;
            target.unknownRateSeconds = std::max (floor, options.resumeSeconds);
            target.horizonSeconds = horizon;
            target.ceilingSeconds = std::min (options.maxBufferSeconds, holdable);
            const auto total = target.secondsToBuffer (ratio, remaining);
            return std::max (floor, total - streamAhead);
        };
        // The start looks ahead startHorizonSeconds only: a stream's first seconds arrive slower
        // than the rest while the peers are dialled and unchoked. After a stall the rate measured
        // is the swarm's own, and the resume looks ahead to the track's end.
        startFrames.store (static_cast<int> (rate * fifoSecondsFor (options.startSeconds, options.startHorizonSeconds)));
        resumeFrames.store (static_cast<int> (rate * fifoSecondsFor (options.resumeSeconds, remaining)));
    }

    //==============================================================================
    bool PreviewPlayer::superseded() const
    {
        // A newer play() or stop() cancels the stream a decoder may be waiting on; the short read
        // that follows is that command's doing, not a failure of the track.
        std::lock_guard lock (commandMutex);
        return quit || commands.play.has_value() || commands.stop;
    }

    void PreviewPlayer::closeTrack()
    {
        {
            std::lock_guard lock (streamMutex);
            activeStream = nullptr;
        }
        decoder->close();
    }

    void PreviewPlayer::seekDecoder (double seconds)
    {
        decoder->seek (seconds, outputRate.load());
        stretcher.reset (outputRate.load());
        decodedSeconds.store (decoder->decodedSeconds());
    }

    bool PreviewPlayer::openTrack (const std::string& trackId, double startSeconds)
    {
        try
        {
            const auto opened = queue->open (trackId);
            {
                std::lock_guard lock (streamMutex);
                activeStream = opened.stream.get();
            }
            // The stream goes when opened does: from then on nothing may cancel it, so every way
            // out that does not keep it forgets it first (closeTrack).
            bool stillWanted = false;
            {
                std::lock_guard lock (commandMutex);
                stillWanted = ! (quit || commands.play || commands.stop);
                if (stillWanted)
                {
                    playingTrack = opened.track.id;
                    playingKey = opened.track.manifest.key;
                }
            }
            if (! stillWanted)
            {
                closeTrack();
                return false;
            }

            std::string whyNot;
            if (! decoder->open (opened.stream, opened.track, whyNot))
            {
                closeTrack();
                if (! superseded())
                    fail (whyNot);
                return false;
            }
            // Its audio starts at the FIFO's next frame: after a flush, or right after the track before.
            loudness.trackStartsAt (fifo.framesWritten(), loudnessMatch::linearGain (opened.track.manifest.loudnessLufs));
            trackSeconds.store (decoder->lengthSeconds());
            trackBpm.store (opened.track.manifest.bpm);
            waveformPeaks.reset (trackSeconds.load());
            seekDecoder (startSeconds);
            tracksStartedCount.fetch_add (1);
            return true;
        }
        catch (const Error& error)
        {
            if (superseded())
                return false;
            fail (error.code() == ErrorCode::unavailable && std::string_view (error.what()).find ("daemon unavailable") == std::string_view::npos
                      ? std::string ("daemon unavailable: ") + error.what()
                      : std::string (error.what()));
            return false;
        }
    }

    void PreviewPlayer::decodeBlock (std::uint32_t takenGeneration)
    {
        if (decoder->remainingSeconds() < options.prefetchSeconds)
            queue->prefetchNext();

        std::string whyNot;
        const auto read = decoder->readNext (whyNot);
        if (read == TrackDecoder::Read::streamFailed && superseded())
            return; // the play() or stop() that cancelled the stream closes the track next
        if (read != TrackDecoder::Read::decoded)
        {
            fail (whyNot);
            closeTrack();
            return;
        }

        // A read that a seek, play or stop cut short holds silence, not the track's audio: its
        // stretch stays unknown in the waveform.
        if (requestGeneration.load() == takenGeneration && ! superseded())
        {
            const auto block = decoder->block();
            waveformPeaks.add (block.startSeconds, block.channels, 2, block.frames, block.sampleRate);
        }
        decodedSeconds.store (decoder->decodedSeconds());
        updateThresholds();
        const auto output = decoder->resampled();
        updateStretch();
        const auto stretched = stretcher.process (*output.audio, output.frames);
        waitForStretchRoom();
        writeLooped (*stretched.audio, stretched.frames);
        if (decoder->finished() && stretcher.isStretching() && ! loopRegion())
        {
            // The stretcher's last frames of the track.
            const auto rest = stretcher.finish();
            writeToFifo (*rest.audio, rest.frames);
        }
    }

    void PreviewPlayer::writeLooped (const juce::AudioBuffer<float>& source, int frames)
    {
        const auto region = loopRegion();
        if (! region)
        {
            repeatFrames = 0.0;
            writeToFifo (source, frames);
            return;
        }
        if (repeatFrames <= 0.0)
        {
            // A repeat starts: its length from the tempo as it is now.
            const auto rate = outputRate.load();
            const auto speed = playedSpeed.load();
            const bool barred = followHost.load() && hostTempoBpm.load() > 0.0;
            const auto exact = loopRepeatFrames (region->second - region->first, speed, barred ? hostTempoBpm.load() : 0.0, hostQuartersPerBar.load(), rate) + repeatDebt;
            repeatFrames = std::max (1.0, std::round (exact));
            repeatDebt = exact - repeatFrames;
            repeatContentFrames = std::min (repeatFrames, std::round ((region->second - region->first) / speed * rate));
            repeatWritten = 0.0;
        }
        const auto kept = static_cast<int> (std::clamp (repeatContentFrames - repeatWritten, 0.0, static_cast<double> (frames)));
        writeToFifo (source, kept);
        repeatWritten += kept;
    }

    void PreviewPlayer::repeatLoop()
    {
        const auto region = loopRegion();
        if (! region)
            return;
        // The repeat's rest is silence, so the next starts on its bar.
        const auto interrupted = [this]
        {
            std::lock_guard lock (commandMutex);
            return quit || commands.play || commands.seek || commands.stop;
        };
        while (repeatFrames > 0.0 && repeatWritten < repeatFrames && ! interrupted())
        {
            const auto frames = static_cast<int> (std::min (repeatFrames - repeatWritten, static_cast<double> (silence.getNumSamples())));
            silence.clear();
            writeToFifo (silence, frames);
            repeatWritten += frames;
        }
        repeatFrames = 0.0;
        std::string whyNot;
        if (! decoder->reopen (whyNot))
        {
            if (! superseded())
                fail (whyNot);
            closeTrack();
            return;
        }
        seekDecoder (region->first);
    }

    void PreviewPlayer::updateStretch()
    {
        auto status = StretchStatus::off;
        double speed = 1.0;
        if (followHost.load (std::memory_order_relaxed))
        {
            const auto host = hostTempoBpm.load (std::memory_order_relaxed);
            const auto track = trackBpm.load();
            if (host <= 0.0)
                status = StretchStatus::noHostTempo;
            else if (track <= 0.0)
                status = StretchStatus::noTrackTempo;
            else if (! TempoStretcher::speedInRange (track, host))
                status = StretchStatus::outOfRange;
            else
            {
                status = StretchStatus::stretching;
                speed = host / track;
            }
        }
        stretchState.store (static_cast<int> (status));
        stretcher.setTarget (speed, pitchSemitones.load (std::memory_order_relaxed));
        playedSpeed.store (speed);
    }

    void PreviewPlayer::waitForStretchRoom()
    {
        // The FIFO holds seconds of audio; stretched, that would be seconds at the old tempo after
        // the host changes it. Kept to a little more than a stall's refill instead.
        if (! stretcher.isStretching())
            return;
        const auto limit = static_cast<int> (outputRate.load() * stretchRoomSeconds());
        for (;;)
        {
            if (fifo.ready() <= limit)
                return;
            std::unique_lock lock (commandMutex);
            if (quit || commands.play || commands.seek || commands.stop)
                return;
            commandArrived.wait_for (lock, std::chrono::milliseconds (5));
        }
    }

    void PreviewPlayer::decodeLoop()
    {
        std::uint32_t takenGeneration = requestGeneration.load();
        for (;;)
        {
            Commands work;
            {
                std::unique_lock lock (commandMutex);
                // Busy while there is audio to decode, or a finished track whose end is not yet reported.
                const bool busy = decoder->isOpen() && ! (decoder->finished() && decodeFinished.load());
                if (! busy)
                    commandArrived.wait (lock, [&]
                                         { return quit || commands.play || commands.seek || commands.stop || ! commands.enqueued.empty(); });
                if (quit)
                    break;
                std::swap (work, commands);
                takenGeneration = requestGeneration.load();
            }

            if (work.stop || work.play)
            {
                closeTrack();
                queue->clearPrefetch();
                queue->clear();
                fifo.flush();
                decodeFinished.store (false);
                decodedSeconds.store (0.0);
                trackSeconds.store (0.0);
                trackBpm.store (0.0);
                waveformPeaks.reset (0.0);
                if (work.stop)
                {
                    playerState.store (static_cast<int> (PlayerState::idle));
                    std::lock_guard lock (commandMutex);
                    playingTrack.clear();
                    playingKey.clear();
                    continue;
                }
                stallCount.store (0);
                tracksStartedCount.store (0);
                reason[0] = '\0';
                for (const auto& id : work.enqueued)
                    queue->add (id);
                work.enqueued.clear();
                playerState.store (static_cast<int> (PlayerState::connecting));
                // With a loop set the track starts at the region's start.
                repeatFrames = 0.0;
                repeatDebt = 0.0;
                const auto region = loopRegion();
                const auto start = region && (work.play->second < region->first || work.play->second >= region->second) ? region->first : work.play->second;
                if (! openTrack (work.play->first, start))
                    continue;
                playerState.store (static_cast<int> (PlayerState::buffering));
            }

            for (const auto& id : work.enqueued)
                queue->add (id);

            if (work.seek && decoder->isOpen())
            {
                playerState.store (static_cast<int> (PlayerState::buffering));
                fifo.flush();
                decodeFinished.store (false);
                std::string whyNot;
                if (! decoder->reopen (whyNot))
                {
                    if (! superseded())
                        fail (whyNot);
                    closeTrack();
                    appliedGeneration.store (takenGeneration, std::memory_order_release);
                    continue;
                }
                seekDecoder (*work.seek);
                repeatFrames = 0.0;
                repeatDebt = 0.0;
                playerState.store (static_cast<int> (PlayerState::buffering));
            }
            // render() plays nothing until the requests taken here are in effect.
            appliedGeneration.store (takenGeneration, std::memory_order_release);

            if (! decoder->isOpen())
                continue;
            if (const auto region = loopRegion(); region && (decoder->finished() || decoder->decodedSeconds() >= region->second))
            {
                repeatLoop();
                continue;
            }
            if (decoder->finished())
            {
                if (queue->empty())
                {
                    decodeFinished.store (true);
                    continue;
                }
                // The next track follows in the same FIFO, without a gap or a flush.
                const auto next = queue->takeNext();
                closeTrack();
                if (! openTrack (next, 0.0))
                    continue;
                decodeFinished.store (false);
            }
            decodeBlock (takenGeneration);
        }

        closeTrack();
        queue->clearPrefetch();
    }
} // namespace earshot
