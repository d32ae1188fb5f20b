#include "ProtoConvert.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace earshot
{
    v1::AudioFormat toProto (AudioFormat format) noexcept
    {
        switch (format)
        {
            case AudioFormat::flac:
                return v1::AUDIO_FORMAT_FLAC;
            case AudioFormat::oggVorbis:
                return v1::AUDIO_FORMAT_OGG_VORBIS;
            case AudioFormat::mp3:
                return v1::AUDIO_FORMAT_MP3;
            case AudioFormat::wav:
                return v1::AUDIO_FORMAT_WAV;
            case AudioFormat::unknown:
                break;
        }
        return v1::AUDIO_FORMAT_UNSPECIFIED;
    }

    AudioFormat fromProto (v1::AudioFormat format) noexcept
    {
        switch (format)
        {
            case v1::AUDIO_FORMAT_FLAC:
                return AudioFormat::flac;
            case v1::AUDIO_FORMAT_OGG_VORBIS:
                return AudioFormat::oggVorbis;
            case v1::AUDIO_FORMAT_MP3:
                return AudioFormat::mp3;
            case v1::AUDIO_FORMAT_WAV:
                return AudioFormat::wav;
            default:
                break;
        }
        return AudioFormat::unknown;
    }

    void toProto (const TrackMetadata& metadata, v1::TrackMetadata& out)
    {
        toProto (TrackMetadata (metadata), out);
    }

    void toProto (TrackMetadata&& metadata, v1::TrackMetadata& out)
    {
        out.set_title (std::move (metadata.title));
        out.set_artist (std::move (metadata.artist));
        out.set_album (std::move (metadata.album));
        out.set_genre (std::move (metadata.genre));
        out.set_year (metadata.year);
        out.set_track_number (metadata.trackNumber);
        out.set_duration_ms (metadata.durationMs);
        out.set_bitrate_kbps (metadata.bitrateKbps);
        out.set_sample_rate (metadata.sampleRate);
        out.set_channels (metadata.channels);
    }

    TrackMetadata fromProto (const v1::TrackMetadata& metadata)
    {
        TrackMetadata out;
        out.title = metadata.title();
        out.artist = metadata.artist();
        out.album = metadata.album();
        out.genre = metadata.genre();
        out.year = metadata.year();
        out.trackNumber = metadata.track_number();
        out.durationMs = metadata.duration_ms();
        out.bitrateKbps = metadata.bitrate_kbps();
        out.sampleRate = metadata.sample_rate();
        out.channels = metadata.channels();
        return out;
    }

    void toProto (const TrackManifest& manifest, v1::TrackManifest& out)
    {
        // One copy of the strings either way: into the copy here, then moved into the message.
        toProto (TrackManifest (manifest), out);
    }

    void toProto (TrackManifest&& manifest, v1::TrackManifest& out)
    {
        out.set_info_hash (std::move (manifest.infoHashHex));
        out.set_info_dict (std::move (manifest.infoDict));
        out.set_file_name (std::move (manifest.fileName));
        out.set_file_index (manifest.fileIndex);
        out.set_file_path (std::move (manifest.filePath));
        out.set_file_size (manifest.fileSize);
        out.set_format (toProto (manifest.format));
        out.set_header_bytes (manifest.layout.headerBytes);
        out.set_tail_bytes (manifest.layout.tailBytes);
        toProto (std::move (manifest.metadata), *out.mutable_metadata());
        out.set_bpm (manifest.bpm);
        out.set_key (std::move (manifest.key));
        out.set_loudness_lufs (manifest.loudnessLufs);
        out.set_bpm_estimated (manifest.bpmEstimated);
        out.set_seek_index (encodeSeekIndex (manifest.seekIndex));
    }

    TrackManifest fromProto (const v1::TrackManifest& manifest)
    {
        TrackManifest out;
        out.infoHashHex = manifest.info_hash();
        out.infoDict = manifest.info_dict();
        out.fileName = manifest.file_name();
        out.fileIndex = manifest.file_index();
        out.filePath = manifest.file_path();
        out.fileSize = manifest.file_size();
        out.format = fromProto (manifest.format());
        out.layout.headerBytes = manifest.header_bytes();
        out.layout.tailBytes = manifest.tail_bytes();
        out.metadata = fromProto (manifest.metadata());
        // A manifest can come from another daemon: a tempo that is not a positive number (NaN
        // would not even survive SQLite, which stores it as NULL) reads as unknown.
        out.bpm = std::isfinite (manifest.bpm()) && manifest.bpm() > 0.0 ? manifest.bpm() : 0.0;
        out.key = manifest.key();
        // Loudness in LUFS is negative for anything audible; what is not a finite negative number
        // (a manifest from another daemon) reads as unknown, and plays at unity gain.
        out.loudnessLufs = std::isfinite (manifest.loudness_lufs()) && manifest.loudness_lufs() < 0.0 ? manifest.loudness_lufs() : 0.0;
        out.bpmEstimated = out.bpm > 0.0 && manifest.bpm_estimated();
        // A malformed index (from another daemon) reads as none: the player seeks as the reader would.
        out.seekIndex = decodeSeekIndex (manifest.seek_index()).value_or (SeekIndex {});
        return out;
    }
    v1::TrackState toProto (TrackState state) noexcept
    {
        switch (state)
        {
            case TrackState::fetchingMetadata:
                return v1::TRACK_STATE_FETCHING_METADATA;
            case TrackState::checking:
                return v1::TRACK_STATE_CHECKING;
            case TrackState::downloading:
                return v1::TRACK_STATE_DOWNLOADING;
            case TrackState::seeding:
                return v1::TRACK_STATE_SEEDING;
            case TrackState::error:
                return v1::TRACK_STATE_ERROR;
            case TrackState::unknown:
                break;
        }
        return v1::TRACK_STATE_UNSPECIFIED;
    }

    void toProto (const TrackStatus& status, v1::TrackStatus& out)
    {
        out.set_state (toProto (status.state));
        out.set_progress (status.progress);
        out.set_bytes_done (status.bytesDone);
        out.set_total_bytes (status.totalBytes);
        out.set_piece_bitmap (pieceBitmapOf (status.pieces));
        out.set_num_pieces (static_cast<std::uint32_t> (status.pieces.size()));
        out.set_peers (static_cast<std::uint32_t> (status.peers));
        out.set_seeds (static_cast<std::uint32_t> (status.seeds));
        out.set_download_rate (status.downloadRate);
        out.set_upload_rate (status.uploadRate);
        out.set_total_uploaded (status.totalUploaded);
        for (int piece : status.deadlinePieces)
            out.add_deadline_pieces (static_cast<std::uint32_t> (piece));
        out.mutable_availability()->Reserve (static_cast<int> (status.availability.size()));
        for (int peers : status.availability)
            out.add_availability (static_cast<std::uint32_t> (std::max (0, peers)));
        out.set_error (status.error);
        out.set_peers_unchoking_us (static_cast<std::uint32_t> (std::max (0, status.peersUnchokingUs)));
        out.set_banned_peers (static_cast<std::uint32_t> (std::max (0, status.bannedPeers)));
        out.set_hash_failures (static_cast<std::uint32_t> (std::max (0, status.hashFailures)));
        out.set_piece_length (status.pieceLength);
        out.set_file_start_in_piece (status.fileStartInPiece);
    }

    TrackState fromProto (v1::TrackState state) noexcept
    {
        switch (state)
        {
            case v1::TRACK_STATE_FETCHING_METADATA:
                return TrackState::fetchingMetadata;
            case v1::TRACK_STATE_CHECKING:
                return TrackState::checking;
            case v1::TRACK_STATE_DOWNLOADING:
                return TrackState::downloading;
            case v1::TRACK_STATE_SEEDING:
                return TrackState::seeding;
            case v1::TRACK_STATE_ERROR:
                return TrackState::error;
            default:
                break;
        }
        return TrackState::unknown;
    }

    TrackStatus fromProto (const v1::TrackStatus& status)
    {
        TrackStatus out;
        out.state = fromProto (status.state());
        out.progress = status.progress();
        out.bytesDone = status.bytes_done();
        out.totalBytes = status.total_bytes();
        const auto& bitmap = status.piece_bitmap();
        out.pieces.resize (std::min<std::size_t> (status.num_pieces(), bitmap.size() * 8));
        for (std::size_t i = 0; i < out.pieces.size(); ++i)
            out.pieces[i] = (static_cast<unsigned char> (bitmap[i / 8]) & (0x80u >> (i % 8))) != 0;
        out.peers = static_cast<int> (status.peers());
        out.seeds = static_cast<int> (status.seeds());
        out.downloadRate = status.download_rate();
        out.uploadRate = status.upload_rate();
        out.totalUploaded = status.total_uploaded();
        for (auto piece : status.deadline_pieces())
            out.deadlinePieces.push_back (static_cast<int> (piece));
        out.availability.reserve (static_cast<std::size_t> (status.availability_size()));
        for (auto peers : status.availability())
            out.availability.push_back (static_cast<int> (std::min<std::uint32_t> (peers, std::numeric_limits<int>::max())));
        out.error = status.error();
        const auto count = [] (std::uint32_t value)
        { return static_cast<int> (std::min<std::uint32_t> (value, std::numeric_limits<int>::max())); };
        out.peersUnchokingUs = count (status.peers_unchoking_us());
        out.bannedPeers = count (status.banned_peers());
        out.hashFailures = count (status.hash_failures());
        out.pieceLength = status.piece_length();
        out.fileStartInPiece = status.file_start_in_piece();
        return out;
    }

    v1::ChartPeriod toProto (ChartPeriod period) noexcept
    {
        switch (period)
        {
            case ChartPeriod::day:
                return v1::CHART_PERIOD_DAY;
            case ChartPeriod::week:
                return v1::CHART_PERIOD_WEEK;
            case ChartPeriod::allTime:
                return v1::CHART_PERIOD_ALL_TIME;
        }
        return v1::CHART_PERIOD_UNSPECIFIED;
    }

    void fillReleaseDictionaries (v1::NewRelease& release)
    {
        std::map<std::string, std::string> dictionaries;
        for (auto& track : *release.mutable_tracks())
        {
            if (! track.info_dict().empty())
                dictionaries.emplace (track.info_hash(), track.info_dict());
            else if (const auto earlier = dictionaries.find (track.info_hash()); earlier != dictionaries.end())
                track.set_info_dict (earlier->second);
        }
    }

    std::vector<TrackManifest> releaseTracksOf (v1::NewRelease release)
    {
        fillReleaseDictionaries (release);
        std::vector<TrackManifest> tracks;
        for (const auto& track : release.tracks())
            tracks.push_back (fromProto (track));
        return tracks;
    }
} // namespace earshot
