#include "LoopRender.h"

#include "TempoStretcher.h"
#include "TrackDecoder.h"
#include "TrackQueue.h"

#include "Client/TrackExport.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <cmath>

namespace earshot
{
    namespace
    {
        /** "Artist - Title (id) loop 12.3-20.1 s, 120 BPM, +2 st.wav" beside the track's own export. */
        std::filesystem::path loopFileFor (const ClientTrack& track, const LoopRender::Request& request)
        {
            auto name = exportFileFor (track, request.folder).stem().string();
            name += " loop " + juce::String (request.startSeconds, 1).toStdString() + "-" + juce::String (request.endSeconds, 1).toStdString() + " s";
            if (request.hostBpm > 0.0)
                name += ", " + juce::String (request.hostBpm, request.hostBpm == std::round (request.hostBpm) ? 0 : 1).toStdString() + " BPM";
            if (request.semitones != 0.0)
                name += ", " + std::string (request.semitones > 0.0 ? "+" : "") + juce::String (static_cast<int> (request.semitones)).toStdString() + " st";
            return request.folder / (name + ".wav");
        }
    } // namespace

    LoopRender::LoopRender (std::shared_ptr<DaemonClient> clientToUse)
        : client (std::move (clientToUse))
    {
    }

    LoopRender::~LoopRender()
    {
        cancel();
    }

    std::int64_t LoopRender::framesFor (double regionSeconds, double speed, double sampleRate) noexcept
    {
        return std::llround (std::max (0.0, regionSeconds) / std::max (speed, 1.0e-3) * sampleRate);
    }

    void LoopRender::start (const Request& request)
    {
        cancel();
        const auto generation = ++generationCount;
        {
            std::lock_guard lock (mutex);
            current = request;
            rendered.clear();
            reason.clear();
        }
        currentState.store (static_cast<int> (State::rendering));
        worker = std::thread ([this, request, generation]
                              { render (request, generation); });
    }

    void LoopRender::cancel()
    {
        ++generationCount; // the worker stops at its next block
        {
            std::lock_guard lock (mutex);
            if (stream != nullptr)
                stream->cancel();
        }
        if (worker.joinable())
            worker.join();
    }

    std::filesystem::path LoopRender::file() const
    {
        std::lock_guard lock (mutex);
        return rendered;
    }

    std::string LoopRender::failureReason() const
    {
        std::lock_guard lock (mutex);
        return reason;
    }

    LoopRender::Request LoopRender::request() const
    {
        std::lock_guard lock (mutex);
        return current;
    }

    void LoopRender::finish (std::uint32_t generation, State state, const std::filesystem::path& file, const std::string& why)
    {
        std::lock_guard lock (mutex);
        stream.reset();
        rendered = file;
        reason = why;
        // A cancelled render says so whatever it was doing when it noticed.
        currentState.store (static_cast<int> (generation == generationCount.load() ? state : State::cancelled));
    }

    void LoopRender::render (Request request, std::uint32_t generation)
    {
        const auto cancelled = [&]
        { return generation != generationCount.load(); };
        std::filesystem::path partial;
        try
        {
            if (! (request.endSeconds > request.startSeconds))
                throw Error (ErrorCode::invalidArgument, "The loop region is empty: pick its start and end on the seek bar");
            TrackQueue queue (client, {});
            const auto opened = queue.open (request.trackId);
            {
                std::lock_guard lock (mutex);
                stream = opened.stream;
            }
            if (cancelled())
                return finish (generation, State::cancelled, {}, {});

            TrackDecoder decoder;
            std::string whyNot;
            if (! decoder.open (opened.stream, opened.track, whyNot))
                throw Error (ErrorCode::unavailable, whyNot);
            decoder.seek (request.startSeconds, request.sampleRate);
            TempoStretcher stretcher;
            stretcher.reset (request.sampleRate);
            stretcher.setTarget (request.speed, request.semitones);

            std::filesystem::create_directories (request.folder);
            const auto target = loopFileFor (opened.track, request);
            partial = target;
            partial += ".part";
            const auto total = framesFor (request.endSeconds - request.startSeconds, stretcher.isStretching() ? request.speed : 1.0, request.sampleRate);
            std::int64_t written = 0;
            {
                juce::WavAudioFormat wav;
                auto output = std::make_unique<juce::FileOutputStream> (juce::File (partial.string()));
                if (output->failedToOpen() || ! output->setPosition (0) || ! output->truncate().wasOk())
                    throw Error (ErrorCode::internal, "Cannot write the loop to " + partial.string() + ": " + output->getStatus().getErrorMessage().toStdString());
                std::unique_ptr<juce::AudioFormatWriter> writer (wav.createWriterFor (output.get(), request.sampleRate, 2, 24, {}, 0));
                if (writer == nullptr)
                    throw Error (ErrorCode::internal, "Cannot write a WAV file at " + std::to_string (request.sampleRate) + " Hz");
                (void) output.release(); // the writer owns it

                const auto write = [&] (const juce::AudioBuffer<float>& audio, int frames)
                {
                    const auto kept = static_cast<int> (std::min<std::int64_t> (frames, total - written));
                    if (kept > 0 && ! writer->writeFromAudioSampleBuffer (audio, 0, kept))
                        throw Error (ErrorCode::internal, "Writing the loop to " + partial.string() + " failed (is the disk full?)");
                    written += std::max (0, kept);
                };
                bool ended = false;
                while (written < total && ! ended)
                {
                    if (cancelled())
                        break;
                    if (decoder.finished() || decoder.decodedSeconds() >= request.endSeconds)
                    {
                        const auto rest = stretcher.finish();
                        write (*rest.audio, rest.frames);
                        ended = true;
                        break;
                    }
                    const auto read = decoder.readNext (whyNot);
                    if (read != TrackDecoder::Read::decoded)
                        throw Error (ErrorCode::unavailable, cancelled() ? std::string ("cancelled") : whyNot);
                    const auto resampled = decoder.resampled();
                    const auto stretched = stretcher.process (*resampled.audio, resampled.frames);
                    write (*stretched.audio, stretched.frames);
                }
                if (! cancelled())
                {
                    // A region that ends with the track: its last frames are silence.
                    juce::AudioBuffer<float> silence (2, 4096);
                    silence.clear();
                    while (written < total)
                        write (silence, silence.getNumSamples());
                }
            }
            if (cancelled())
            {
                std::filesystem::remove (partial);
                return finish (generation, State::cancelled, {}, {});
            }
            std::filesystem::rename (partial, target);
            finish (generation, State::done, target, {});
        }
        catch (const std::exception& error)
        {
            std::error_code ignored;
            if (! partial.empty())
                std::filesystem::remove (partial, ignored);
            if (cancelled())
                return finish (generation, State::cancelled, {}, {});
            std::string why = error.what();
            if (auto* earshotError = dynamic_cast<const Error*> (&error); earshotError != nullptr && earshotError->code() == ErrorCode::unavailable && why.find ("daemon") == std::string::npos)
                why = "the daemon stopped sending the track: " + why;
            finish (generation, State::failed, {}, "Could not render the loop: " + why);
        }
    }
} // namespace earshot
