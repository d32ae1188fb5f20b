#include "TrackStore.h"

#include "Core/AudioFormat.h"
#include "Core/Hex.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <stdexcept>

namespace earshot
{
    namespace
    {
        /** The tracks columns in the order readTrack expects them and putTrack binds them. */
        constexpr auto trackColumns = "track_id, info_hash, file_index, file_path, info_dict, file_name, file_size, format, header_bytes, tail_bytes, "
                                      "title, artist, album, genre, year, track_number, duration_ms, bitrate_kbps, "
                                      "sample_rate, channels, save_path, published, added_at_ms, bpm, musical_key, loudness_lufs, bpm_estimated, preview_order, seek_index";

        constexpr auto sessionStateKey = "session_state";
        constexpr auto sessionRunning = "running";

        /** Core's unsigned values go into SQLite's signed INTEGER bit for bit, and come back so. */
        [[nodiscard]] std::int64_t toColumn (std::uint64_t value) noexcept { return static_cast<std::int64_t> (value); }
        [[nodiscard]] std::uint64_t toUnsigned64 (std::int64_t value) noexcept { return static_cast<std::uint64_t> (value); }
        [[nodiscard]] std::uint32_t toUnsigned32 (std::int64_t value) noexcept { return static_cast<std::uint32_t> (value); }

        [[nodiscard]] std::int64_t nowUnixMs()
        {
            using namespace std::chrono;
            return duration_cast<milliseconds> (system_clock::now().time_since_epoch()).count();
        }

        [[nodiscard]] TrackRecord readTrack (const Statement& row)
        {
            TrackRecord track;
            auto& manifest = track.manifest;
            auto& metadata = manifest.metadata;

            manifest.infoHashHex = row.columnText (1);
            manifest.fileIndex = toUnsigned32 (row.columnInt64 (2));
            manifest.filePath = row.columnText (3);
            manifest.infoDict = row.columnBlob (4);
            manifest.fileName = row.columnText (5);
            manifest.fileSize = toUnsigned64 (row.columnInt64 (6));
            manifest.format = audioFormatFromName (row.columnText (7));
            manifest.layout.headerBytes = toUnsigned64 (row.columnInt64 (8));
            manifest.layout.tailBytes = toUnsigned64 (row.columnInt64 (9));
            metadata.title = row.columnText (10);
            metadata.artist = row.columnText (11);
            metadata.album = row.columnText (12);
            metadata.genre = row.columnText (13);
            metadata.year = toUnsigned32 (row.columnInt64 (14));
            metadata.trackNumber = toUnsigned32 (row.columnInt64 (15));
            metadata.durationMs = toUnsigned64 (row.columnInt64 (16));
            metadata.bitrateKbps = toUnsigned32 (row.columnInt64 (17));
            metadata.sampleRate = toUnsigned32 (row.columnInt64 (18));
            metadata.channels = toUnsigned32 (row.columnInt64 (19));
            track.savePath = row.columnText (20);
            track.published = row.columnInt64 (21) != 0;
            track.addedAtUnixMs = row.columnInt64 (22);
            manifest.bpm = row.columnDouble (23);
            manifest.key = row.columnText (24);
            manifest.loudnessLufs = row.columnDouble (25);
            manifest.bpmEstimated = row.columnInt64 (26) != 0;
            track.previewOrder = row.columnInt64 (27);
            // Written by this store from a checked index; should a file be edited by hand, a
            // malformed one reads as none.
            manifest.seekIndex = decodeSeekIndex (row.columnBlob (28)).value_or (SeekIndex {});
            return track;
        }

        /** The torrent's trackers, in order. */
        [[nodiscard]] std::vector<std::string> readTrackers (Database& database, const std::string& infoHash)
        {
            auto statement = database.prepare ("SELECT url FROM torrent_trackers WHERE info_hash = ?1 ORDER BY position");
            statement.bindText (1, infoHash);
            std::vector<std::string> trackers;
            while (statement.step())
                trackers.push_back (statement.columnText (0));
            return trackers;
        }

