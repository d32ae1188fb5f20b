#pragma once

#include "Database.h"
#include "TrackRecord.h"

#include "Core/Cover.h"
#include "Core/Paging.h"

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** earshotd's library on disk: the tracks it seeds and streams with their cover thumbnails,
    libtorrent's resume data and the trackers of each torrent (an album torrent holds several
    tracks), and whether the previous run of the daemon ended cleanly.

    Every method is one atomic step: a crash leaves either the old or the new state. Methods
    throw StoreError when SQLite fails.

    Threading: safe to call from any thread. The daemon's threads (the swarm thread saving
    resume data, gRPC handlers listing tracks) share one TrackStore, so every call holds an
    internal mutex for its whole duration; calls are short. Other processes may open the same
    file at once; SQLite's WAL mode and busy timeout arbitrate between them. */
    class TrackStore final
    {
    public:
        /** Opens or creates the library at file (its folder must exist). Throws StoreError. */
        explicit TrackStore (const std::filesystem::path& file);

        /** Adds the track, or replaces every stored field of the track with the same id
        (trackIdOf its manifest). Its torrent keeps its resume data; its torrent's trackers become
        the record's (for every track of the torrent: they share them). Throws
        std::invalid_argument when manifest.infoHashHex is not 40 lower-case hex digits. */
        void putTrack (const TrackRecord& track);

        /** The track whose id (see trackIdOf) is trackId, if there is one. */
        [[nodiscard]] std::optional<TrackRecord> findTrack (const std::string& trackId) const;

        /** Every track, ordered by album, then track number, then title (then id, so that the
        order is stable). Byte-wise comparison: no locale, so every daemon sorts alike. */
        [[nodiscard]] std::vector<TrackRecord> listTracks() const;

        /** The library's tracks (previews left out) in listTracks' order, strictly after the
        track whose pageKeyOf is after (from the first when nothing), at most limit of them.
        Throws std::invalid_argument for a limit below 1 or a key not of pageKeyOf's shape. */
        [[nodiscard]] KeyedPage<TrackRecord> listPage (const std::optional<PageKey>& after, int limit) const;

        /** A track's place in listTracks' order: album, track number, title, id (shape "siss"). */
        [[nodiscard]] static PageKey pageKeyOf (const TrackRecord& track);
        static constexpr auto pageKeyShape = "siss";

        /** How many library tracks there are (previews not counted). */
        [[nodiscard]] std::size_t libraryTrackCount() const;

        /** Removes the track, and its torrent's resume data and trackers when no other track of
        the torrent is left. Returns false when there was no such track. */
        bool removeTrack (const std::string& trackId);

        /** Keeps cover as the track's cover thumbnail, replacing the one it had; it goes when the
        track does. Throws StoreError when the library has no such track, std::invalid_argument for
        a cover without bytes or type. */
        void putCover (const std::string& trackId, const Cover& cover);

        /** The track's cover thumbnail, byte for byte; nothing when it has none. */
        [[nodiscard]] std::optional<Cover> findCover (const std::string& trackId) const;

        /** The preview order for a track becoming a preview now: above every other one. */
        [[nodiscard]] std::int64_t nextPreviewOrder() const;
        /** Moves a preview to the end of the order (prefetched again); false when the track is
        not a preview. */
        bool touchPreview (const std::string& trackId);
        /** Makes a preview a library track (it was played); false when it was not a preview. */
        bool markPlayed (const std::string& trackId);
        /** The previews' ids, least recently prefetched first. */
        [[nodiscard]] std::vector<std::string> previews() const;

        /** Stores libtorrent's bencoded resume data for a torrent, replacing what was there.
        Throws StoreError when the library has no track in that torrent (for example, it was
        removed while libtorrent was still writing its resume data). */
        void saveResumeData (const std::string& infoHash, const std::string& bencodedResumeData);

        /** The torrent's last saved resume data, byte for byte; nothing if none was saved. */
        [[nodiscard]] std::optional<std::string> loadResumeData (const std::string& infoHash) const;
        /** Every torrent's last saved resume data by info-hash, in one query (a library restored at
            start: one query per torrent took 0.4 s of 10,000 torrents' start-up). */
        [[nodiscard]] std::map<std::string, std::string> loadAllResumeData() const;

        /** Call once when the daemon starts. Returns whether the previous session ended cleanly
        (endSession was called); a new library counts as clean. Then marks this session as
        running, so that a crash before endSession is seen by the next beginSession. After an
        unclean end the daemon should treat resume data as possibly stale (recheck files). */
        [[nodiscard]] bool beginSession();

        /** Call when the daemon shuts down cleanly, after the last saveResumeData. */
        void endSession();

        /** A value the daemon keeps in the file's meta table (its settings), or nothing. */
        [[nodiscard]] std::optional<std::string> metaValue (const std::string& key) const;
        /** Sets values of the meta table, all in one transaction. */
        void setMetaValues (const std::vector<std::pair<std::string, std::string>>& values);

    private:
        /** Reads the library's tracks in list order, with their trackers, into listing. */
        void loadListingLocked() const;

        mutable std::mutex mutex;
        /** mutable: reading runs statements too; the mutex makes the const methods safe. */
        mutable Database database;
        /** The library's tracks (previews left out) in listTracks' order, with their trackers, as
            listPage serves them: read whole by the first listPage after a change to the tracks
            (putTrack, removeTrack, markPlayed drop it), so a library listed page after page is
            read from the file once, not once a page. Guarded by mutex. It sees this object's
            writes only: earshotd's data directory lock keeps other daemons off the file. */
        mutable std::optional<std::vector<TrackRecord>> listing;
    };
} // namespace earshot
