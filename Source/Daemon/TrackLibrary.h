#pragma once

#include "Server/SerialWorker.h"

#include "Store/TrackStore.h"
#include "Swarm/SwarmSession.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** A library track with its live status, as the API reports it. */
    struct TrackView
    {
        TrackRecord record;
        std::optional<TrackStatus> status;
        /** Full path of the audio file on this machine. */
        std::string path;
    };

    /** Where a track added to the library comes from. Exactly one is set. */
    struct TrackSource
    {
        std::optional<TrackManifest> manifest;
        std::optional<std::string> torrentFile;
        std::optional<std::string> magnetUri;
    };

    /** earshotd's library: what the Library API does, without gRPC. It keeps the SQLite store and
        the swarm in step (a track is in both or in neither), and turns the swarm's events into
        stored state on a worker thread of its own. Every public member may be called from any
        thread; errors are thrown as Error with a message for the user. */
    class TrackLibrary final
    {
    public:
        /** defaultTrackers: what a publish that names no trackers announces to (earshotd --tracker).
            Throws Error (invalidArgument) for one that is not a tracker URL. */
        TrackLibrary (const std::filesystem::path& dataDirectory, SwarmSettings settings, std::vector<std::string> defaultTrackers = {});
        /** Saves resume data, stops the swarm and marks the session as ended cleanly. */
        ~TrackLibrary();

        /** Publishes files and album folders; all or nothing. Returns the tracks in order. Each
            file's integrated loudness is measured, and its tempo estimated when its tags carry
            none (a file that cannot be measured is published without them); the picture in its
            tags becomes its cover thumbnail (coverOf). Each
            track's torrent announces to trackers, or to the default trackers when none are named; a
            track already in the library gains those it did not have. Throws Error
            (invalidArgument) for a tracker that is not a tracker URL, before publishing anything. */
        std::vector<TrackView> publish (const std::vector<std::string>& paths, const std::vector<std::string>& trackers = {});
        /** Adds a track, or every track of an album torrent; returns them in the torrent's file
            order (the named track first when added from a manifest), and whether any is new to the
            library. A torrent is always fetched whole, so a manifest naming one track of an album
            adds the album's other tracks too. asPreview: new tracks are previews (fetched like any
            track, kept out of listTracks until played), and a preview already here moves to the
            back of the previews' order; otherwise a preview already here joins the library. */
        std::pair<std::vector<TrackView>, bool> addTrack (const TrackSource& source, const std::vector<std::string>& peers, bool asPreview = false);
        /** The library's tracks; previews stay out until played. */
        [[nodiscard]] std::vector<TrackView> listTracks() const;
        /** A page of listTracks, strictly after the track whose TrackStore::pageKeyOf is after
            (see TrackStore::listPage). */
        [[nodiscard]] KeyedPage<TrackView> listPage (const std::optional<PageKey>& after, int limit) const;
        /** Finds a track by id or unique id prefix. Throws Error (notFound, invalidArgument when ambiguous). */
        [[nodiscard]] TrackView getTrack (const std::string& idOrPrefix) const;
        void removeTrack (const std::string& idOrPrefix, bool deleteFiles);
        /** Fetches the rest of the track now, or at the normal pace again (see
            SwarmSession::fetchWholeNow); returns the track. Throws Error (notFound, failedPrecondition). */
        TrackView fetchNow (const std::string& idOrPrefix, bool urgent);
        /** Has the swarm connect to a peer for one track, or every track when idOrPrefix is empty,
            without waiting for the swarm thread: done gets the answer (see
            SwarmSession::connectPeer), always exactly once, on that thread or, for an error found
            at once, on this one. Calling it returns the number of tracks tried or throws Error. */
        void connectPeer (const std::string& endpoint, const std::string& idOrPrefix, std::function<void (std::function<int()>)> done);

        /** Opens a stream without waiting for the swarm thread: done gets the cursor or the Error
            (notFound, outOfRange past the end of the file) as connectPeer's done does. */
        void openStream (const std::string& idOrPrefix, std::uint64_t offset, double windowSeconds, bool wantsHeaderAndTail, std::function<void (std::function<std::shared_ptr<StreamCursor>()>)> done);

        /** The track's cover thumbnail (JPEG, at most 256x256 and the hub's 64 KiB), made from the
            picture in its tags when it was published or, for a track from elsewhere, once its file
            was complete; nothing when it has none. Takes the track's full id. */
        [[nodiscard]] std::optional<Cover> coverOf (const std::string& trackId) const;
        /** The previews' ids, least recently prefetched first. */
        [[nodiscard]] std::vector<std::string> previews() const;
        /** A preview was played (streamed, or its listening reported): it joins the library.
            False when the track is not a preview, or not here. */
        bool markPlayed (const std::string& idOrPrefix);

        [[nodiscard]] SwarmSession& swarm() noexcept { return *session; }

        /** The rate caps and BitTorrent port in force: those set through setTransferSettings (kept
            in the library's file, so they outlive a restart and win over earshotd's flags), else
            the flags'. */
        [[nodiscard]] TransferSettings transferSettings() const;
        /** Checks the settings (Error invalidArgument naming what is wrong, changing nothing),
            applies them to the swarm at once and keeps them for later starts. Any thread. */
        TransferSettings setTransferSettings (const TransferSettings& settings);
        [[nodiscard]] std::size_t trackCount() const;
        [[nodiscard]] const std::filesystem::path& dataDirectory() const noexcept { return dataDir; }

    private:
        [[nodiscard]] std::string resolve (const std::string& idOrPrefix) const;
        /** The library's tracks in one torrent, by file index. */
        [[nodiscard]] std::vector<TrackView> tracksOfTorrent (const std::string& infoHash) const;
        /** Where the track's file is on this machine. */
        [[nodiscard]] static std::filesystem::path fileOf (const TrackRecord& record);
        [[nodiscard]] TrackView view (TrackRecord record) const;
        /** The track as the library has it, after connecting it to the given peers and having its
            torrent announce to the given trackers too; nothing if new. */
        std::optional<TrackView> alreadyInLibrary (const std::string& trackId, const std::vector<std::string>& peers, const std::vector<std::string>& trackers);
        /** Has the record's torrent announce to the trackers it does not have yet, in the library
            (for every track of the torrent) and in the swarm. */
        void addTrackers (TrackRecord& record, const std::vector<std::string>& trackers);
        /** A record for a track this daemon downloads, in its own folder under tracks/ (created). */
        [[nodiscard]] TrackRecord newDownload (const TrackManifest& manifest) const;
        /** Stores a new track, then has it join the swarm; if joining fails the record goes again. */
        void commit (const TrackRecord& record, const std::function<void()>& joinSwarm);
        void restore (bool previousSessionWasClean);
        void onTrackCompleted (const std::string& trackId);
        void onOpeningArrived (const std::string& trackId);
        /** Takes what a description of the file found into the manifest, keeping what it did not find. */
        static void takeDescription (const TrackManifest& described, TrackManifest& manifest);
        void onMetadataReceived (const std::string& infoHash, const std::vector<TrackTorrent>& tracks);

        const std::filesystem::path dataDir;
        /** What a publish naming no trackers announces to; set once, before any call. */
        const std::vector<std::string> defaultTrackers;
        TrackStore store;
        /** Serialises changes to the library, so a publish and a remove cannot interleave. */
        mutable std::mutex changeMutex;
        /** Runs what the swarm's events ask of the library (describing files with TagLib, storing
            resume data and records), so that the swarm thread only hands off. */
        SerialWorker worker { "the library's worker" };
        std::unique_ptr<SwarmSession> session;
        mutable std::mutex transferMutex;
        TransferSettings transfer;
    };
} // namespace earshot