        /** Makes trackers the torrent's list, in their order (a URL named twice is kept once). */
        void writeTrackers (Database& database, const std::string& infoHash, const std::vector<std::string>& trackers)
        {
            database.prepare ("DELETE FROM torrent_trackers WHERE info_hash = ?1").bindText (1, infoHash).run();
            auto insert = database.prepare ("INSERT INTO torrent_trackers (info_hash, position, url) VALUES (?1, ?2, ?3)");
            std::vector<std::string> written;
            for (const auto& url : trackers)
            {
                if (std::find (written.begin(), written.end(), url) != written.end())
                    continue;
                insert.bindText (1, infoHash).bindInt64 (2, static_cast<std::int64_t> (written.size())).bindText (3, url).run();
                written.push_back (url);
            }
        }

        /** The tracks matching where ("" for all), in list order, each with its trackers: every
            torrent's trackers in one query, not one per torrent. */
        [[nodiscard]] std::vector<TrackRecord> readTracksInListOrder (Database& database, const char* where)
        {
            auto statement = database.prepare (std::string ("SELECT ") + trackColumns + " FROM tracks" + where
                                               + " ORDER BY album, track_number, title, track_id");
            std::vector<TrackRecord> tracks;
            while (statement.step())
                tracks.push_back (readTrack (statement));

            std::map<std::string, std::vector<std::string>> trackersByTorrent;
            auto trackers = database.prepare ("SELECT info_hash, url FROM torrent_trackers ORDER BY info_hash, position");
            while (trackers.step())
                trackersByTorrent[trackers.columnText (0)].push_back (trackers.columnText (1));
            for (auto& track : tracks)
                if (auto found = trackersByTorrent.find (track.manifest.infoHashHex); found != trackersByTorrent.end())
                    track.trackers = found->second;
            return tracks;
        }
    } // namespace

    TrackStore::TrackStore (const std::filesystem::path& file)
        : database (file)
    {
    }

    void TrackStore::putTrack (const TrackRecord& track)
    {
        const auto& manifest = track.manifest;
        const auto& metadata = manifest.metadata;

        if (! isLowerHex (manifest.infoHashHex, 40))
            throw std::invalid_argument ("TrackStore::putTrack: the manifest's info-hash \"" + manifest.infoHashHex
                                         + "\" is not 40 lower-case hex digits");
        if (manifest.fileIndex > static_cast<std::uint32_t> (std::numeric_limits<std::int32_t>::max()))
            throw std::invalid_argument ("TrackStore::putTrack: file index " + std::to_string (manifest.fileIndex) + " is out of range");

        const std::scoped_lock lock (mutex);
        listing.reset();

        // An upsert rather than INSERT OR REPLACE: REPLACE deletes the old row first, and that
        // delete would cascade to the track's resume data. A stored track keeps its preview order:
        // a record read before the track was played must not make it a preview again.
        auto statement = database.prepare (std::string ("INSERT INTO tracks (") + trackColumns + ") "
                                           + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29) "
                                           + "ON CONFLICT (track_id) DO UPDATE SET "
                                           + "info_hash = excluded.info_hash, file_index = excluded.file_index, file_path = excluded.file_path, "
                                           + "info_dict = excluded.info_dict, file_name = excluded.file_name, "
                                           + "file_size = excluded.file_size, format = excluded.format, "
                                           + "header_bytes = excluded.header_bytes, tail_bytes = excluded.tail_bytes, "
                                           + "title = excluded.title, artist = excluded.artist, album = excluded.album, "
                                           + "genre = excluded.genre, year = excluded.year, track_number = excluded.track_number, "
                                           + "duration_ms = excluded.duration_ms, bitrate_kbps = excluded.bitrate_kbps, "
                                           + "sample_rate = excluded.sample_rate, channels = excluded.channels, "
                                           + "save_path = excluded.save_path, published = excluded.published, "
                                           + "added_at_ms = excluded.added_at_ms, bpm = excluded.bpm, musical_key = excluded.musical_key, "
                                           + "loudness_lufs = excluded.loudness_lufs, bpm_estimated = excluded.bpm_estimated, seek_index = excluded.seek_index");

