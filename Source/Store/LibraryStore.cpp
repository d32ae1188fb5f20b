#include "LibraryStore.h"

#include "Core/AudioFormat.h"

#include <chrono>
#include <stdexcept>

namespace earshot
{
    namespace
    {
        /** The tracks columns in the order readTrack expects them and putTrack binds them. */
        constexpr auto trackColumns = "info_hash, info_dict, file_name, file_size, format, header_bytes, tail_bytes, "
                                      "title, artist, album, genre, year, track_number, duration_ms, bitrate_kbps, "
                                      "sample_rate, channels, save_path, published, added_at_ms, bpm, musical_key";

        constexpr auto sessionStateKey = "session_state";
        constexpr auto sessionRunning = "running";

        /** Core's unsigned values go into SQLite's signed INTEGER bit for bit, and come back so. */
        [[nodiscard]] std::int64_t toColumn (std::uint64_t value) noexcept { return static_cast<std::int64_t> (value); }
        [[nodiscard]] std::uint64_t toUnsigned64 (std::int64_t value) noexcept { return static_cast<std::uint64_t> (value); }
        [[nodiscard]] std::uint32_t toUnsigned32 (std::int64_t value) noexcept { return static_cast<std::uint32_t> (value); }

        [[nodiscard]] bool isTrackId (const std::string& id)
        {
            return id.size() == 40 && id.find_first_not_of ("0123456789abcdef") == std::string::npos;
        }

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

