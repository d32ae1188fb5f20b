#include "Database.h"

#include <sqlite3.h>

#include <array>
#include <utility>

namespace earshot
{
    namespace
    {
        /** Version 1: the library (tracks, their libtorrent resume data) and the daemon's own
        key/value state. Integers are SQLite's 64-bit INTEGER; unsigned Core values are stored
        bit for bit, so even values above INT64_MAX come back as they went in. */
        constexpr auto schemaVersion1 = R"sql(
CREATE TABLE tracks
(
    info_hash    TEXT PRIMARY KEY NOT NULL,
    info_dict    BLOB NOT NULL,
    file_name    TEXT NOT NULL,
    file_size    INTEGER NOT NULL,
    format       TEXT NOT NULL,
    header_bytes INTEGER NOT NULL,
    tail_bytes   INTEGER NOT NULL,
    title        TEXT NOT NULL,
    artist       TEXT NOT NULL,
    album        TEXT NOT NULL,
    genre        TEXT NOT NULL,
    year         INTEGER NOT NULL,
    track_number INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,
    bitrate_kbps INTEGER NOT NULL,
    sample_rate  INTEGER NOT NULL,
    channels     INTEGER NOT NULL,
    save_path    TEXT NOT NULL,
    published    INTEGER NOT NULL CHECK (published IN (0, 1)),
    added_at_ms  INTEGER NOT NULL
);

CREATE INDEX tracks_by_album ON tracks (album, track_number, title);

CREATE TABLE resume_data
(
    track_id      TEXT PRIMARY KEY NOT NULL REFERENCES tracks (info_hash) ON DELETE CASCADE,
    data          BLOB NOT NULL,
    updated_at_ms INTEGER NOT NULL
);

CREATE TABLE meta
(
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;
)sql";

        /** Version 2: the "pass along" feature's state, kept by the pass stores (FriendStore,
        OutboxStore, InboxStore, PointsLedger, UploadStore: see their headers for what each table
        means). Keys are the 32 raw bytes of an Ed25519 public key; times are
        milliseconds since the Unix epoch. The CHECKs are the last line of defence behind
        the stores' own argument checks, for a file that another program writes to.

        The points ledger is append-only even for raw SQL: its triggers abort every UPDATE and
        DELETE, and an INSERT that would take the place of an existing entry (INSERT OR REPLACE
        deletes the old row without firing DELETE triggers, so that needs its own trigger).
        Someone with the file can still drop the triggers; they stop accidents and careless
        tools, not the owner of the disk. */
        constexpr auto schemaVersion2 = R"sql(
CREATE TABLE friends
(
    public_key  BLOB PRIMARY KEY NOT NULL CHECK (typeof (public_key) = 'blob' AND length (public_key) = 32),
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    host        TEXT NOT NULL CHECK (host <> ''),
    port        INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    added_at_ms INTEGER NOT NULL
);

CREATE TABLE outbox
(
    message_id         TEXT PRIMARY KEY NOT NULL CHECK (message_id <> ''),
    recipient_key      BLOB NOT NULL CHECK (typeof (recipient_key) = 'blob' AND length (recipient_key) = 32),
    kind               TEXT NOT NULL CHECK (kind IN ('pass', 'receipt')),
    envelope           BLOB NOT NULL,
    created_at_ms      INTEGER NOT NULL,
    attempts           INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at_ms INTEGER NOT NULL,
    last_error         TEXT NOT NULL DEFAULT '',
    delivered_at_ms    INTEGER
);

CREATE INDEX outbox_undelivered ON outbox (next_attempt_at_ms) WHERE delivered_at_ms IS NULL;
CREATE INDEX outbox_by_recipient ON outbox (recipient_key);

CREATE TABLE inbox
(
    message_id     TEXT PRIMARY KEY NOT NULL CHECK (message_id <> ''),
    sender_key     BLOB NOT NULL CHECK (typeof (sender_key) = 'blob' AND length (sender_key) = 32),
    track_id       TEXT NOT NULL CHECK (length (track_id) = 40),
    pass_bytes     BLOB NOT NULL,
    note           TEXT NOT NULL,
    received_at_ms INTEGER NOT NULL,
    is_read        INTEGER NOT NULL DEFAULT 0 CHECK (is_read IN (0, 1)),
    listened_ms    INTEGER NOT NULL DEFAULT 0 CHECK (listened_ms >= 0),
    receipt_sent   INTEGER NOT NULL DEFAULT 0 CHECK (receipt_sent IN (0, 1))
);

CREATE INDEX inbox_by_track ON inbox (track_id, received_at_ms);

CREATE TABLE seen_messages
(
    sender_key BLOB NOT NULL CHECK (typeof (sender_key) = 'blob' AND length (sender_key) = 32),
    message_id TEXT NOT NULL,
    sent_at_ms INTEGER NOT NULL,
    PRIMARY KEY (sender_key, message_id)
) WITHOUT ROWID;

CREATE INDEX seen_messages_by_time ON seen_messages (sent_at_ms);

CREATE TABLE points_ledger
(
    entry_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms      INTEGER NOT NULL,
    points     INTEGER NOT NULL CHECK (typeof (points) = 'integer' AND points <> 0),
    reason     TEXT NOT NULL CHECK (reason <> ''),
    pass_id    TEXT NOT NULL CHECK (pass_id <> ''),
    friend_key BLOB NOT NULL CHECK (typeof (friend_key) = 'blob' AND length (friend_key) = 32),
    source     TEXT NOT NULL UNIQUE CHECK (source <> '')
);

CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
BEGIN
    SELECT RAISE (ABORT, 'the points ledger is append-only: an entry cannot be changed (credit a correction instead)');
END;

CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger
BEGIN
    SELECT RAISE (ABORT, 'the points ledger is append-only: an entry cannot be deleted (credit a correction instead)');
END;

CREATE TRIGGER points_ledger_no_replace BEFORE INSERT ON points_ledger
WHEN EXISTS (SELECT 1 FROM points_ledger WHERE entry_id = NEW.entry_id OR source = NEW.source)
BEGIN
    SELECT RAISE (ABORT, 'the points ledger is append-only: an entry cannot be replaced');
END;

CREATE TABLE uploaded_bytes
(
    friend_key BLOB NOT NULL CHECK (typeof (friend_key) = 'blob' AND length (friend_key) = 32),
    track_id   TEXT NOT NULL CHECK (length (track_id) = 40),
    bytes      INTEGER NOT NULL CHECK (typeof (bytes) = 'integer' AND bytes >= 0),
    PRIMARY KEY (friend_key, track_id)
) WITHOUT ROWID;
)sql";