        statement.bindText (1, trackIdOf (manifest))
            .bindText (2, manifest.infoHashHex)
            .bindInt64 (3, manifest.fileIndex)
            .bindText (4, manifest.filePath)
            .bindBlob (5, manifest.infoDict)
            .bindText (6, manifest.fileName)
            .bindInt64 (7, toColumn (manifest.fileSize))
            .bindText (8, audioFormatName (manifest.format))
            .bindInt64 (9, toColumn (manifest.layout.headerBytes))
            .bindInt64 (10, toColumn (manifest.layout.tailBytes))
            .bindText (11, metadata.title)
            .bindText (12, metadata.artist)
            .bindText (13, metadata.album)
            .bindText (14, metadata.genre)
            .bindInt64 (15, metadata.year)
            .bindInt64 (16, metadata.trackNumber)
            .bindInt64 (17, toColumn (metadata.durationMs))
            .bindInt64 (18, metadata.bitrateKbps)
            .bindInt64 (19, metadata.sampleRate)
            .bindInt64 (20, metadata.channels)
            .bindText (21, track.savePath)
            .bindInt64 (22, track.published ? 1 : 0)
            .bindInt64 (23, track.addedAtUnixMs)
            .bindDouble (24, manifest.bpm)
            .bindText (25, manifest.key)
            .bindDouble (26, manifest.loudnessLufs)
            .bindInt64 (27, manifest.bpmEstimated ? 1 : 0)
            .bindInt64 (28, track.previewOrder)
            .bindBlob (29, encodeSeekIndex (manifest.seekIndex));

