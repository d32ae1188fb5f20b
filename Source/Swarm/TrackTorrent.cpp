#include "TrackTorrent.h"

#include "Core/Error.h"

#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/read_resume_data.hpp>
#include <libtorrent/torrent_info.hpp>

#include <algorithm>
#include <cctype>

namespace earshot
{
    std::string toHex (const lt::sha1_hash& hash)
    {
        static constexpr char digits[] = "0123456789abcdef";
        std::string hex;
        for (auto byte : hash)
        {
            hex.push_back (digits[(static_cast<unsigned char> (byte) >> 4) & 0xf]);
            hex.push_back (digits[static_cast<unsigned char> (byte) & 0xf]);
        }
        return hex;
    }

    namespace
    {
        std::string lowerExtension (std::string_view fileName)
        {
            auto dot = fileName.rfind ('.');
            if (dot == std::string_view::npos)
                return {};
            std::string ext (fileName.substr (dot));
            std::transform (ext.begin(), ext.end(), ext.begin(), [] (unsigned char c)
                            { return (char) std::tolower (c); });
            return ext;
        }

        TrackTorrent describeFile (const std::shared_ptr<const lt::torrent_info>& info, lt::file_index_t index)
        {
            const auto& files = info->files();
            TrackTorrent torrent;
            auto section = info->info_section();
            torrent.infoDict.assign (section.data(), static_cast<std::size_t> (section.size()));
            torrent.infoHashHex = toHex (info->info_hashes().v1);
            torrent.fileIndex = static_cast<int> (index);
            torrent.filePath = files.file_path (index, "");
            std::replace (torrent.filePath.begin(), torrent.filePath.end(), '\\', '/');
            torrent.fileName = std::string (files.file_name (index));
            torrent.fileSize = static_cast<std::uint64_t> (files.file_size (index));
            torrent.multiFile = files.num_files() > 1;
            torrent.geometry.offsetInTorrent = static_cast<std::uint64_t> (files.file_offset (index));
            torrent.geometry.fileSize = torrent.fileSize;
            torrent.geometry.pieceLength = static_cast<std::uint64_t> (info->piece_length());
            torrent.geometry.torrentSize = static_cast<std::uint64_t> (files.total_size());
            torrent.info = info;
            return torrent;
        }

        /** A file of a multi-file torrent that is a track: an audio extension, not a pad file, not
            empty, and not a macOS resource fork ("._01 Song.mp3") that rides along in many albums. */
        bool isTrackFile (const lt::file_storage& files, lt::file_index_t index)
        {
            const auto name = std::string (files.file_name (index));
            return ! files.pad_file_at (index) && files.file_size (index) > 0 && name.rfind ("._", 0) != 0 && hasAudioExtension (name);
        }

        std::vector<TrackTorrent> describe (std::shared_ptr<const lt::torrent_info> info)
        {
            const auto& files = info->files();
            std::vector<TrackTorrent> tracks;
            if (files.num_files() == 1)
            {
                tracks.push_back (describeFile (info, lt::file_index_t { 0 }));
                return tracks;
            }

            for (auto index : files.file_range())
                if (isTrackFile (files, index))
                    tracks.push_back (describeFile (info, index));

            if (tracks.empty())
                throw Error (ErrorCode::invalidArgument,
                             "the torrent '" + info->name() + "' holds no audio file (.flac, .ogg, .mp3 or .wav)");
            return tracks;
        }

        std::vector<TrackTorrent> parseBencodedTorrent (std::string_view bytes, const std::string& what)
        {
            lt::load_torrent_limits limits;
            limits.max_buffer_size = 16 * 1024 * 1024;
            std::shared_ptr<lt::torrent_info> info;
            try
            {
                info = std::make_shared<lt::torrent_info> (lt::span<const char> (bytes.data(), static_cast<std::ptrdiff_t> (bytes.size())), limits, lt::from_span);
            }
            catch (const lt::system_error& error)
            {
                throw Error (ErrorCode::invalidArgument, what + " is not a valid torrent: " + error.code().message());
            }
            if (! info->info_hashes().has_v1())
                throw Error (ErrorCode::invalidArgument, what + " is a BitTorrent v2-only torrent; Earshot needs v1 or hybrid torrents");
            return describe (std::move (info));
        }
    } // namespace

    bool hasAudioExtension (std::string_view fileName)
    {
        return audioFormatFromExtension (fileName) != AudioFormat::unknown;
    }

    AudioFormat audioFormatFromExtension (std::string_view fileName)
    {
        const auto ext = lowerExtension (fileName);
        if (ext == ".flac")
            return AudioFormat::flac;
        if (ext == ".ogg" || ext == ".oga")
            return AudioFormat::oggVorbis;
        if (ext == ".mp3")
            return AudioFormat::mp3;
        if (ext == ".wav" || ext == ".wave")
            return AudioFormat::wav;
        return AudioFormat::unknown;
    }

