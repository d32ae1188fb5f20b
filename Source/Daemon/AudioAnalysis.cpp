#include "AudioAnalysis.h"

#include "Core/Error.h"

#include <aubio/aubio.h>
#include <ebur128.h>
extern "C"
{
#include <libavutil/log.h>
}

#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace earshot
{
    namespace
    {
        /** 256 frames at 44.1 kHz is 5.8 ms: the beat tracker's period is a whole number of hops, so
            this keeps its tempo within about half a beat per minute at 120. */
        constexpr uint_t hopFrames = 256;
        constexpr uint_t windowFrames = 1024;
        /** Below this the beat tracker's tempo is a guess, not a finding. */
        constexpr double leastTempoConfidence = 0.1;

        /** aubio, and FFmpeg's decoders under it, print what they find odd in a file to stderr;
            the daemon reports what matters as Error instead. */
        void silenceDecoders()
        {
            static std::once_flag once;
            std::call_once (once, []
                            {
                aubio_log_set_function ([] (sint_t, const char_t*, void*) {}, nullptr);
                av_log_set_level (AV_LOG_QUIET); });
        }

        struct SourceDeleter
        {
            void operator() (aubio_source_t* s) const noexcept { del_aubio_source (s); }
        };
        struct TempoDeleter
        {
            void operator() (aubio_tempo_t* t) const noexcept { del_aubio_tempo (t); }
        };
        struct MatrixDeleter
        {
            void operator() (fmat_t* m) const noexcept { del_fmat (m); }
        };
        struct VectorDeleter
        {
            void operator() (fvec_t* v) const noexcept { del_fvec (v); }
        };
        struct LoudnessDeleter
        {
            void operator() (ebur128_state* s) const noexcept { ebur128_destroy (&s); }
        };
    } // namespace

    AudioAnalysis analyseAudioFile (const std::filesystem::path& file)
    {
        silenceDecoders();
        const std::unique_ptr<aubio_source_t, SourceDeleter> source (new_aubio_source (file.c_str(), 0, hopFrames));
        if (source == nullptr)
            throw Error (ErrorCode::invalidArgument, "cannot analyse " + file.filename().string() + ": it is not audio that can be decoded");

        const auto sampleRate = aubio_source_get_samplerate (source.get());
        const auto channels = aubio_source_get_channels (source.get());
        if (sampleRate == 0 || channels == 0)
            throw Error (ErrorCode::invalidArgument, "cannot analyse " + file.filename().string() + ": it has no audio channels");

        const std::unique_ptr<aubio_tempo_t, TempoDeleter> tempo (new_aubio_tempo ("default", windowFrames, hopFrames, sampleRate));
        const std::unique_ptr<fmat_t, MatrixDeleter> block (new_fmat (channels, hopFrames));
        const std::unique_ptr<fvec_t, VectorDeleter> mono (new_fvec (hopFrames));
        const std::unique_ptr<fvec_t, VectorDeleter> beat (new_fvec (1));
        const std::unique_ptr<ebur128_state, LoudnessDeleter> loudness (ebur128_init (channels, sampleRate, EBUR128_MODE_I));
        if (tempo == nullptr || block == nullptr || mono == nullptr || beat == nullptr || loudness == nullptr)
            throw Error (ErrorCode::internal, "cannot analyse " + file.filename().string() + ": out of memory");

        std::vector<float> interleaved (static_cast<std::size_t> (channels) * hopFrames);
        std::uint64_t framesRead = 0;
        for (;;)
        {
            uint_t read = 0;
            aubio_source_do_multi (source.get(), block.get(), &read);
            if (read == 0)
                break;
            for (uint_t frame = 0; frame < hopFrames; ++frame)
            {
                float sum = 0.0f;
                for (uint_t channel = 0; channel < channels; ++channel)
                {
                    const auto sample = frame < read ? block->data[channel][frame] : 0.0f;
                    interleaved[static_cast<std::size_t> (frame) * channels + channel] = sample;
                    sum += sample;
                }
                mono->data[frame] = sum / static_cast<float> (channels);
            }
            aubio_tempo_do (tempo.get(), mono.get(), beat.get());
            ebur128_add_frames_float (loudness.get(), interleaved.data(), read);
            framesRead += read;
            if (read < hopFrames)
                break;
        }

        AudioAnalysis analysis;
        analysis.seconds = static_cast<double> (framesRead) / sampleRate;
        double lufs = 0.0;
        if (ebur128_loudness_global (loudness.get(), &lufs) == EBUR128_SUCCESS && std::isfinite (lufs))
            analysis.loudnessLufs = lufs;
        const auto bpm = static_cast<double> (aubio_tempo_get_bpm (tempo.get()));
        if (bpm > 0.0 && aubio_tempo_get_confidence (tempo.get()) >= leastTempoConfidence)
            analysis.bpm = bpm;
        return analysis;
    }
} // namespace earshot
