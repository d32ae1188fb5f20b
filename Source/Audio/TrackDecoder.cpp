#include "TrackDecoder.h"

#include "VorbisStreamReader.h"

#include "Core/Mp3Framing.h"

#include <algorithm>
#include <cstring>

namespace earshot
{
    namespace
    {
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
                case AudioFormat::unknown:
                    break;
            }
            return "";
        }

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

        /** A file as a decoder would see it if the track's audio began at a frame or page in its
            middle: the header bytes (kept in memory), then the stream's bytes from restFrom on. A
            read stops at the seam, so opening the reader over it reads nothing of the stream. */
        class SplicedStream final : public juce::InputStream
        {
        public:
            SplicedStream (std::shared_ptr<const std::string> headerBytes, std::shared_ptr<TrackInputStream> stream, juce::int64 from)
                : header (std::move (headerBytes))
                , rest (std::move (stream))
                , restFrom (from)
            {
            }

            juce::int64 getTotalLength() override { return headerLength() + rest->getTotalLength() - restFrom; }
            bool isExhausted() override { return position >= getTotalLength() || (position >= headerLength() && rest->isExhausted()); }
            juce::int64 getPosition() override { return position; }
            bool setPosition (juce::int64 newPosition) override
            {
                position = std::clamp<juce::int64> (newPosition, 0, getTotalLength());
                return true;
            }

            int read (void* destBuffer, int maxBytesToRead) override
            {
                if (maxBytesToRead <= 0)
                    return 0;
                if (position < headerLength())
                {
                    const auto count = static_cast<int> (std::min<juce::int64> (maxBytesToRead, headerLength() - position));
                    std::memcpy (destBuffer, header->data() + position, static_cast<std::size_t> (count));
                    position += count;
                    return count;
                }
                const auto at = restFrom + position - headerLength();
                if (rest->getPosition() != at)
                    rest->setPosition (at);
                const auto got = rest->read (destBuffer, maxBytesToRead);
                position += std::max (got, 0);
                return got;
            }

        private:
            [[nodiscard]] juce::int64 headerLength() const noexcept { return static_cast<juce::int64> (header->size()); }

            std::shared_ptr<const std::string> header;
            std::shared_ptr<TrackInputStream> rest;
            juce::int64 restFrom = 0;
            juce::int64 position = 0;
        };

        /** Reads count bytes from the stream at offset, however many short reads that takes. */
        std::string readAt (TrackInputStream& stream, juce::int64 offset, std::size_t count)
        {
            std::string bytes (count, '\0');
            stream.setPosition (offset);
            std::size_t got = 0;
            while (got < count)
            {
                const auto read = stream.read (bytes.data() + got, static_cast<int> (count - got));
                if (read <= 0)
                    break;
                got += static_cast<std::size_t> (read);
            }
            bytes.resize (got);
            return bytes;
        }

        /** The longest header kept for splicing (a FLAC with large artwork); longer ones seek as
            their reader does. */
        constexpr std::uint64_t maxKeptHeaderBytes = 4 * 1024 * 1024;

        /** libFLAC and libvorbisfile read like fread; JUCE's WAV and MP3 parsers need whole reads. */
        bool takesShortReads (const juce::AudioFormat& format)
        {
            return format.getFormatName().containsIgnoreCase ("flac") || format.getFormatName().containsIgnoreCase ("ogg");
        }

        /** A reader with one format, or nullptr. */
        std::unique_ptr<juce::AudioFormatReader> tryFormat (juce::AudioFormat& format, const std::shared_ptr<TrackInputStream>& input)
        {
            input->setPosition (0);
            input->setShortReads (takesShortReads (format));
            auto view = std::make_unique<StreamView> (input);
            std::unique_ptr<juce::AudioFormatReader> made (format.createReaderFor (view.get(), false));
            if (made != nullptr)
                view.release(); // the reader owns the view now
            return made;
        }

        std::string secondsText (double seconds)
        {
            return juce::String (seconds, 1).toStdString();
        }
    } // namespace

    TrackDecoder::TrackDecoder()
    {
        formats.registerBasicFormats();
    }

    std::unique_ptr<juce::AudioFormatReader> TrackDecoder::readerFor (const std::shared_ptr<TrackInputStream>& stream, AudioFormat detected)
    {
        auto* preferred = formats.findFormatForFileExtension (extensionFor (detected));
        if (preferred != nullptr)
            if (auto made = tryFormat (*preferred, stream))
            {
                format = preferred;
                return made;
            }
        for (int i = 0; i < formats.getNumKnownFormats(); ++i)
        {
            auto* candidate = formats.getKnownFormat (i);
            if (candidate == preferred)
                continue;
            if (auto made = tryFormat (*candidate, stream))
            {
                format = candidate;
                return made;
            }
        }
        return nullptr;
    }

    std::unique_ptr<juce::AudioFormatReader> TrackDecoder::streamReaderFrom (std::uint64_t byteOffset, std::uint64_t firstSample)
    {
        input->setShortReads (true);
        std::unique_ptr<juce::InputStream> from;
        if (header != nullptr)
            from = std::make_unique<SplicedStream> (header, input, static_cast<juce::int64> (byteOffset));
        else
        {
            input->setPosition (0);
            from = std::make_unique<StreamView> (input);
        }
        // The length from the index, which keepHeader may have dropped since (length has it then).
        const auto total = length > 0 ? static_cast<std::uint64_t> (length) : seekIndex.totalSamples;
        auto made = std::make_unique<VorbisStreamReader> (from.release(), total, firstSample);
        if (! made->valid())
            return nullptr;
        return made;
    }

    void TrackDecoder::keepHeader (const ClientTrack& track)
    {
        // An MP3's header is everything before its first frame of audio (its tags, and a Xing or
        // Info frame, which gives a decoder the length): where the index's first point is.
        const auto headerBytes = trackFormat == AudioFormat::mp3 && ! seekIndex.empty() && seekIndex.points.front().sample == 0
                                     ? seekIndex.points.front().byteOffset
                                     : track.manifest.layout.headerBytes;
        if (seekIndex.empty() || (headerBytes == 0 && trackFormat != AudioFormat::mp3) || headerBytes > maxKeptHeaderBytes || seekIndex.points.front().byteOffset < headerBytes)
        {
            seekIndex = {};
            return;
        }
        // The reader has read the header already: it comes from the stream's cache.
        const auto resumeAt = input->getPosition();
        auto bytes = readAt (*input, 0, static_cast<std::size_t> (headerBytes));
        input->setPosition (resumeAt);
        if (bytes.size() != headerBytes)
        {
            seekIndex = {};
            return;
        }
        header = std::make_shared<const std::string> (std::move (bytes));
    }

    bool TrackDecoder::open (std::shared_ptr<TrackInputStream> stream, const ClientTrack& track, std::string& whyNot)
    {
        close();
        trackFormat = track.manifest.format;
        seekIndex = trackFormat == AudioFormat::flac || trackFormat == AudioFormat::oggVorbis || trackFormat == AudioFormat::mp3 ? track.manifest.seekIndex : SeekIndex {};
        std::unique_ptr<juce::AudioFormatReader> made;
        if (trackFormat == AudioFormat::oggVorbis && seekIndex.totalSamples > 0)
        {
            // Opened as a pipe is: the length comes from the index, not from the last page.
            input = stream;
            made = streamReaderFrom (0, 0);
            vorbisStream = made != nullptr;
            if (made != nullptr)
                format = formats.findFormatForFileExtension (".ogg");
            input.reset();
        }
        if (made == nullptr)
            made = readerFor (stream, track.manifest.format);
        if (made == nullptr)
        {
            const auto streamFailure = stream->failure();
            whyNot = streamFailure ? std::string (streamFailure->what())
                                   : "cannot decode " + track.manifest.fileName + ": its bytes are not FLAC, Ogg Vorbis, MP3 or WAV audio that JUCE can read";
            format = nullptr;
            return false;
        }
        if (made->sampleRate <= 0 || made->lengthInSamples <= 0)
        {
            whyNot = "cannot play " + track.manifest.fileName + ": its header gives no sample rate or length";
            format = nullptr;
            return false;
        }
        reader = std::move (made);
        input = std::move (stream);
        id = track.id;
        fileName = track.manifest.fileName;
        readPosition = 0;
        readerStart = 0;
        length = reader->lengthInSamples;
        rate = reader->sampleRate;
        keepHeader (track);
        return true;
    }

    bool TrackDecoder::reopen (std::string& whyNot)
    {
        input->resumeReads();
        readerStart = 0;
        auto again = vorbisStream ? streamReaderFrom (static_cast<std::uint64_t> (header != nullptr ? header->size() : 0), 0) : tryFormat (*format, input);
        if (again == nullptr)
        {
            const auto streamFailure = input->failure();
            whyNot = "cannot read " + fileName + " again after a seek" + (streamFailure ? std::string (": ") + streamFailure->what() : std::string());
            return false;
        }
        reader = std::move (again);
        return true;
    }

    void TrackDecoder::close() noexcept
    {
        reader.reset();
        input.reset();
        format = nullptr;
        header.reset();
        seekIndex = {};
        vorbisStream = false;
        readerStart = 0;
        length = 0;
        seeksThroughIndex = 0;
    }

    bool TrackDecoder::pointMatches (const SeekPoint& point, std::string& bytes)
    {
        if (point.byteOffset >= static_cast<std::uint64_t> (input->getTotalLength()))
            return false;
        // Reading these bytes moves the daemon's stream (and its deadlines) to the point at once.
        // The reader there now goes on from where it was, should the point not match.
        const auto resumeAt = input->getPosition();
        bytes = readAt (*input, static_cast<juce::int64> (point.byteOffset), seekPointCheckBytes);
        input->setPosition (resumeAt);
        return seekPointMatches (trackFormat, std::span (reinterpret_cast<const std::uint8_t*> (bytes.data()), bytes.size()), point);
    }

    bool TrackDecoder::seekWithIndex (juce::int64 sample)
    {
        if (seekIndex.empty() || header == nullptr)
            return false;
        const auto point = seekPointToDecodeFrom (trackFormat, seekIndex, static_cast<std::uint64_t> (sample));
        if (! point)
            return false;
        std::string bytesAtPoint;
        if (! pointMatches (*point, bytesAtPoint))
        {
            // A wrong or forged index: this track seeks as its reader would from now on.
            seekIndex = {};
            return false;
        }
        if (trackFormat == AudioFormat::oggVorbis)
        {
            // Positions are the Ogg granule positions, so the reader skips to the sample itself.
            auto made = streamReaderFrom (point->byteOffset, point->sample);
            if (made == nullptr)
                return false;
            reader = std::move (made);
            readerStart = 0;
            return true;
        }
        std::unique_ptr<juce::AudioFormatReader> made (format->createReaderFor (new SplicedStream (header, input, static_cast<juce::int64> (point->byteOffset)), true));
        if (made == nullptr || made->sampleRate != rate)
            return false;
        reader = std::move (made);
        readerStart = static_cast<juce::int64> (point->sample);
        // JUCE's MP3 decoder drops the first frame it meets whose audio begins in the frames before
        // it (there is nothing to take that from): its first samples are then the next frame's.
        if (trackFormat == AudioFormat::mp3 && mp3MainDataBegin (std::span (reinterpret_cast<const std::uint8_t*> (bytesAtPoint.data()), bytesAtPoint.size())).value_or (0) > 0)
            readerStart += static_cast<juce::int64> (mp3FrameSamples);
        // JUCE's readers would seek to a sample further than a frame ahead (FLAC's a binary search
        // over the spliced bytes, MP3's a scan of every frame): it is read forwards to the sample
        // instead, which also decodes an MP3's priming frames.
        for (auto at = readerStart; at < sample;)
        {
            const auto count = static_cast<int> (std::min<juce::int64> (blockFrames, sample - at));
            reader->read (&source, 0, count, at - readerStart, true, true);
            at += count;
        }
        return true;
    }

    void TrackDecoder::seek (double seconds, double outputRate) noexcept
    {
        readPosition = std::clamp<juce::int64> (static_cast<juce::int64> (seconds * rate), 0, length);
        resampler.reset (rate / outputRate);
        try
        {
            if (seekWithIndex (readPosition))
            {
                ++seeksThroughIndex;
                return;
            }
            readerStart = 0;
            if (vorbisStream && (readPosition == 0 || ! seekIndex.empty()))
            {
                // Before the first indexed page: read from the first audio page, skipping to the sample.
                if (auto fromStart = streamReaderFrom (header != nullptr ? header->size() : 0, 0))
                    reader = std::move (fromStart);
            }
            else if (vorbisStream)
            {
                // The index was wrong: JUCE's reader seeks the Ogg (reading its last page first).
                if (auto seekable = tryFormat (*format, input))
                {
                    reader = std::move (seekable);
                    vorbisStream = false;
                }
            }
        }
        catch (...)
        {
            // A reader that could not be made leaves the one there; the stream's failure says why.
        }
    }

    TrackDecoder::Read TrackDecoder::readNext (std::string& whyNot)
    {
        const int frames = static_cast<int> (std::min<juce::int64> (blockFrames, length - readPosition));
        source.clear();
        reader->read (&source, 0, frames, readPosition - readerStart, true, true);
        if (auto streamFailure = input->failure())
        {
            whyNot = std::string (streamFailure->what()) + " (at " + secondsText (decodedSeconds()) + " s of " + fileName + ")";
            return Read::streamFailed;
        }
        if (input->isExhausted() && readPosition + frames < length && input->getPosition() >= input->getTotalLength())
        {
            // The decoder reached the file's last byte well before the length its header gives.
            const auto decodedTo = static_cast<double> (readPosition + frames) / rate;
            if (lengthSeconds() - decodedTo > 1.0)
            {
                whyNot = "cannot play " + fileName + ": the file ends at " + secondsText (decodedTo) + " s but its header says " + secondsText (lengthSeconds()) + " s (truncated or corrupt)";
                return Read::truncated;
            }
        }
        if (reader->numChannels == 1)
            source.copyFrom (1, 0, source, 0, 0, frames);
        sourceFrames = frames;
        readPosition += frames;
        // An Ogg's length came from its index; audio after it (a wrong or forged index) still plays.
        if (vorbisStream && readPosition >= length && static_cast<VorbisStreamReader&> (*reader).hasMoreAudio())
            length = readPosition + blockFrames;
        output = resampler.process (source, frames);
        return Read::decoded;
    }

    TrackDecoder::Block TrackDecoder::block() const noexcept
    {
        return { source.getArrayOfReadPointers(), sourceFrames, static_cast<double> (readPosition - sourceFrames) / rate, rate };
    }

    bool TrackDecoder::finished() const noexcept
    {
        return readPosition >= length;
    }

    double TrackDecoder::decodedSeconds() const noexcept
    {
        return static_cast<double> (readPosition) / rate;
    }

    double TrackDecoder::lengthSeconds() const noexcept
    {
        return static_cast<double> (length) / rate;
    }

    double TrackDecoder::remainingSeconds() const noexcept
    {
        return lengthSeconds() - decodedSeconds();
    }
} // namespace earshot