        /** Version 3: a track's tempo and musical key, from its BPM and INITIALKEY tags. Tracks
        already in the library read as unknown (0 and '') until they are published or described
        again. */
        constexpr auto schemaVersion3 = R"sql(
ALTER TABLE tracks ADD COLUMN bpm REAL NOT NULL DEFAULT 0;
ALTER TABLE tracks ADD COLUMN musical_key TEXT NOT NULL DEFAULT '';
)sql";

        /** Version 4: a torrent may hold several tracks (an album made by another client). A track
        is keyed by its own id (the info-hash, or the info-hash, '-' and its file index) and says
        which file of its torrent it is; resume data belongs to the torrent, keyed by info-hash,
        and goes when the torrent's last track does (TrackStore::removeTrack). Tracks already in
        the library are single-file tracks, whose id is their info-hash. */
        constexpr auto schemaVersion4 = R"sql(
CREATE TABLE torrent_resume_data
(
    info_hash     TEXT PRIMARY KEY NOT NULL,
    data          BLOB NOT NULL,
    updated_at_ms INTEGER NOT NULL
);
INSERT INTO torrent_resume_data (info_hash, data, updated_at_ms) SELECT track_id, data, updated_at_ms FROM resume_data;
DROP TABLE resume_data;

CREATE TABLE tracks_by_file
(
    track_id     TEXT PRIMARY KEY NOT NULL,
    info_hash    TEXT NOT NULL,
    file_index   INTEGER NOT NULL CHECK (file_index >= 0),
    file_path    TEXT NOT NULL,
    info_dict    BLOB NOT NULL,
    file_name    TEXT NOT NULL,
    file_size    INTEGER NOT NULL,
    format       TEXT NOT NULL,
    header_bytes INTEGER NOT NULL,
    tail_bytes   INTEGER NOT NULL,
    title        TEXT NOT NULL,
    artist       TEXT NOT NULL,
    album        TEXT NOT NULL,
    genre        TEXT NOT NULL,
    year         INTEGER NOT NULL,
    track_number INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,
    bitrate_kbps INTEGER NOT NULL,
    sample_rate  INTEGER NOT NULL,
    channels     INTEGER NOT NULL,
    save_path    TEXT NOT NULL,
    published    INTEGER NOT NULL CHECK (published IN (0, 1)),
    added_at_ms  INTEGER NOT NULL,
    bpm          REAL NOT NULL DEFAULT 0,
    musical_key  TEXT NOT NULL DEFAULT ''
);
INSERT INTO tracks_by_file
SELECT info_hash, info_hash, 0, file_name, info_dict, file_name, file_size, format, header_bytes, tail_bytes, title,
       artist, album, genre, year, track_number, duration_ms, bitrate_kbps, sample_rate, channels, save_path,
       published, added_at_ms, bpm, musical_key
