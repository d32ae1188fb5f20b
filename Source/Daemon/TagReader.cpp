#include "TagReader.h"

#include "Core/Error.h"
#include "Core/QuoteInput.h"

#include <taglib/attachedpictureframe.h>
#include <taglib/flacfile.h>
#include <taglib/id3v2tag.h>
#include <taglib/mpegfile.h>
#include <taglib/tag.h>
#include <taglib/tpropertymap.h>
#include <taglib/vorbisfile.h>
#include <taglib/wavfile.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <memory>
#include <vector>

namespace earshot
{
    namespace
    {
        constexpr std::size_t headProbeBytes = 64 * 1024;
        constexpr std::size_t tailProbeBytes = 72 * 1024;

        std::vector<std::uint8_t> readBytes (std::ifstream& in, std::uint64_t offset, std::size_t count)
        {
            std::vector<std::uint8_t> bytes (count);
            in.seekg (static_cast<std::streamoff> (offset));
            in.read (reinterpret_cast<char*> (bytes.data()), static_cast<std::streamsize> (count));
            bytes.resize (static_cast<std::size_t> (in.gcount()));
            in.clear();
            return bytes;
        }

        std::string firstText (const TagLib::PropertyMap& properties, const char* key)
        {
            auto found = properties.find (key);
            if (found == properties.end() || found->second.isEmpty())
                return {};
            return found->second.front().to8Bit (true);
        }

        /** The leading number of a tag: "2026-03-01" gives 2026, "1/3" gives 1. */
        std::uint32_t firstNumber (const TagLib::PropertyMap& properties, const char* key)
        {
            auto found = properties.find (key);
            if (found == properties.end() || found->second.isEmpty())
                return 0;
            try
            {
                return static_cast<std::uint32_t> (std::stoul (found->second.front().to8Bit (true)));
            }
            catch (const std::exception&)
            {
                return 0;
            }
        }
    } // namespace

    namespace
    {
        /** Opens file with the TagLib parser for format. Throws Error (invalidArgument) when TagLib
        cannot parse it as audio. */
        std::unique_ptr<TagLib::File> openAudioFile (const std::filesystem::path& file, AudioFormat format)
        {
            // TagLib's FileRef picks a parser by extension; the bytes decide here, so a file whose
            // extension lies is still read right.
            std::unique_ptr<TagLib::File> parsed;
            const auto style = TagLib::AudioProperties::Average;
            switch (format)
            {
                case AudioFormat::flac:
                    parsed = std::make_unique<TagLib::FLAC::File> (file.c_str(), true, style);
                    break;
                case AudioFormat::oggVorbis:
                    parsed = std::make_unique<TagLib::Ogg::Vorbis::File> (file.c_str(), true, style);
                    break;
                case AudioFormat::mp3:
                    parsed = std::make_unique<TagLib::MPEG::File> (file.c_str(), true, style);
                    break;
                case AudioFormat::wav:
                    parsed = std::make_unique<TagLib::RIFF::WAV::File> (file.c_str(), true, style);
                    break;
                case AudioFormat::unknown:
                    break;
            }
            if (! parsed || ! parsed->isValid() || parsed->audioProperties() == nullptr)
                throw Error (ErrorCode::invalidArgument, "cannot read the audio in " + quoteInput (file.string(), pathQuoteBytes) + ": it is damaged or not a FLAC, Ogg Vorbis, MP3 or WAV file");
            return parsed;
        }

        TrackMetadata metadataOf (const TagLib::File& parsed, const TagLib::PropertyMap& properties, const std::filesystem::path& file)
        {
            TrackMetadata metadata;
            metadata.title = firstText (properties, "TITLE");
            metadata.artist = firstText (properties, "ARTIST");
            metadata.album = firstText (properties, "ALBUM");
            metadata.genre = firstText (properties, "GENRE");
            metadata.year = firstNumber (properties, "DATE");
            metadata.trackNumber = firstNumber (properties, "TRACKNUMBER");

            const auto* audio = parsed.audioProperties();
            metadata.durationMs = static_cast<std::uint64_t> (audio->lengthInMilliseconds());
            metadata.bitrateKbps = static_cast<std::uint32_t> (audio->bitrate());
            metadata.sampleRate = static_cast<std::uint32_t> (audio->sampleRate());
            metadata.channels = static_cast<std::uint32_t> (audio->channels());

            if (metadata.sampleRate == 0 || metadata.channels == 0)
                throw Error (ErrorCode::invalidArgument, quoteInput (file.string(), pathQuoteBytes) + " has no readable audio stream");
            return metadata;
        }

