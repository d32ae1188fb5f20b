#include "PreviewPlayer.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

namespace earshot
{
    namespace
    {
        constexpr int decodeChunk = 4096; // source frames per decode step

        std::int64_t nowNs() noexcept
        {
            return std::chrono::duration_cast<std::chrono::nanoseconds> (std::chrono::steady_clock::now().time_since_epoch()).count();
        }

        const char* extensionFor (AudioFormat format)
        {
            switch (format)
            {
                case AudioFormat::flac:
                    return ".flac";
                case AudioFormat::oggVorbis:
                    return ".ogg";
                case AudioFormat::mp3:
                    return ".mp3";
                case AudioFormat::wav:
                    return ".wav";
                default:
                    return "";
            }
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

    namespace
    {
        /** What a JUCE reader owns and reads through: a view of a stream the decoder keeps, so a
            reader can be made again over the same bytes (after a seek) without fetching them again. */
        class StreamView final : public juce::InputStream
        {
        public:
            explicit StreamView (std::shared_ptr<TrackInputStream> streamToRead)
                : stream (std::move (streamToRead))
            {
            }

            juce::int64 getTotalLength() override { return stream->getTotalLength(); }
            bool isExhausted() override { return stream->isExhausted(); }
            int read (void* destBuffer, int maxBytesToRead) override { return stream->read (destBuffer, maxBytesToRead); }
            juce::int64 getPosition() override { return stream->getPosition(); }
            bool setPosition (juce::int64 newPosition) override { return stream->setPosition (newPosition); }

        private:
            std::shared_ptr<TrackInputStream> stream;
        };
    } // namespace

    //==============================================================================
    /** Everything the decode thread owns. */
    struct PreviewPlayer::Decoder
    {
        juce::AudioFormatManager formats;
        std::unique_ptr<juce::AudioFormatReader> reader;
        std::shared_ptr<TrackInputStream> stream;
        juce::AudioFormat* format = nullptr; // the one that read this track
        std::string trackId;
        std::string fileName;
        juce::int64 readPosition = 0;
        double ratio = 1.0; // source frames per output frame
        juce::LagrangeInterpolator interpolators[2];
        juce::AudioBuffer<float> source { 2, decodeChunk };
        juce::AudioBuffer<float> pending { 2, decodeChunk * 4 };
        int pendingFrames = 0;
        juce::AudioBuffer<float> resampled { 2, decodeChunk * 8 };
        bool atEnd = false;

        std::deque<std::string> queue;
        struct Prefetch
        {
            ClientTrack track;
            std::shared_ptr<TrackInputStream> stream;
        };
        std::optional<Prefetch> prefetched;

        Decoder() { formats.registerBasicFormats(); }

        /** libFLAC and libvorbisfile read like fread; JUCE's WAV and MP3 parsers need whole reads. */
        static bool takesShortReads (const juce::AudioFormat& format)
        {
            return format.getFormatName().containsIgnoreCase ("flac") || format.getFormatName().containsIgnoreCase ("ogg");
        }

        /** A reader with one format, or nullptr. */
        static std::unique_ptr<juce::AudioFormatReader> tryFormat (juce::AudioFormat& format, const std::shared_ptr<TrackInputStream>& input)
        {
            input->setPosition (0);
            input->setShortReads (takesShortReads (format));
            auto view = std::make_unique<StreamView> (input);
            std::unique_ptr<juce::AudioFormatReader> made (format.createReaderFor (view.get(), false));
            if (made != nullptr)
                view.release(); // the reader owns the view now
            return made;
        }

        /** A reader for the stream: the format the daemon detected first, then every other by content. */
        std::unique_ptr<juce::AudioFormatReader> readerFor (const std::shared_ptr<TrackInputStream>& input, AudioFormat detected)
        {
            auto* preferred = formats.findFormatForFileExtension (extensionFor (detected));
            if (preferred != nullptr)
                if (auto made = tryFormat (*preferred, input))
                {
                    format = preferred;
                    return made;
                }
            for (int i = 0; i < formats.getNumKnownFormats(); ++i)
            {
                auto* candidate = formats.getKnownFormat (i);
                if (candidate == preferred)
                    continue;
                if (auto made = tryFormat (*candidate, input))
                {
                    format = candidate;
                    return made;
                }
            }
            return nullptr;
        }
    };

    //==============================================================================
    PreviewPlayer::PreviewPlayer (std::shared_ptr<LibraryClient> clientToUse, Options opts)
        : client (std::move (clientToUse))
        , options (opts)
        , decoder (std::make_unique<Decoder>())
    {
        prepare (48000.0, 512);
        decodeThread = std::thread ([this]
                                    { decodeLoop(); });
    }

    PreviewPlayer::PreviewPlayer (std::shared_ptr<LibraryClient> clientToUse)
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
            if (prefetchStream != nullptr)
                prefetchStream->cancel();
        }
        commandArrived.notify_all();
        decodeThread.join();
    }