            manifest.infoHashHex = row.columnText (0);
            manifest.infoDict = row.columnBlob (1);
            manifest.fileName = row.columnText (2);
            manifest.fileSize = toUnsigned64 (row.columnInt64 (3));
            manifest.format = audioFormatFromName (row.columnText (4));
            manifest.layout.headerBytes = toUnsigned64 (row.columnInt64 (5));
            manifest.layout.tailBytes = toUnsigned64 (row.columnInt64 (6));
            metadata.title = row.columnText (7);
            metadata.artist = row.columnText (8);
            metadata.album = row.columnText (9);
            metadata.genre = row.columnText (10);
            metadata.year = toUnsigned32 (row.columnInt64 (11));
            metadata.trackNumber = toUnsigned32 (row.columnInt64 (12));
            metadata.durationMs = toUnsigned64 (row.columnInt64 (13));
            metadata.bitrateKbps = toUnsigned32 (row.columnInt64 (14));
            metadata.sampleRate = toUnsigned32 (row.columnInt64 (15));
            metadata.channels = toUnsigned32 (row.columnInt64 (16));
            track.savePath = row.columnText (17);
            track.published = row.columnInt64 (18) != 0;
            track.addedAtUnixMs = row.columnInt64 (19);
            manifest.bpm = row.columnDouble (20);
            manifest.key = row.columnText (21);
            return track;
        }
    } // namespace

    LibraryStore::LibraryStore (const std::filesystem::path& file)
        : database (file)
    {
    }

    void LibraryStore::putTrack (const TrackRecord& track)
    {
        const auto& manifest = track.manifest;
        const auto& metadata = manifest.metadata;

        if (! isTrackId (manifest.infoHashHex))
            throw std::invalid_argument ("LibraryStore::putTrack: the manifest's info-hash \"" + manifest.infoHashHex
                                         + "\" is not 40 lower-case hex digits");

        const std::scoped_lock lock (mutex);

        // An upsert rather than INSERT OR REPLACE: REPLACE deletes the old row first, and that
        // delete would cascade to the track's resume data.
        auto statement = database.prepare (std::string ("INSERT INTO tracks (") + trackColumns + ") "
                                           + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22) "
                                           + "ON CONFLICT (info_hash) DO UPDATE SET "
                                           + "info_dict = excluded.info_dict, file_name = excluded.file_name, "
                                           + "file_size = excluded.file_size, format = excluded.format, "
                                           + "header_bytes = excluded.header_bytes, tail_bytes = excluded.tail_bytes, "
                                           + "title = excluded.title, artist = excluded.artist, album = excluded.album, "
                                           + "genre = excluded.genre, year = excluded.year, track_number = excluded.track_number, "
                                           + "duration_ms = excluded.duration_ms, bitrate_kbps = excluded.bitrate_kbps, "
                                           + "sample_rate = excluded.sample_rate, channels = excluded.channels, "
                                           + "save_path = excluded.save_path, published = excluded.published, "
                                           + "added_at_ms = excluded.added_at_ms, bpm = excluded.bpm, musical_key = excluded.musical_key");

        statement.bindText (1, manifest.infoHashHex)
            .bindBlob (2, manifest.infoDict)
            .bindText (3, manifest.fileName)
            .bindInt64 (4, toColumn (manifest.fileSize))
            .bindText (5, audioFormatName (manifest.format))
            .bindInt64 (6, toColumn (manifest.layout.headerBytes))
            .bindInt64 (7, toColumn (manifest.layout.tailBytes))
            .bindText (8, metadata.title)
            .bindText (9, metadata.artist)
            .bindText (10, metadata.album)
            .bindText (11, metadata.genre)
            .bindInt64 (12, metadata.year)
            .bindInt64 (13, metadata.trackNumber)
            .bindInt64 (14, toColumn (metadata.durationMs))
            .bindInt64 (15, metadata.bitrateKbps)
            .bindInt64 (16, metadata.sampleRate)
            .bindInt64 (17, metadata.channels)
            .bindText (18, track.savePath)
            .bindInt64 (19, track.published ? 1 : 0)
            .bindInt64 (20, track.addedAtUnixMs)
            .bindDouble (21, manifest.bpm)
            .bindText (22, manifest.key);

        // One statement is already atomic; no explicit transaction needed.
        statement.run();
    }

    std::optional<TrackRecord> LibraryStore::findTrack (const std::string& trackId) const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare (std::string ("SELECT ") + trackColumns + " FROM tracks WHERE info_hash = ?1");
        statement.bindText (1, trackId);

        if (! statement.step())
            return std::nullopt;

        return readTrack (statement);
    }

    std::vector<TrackRecord> LibraryStore::listTracks() const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare (std::string ("SELECT ") + trackColumns
                                           + " FROM tracks ORDER BY album, track_number, title, info_hash");
        std::vector<TrackRecord> tracks;

        while (statement.step())
            tracks.push_back (readTrack (statement));

        return tracks;
    }

    bool LibraryStore::removeTrack (const std::string& trackId)
    {
        const std::scoped_lock lock (mutex);

        // resume_data rows go with it through ON DELETE CASCADE (foreign_keys is on).
        auto statement = database.prepare ("DELETE FROM tracks WHERE info_hash = ?1");
        statement.bindText (1, trackId).run();
        return database.changes() > 0;
    }

    void LibraryStore::saveResumeData (const std::string& trackId, const std::string& bencodedResumeData)
    {
        const std::scoped_lock lock (mutex);

        const auto save = [&]
        {
            // Checked first so that the error names the track rather than a foreign key.
            auto exists = database.prepare ("SELECT 1 FROM tracks WHERE info_hash = ?1");

            if (! exists.bindText (1, trackId).step())
                throw StoreError ("Earshot database '" + database.file().string() + "': cannot save resume data for track "
                                  + trackId + ": the library has no such track");

            auto statement = database.prepare ("INSERT INTO resume_data (track_id, data, updated_at_ms) VALUES (?1, ?2, ?3) "
                                               "ON CONFLICT (track_id) DO UPDATE SET data = excluded.data, "
                                               "updated_at_ms = excluded.updated_at_ms");
            statement.bindText (1, trackId).bindBlob (2, bencodedResumeData).bindInt64 (3, nowUnixMs()).run();
        };

        database.transaction (save);
    }

    std::optional<std::string> LibraryStore::loadResumeData (const std::string& trackId) const
    {
        const std::scoped_lock lock (mutex);

        auto statement = database.prepare ("SELECT data FROM resume_data WHERE track_id = ?1");
        statement.bindText (1, trackId);

        if (! statement.step())
            return std::nullopt;

        return statement.columnBlob (0);
    }

    bool LibraryStore::beginSession()
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

    void LibraryStore::endSession()
    {
        const std::scoped_lock lock (mutex);

        auto write = database.prepare ("INSERT INTO meta (key, value) VALUES (?1, 'ended') "
                                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        write.bindText (1, sessionStateKey).run();
    }
} // namespace earshot