        /** The BPM tag's tempo: "112", "76.5" and "128 BPM" read as numbers; anything that is not a
        plausible tempo (none, 0, negative, absurdly fast) is 0, unknown. */
        double tempoOf (const TagLib::PropertyMap& properties)
        {
            const auto text = firstText (properties, "BPM");
            const auto begin = text.find_first_not_of (" \t");
            if (begin == std::string::npos)
                return 0.0;

            double bpm = 0.0;
            const auto* first = text.data() + begin;
            const auto [end, error] = std::from_chars (first, text.data() + text.size(), bpm);
            if (error != std::errc() || end == first)
                return 0.0;

            constexpr double fastestPlausibleBpm = 1000.0;
            return bpm > 0.0 && bpm <= fastestPlausibleBpm ? bpm : 0.0;
        }

        /** What a file that is not a regular file is, for an error message. */
        std::string describeFileType (std::filesystem::file_type type)
        {
            switch (type)
            {
                case std::filesystem::file_type::directory:
                    return "a folder";
                case std::filesystem::file_type::character:
                    return "a character device";
                case std::filesystem::file_type::block:
                    return "a block device";
                case std::filesystem::file_type::fifo:
                    return "a FIFO (named pipe)";
                case std::filesystem::file_type::socket:
                    return "a socket";
                default:
                    return "a special file";
            }
        }
    } // namespace

    namespace
    {
        /** Parses file as manifest.format once, for everything: tags, stream info, tempo and key
        (TagLib maps ID3v2's TBPM and TKEY, and the BPM and INITIALKEY Vorbis comments, to the BPM
        and INITIALKEY properties). A track with no title is named after its file. */
        std::unique_ptr<TagLib::File> readTags (const std::filesystem::path& file, TrackManifest& manifest)
        {
            auto parsed = openAudioFile (file, manifest.format);
            const auto properties = parsed->properties();
            manifest.metadata = metadataOf (*parsed, properties, file);
            manifest.bpm = tempoOf (properties);
            manifest.key = firstText (properties, "INITIALKEY");
            if (manifest.metadata.title.empty())
                manifest.metadata.title = file.stem().string();
            return parsed;
        }
    } // namespace

    TrackManifest describeAudioFile (const std::filesystem::path& file)
    {
        // Only the type is looked at before the file is opened: opening a FIFO would wait for a
        // writer, and /dev/zero never ends.
        std::error_code ec;
        const auto type = std::filesystem::status (file, ec).type();
        if (type == std::filesystem::file_type::not_found)
            throw Error (ErrorCode::invalidArgument, "cannot read " + quoteInput (file.string(), pathQuoteBytes) + ": no such file");
        if (ec)
            throw Error (ErrorCode::invalidArgument, "cannot read " + quoteInput (file.string(), pathQuoteBytes) + ": " + ec.message());
        if (type != std::filesystem::file_type::regular)
            throw Error (ErrorCode::invalidArgument, quoteInput (file.string(), pathQuoteBytes) + " is not a regular file (" + describeFileType (type) + "); publish audio files or folders of them");

        const auto size = std::filesystem::file_size (file, ec);
        std::ifstream in (file, std::ios::binary);
        if (ec || ! in)
            throw Error (ErrorCode::invalidArgument, "cannot read " + quoteInput (file.string(), pathQuoteBytes));

        const auto head = readBytes (in, 0, static_cast<std::size_t> (std::min<std::uint64_t> (size, headProbeBytes)));
        const auto tailSize = static_cast<std::size_t> (std::min<std::uint64_t> (size, tailProbeBytes));
        const auto tail = readBytes (in, size - tailSize, tailSize);

        TrackManifest manifest;
        manifest.format = detectAudioFormat (head);
        if (manifest.format == AudioFormat::unknown)
            throw Error (ErrorCode::invalidArgument, quoteInput (file.string(), pathQuoteBytes) + " is not an audio file Earshot can stream (FLAC, Ogg Vorbis, MP3 or WAV)");

        manifest.fileName = file.filename().string();
        manifest.fileSize = size;
        manifest.layout = probeContainerLayout (manifest.format, head, tail, size);

        (void) readTags (file, manifest);
        return manifest;
    }

