#pragma once

#include "Core/StreamPlanner.h"
#include "Core/TrackManifest.h"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <libtorrent/fwd.hpp>
#include <libtorrent/sha1_hash.hpp>

namespace earshot
{
    /** A track's torrent as libtorrent sees it: the parsed info dictionary, which file in it is the
        track, and where that file sits among the pieces. An album torrent gives one of these per
        audio file, sharing the parsed info. */
    struct TrackTorrent
    {
        std::shared_ptr<const libtorrent::torrent_info> info;
        std::string infoHashHex;
        /** The bencoded info dictionary, exactly as hashed. */
        std::string infoDict;
        /** Index of the audio file within the torrent (0 for Earshot's own single-file torrents). */
        int fileIndex = 0;
        /** The file's path inside the torrent, '/'-separated; in a multi-file torrent it starts
            with the torrent's folder ("Album/02 Song.ogg"). */
        std::string filePath;
        std::string fileName;
        std::uint64_t fileSize = 0;
        /** The torrent holds more than one file. */
        bool multiFile = false;
        FileGeometry geometry;
        /** The announce URLs a .torrent file named (announce-list's tiers in order, flattened; or
            announce), those Earshot can announce to (usableTrackers). They live outside the info
            dictionary, so they change neither the info-hash nor the track id. */
        std::vector<std::string> trackers;

        /** The track's id (see trackIdOf). */
        [[nodiscard]] std::string trackId() const;
    };

    /** Makes the v1 torrent for one audio file, with Earshot's piece length (choosePieceLength).
        v1 keeps every BitTorrent client able to fetch it. Throws Error (invalidArgument) when the
        file cannot be read. */
    [[nodiscard]] TrackTorrent createTrackTorrent (const std::filesystem::path& audioFile);

    /** Parses a .torrent file's bytes into its tracks, in the torrent's file order: the one file of
        a single-file torrent (whatever its name; its bytes are probed later), every audio file (by
        extension) of a multi-file one. Cover art, playlists and notes are not tracks. Throws Error
        (invalidArgument) naming the problem, also for a multi-file torrent with no audio file. */
    [[nodiscard]] std::vector<TrackTorrent> parseTorrentFile (std::string_view torrentFile);

    /** The same for a bare bencoded info dictionary, as a manifest carries it. */
    [[nodiscard]] std::vector<TrackTorrent> parseInfoDict (std::string_view infoDict);

    /** Checks that a manifest's info-hash is the SHA-1 of its info dictionary, that its file index
        names an audio file in it, and that its file name and size agree with the dictionary;
        returns that track. Throws Error (invalidArgument). */
    [[nodiscard]] TrackTorrent validateManifest (const TrackManifest& manifest);

    /** The manifest fields a torrent fixes (info-hash, dictionary, file index, path, name, size). */
    void copyTorrentFields (const TrackTorrent& torrent, TrackManifest& manifest);

    /** The track id a magnet link names (its v1 info-hash). Throws Error (invalidArgument) for a link
        that is malformed or has no v1 info-hash. */
    [[nodiscard]] std::string trackIdOfMagnet (const std::string& magnetUri);

    /** The announce URLs of a magnet link (its tr= parameters, unescaped), those Earshot can
        announce to (usableTrackers). Throws Error (invalidArgument) for a malformed link. */
    [[nodiscard]] std::vector<std::string> trackersOfMagnet (const std::string& magnetUri);

    /** Checks the tracker URLs an artist names (earshot publish --tracker, earshotd --tracker):
        each must be http://, https:// or udp:// with a host, without spaces or control characters.
        Returns them in the order given, without repeats. Throws Error (invalidArgument) naming the
        first that is not a tracker URL. */
    [[nodiscard]] std::vector<std::string> checkTrackerUrls (const std::vector<std::string>& urls);

    /** The URLs among urls that checkTrackerUrls would take, in order, without repeats: what is
        kept of the trackers a .torrent file or magnet link from elsewhere names. */
    [[nodiscard]] std::vector<std::string> usableTrackers (const std::vector<std::string>& urls);

    /** A .torrent file for the manifest's track, for standard BitTorrent clients: the info
        dictionary as it is, and, when there are trackers, `announce` (the first) and
        `announce-list` (one tier per tracker, in order of preference: BEP 12). */
    [[nodiscard]] std::string torrentFileFor (const TrackManifest& manifest, const std::vector<std::string>& trackers = {});

    /** A magnet link for the manifest's track, with a `tr=` (URL-encoded) per tracker. */
    [[nodiscard]] std::string magnetUriFor (const TrackManifest& manifest, const std::vector<std::string>& trackers = {});

    /** The peers libtorrent listed in a torrent's bencoded resume data, as "ip:port" ("[ip]:port"
        for IPv6); empty for data that does not parse. */
    [[nodiscard]] std::vector<std::string> peersInResumeData (std::string_view resumeData);

    /** 40 lower-case hex digits: how Earshot writes an info-hash (and so a track id). */
    [[nodiscard]] std::string toHex (const libtorrent::sha1_hash& hash);

    /** True when the name ends in an audio extension Earshot streams (.flac, .ogg, .oga, .mp3, .wav). */
    [[nodiscard]] bool hasAudioExtension (std::string_view fileName);

    /** The format a file name suggests, until its bytes say for sure. */
    [[nodiscard]] AudioFormat audioFormatFromExtension (std::string_view fileName);
} // namespace earshot