    TrackTorrent createTrackTorrent (const std::filesystem::path& audioFile)
    {
        std::error_code fsError;
        const auto size = std::filesystem::file_size (audioFile, fsError);
        if (fsError)
            throw Error (ErrorCode::invalidArgument, "cannot read '" + audioFile.string() + "': " + fsError.message());
        if (size == 0)
            throw Error (ErrorCode::invalidArgument, "'" + audioFile.string() + "' is empty");

        lt::file_storage storage;
        storage.add_file (audioFile.filename().string(), static_cast<std::int64_t> (size));

        lt::create_torrent creator (storage, static_cast<int> (choosePieceLength (size)), lt::create_torrent::v1_only);
        creator.set_creator ("Earshot");

        lt::error_code ec;
        lt::set_piece_hashes (creator, audioFile.parent_path().string(), ec);
        if (ec)
            throw Error (ErrorCode::invalidArgument, "cannot hash '" + audioFile.string() + "': " + ec.message());

        std::vector<char> bytes;
        lt::bencode (std::back_inserter (bytes), creator.generate());
        return parseBencodedTorrent ({ bytes.data(), bytes.size() }, "'" + audioFile.string() + "'").front();
    }

    std::string TrackTorrent::trackId() const
    {
        return trackIdFor (infoHashHex, static_cast<std::uint32_t> (fileIndex), multiFile);
    }

    void copyTorrentFields (const TrackTorrent& torrent, TrackManifest& manifest)
    {
        manifest.infoHashHex = torrent.infoHashHex;
        manifest.infoDict = torrent.infoDict;
        manifest.fileIndex = static_cast<std::uint32_t> (torrent.fileIndex);
        manifest.filePath = torrent.filePath;
        manifest.fileName = torrent.fileName;
        manifest.fileSize = torrent.fileSize;
    }

    std::vector<TrackTorrent> parseTorrentFile (std::string_view torrentFile)
    {
        if (torrentFile.empty())
            throw Error (ErrorCode::invalidArgument, "the .torrent file is empty");
        return parseBencodedTorrent (torrentFile, "the .torrent file");
    }

    std::vector<TrackTorrent> parseInfoDict (std::string_view infoDict)
    {
        if (infoDict.empty())
            throw Error (ErrorCode::invalidArgument, "the manifest has no info dictionary");
        std::string wrapped = "d4:info";
        wrapped.append (infoDict);
        wrapped.push_back ('e');
        return parseBencodedTorrent (wrapped, "the manifest's info dictionary");
    }

    TrackTorrent validateManifest (const TrackManifest& manifest)
    {
        const auto tracks = parseInfoDict (manifest.infoDict);
        auto chosen = std::find_if (tracks.begin(), tracks.end(), [&] (const TrackTorrent& track)
                                    { return track.fileIndex == static_cast<int> (manifest.fileIndex); });
        if (chosen == tracks.end())
            throw Error (ErrorCode::invalidArgument,
                         "the manifest names file " + std::to_string (manifest.fileIndex) + " of its torrent, which is not an audio file in it");
        const auto& torrent = *chosen;
        if (torrent.infoHashHex != manifest.infoHashHex)
            throw Error (ErrorCode::invalidArgument,
                         "the manifest's info-hash " + manifest.infoHashHex + " does not match its info dictionary, which hashes to " + torrent.infoHashHex);
        if (! manifest.fileName.empty() && manifest.fileName != torrent.fileName)
            throw Error (ErrorCode::invalidArgument,
                         "the manifest names the file '" + manifest.fileName + "' but its torrent holds '" + torrent.fileName + "'");
        if (manifest.fileSize != 0 && manifest.fileSize != torrent.fileSize)
            throw Error (ErrorCode::invalidArgument,
                         "the manifest says the file has " + std::to_string (manifest.fileSize) + " bytes but its torrent says " + std::to_string (torrent.fileSize));
        return torrent;
    }

    std::vector<std::string> peersInResumeData (std::string_view resumeData)
    {
        lt::error_code ec;
        const auto params = lt::read_resume_data ({ resumeData.data(), static_cast<std::ptrdiff_t> (resumeData.size()) }, ec);
        std::vector<std::string> peers;
        if (ec)
            return peers;
        for (const auto& peer : params.peers)
        {
            const auto address = peer.address().to_string();
            peers.push_back ((peer.address().is_v6() ? "[" + address + "]" : address) + ":" + std::to_string (peer.port()));
        }
        return peers;
    }

    std::string trackIdOfMagnet (const std::string& magnetUri)
    {
        lt::error_code ec;
        auto magnet = lt::parse_magnet_uri (magnetUri, ec);
        if (ec)
            throw Error (ErrorCode::invalidArgument, "'" + magnetUri + "' is not a valid magnet link: " + ec.message());
        if (! magnet.info_hashes.has_v1())
            throw Error (ErrorCode::invalidArgument, "the magnet link has no BitTorrent v1 info-hash (xt=urn:btih:...); Earshot needs one");
        return toHex (magnet.info_hashes.v1);
    }

    std::string torrentFileFor (const TrackManifest& manifest)
    {
        std::string bytes = "d10:created by7:Earshot4:info";
        bytes.append (manifest.infoDict);
        bytes.push_back ('e');
        return bytes;
    }

    std::string magnetUriFor (const TrackManifest& manifest)
    {
        // The id and the name are all a link needs: no reason to parse the info dictionary again.
        static constexpr char digits[] = "0123456789ABCDEF";
        std::string name;
        for (unsigned char c : manifest.fileName)
        {
            if (std::isalnum (c) != 0 || c == '-' || c == '_' || c == '.' || c == '~')
            {
                name.push_back (static_cast<char> (c));
            }
            else
            {
                name.push_back ('%');
                name.push_back (digits[c >> 4]);
                name.push_back (digits[c & 0xf]);
            }
        }
        return "magnet:?xt=urn:btih:" + manifest.infoHashHex + (name.empty() ? std::string() : "&dn=" + name);
    }
} // namespace earshot