    TrackManifest describeAudioOpening (const std::filesystem::path& file, std::uint64_t fileSize)
    {
        std::ifstream in (file, std::ios::binary);
        if (! in)
            throw Error (ErrorCode::invalidArgument, "cannot read " + quoteInput (file.string(), pathQuoteBytes));
        const auto head = readBytes (in, 0, static_cast<std::size_t> (std::min<std::uint64_t> (fileSize, headProbeBytes)));

        TrackManifest manifest;
        manifest.format = detectAudioFormat (head);
        if (manifest.format == AudioFormat::unknown)
            throw Error (ErrorCode::invalidArgument, "the opening of " + quoteInput (file.string(), pathQuoteBytes) + " is not FLAC, Ogg Vorbis, MP3 or WAV");
        manifest.fileName = file.filename().string();
        manifest.fileSize = fileSize;

        const auto parsed = readTags (file, manifest);
        // Ogg keeps the length in its last page, which is not here: TagLib would take the last page
        // it finds in the opening. The identification header's nominal bitrate gives an estimate.
        if (const auto* vorbis = dynamic_cast<const TagLib::Ogg::Vorbis::File*> (parsed.get()); vorbis != nullptr && vorbis->audioProperties() != nullptr)
        {
            const auto nominal = static_cast<std::uint64_t> (std::max (0, vorbis->audioProperties()->bitrateNominal()));
            const auto bitsPerSecond = nominal >= 8000 ? nominal : nominal * 1000; // bits or kbit per second
            manifest.metadata.bitrateKbps = static_cast<std::uint32_t> (bitsPerSecond / 1000);
            manifest.metadata.durationMs = bitsPerSecond > 0 ? fileSize * 8 * 1000 / bitsPerSecond : 0;
        }
        else if (manifest.metadata.durationMs == 0 && manifest.metadata.bitrateKbps > 0)
        {
            manifest.metadata.durationMs = fileSize * 8 / manifest.metadata.bitrateKbps;
        }
        return manifest;
    }

    namespace
    {
        /** The front cover among pictures (each a type and its bytes), else the first. */
        template <typename Picture, typename TypeOf, typename BytesOf>
        std::optional<std::string> chooseCover (const TagLib::List<Picture>& pictures, TypeOf typeOf, BytesOf bytesOf)
        {
            std::optional<std::string> first;
            for (const auto& picture : pictures)
            {
                const auto bytes = bytesOf (picture);
                if (bytes.isEmpty())
                    continue;
                std::string data (bytes.data(), bytes.size());
                if (typeOf (picture))
                    return data;
                if (! first)
                    first = std::move (data);
            }
            return first;
        }

        std::optional<std::string> coverOfXiph (TagLib::Ogg::XiphComment* comment)
        {
            // TagLib reads both METADATA_BLOCK_PICTURE and the older COVERART into pictureList().
            if (comment == nullptr)
                return std::nullopt;
            return chooseCover (
                comment->pictureList(), [] (const TagLib::FLAC::Picture* p)
                { return p->type() == TagLib::FLAC::Picture::FrontCover; },
                [] (const TagLib::FLAC::Picture* p)
                { return p->data(); });
        }

        std::optional<std::string> coverOfId3v2 (TagLib::ID3v2::Tag* tag)
        {
            if (tag == nullptr)
                return std::nullopt;
            return chooseCover (
                tag->frameList ("APIC"), [] (const TagLib::ID3v2::Frame* frame)
                {
                    const auto* apic = dynamic_cast<const TagLib::ID3v2::AttachedPictureFrame*> (frame);
                    return apic != nullptr && apic->type() == TagLib::ID3v2::AttachedPictureFrame::FrontCover; },
                [] (const TagLib::ID3v2::Frame* frame)
                {
                    const auto* apic = dynamic_cast<const TagLib::ID3v2::AttachedPictureFrame*> (frame);
                    return apic != nullptr ? apic->picture() : TagLib::ByteVector(); });
        }
    } // namespace

    std::optional<std::string> readCoverPicture (const std::filesystem::path& file, AudioFormat format)
    {
        const auto parsed = openAudioFile (file, format);
        if (auto* flac = dynamic_cast<TagLib::FLAC::File*> (parsed.get()))
        {
            auto cover = chooseCover (
                flac->pictureList(), [] (const TagLib::FLAC::Picture* p)
                { return p->type() == TagLib::FLAC::Picture::FrontCover; },
                [] (const TagLib::FLAC::Picture* p)
                { return p->data(); });
            if (! cover)
                cover = coverOfXiph (flac->xiphComment());
            if (! cover)
                cover = coverOfId3v2 (flac->ID3v2Tag());
            return cover;
        }
        if (auto* vorbis = dynamic_cast<TagLib::Ogg::Vorbis::File*> (parsed.get()))
            return coverOfXiph (vorbis->tag());
        if (auto* mp3 = dynamic_cast<TagLib::MPEG::File*> (parsed.get()))
            return coverOfId3v2 (mp3->ID3v2Tag());
        if (auto* wav = dynamic_cast<TagLib::RIFF::WAV::File*> (parsed.get()))
            return coverOfId3v2 (wav->ID3v2Tag());
        return std::nullopt;
    }
} // namespace earshot
