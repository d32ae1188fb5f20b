#include "TrackDecoder.h"

#include <algorithm>

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

    bool TrackDecoder::open (std::shared_ptr<TrackInputStream> stream, const ClientTrack& track, std::string& whyNot)
    {
        close();
        auto made = readerFor (stream, track.manifest.format);
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
        return true;
    }

    bool TrackDecoder::reopen (std::string& whyNot)
    {
        input->resumeReads();
        auto again = tryFormat (*format, input);
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
    }

    void TrackDecoder::seek (double seconds, double outputRate) noexcept
    {
        readPosition = std::clamp<juce::int64> (static_cast<juce::int64> (seconds * reader->sampleRate), 0, reader->lengthInSamples);
        resampler.reset (reader->sampleRate / outputRate);
    }

    TrackDecoder::Read TrackDecoder::readNext (std::string& whyNot)
    {
        const int frames = static_cast<int> (std::min<juce::int64> (blockFrames, reader->lengthInSamples - readPosition));
        source.clear();
        reader->read (&source, 0, frames, readPosition, true, true);
        if (auto streamFailure = input->failure())
        {
            whyNot = std::string (streamFailure->what()) + " (at " + secondsText (decodedSeconds()) + " s of " + fileName + ")";
            return Read::streamFailed;
        }
        if (input->isExhausted() && readPosition + frames < reader->lengthInSamples && input->getPosition() >= input->getTotalLength())
        {
            // The decoder reached the file's last byte well before the length its header gives.
            const auto decodedTo = static_cast<double> (readPosition + frames) / reader->sampleRate;
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
        output = resampler.process (source, frames);
        return Read::decoded;
    }

    TrackDecoder::Block TrackDecoder::block() const noexcept
    {
        return { source.getArrayOfReadPointers(), sourceFrames, static_cast<double> (readPosition - sourceFrames) / reader->sampleRate, reader->sampleRate };
    }

    bool TrackDecoder::finished() const noexcept
    {
        return readPosition >= reader->lengthInSamples;
    }

    double TrackDecoder::decodedSeconds() const noexcept
    {
        return static_cast<double> (readPosition) / reader->sampleRate;
    }

    double TrackDecoder::lengthSeconds() const noexcept
    {
        return static_cast<double> (reader->lengthInSamples) / reader->sampleRate;
    }

    double TrackDecoder::remainingSeconds() const noexcept
    {
        return lengthSeconds() - decodedSeconds();
    }
} // namespace earshot