FROM tracks;
DROP TABLE tracks;
ALTER TABLE tracks_by_file RENAME TO tracks;

CREATE INDEX tracks_by_album ON tracks (album, track_number, title);
CREATE INDEX tracks_by_info_hash ON tracks (info_hash, file_index);
)sql";

        /** Version 5: the trackers a torrent announces to (the artist's, or those its .torrent file
        or magnet link named), in order of preference. Like resume data they belong to the torrent,
        keyed by info-hash, and go when its last track does (TrackStore::removeTrack). They live
        outside the info dictionary, so the info-hash and track ids stay as they were. Tracks
        already in the library have none. */
        constexpr auto schemaVersion5 = R"sql(
CREATE TABLE torrent_trackers
(
    info_hash TEXT NOT NULL CHECK (length (info_hash) = 40),
    position  INTEGER NOT NULL CHECK (position >= 0),
    url       TEXT NOT NULL CHECK (url <> ''),
    PRIMARY KEY (info_hash, position),
    UNIQUE (info_hash, url)
) WITHOUT ROWID;
)sql";

        /** Version 6: what publishing measures from the audio (a track's integrated loudness, and
        whether its tempo is an estimate rather than a tag), and each track's cover thumbnail, which
        goes with its track. Tracks already in the library read as unmeasured, with no cover. */
        constexpr auto schemaVersion6 = R"sql(
ALTER TABLE tracks ADD COLUMN loudness_lufs REAL NOT NULL DEFAULT 0;
ALTER TABLE tracks ADD COLUMN bpm_estimated INTEGER NOT NULL DEFAULT 0 CHECK (bpm_estimated IN (0, 1));
CREATE TABLE track_covers
(
    track_id  TEXT PRIMARY KEY NOT NULL REFERENCES tracks (track_id) ON DELETE CASCADE,
    mime_type TEXT NOT NULL CHECK (mime_type <> ''),
    data      BLOB NOT NULL
);
)sql";

        /** Version 7: the daemon's link to its discovery hub (HubLinkStore): its settings (the
        hub's address, the artist profile), the signed messages waiting for the hub in the order
        they were made, and the listens and landed passes already queued once (a listen is
        reported once per track and UTC day). */
        constexpr auto schemaVersion7 = R"sql(
CREATE TABLE hub_settings
(
    key   TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE hub_outbox
(
    position           INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id         TEXT NOT NULL UNIQUE CHECK (message_id <> ''),
    kind               TEXT NOT NULL CHECK (kind IN ('release', 'profile', 'listen', 'pass_landed', 'seeding')),
    topic              TEXT NOT NULL CHECK (topic <> ''),
    message            BLOB NOT NULL,
    created_at_ms      INTEGER NOT NULL,
    attempts           INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at_ms INTEGER NOT NULL
);

CREATE INDEX hub_outbox_by_topic ON hub_outbox (topic);
CREATE INDEX hub_outbox_by_kind ON hub_outbox (kind, position);

CREATE TABLE hub_reported_once
(
    topic      TEXT PRIMARY KEY NOT NULL,
    made_at_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX hub_reported_once_by_time ON hub_reported_once (made_at_ms);
)sql";

        /** Version 8: previews, tracks fetched ahead of a play (their openings) and kept out of the
        library's list until played. preview_order is 0 for a library track, and for a preview
        rises with each prefetch, so the least recently prefetched preview is dropped first.
        Tracks already in the library are library tracks. */
        constexpr auto schemaVersion8 = R"sql(
ALTER TABLE tracks ADD COLUMN preview_order INTEGER NOT NULL DEFAULT 0 CHECK (preview_order >= 0);
)sql";

        /** Version 9: artists' news (NewsStore). The artists followed here, with where this daemon
        is in each one's news (the hub's cursor; the DHT feed's sequence, torrent and the artist's
        signed item, put again from here); followed artists' posts, each filed once; this daemon's
        own posts as an artist; and settings (the listener's home city, the own feed's sequence). */
        constexpr auto schemaVersion9 = R"sql(
