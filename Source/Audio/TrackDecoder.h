#pragma once

#include "StreamResampler.h"

#include "Client/DaemonClient.h"
#include "Client/TrackInputStream.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <memory>
#include <string>

namespace earshot
{
    /** Decodes one track read through a TrackInputStream, block by block, into stereo audio at the
        output's rate.

        open() finds the JUCE format that reads the track (the one the daemon detected first, then
        every other by content: FLAC, Ogg Vorbis, MP3, WAV); seek() moves the read position, after
        reopen() has made the reader again over the same cached bytes; readNext() decodes the next
        block and resamples it.

        With a seek index in the manifest, an Ogg Vorbis track opens without its last page
        (VorbisStreamReader, the length from the index), and a FLAC, Ogg or MP3 seek goes in one
        hop: the point before the sample (for an MP3, a few frames before it: seekPointToDecodeFrom)
        is checked against the bytes at its offset (a point that does not match is ignored, and the
        reader seeks as it would without one), then a reader is made over the header and the bytes
        from that point on, and decodes forward to the sample.

        Used by the player's decode thread only. */
    class TrackDecoder final
    {
    public:
        /** Source frames per decode step. */
        static constexpr int blockFrames = 4096;

        TrackDecoder();

        /** Makes a reader for the track's stream. False, with whyNot saying why, when no format reads
            it or its header gives no sample rate or length; the decoder is then closed. */
        [[nodiscard]] bool open (std::shared_ptr<TrackInputStream> input, const ClientTrack& track, std::string& whyNot);
        /** Makes the reader again over the same stream: a seek may have interrupted the old one
            mid-read, leaving its decoder in any state. False, with whyNot, when it cannot; the
            caller then closes the decoder. */
        [[nodiscard]] bool reopen (std::string& whyNot);
        /** Forgets the track; the stream is released. */
        void close() noexcept;

        /** Moves the read position to seconds into the track and resamples from there for an output
            at outputRate. */
        void seek (double seconds, double outputRate) noexcept;

        enum class Read
        {
            decoded, ///< block() holds the next audio
            streamFailed, ///< the stream failed (whyNot says why); nothing was decoded
            truncated ///< the file ended well before the length its header gives (whyNot says where)
        };

        /** Decodes and resamples the next block (the caller checks finished() first). */
        [[nodiscard]] Read readNext (std::string& whyNot);

        /** The block readNext() decoded: the track's own audio, at its own rate, for the waveform. */
        struct Block
        {
            const float* const* channels = nullptr; ///< two channels (a mono track's one, twice)
            int frames = 0;
            double startSeconds = 0.0; ///< where the block begins in the track
            double sampleRate = 0.0;
        };
        [[nodiscard]] Block block() const noexcept;
        /** The same block at the output's rate. */
        [[nodiscard]] StreamResampler::Output resampled() const noexcept { return output; }

        [[nodiscard]] bool isOpen() const noexcept { return reader != nullptr; }
        /** Whether the read position has reached the track's end. */
        [[nodiscard]] bool finished() const noexcept;
        /** The read position and the track's length, in seconds of the track. */
        [[nodiscard]] double decodedSeconds() const noexcept;
        [[nodiscard]] double lengthSeconds() const noexcept;
        [[nodiscard]] double remainingSeconds() const noexcept;
        [[nodiscard]] TrackInputStream& stream() const noexcept { return *input; }
        /** Seeks of this track that went in one hop through its seek index. */
        [[nodiscard]] int indexedSeeks() const noexcept { return seeksThroughIndex; }
        [[nodiscard]] const std::string& trackId() const noexcept { return id; }

    private:
        std::unique_ptr<juce::AudioFormatReader> readerFor (const std::shared_ptr<TrackInputStream>& stream, AudioFormat detected);
        std::unique_ptr<juce::AudioFormatReader> streamReaderFrom (std::uint64_t byteOffset, std::uint64_t firstSample);
        void keepHeader (const ClientTrack& track);
        [[nodiscard]] bool seekWithIndex (juce::int64 sample);
        [[nodiscard]] bool pointMatches (const SeekPoint& point, std::string& bytesAtPoint);

        juce::AudioFormatManager formats;
        std::unique_ptr<juce::AudioFormatReader> reader;
        std::shared_ptr<TrackInputStream> input;
        juce::AudioFormat* format = nullptr; // the one that read this track
        std::string id;
        std::string fileName;
        juce::int64 readPosition = 0;
        juce::int64 readerStart = 0; // the track's sample the reader's first sample is
        juce::int64 length = 0; // the track's samples
        double rate = 0.0;
        AudioFormat trackFormat = AudioFormat::unknown;
        SeekIndex seekIndex; // emptied when a point does not match the bytes
        std::shared_ptr<const std::string> header; // the bytes before the first frame, for splicing
        bool vorbisStream = false; // read by VorbisStreamReader, which only goes forwards
        int seeksThroughIndex = 0;
        juce::AudioBuffer<float> source { 2, blockFrames };
        int sourceFrames = 0;
        StreamResampler resampler { blockFrames };
        StreamResampler::Output output;

        JUCE_DECLARE_NON_COPYABLE (TrackDecoder)
    };
} // namespace earshot