        database.transaction ([&]
                              {
                                  statement.run();
                                  writeTrackers (database, manifest.infoHashHex, track.trackers); });
    }

    std::optional<TrackRecord> TrackStore::findTrack (const std::string& trackId) const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare (std::string ("SELECT ") + trackColumns + " FROM tracks WHERE track_id = ?1");
        statement.bindText (1, trackId);

        if (! statement.step())
            return std::nullopt;

        auto track = readTrack (statement);
        track.trackers = readTrackers (database, track.manifest.infoHashHex);
        return track;
    }

    std::vector<TrackRecord> TrackStore::listTracks() const
    {
        const std::scoped_lock lock (mutex);
        return readTracksInListOrder (database, "");
    }

    KeyedPage<TrackRecord> TrackStore::listPage (const std::optional<PageKey>& after, int limit) const
    {
        if (limit < 1)
            throw std::invalid_argument ("TrackStore::listPage: the limit " + std::to_string (limit) + " is below 1");
        if (after && ! paging::hasShape (*after, pageKeyShape))
            throw std::invalid_argument ("TrackStore::listPage: the key is not an album, track number, title and id");

        const std::scoped_lock lock (mutex);
        if (! listing)
            loadListingLocked();

        // Strictly after the key, compared column by column as SQLite's ORDER BY compares them
        // (text byte by byte, as std::string does).
        auto from = listing->begin();
        if (after)
        {
            const auto& album = std::get<std::string> ((*after)[0]);
            const auto trackNumber = std::get<std::int64_t> ((*after)[1]);
            const auto& title = std::get<std::string> ((*after)[2]);
            const auto& trackId = std::get<std::string> ((*after)[3]);
            from = std::upper_bound (listing->begin(), listing->end(), 0, [&] (int, const TrackRecord& track)
                                     {
                const auto& metadata = track.manifest.metadata;
                if (const auto order = album.compare (metadata.album); order != 0)
                    return order < 0;
                if (trackNumber != static_cast<std::int64_t> (metadata.trackNumber))
                    return trackNumber < static_cast<std::int64_t> (metadata.trackNumber);
                if (const auto order = title.compare (metadata.title); order != 0)
                    return order < 0;
                return trackId < trackIdOf (track.manifest); });
        }

        KeyedPage<TrackRecord> page;
        const auto left = static_cast<std::size_t> (std::distance (from, listing->end()));
        const auto taken = std::min (left, static_cast<std::size_t> (limit));
        page.entries.assign (from, from + static_cast<std::ptrdiff_t> (taken));
        page.more = left > taken;
        return page;
    }

    void TrackStore::loadListingLocked() const
    {
        listing = readTracksInListOrder (database, " WHERE preview_order = 0");
    }

    PageKey TrackStore::pageKeyOf (const TrackRecord& track)
    {
        const auto& metadata = track.manifest.metadata;
        return { metadata.album, static_cast<std::int64_t> (metadata.trackNumber), metadata.title, trackIdOf (track.manifest) };
    }

    std::size_t TrackStore::libraryTrackCount() const
    {
        const std::scoped_lock lock (mutex);
        if (listing)
            return listing->size();
        auto statement = database.prepare ("SELECT count(*) FROM tracks WHERE preview_order = 0");
        return statement.step() ? static_cast<std::size_t> (statement.columnInt64 (0)) : 0;
    }

    bool TrackStore::removeTrack (const std::string& trackId)
    {
        const std::scoped_lock lock (mutex);
        listing.reset();

        const auto remove = [&]
        {
            auto statement = database.prepare ("DELETE FROM tracks WHERE track_id = ?1 RETURNING info_hash");
            if (! statement.bindText (1, trackId).step())
                return false;
            const auto infoHash = statement.columnText (0);
            while (statement.step())
            {
            }
            // The torrent's resume data and trackers go with its last track.
            auto orphaned = database.prepare ("DELETE FROM torrent_resume_data WHERE info_hash = ?1 "
                                              "AND NOT EXISTS (SELECT 1 FROM tracks WHERE info_hash = ?1)");
            orphaned.bindText (1, infoHash).run();
            auto orphanedTrackers = database.prepare ("DELETE FROM torrent_trackers WHERE info_hash = ?1 "
                                                      "AND NOT EXISTS (SELECT 1 FROM tracks WHERE info_hash = ?1)");
            orphanedTrackers.bindText (1, infoHash).run();
            return true;
        };
        return database.transaction (remove);
    }

    void TrackStore::putCover (const std::string& trackId, const Cover& cover)
    {
        if (cover.bytes.empty() || cover.mimeType.empty())
            throw std::invalid_argument ("TrackStore::putCover: a cover needs its bytes and their type");

        const std::scoped_lock lock (mutex);

        const auto put = [&]
        {
            // Checked first so that the error names the track rather than a foreign key.
            auto exists = database.prepare ("SELECT 1 FROM tracks WHERE track_id = ?1");
            if (! exists.bindText (1, trackId).step())
                throw StoreError ("Earshot database '" + database.file().string() + "': cannot keep a cover for track "
                                  + trackId + ": the library has no such track");

            auto statement = database.prepare ("INSERT INTO track_covers (track_id, mime_type, data) VALUES (?1, ?2, ?3) "
                                               "ON CONFLICT (track_id) DO UPDATE SET mime_type = excluded.mime_type, data = excluded.data");
            statement.bindText (1, trackId).bindText (2, cover.mimeType).bindBlob (3, cover.bytes).run();
        };
        database.transaction (put);
    }

    std::optional<Cover> TrackStore::findCover (const std::string& trackId) const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare ("SELECT mime_type, data FROM track_covers WHERE track_id = ?1");
        if (! statement.bindText (1, trackId).step())
            return std::nullopt;
        return Cover { statement.columnBlob (1), statement.columnText (0) };
    }

    std::int64_t TrackStore::nextPreviewOrder() const
    {
        const std::scoped_lock lock (mutex);
        auto statement = database.prepare ("SELECT coalesce (max (preview_order), 0) + 1 FROM tracks");
        (void) statement.step();
        return statement.columnInt64 (0);
    }

    bool TrackStore::touchPreview (const std::string& trackId)
    {
        const std::scoped_lock lock (mutex);
        database.prepare ("UPDATE tracks SET preview_order = (SELECT max (preview_order) + 1 FROM tracks) WHERE track_id = ?1 AND preview_order > 0")
            .bindText (1, trackId)
            .run();
        return database.changes() > 0;
    }

    bool TrackStore::markPlayed (const std::string& trackId)
    {
        const std::scoped_lock lock (mutex);
        listing.reset();
        database.prepare ("UPDATE tracks SET preview_order = 0 WHERE track_id = ?1 AND preview_order > 0").bindText (1, trackId).run();
        return database.changes() > 0;
    }

    std::vector<std::string> TrackStore::previews() const
    {
        const std::scoped_lock lock (mutex);
        auto statement = database.prepare ("SELECT track_id FROM tracks WHERE preview_order > 0 ORDER BY preview_order, track_id");
        std::vector<std::string> ids;
        while (statement.step())
            ids.push_back (statement.columnText (0));
        return ids;
    }

    void TrackStore::saveResumeData (const std::string& infoHash, const std::string& bencodedResumeData)
    {
        const std::scoped_lock lock (mutex);

        const auto save = [&]
        {
            // Checked first so that the error names the track rather than a foreign key.
            auto exists = database.prepare ("SELECT 1 FROM tracks WHERE info_hash = ?1");

            if (! exists.bindText (1, infoHash).step())
                throw StoreError ("Earshot database '" + database.file().string() + "': cannot save resume data for torrent "
                                  + infoHash + ": the library has no track in it");

            auto statement = database.prepare ("INSERT INTO torrent_resume_data (info_hash, data, updated_at_ms) VALUES (?1, ?2, ?3) "
                                               "ON CONFLICT (info_hash) DO UPDATE SET data = excluded.data, "
                                               "updated_at_ms = excluded.updated_at_ms");
            statement.bindText (1, infoHash).bindBlob (2, bencodedResumeData).bindInt64 (3, nowUnixMs()).run();
        };

        database.transaction (save);
    }

    std::map<std::string, std::string> TrackStore::loadAllResumeData() const
    {
        const std::scoped_lock lock (mutex);
        auto statement = database.prepare ("SELECT info_hash, data FROM torrent_resume_data");
        std::map<std::string, std::string> all;
        while (statement.step())
            all.emplace (statement.columnText (0), statement.columnBlob (1));
        return all;
    }

    std::optional<std::string> TrackStore::loadResumeData (const std::string& infoHash) const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare ("SELECT data FROM torrent_resume_data WHERE info_hash = ?1");
        statement.bindText (1, infoHash);

        if (! statement.step())
            return std::nullopt;

        return statement.columnBlob (0);
    }

    bool TrackStore::beginSession()
    {
        const std::scoped_lock lock (mutex);

        // Read and write in one transaction, so that two daemons started at once cannot both
        // see the same previous state.
        const auto readThenMarkRunning = [&]
        {
            auto read = database.prepare ("SELECT value FROM meta WHERE key = ?1");
            const auto previousWasRunning = read.bindText (1, sessionStateKey).step() && read.columnText (0) == sessionRunning;

            auto write = database.prepare ("INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
            write.bindText (1, sessionStateKey).bindText (2, sessionRunning).run();

            return ! previousWasRunning;
        };

        return database.transaction (readThenMarkRunning);
    }

    void TrackStore::endSession()
    {
        const std::scoped_lock lock (mutex);

        auto write = database.prepare ("INSERT INTO meta (key, value) VALUES (?1, 'ended') "
                                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        write.bindText (1, sessionStateKey).run();
    }

    std::optional<std::string> TrackStore::metaValue (const std::string& key) const
    {
        const std::scoped_lock lock (mutex);
        auto read = database.prepare ("SELECT value FROM meta WHERE key = ?1");
        if (! read.bindText (1, key).step())
            return std::nullopt;
        return read.columnText (0);
    }

    void TrackStore::setMetaValues (const std::vector<std::pair<std::string, std::string>>& values)
    {
        const std::scoped_lock lock (mutex);
        database.transaction ([&]
                              {
            for (const auto& [key, value] : values)
            {
                auto write = database.prepare ("INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
                write.bindText (1, key).bindText (2, value).run();
            } });
    }
} // namespace earshot