CREATE TABLE news_follows
(
    artist_key          BLOB PRIMARY KEY NOT NULL CHECK (length (artist_key) = 32),
    name                TEXT NOT NULL DEFAULT '',
    followed_at_ms      INTEGER NOT NULL,
    hub_after           INTEGER NOT NULL DEFAULT 0 CHECK (hub_after >= 0),
    feed_sequence       INTEGER NOT NULL DEFAULT 0,
    feed_info_hash      TEXT NOT NULL DEFAULT '',
    feed_item_value     BLOB NOT NULL DEFAULT x'',
    feed_item_signature BLOB NOT NULL DEFAULT x'',
    last_news_ms        INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE news_posts
(
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id        TEXT NOT NULL UNIQUE CHECK (post_id <> ''),
    artist_key     BLOB NOT NULL REFERENCES news_follows (artist_key) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('release', 'tour_date', 'tour_date_cancelled')),
    post           BLOB NOT NULL,
    posted_at_ms   INTEGER NOT NULL,
    tour_day       INTEGER NOT NULL DEFAULT 0,
    tour_city      TEXT NOT NULL DEFAULT '',
    cancels        TEXT NOT NULL DEFAULT '',
    received_at_ms INTEGER NOT NULL,
    source         INTEGER NOT NULL CHECK (source IN (1, 2))
);

CREATE INDEX news_posts_by_kind ON news_posts (kind, posted_at_ms);
CREATE INDEX news_posts_by_artist ON news_posts (artist_key);
CREATE INDEX news_posts_by_cancels ON news_posts (cancels) WHERE cancels <> '';

CREATE TABLE news_own_posts
(
    post_id      TEXT PRIMARY KEY NOT NULL CHECK (post_id <> ''),
    kind         TEXT NOT NULL CHECK (kind IN ('release', 'tour_date', 'tour_date_cancelled')),
    post         BLOB NOT NULL,
    posted_at_ms INTEGER NOT NULL,
    tour_day     INTEGER NOT NULL DEFAULT 0,
    cancels      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE news_settings
(
    key   TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL
) WITHOUT ROWID;
)sql";

        /** Version 10: the hub outbox also holds an artist's posts and follow reports. SQLite
        cannot change a CHECK, so the table is made again with the wider one and its rows copied
        (positions kept, so the order of sending holds). */
        constexpr auto schemaVersion10 = R"sql(
CREATE TABLE hub_outbox_10
(
    position           INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id         TEXT NOT NULL UNIQUE CHECK (message_id <> ''),
    kind               TEXT NOT NULL CHECK (kind IN ('release', 'profile', 'listen', 'pass_landed', 'seeding', 'post', 'follows')),
    topic              TEXT NOT NULL CHECK (topic <> ''),
    message            BLOB NOT NULL,
    created_at_ms      INTEGER NOT NULL,
    attempts           INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at_ms INTEGER NOT NULL
);

INSERT INTO hub_outbox_10 SELECT position, message_id, kind, topic, message, created_at_ms, attempts, next_attempt_at_ms FROM hub_outbox;
DROP TABLE hub_outbox;
ALTER TABLE hub_outbox_10 RENAME TO hub_outbox;
CREATE INDEX hub_outbox_by_topic ON hub_outbox (topic);
CREATE INDEX hub_outbox_by_kind ON hub_outbox (kind, position);
)sql";

        /** Version 11: the inbox is counted per sender (its quotas), and the inbox and outbox are
        listed page by page in time order. Indexes only, made if missing, so replaying it over a
        file that has them changes nothing. */
        constexpr auto schemaVersion11 = R"sql(