    void PreviewPlayer::prepare (double sampleRate, int maximumBlockSize)
    {
        juce::ignoreUnused (maximumBlockSize);
        const auto capacity = std::max (4096, static_cast<int> (sampleRate * options.fifoSeconds));
        fifoBuffer.setSize (2, capacity, false, true, false);
        fifo.setTotalSize (capacity);
        fifo.reset();
        outputRate.store (sampleRate);
        // The decode thread resamples for the new rate from its next track or seek.
    }

    //==============================================================================
    void PreviewPlayer::render (float* const* outputs, int numChannels, int numFrames) noexcept
    {
        renderCalls.fetch_add (1, std::memory_order_relaxed);

        for (int channel = 0; channel < numChannels; ++channel)
            if (outputs[channel] != nullptr)
                juce::FloatVectorOperations::clear (outputs[channel], numFrames);

        // A seek or a new track: drop what is buffered and wait for the new audio (not a stall).
        const auto flushWanted = flushRequested.load (std::memory_order_acquire);
        if (flushWanted != flushDone.load (std::memory_order_relaxed))
        {
            fifo.finishedRead (fifo.getNumReady());
            for (auto from : { PlayerState::playing, PlayerState::starving })
            {
                auto expected = static_cast<int> (from);
                playerState.compare_exchange_strong (expected, static_cast<int> (PlayerState::buffering), std::memory_order_acq_rel);
            }
            flushDone.store (flushWanted, std::memory_order_release);
            return;
        }

        // A play() or seek() the decode thread has not yet acted on: whatever is buffered is from
        // before it, so none of it is heard.
        const auto generation = requestGeneration.load (std::memory_order_acquire);
        if (generation != appliedGeneration.load (std::memory_order_acquire))
        {
            fifo.finishedRead (fifo.getNumReady());
            for (auto from : { PlayerState::playing, PlayerState::starving })
            {
                auto expected = static_cast<int> (from);
                playerState.compare_exchange_strong (expected, static_cast<int> (PlayerState::buffering), std::memory_order_acq_rel);
            }
            return;
        }

        auto state = static_cast<PlayerState> (playerState.load (std::memory_order_acquire));
        if (paused.load (std::memory_order_relaxed) || state == PlayerState::idle || state == PlayerState::connecting || state == PlayerState::failed || state == PlayerState::ended)
            return;

        const int ready = fifo.getNumReady();
        const bool finished = decodeFinished.load (std::memory_order_acquire);
        const double rate = outputRate.load (std::memory_order_relaxed);

        if (state == PlayerState::buffering || state == PlayerState::starving)
        {
            const auto needed = static_cast<int> (rate * (state == PlayerState::buffering ? options.startSeconds : options.resumeSeconds));
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
        const float endGain = targetGain.load (std::memory_order_relaxed);
        int start1 = 0, size1 = 0, start2 = 0, size2 = 0;
        fifo.prepareToRead (frames, start1, size1, start2, size2);

        for (int channel = 0; channel < numChannels; ++channel)
        {
            auto* out = outputs[channel];
            if (out == nullptr)
                continue;
            const int sourceChannel = std::min (channel, 1);
            if (numChannels == 1)
            {
                // Mono output: the mean of both channels.
                juce::FloatVectorOperations::copyWithMultiply (out, fifoBuffer.getReadPointer (0, start1), 0.5f, size1);
                juce::FloatVectorOperations::addWithMultiply (out, fifoBuffer.getReadPointer (1, start1), 0.5f, size1);
                if (size2 > 0)
                {
                    juce::FloatVectorOperations::copyWithMultiply (out + size1, fifoBuffer.getReadPointer (0, start2), 0.5f, size2);
                    juce::FloatVectorOperations::addWithMultiply (out + size1, fifoBuffer.getReadPointer (1, start2), 0.5f, size2);
                }
            }
            else if (channel < 2)
            {
                juce::FloatVectorOperations::copy (out, fifoBuffer.getReadPointer (sourceChannel, start1), size1);
                if (size2 > 0)
                    juce::FloatVectorOperations::copy (out + size1, fifoBuffer.getReadPointer (sourceChannel, start2), size2);
            }
            else
            {
                continue;
            }

            // Gain ramps linearly across the block from the last block's gain to the target.
            if (frames > 0)
            {
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
        }
        fifo.finishedRead (size1 + size2);
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
            if (finished && fifo.getNumReady() == 0)
                playerState.compare_exchange_strong (expected, static_cast<int> (PlayerState::ended), std::memory_order_acq_rel);
            else if (playerState.compare_exchange_strong (expected, static_cast<int> (PlayerState::starving), std::memory_order_acq_rel))
                stallCount.fetch_add (1, std::memory_order_relaxed);
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
        return fifo.getNumReady() / outputRate.load();
    }

    double PreviewPlayer::positionSeconds() const noexcept
    {
        return std::max (0.0, decodedSeconds.load() - bufferedSeconds());
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
        if (outputGeneration.load (std::memory_order_acquire) != requestGeneration.load (std::memory_order_acquire))
            return -1.0;
        return static_cast<double> (outputNs.load() - requestNs.load()) / 1.0e6;
    }

    //==============================================================================
    void PreviewPlayer::fail (const std::string& why)
    {
        const auto length = std::min (why.size(), sizeof (reason) - 1);
        std::memcpy (reason, why.data(), length);
        reason[length] = '\0';
        playerState.store (static_cast<int> (PlayerState::failed), std::memory_order_release);
    }

    void PreviewPlayer::flushFifo()
    {
        // render() owns the read side, so it does the discarding; wait until it has. While nothing
        // calls render() (no device running) nothing reads the FIFO either, and it is reset here.
        const auto wanted = flushRequested.fetch_add (1, std::memory_order_acq_rel) + 1;
        auto calls = renderCalls.load();
        for (int waited = 0; flushDone.load (std::memory_order_acquire) != wanted; ++waited)
        {
            std::this_thread::sleep_for (std::chrono::milliseconds (1));
            if (waited % 100 == 99)
            {
                const auto now = renderCalls.load();
                if (now == calls)
                {
                    fifo.reset();
                    flushDone.store (wanted, std::memory_order_release);
                    break;
                }
                calls = now;
            }
        }
    }

    bool PreviewPlayer::writeToFifo (const juce::AudioBuffer<float>& source, int frames)
    {
        int written = 0;
        while (written < frames)
        {
            int start1 = 0, size1 = 0, start2 = 0, size2 = 0;
            fifo.prepareToWrite (frames - written, start1, size1, start2, size2);
            if (size1 + size2 == 0)
            {
                // Full: wait for render() to drain some, unless a command needs the thread.
                std::unique_lock lock (commandMutex);
                if (quit || commands.play || commands.seek || commands.stop)
                    return false;
                commandArrived.wait_for (lock, std::chrono::milliseconds (5));
                continue;
            }
            for (int channel = 0; channel < 2; ++channel)
            {
                fifoBuffer.copyFrom (channel, start1, source, channel, written, size1);
                if (size2 > 0)
                    fifoBuffer.copyFrom (channel, start2, source, channel, written + size1, size2);
            }
            fifo.finishedWrite (size1 + size2);
            written += size1 + size2;
        }
        return true;
    }

    void PreviewPlayer::decodeLoop()
    {
        auto& d = *decoder;

        // A newer play() or stop() cancels the stream a decoder may be waiting on; the short read
        // that follows is that command's doing, not a failure of the track.
        const auto superseded = [&]
        {
            std::lock_guard lock (commandMutex);
            return quit || commands.play.has_value() || commands.stop;
        };

        const auto closeTrack = [&]
        {
            {
                std::lock_guard lock (streamMutex);
                activeStream = nullptr;
            }
            d.reader.reset();
            d.stream.reset();
            d.format = nullptr;
            d.atEnd = false;
        };

        const auto closePrefetch = [&]
        {
            {
                std::lock_guard lock (streamMutex);
                prefetchStream = nullptr;
            }
            d.prefetched.reset();
        };

        const auto seekTo = [&] (double seconds)
        {
            d.readPosition = std::clamp<juce::int64> (static_cast<juce::int64> (seconds * d.reader->sampleRate), 0, d.reader->lengthInSamples);
            d.ratio = d.reader->sampleRate / outputRate.load();
            for (auto& interpolator : d.interpolators)
                interpolator.reset();
            d.pendingFrames = 0;
            d.atEnd = false;
            decodedSeconds.store (static_cast<double> (d.readPosition) / d.reader->sampleRate);
        };

        // Opens a track (from the prefetch when it is that track) and positions it; false on failure.
        const auto openTrack = [&] (const std::string& id, double startSeconds) -> bool
        {
            try
            {
                ClientTrack track;
                std::shared_ptr<TrackInputStream> input;
                if (d.prefetched && (d.prefetched->track.id == id || d.prefetched->track.id.starts_with (id)))
                {
                    track = d.prefetched->track;
                    input = std::move (d.prefetched->stream);
                    {
                        std::lock_guard lock (streamMutex);
                        prefetchStream = nullptr;
                    }
                    d.prefetched.reset();
                }
                else
                {
                    track = client->getTrack (id);
                    if (track.manifest.fileSize == 0)
                        throw Error (ErrorCode::failedPrecondition, "track " + track.id + " has no file size yet (its metadata has not arrived)");
                    input = std::make_shared<TrackInputStream> (client, track.id, track.manifest.fileSize, options.stream);
                }
                auto* raw = input.get();
                {
                    std::lock_guard lock (streamMutex);
                    activeStream = raw;
                }
                {
                    std::lock_guard lock (commandMutex);
                    if (quit || commands.play || commands.stop)
                        return false;
                    playingTrack = track.id;
                }

                auto reader = d.readerFor (input, track.manifest.format);
                if (reader == nullptr && superseded())
                    return false;
                if (reader == nullptr)
                {
                    const auto streamFailure = raw->failure();
                    std::lock_guard lock (streamMutex);
                    activeStream = nullptr;
                    if (streamFailure)
                        fail (streamFailure->what());
                    else
                        fail ("cannot decode " + track.manifest.fileName + ": its bytes are not FLAC, Ogg Vorbis, MP3 or WAV audio that JUCE can read");
                    return false;
                }
                if (reader->sampleRate <= 0 || reader->lengthInSamples <= 0)
                {
                    fail ("cannot play " + track.manifest.fileName + ": its header gives no sample rate or length");
                    return false;
                }
                d.reader = std::move (reader);
                d.stream = input;
                d.trackId = track.id;
                d.fileName = track.manifest.fileName;
                trackSeconds.store (static_cast<double> (d.reader->lengthInSamples) / d.reader->sampleRate);
                waveformPeaks.reset (trackSeconds.load());
                seekTo (startSeconds);
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
        };

        const auto startPrefetch = [&]
        {
            if (d.queue.empty() || d.prefetched)
                return;
            try
            {
                Decoder::Prefetch next;
                next.track = client->getTrack (d.queue.front());
                next.stream = std::make_shared<TrackInputStream> (client, next.track.id, next.track.manifest.fileSize, options.stream);
                {
                    std::lock_guard lock (streamMutex);
                    prefetchStream = next.stream.get();
                }
                d.prefetched = std::move (next);
            }
            catch (const Error&)
            {
                // The next track is opened again when it is due; its failure is reported then.
            }
        };

        std::uint32_t takenGeneration = requestGeneration.load();
        for (;;)
        {
            Commands work;
            {
                std::unique_lock lock (commandMutex);
                // Busy while there is audio to decode, or a finished track whose end is not yet reported.
                const bool busy = d.reader != nullptr && ! (d.atEnd && decodeFinished.load());
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
                closePrefetch();
                flushFifo();
                decodeFinished.store (false);
                decodedSeconds.store (0.0);
                trackSeconds.store (0.0);
                waveformPeaks.reset (0.0);
                if (work.stop)
                {
                    d.queue.clear();
                    playerState.store (static_cast<int> (PlayerState::idle));
                    std::lock_guard lock (commandMutex);
                    playingTrack.clear();
                    continue;
                }
                d.queue.clear();
                for (auto& id : work.enqueued)
                    d.queue.push_back (id);
                work.enqueued.clear();
                stallCount.store (0);
                tracksStartedCount.store (0);
                reason[0] = '\0';
                playerState.store (static_cast<int> (PlayerState::connecting));
                if (! openTrack (work.play->first, work.play->second))
                    continue;
                playerState.store (static_cast<int> (PlayerState::buffering));
            }

            for (auto& id : work.enqueued)
                d.queue.push_back (std::move (id));

            if (work.seek && d.reader != nullptr)
            {
                playerState.store (static_cast<int> (PlayerState::buffering));
                flushFifo();
                decodeFinished.store (false);
                // The seek may have interrupted the reader mid-read, leaving its decoder in any state:
                // make it again over the same bytes (cached, so nothing is fetched twice).
                d.stream->resumeReads();
                auto again = Decoder::tryFormat (*d.format, d.stream);
                if (again == nullptr)
                {
                    if (! superseded())
                        fail ("cannot read " + d.fileName + " again after a seek" + (d.stream->failure() ? std::string (": ") + d.stream->failure()->what() : std::string()));
                    closeTrack();
                    appliedGeneration.store (takenGeneration, std::memory_order_release);
                    continue;
                }
                d.reader = std::move (again);
                seekTo (*work.seek);
                playerState.store (static_cast<int> (PlayerState::buffering));
            }
            // render() plays nothing until the requests taken here are in effect.
            appliedGeneration.store (takenGeneration, std::memory_order_release);

            if (d.reader == nullptr)
                continue;

            if (d.atEnd)
            {
                if (! d.queue.empty())
                {
                    // The next track follows in the same FIFO, without a gap or a flush.
                    auto next = d.queue.front();
                    d.queue.pop_front();
                    closeTrack();
                    if (! openTrack (next, 0.0))
                        continue;
                    decodeFinished.store (false);
                }
                else
                {
                    decodeFinished.store (true);
                    continue;
                }
            }

            // One decode step: read, resample, hand to render().
            const auto remaining = d.reader->lengthInSamples - d.readPosition;
            if (remaining <= 0)
            {
                d.atEnd = true;
                continue;
            }
            if (static_cast<double> (remaining) / d.reader->sampleRate < options.prefetchSeconds)
                startPrefetch();

            const int frames = static_cast<int> (std::min<juce::int64> (decodeChunk, remaining));
            d.source.clear();
            d.reader->read (&d.source, 0, frames, d.readPosition, true, true);
            if (auto streamFailure = d.stream->failure(); streamFailure && ! superseded())
            {
                const auto decodedTo = static_cast<double> (d.readPosition) / d.reader->sampleRate;
                fail (std::string (streamFailure->what()) + " (at " + juce::String (decodedTo, 1).toStdString() + " s of " + d.fileName + ")");
                closeTrack();
                continue;
            }
            if (d.stream->isExhausted() && d.readPosition + frames < d.reader->lengthInSamples && d.stream->getPosition() >= d.stream->getTotalLength())
            {
                // The decoder reached the file's last byte well before the length its header gives.
                const auto header = static_cast<double> (d.reader->lengthInSamples) / d.reader->sampleRate;
                const auto decodedTo = static_cast<double> (d.readPosition + frames) / d.reader->sampleRate;
                if (header - decodedTo > 1.0)
                {
                    fail ("cannot play " + d.fileName + ": the file ends at " + juce::String (decodedTo, 1).toStdString() + " s but its header says " + juce::String (header, 1).toStdString() + " s (truncated or corrupt)");
                    closeTrack();
                    continue;
                }
            }
            if (d.reader->numChannels == 1)
                d.source.copyFrom (1, 0, d.source, 0, 0, frames);

            // A read that a seek, play or stop cut short holds silence, not the track's audio: its
            // stretch stays unknown in the waveform.
            if (requestGeneration.load() == takenGeneration && ! superseded())
                waveformPeaks.add (static_cast<double> (d.readPosition) / d.reader->sampleRate, d.source.getArrayOfReadPointers(), 2, frames, d.reader->sampleRate);
            d.readPosition += frames;
            decodedSeconds.store (static_cast<double> (d.readPosition) / d.reader->sampleRate);

            if (std::abs (d.ratio - 1.0) < 1.0e-9)
            {
                if (! writeToFifo (d.source, frames))
                    continue;
            }
            else
            {
                for (int channel = 0; channel < 2; ++channel)
                    d.pending.copyFrom (channel, d.pendingFrames, d.source, channel, 0, frames);
                d.pendingFrames += frames;
                const int produce = std::max (0, static_cast<int> (std::floor (d.pendingFrames / d.ratio)) - 2);
                const int capacity = d.resampled.getNumSamples();
                const int out = std::min (produce, capacity);
                int used = 0;
                for (int channel = 0; channel < 2; ++channel)
                    used = d.interpolators[channel].process (d.ratio, d.pending.getReadPointer (channel), d.resampled.getWritePointer (channel), out);
                const int left = d.pendingFrames - used;
                for (int channel = 0; channel < 2 && left > 0; ++channel)
                    std::memmove (d.pending.getWritePointer (channel), d.pending.getReadPointer (channel, used), static_cast<std::size_t> (left) * sizeof (float));
                d.pendingFrames = std::max (0, left);
                if (! writeToFifo (d.resampled, out))
                    continue;
            }
            if (d.readPosition >= d.reader->lengthInSamples)
                d.atEnd = true;
        }

        closeTrack();
        closePrefetch();
    }
} // namespace earshot
