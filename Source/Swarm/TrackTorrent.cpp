#include "TrackTorrent.h"

#include "Core/Error.h"
#include "Core/Hex.h"
#include "Core/QuoteInput.h"

#include <libtorrent/bdecode.hpp>
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
        return toHex (std::string_view (hash.data(), hash.size()));
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

        std::vector<TrackTorrent> describe (std::shared_ptr<const lt::torrent_info> info, const std::vector<std::string>& trackers)
        {
            const auto& files = info->files();
            std::vector<TrackTorrent> tracks;
            for (auto index : files.file_range())
            {
                if (files.num_files() == 1 || isTrackFile (files, index))
                {
                    tracks.push_back (describeFile (info, index));
                    tracks.back().trackers = trackers;
                }
            }

            if (tracks.empty())
                throw Error (ErrorCode::invalidArgument,
                             "the torrent " + quoteInput (info->name()) + " holds no audio file (.flac, .ogg, .mp3 or .wav)");
            return tracks;
        }

        /** The announce URLs a .torrent file names, in the file's order: announce-list's tiers one
            after another, or else announce (BEP 12); those Earshot can announce to. Read from the
            bytes because libtorrent's torrent_info shuffles each tier, as BEP 12 asks of a client
            announcing, not of one keeping the list. */
        std::vector<std::string> announcedIn (std::string_view torrentFile)
        {
            lt::error_code ec;
            const auto root = lt::bdecode ({ torrentFile.data(), static_cast<std::ptrdiff_t> (torrentFile.size()) }, ec);
            std::vector<std::string> urls;
            if (ec || root.type() != lt::bdecode_node::dict_t)
                return urls;
            if (const auto tiers = root.dict_find_list ("announce-list"))
                for (int t = 0; t < tiers.list_size(); ++t)
                    if (const auto tier = tiers.list_at (t); tier.type() == lt::bdecode_node::list_t)
                        for (int i = 0; i < tier.list_size(); ++i)
                            urls.emplace_back (tier.list_string_value_at (i));
            if (urls.empty())
                urls.emplace_back (root.dict_find_string_value ("announce"));
            return usableTrackers (urls);
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
            return describe (std::move (info), announcedIn (bytes));
        }

        /** Why url is not a tracker Earshot can announce to; empty when it is one. */
        std::string trackerUrlProblem (std::string_view url)
        {
            if (url.empty())
                return "it is empty";
            if (url.size() > maxTrackerUrlBytes)
                return "it is " + std::to_string (url.size()) + " bytes, and a tracker URL holds at most " + std::to_string (maxTrackerUrlBytes);
            if (std::any_of (url.begin(), url.end(), [] (unsigned char c)
                             { return c <= ' ' || c == 0x7f; }))
                return "it holds a space or a control character";

            const auto schemeEnd = url.find ("://");
            std::string scheme (url.substr (0, schemeEnd == std::string_view::npos ? 0 : schemeEnd));
            std::transform (scheme.begin(), scheme.end(), scheme.begin(), [] (unsigned char c)
                            { return (char) std::tolower (c); });
            if (scheme != "http" && scheme != "https" && scheme != "udp")
                return "Earshot announces to http://, https:// and udp:// trackers";

            // The host: what is between "://" and the path, without user info or port.
            auto authority = url.substr (schemeEnd + 3);
            authority = authority.substr (0, authority.find_first_of ("/?#"));
            if (const auto at = authority.rfind ('@'); at != std::string_view::npos)
                authority = authority.substr (at + 1);
            const auto host = authority.empty() ? authority : authority.substr (0, authority.front() == '[' ? authority.find (']') + 1 : authority.find (':'));
            if (host.empty() || host == "[]")
                return "it names no host";
            return {};
        }

        /** RFC 3986 percent-encoding of everything but the unreserved characters. */
        std::string percentEncode (std::string_view text)
        {
            static constexpr char digits[] = "0123456789ABCDEF";
            std::string encoded;
            for (unsigned char c : text)
            {
                if (std::isalnum (c) != 0 || c == '-' || c == '_' || c == '.' || c == '~')
                {
                    encoded.push_back (static_cast<char> (c));
                }
                else
                {
                    encoded.push_back ('%');
                    encoded.push_back (digits[c >> 4]);
                    encoded.push_back (digits[c & 0xf]);
                }
            }
            return encoded;
        }

        std::string bencodedString (std::string_view text)
        {
            return std::to_string (text.size()) + ":" + std::string (text);
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
            throw Error (ErrorCode::invalidArgument, "cannot read " + quoteInput (audioFile.string(), pathQuoteBytes) + ": " + fsError.message());
        if (size == 0)
            throw Error (ErrorCode::invalidArgument, quoteInput (audioFile.string(), pathQuoteBytes) + " is empty");

        lt::file_storage storage;
        storage.add_file (audioFile.filename().string(), static_cast<std::int64_t> (size));

        lt::create_torrent creator (storage, static_cast<int> (choosePieceLength (size)), lt::create_torrent::v1_only);
        creator.set_creator ("Earshot");

        lt::error_code ec;
        lt::set_piece_hashes (creator, audioFile.parent_path().string(), ec);
        if (ec)
            throw Error (ErrorCode::invalidArgument, "cannot hash " + quoteInput (audioFile.string(), pathQuoteBytes) + ": " + ec.message());

        std::vector<char> bytes;
        lt::bencode (std::back_inserter (bytes), creator.generate());
        return parseBencodedTorrent ({ bytes.data(), bytes.size() }, quoteInput (audioFile.string(), pathQuoteBytes)).front();
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
                         "the manifest's info-hash " + quoteInput (manifest.infoHashHex) + " does not match its info dictionary, which hashes to " + torrent.infoHashHex);
        if (! manifest.fileName.empty() && manifest.fileName != torrent.fileName)
            throw Error (ErrorCode::invalidArgument,
                         "the manifest names the file " + quoteInput (manifest.fileName) + " but its torrent holds " + quoteInput (torrent.fileName));
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
            throw Error (ErrorCode::invalidArgument, quoteInput (magnetUri) + " is not a valid magnet link: " + ec.message());
        if (! magnet.info_hashes.has_v1())
            throw Error (ErrorCode::invalidArgument, "the magnet link has no BitTorrent v1 info-hash (xt=urn:btih:...); Earshot needs one");
        return toHex (magnet.info_hashes.v1);
    }

    std::vector<std::string> trackersOfMagnet (const std::string& magnetUri)
    {
        lt::error_code ec;
        const auto magnet = lt::parse_magnet_uri (magnetUri, ec);
        if (ec)
            throw Error (ErrorCode::invalidArgument, quoteInput (magnetUri) + " is not a valid magnet link: " + ec.message());
        return usableTrackers (magnet.trackers);
    }

    std::vector<std::string> checkTrackerUrls (const std::vector<std::string>& urls)
    {
        if (urls.size() > maxTrackers)
            throw Error (ErrorCode::invalidArgument, std::to_string (urls.size()) + " trackers are named; a track announces to at most " + std::to_string (maxTrackers));
        std::vector<std::string> checked;
        for (const auto& url : urls)
        {
            // A URL no longer than one taken is shown whole, as given (its problem may be its last
            // byte, a stray newline); a longer one by its start only.
            if (const auto problem = trackerUrlProblem (url); ! problem.empty())
                throw Error (ErrorCode::invalidArgument,
                             (url.size() <= maxTrackerUrlBytes ? "'" + url + "'" : quoteInput (url)) + " is not a tracker URL: " + problem + " (give one like http://tracker.example.org:6969/announce or udp://tracker.example.org:6969)");
            if (std::find (checked.begin(), checked.end(), url) == checked.end())
                checked.push_back (url);
        }
        return checked;
    }

    std::vector<std::string> usableTrackers (const std::vector<std::string>& urls)
    {
        std::vector<std::string> usable;
        for (const auto& url : urls)
            if (usable.size() < maxTrackers && trackerUrlProblem (url).empty() && std::find (usable.begin(), usable.end(), url) == usable.end())
                usable.push_back (url);
        return usable;
    }

    std::string torrentFileFor (const TrackManifest& manifest, const std::vector<std::string>& trackers)
    {
        // Written by hand, keys in sorted order as bencoding requires; the info dictionary goes in
        // byte for byte, so the info-hash (the track id) is the same with or without trackers.
        std::string bytes = "d";
        if (! trackers.empty())
        {
            bytes += "8:announce" + bencodedString (trackers.front());
            bytes += "13:announce-listl";
            for (const auto& tracker : trackers)
                bytes += "l" + bencodedString (tracker) + "e";
            bytes += "e";
        }
        bytes += "10:created by7:Earshot4:info";
        bytes.append (manifest.infoDict);
        bytes.push_back ('e');
        return bytes;
    }

    std::string magnetUriFor (const TrackManifest& manifest, const std::vector<std::string>& trackers)
    {
        // The id, the name and the trackers are all a link needs: no reason to parse the info
        // dictionary again.
        const auto name = percentEncode (manifest.fileName);
        auto uri = "magnet:?xt=urn:btih:" + manifest.infoHashHex + (name.empty() ? std::string() : "&dn=" + name);
        for (const auto& tracker : trackers)
            uri += "&tr=" + percentEncode (tracker);
        return uri;
    }
} // namespace earshot