CREATE INDEX IF NOT EXISTS inbox_by_sender ON inbox (sender_key);
CREATE INDEX IF NOT EXISTS inbox_by_time ON inbox (received_at_ms);
CREATE INDEX IF NOT EXISTS outbox_by_time ON outbox (created_at_ms);
)sql";

        /** Version 12: each track's seek index (Core's SeekIndex, as encodeSeekIndex writes it), so a
        decoder seeks in one hop. Tracks already in the library have none and seek as before. */
        constexpr auto schemaVersion12 = R"sql(
ALTER TABLE tracks ADD COLUMN seek_index BLOB NOT NULL DEFAULT x'';
)sql";

        /** migrations[n] takes a file from schema version n to n + 1. Append only: a file
        written by an older earshotd replays the steps it has not seen. */
        constexpr std::array<const char*, Database::currentSchemaVersion> migrations { schemaVersion1, schemaVersion2, schemaVersion3, schemaVersion4, schemaVersion5, schemaVersion6, schemaVersion7, schemaVersion8, schemaVersion9, schemaVersion10, schemaVersion11, schemaVersion12 };

        [[nodiscard]] std::string describeFile (const std::filesystem::path& file)
        {
            return "Earshot database '" + file.string() + "'";
        }

        [[nodiscard]] std::string abbreviate (std::string_view sql)
        {
            constexpr std::size_t maxLength = 80;
            return sql.size() <= maxLength ? std::string (sql) : std::string (sql.substr (0, maxLength)) + "...";
        }
    } // namespace

    const Database::Schema& Database::daemonSchema() noexcept
    {
        static const Schema daemon { applicationId, migrations, "earshotd", "library" };
        return daemon;
    }

    Database::Database (std::filesystem::path file, std::chrono::milliseconds busyTimeout)
        : Database (std::move (file), daemonSchema(), busyTimeout)
    {
    }

    Database::Database (std::filesystem::path file, const Schema& fileSchema, std::chrono::milliseconds busyTimeout)
        : path (std::move (file)), schema (fileSchema)
    {
        // NOMUTEX: SQLite's own per-call mutex would not make a sequence of calls atomic anyway;
        // callers that share a Database serialise whole operations themselves.
        constexpr auto flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        const auto resultCode = sqlite3_open_v2 (path.c_str(), &connection, flags, nullptr);

        if (resultCode != SQLITE_OK)
        {
            // On most failures SQLite still hands back a connection that holds the message.
            const std::string message = connection != nullptr ? sqlite3_errmsg (connection) : sqlite3_errstr (resultCode);
            sqlite3_close_v2 (connection);
            connection = nullptr;
            throw StoreError (describeFile (path) + ": cannot open it: " + message
                              + " (check that its folder exists and is writable)");
        }

        try
        {
            configure (busyTimeout);
            migrate();
        }
        catch (...)
        {
            sqlite3_close_v2 (connection);
            connection = nullptr;
            throw;
        }
    }

    Database::~Database()
    {
        // close_v2 defers the close until the last Statement is finalized, rather than failing.
        sqlite3_close_v2 (connection);
    }

    void Database::configure (std::chrono::milliseconds busyTimeout)
    {
        sqlite3_busy_timeout (connection, static_cast<int> (busyTimeout.count()));

        // Read the header and schema before anything writes: a file that is not a database fails
        // here, and nothing has touched it yet. (sqlite3_open_v2 itself reads nothing.)
        const auto readCode = sqlite3_exec (connection, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);

        if (readCode == SQLITE_NOTADB || readCode == SQLITE_CORRUPT)
            throw StoreError (describeFile (path) + ": the file is not a usable SQLite database ("
                              + sqlite3_errmsg (connection) + "). It was left as it is; move it aside and "
                              + std::string (schema.program) + " will start a new, empty " + std::string (schema.contents) + ".");

        if (readCode != SQLITE_OK)
            throw error ("reading the file");

        const auto fileApplicationId = queryInt ("PRAGMA application_id");
        const auto fileVersion = queryInt ("PRAGMA user_version");
        const auto tableCount = queryInt ("SELECT count(*) FROM sqlite_schema");

        const auto latestVersion = static_cast<int> (schema.migrations.size());

        if (fileApplicationId != schema.applicationId && (fileApplicationId != 0 || tableCount != 0))
            throw StoreError (describeFile (path) + ": this SQLite database belongs to another program (application_id "
                              + std::to_string (fileApplicationId) + ", " + std::to_string (tableCount)
                              + " schema objects). It was left as it is; choose another file.");

        if (fileVersion > latestVersion)
            throw StoreError (describeFile (path) + ": written by a newer " + std::string (schema.program) + " (schema version "
                              + std::to_string (fileVersion) + "; this one knows up to " + std::to_string (latestVersion)
                              + "). It was left as it is; upgrade " + std::string (schema.program) + ".");

        // journal_mode answers with the mode it ended up in rather than failing.
        auto journal = prepare ("PRAGMA journal_mode = WAL");
        const auto mode = journal.step() ? journal.columnText (0) : std::string();

        if (mode != "wal")
            throw StoreError (describeFile (path) + ": SQLite could not switch it to WAL mode (it stayed in '" + mode
                              + "' mode); put it on a local file system that supports shared memory.");

        execute ("PRAGMA synchronous = NORMAL");
        execute ("PRAGMA foreign_keys = ON");
    }

    void Database::migrate()
    {
        const auto latestVersion = static_cast<int> (schema.migrations.size());

        if (queryInt ("PRAGMA user_version") == latestVersion)
            return;

        const auto upgrade = [this, latestVersion]
        {
            // Read again under the write lock: another process may have migrated meanwhile.
            for (auto version = queryInt ("PRAGMA user_version"); version < latestVersion; ++version)
                execute (schema.migrations[static_cast<std::size_t> (version)]);

            execute ("PRAGMA application_id = " + std::to_string (schema.applicationId));
            execute ("PRAGMA user_version = " + std::to_string (latestVersion));
        };

        transaction (upgrade);
    }

    Statement Database::prepare (std::string_view sql)
    {
        return Statement (*this, sql);
    }

    void Database::execute (const std::string& sql)
    {
        if (sqlite3_exec (connection, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
            throw error ("running \"" + abbreviate (sql) + "\"");
    }

    std::int64_t Database::reclaimSpace (std::int64_t minimumFreeBytes)
    {
        const auto freeBytes = static_cast<std::int64_t> (queryInt ("PRAGMA freelist_count")) * queryInt ("PRAGMA page_size");

        if (freeBytes < minimumFreeBytes || freeBytes == 0)
            return 0;

        if (transactionDepth != 0)
            throw StoreError (describeFile (path) + ": cannot give free space back inside a transaction");

        // VACUUM writes the compacted file through the WAL; the checkpoint copies it into the main
        // file, truncates that to its new size, and empties the WAL.
        execute ("VACUUM");
        execute ("PRAGMA wal_checkpoint (TRUNCATE)");
        return freeBytes;
    }

    int Database::queryInt (const std::string& sql)
    {
        auto statement = prepare (sql);

        if (! statement.step())
            throw StoreError (describeFile (path) + ": \"" + sql + "\" returned no row");

        return static_cast<int> (statement.columnInt64 (0));
    }

    int Database::changes() const noexcept
    {
        return sqlite3_changes (connection);
    }

    std::int64_t Database::lastInsertRowId() const noexcept
    {
        return sqlite3_last_insert_rowid (connection);
    }

    StoreError Database::error (std::string_view whileDoing) const
    {
        return StoreError (describeFile (path) + ": " + std::string (whileDoing) + ": " + sqlite3_errmsg (connection));
    }

    int Database::beginTransaction()
    {
        const auto level = transactionDepth;
        execute (level == 0 ? std::string ("BEGIN IMMEDIATE") : "SAVEPOINT earshot_" + std::to_string (level));
        transactionDepth = level + 1;
        return level;
    }

    void Database::commitTransaction (int level)
    {
        // On failure the transaction is still open; the caller's rollback closes it.
        execute (level == 0 ? std::string ("COMMIT") : "RELEASE earshot_" + std::to_string (level));
        transactionDepth = level;
    }

    void Database::rollbackTransaction (int level) noexcept
    {
        transactionDepth = level;

        // Some errors (a full disk, an I/O error) have already rolled everything back; then
        // there is nothing left to undo, and failing here would hide the original error.
        if (sqlite3_get_autocommit (connection) != 0)
            return;

        if (level == 0)
        {
            sqlite3_exec (connection, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        else
        {
            const auto name = "earshot_" + std::to_string (level);
            sqlite3_exec (connection, ("ROLLBACK TO " + name + "; RELEASE " + name).c_str(), nullptr, nullptr, nullptr);
        }
    }
} // namespace earshot
