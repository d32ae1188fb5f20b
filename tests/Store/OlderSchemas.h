#pragma once

namespace earshot::test
{
    /** Takes a library file back from schema version 12 to version 11, as an earshotd from before
        seek indexes left it. Every older version's undo starts with it. */
    inline constexpr auto undoSchemaVersion12 = R"sql(
ALTER TABLE tracks DROP COLUMN seek_index;
PRAGMA user_version = 11;
)sql";

    /** Takes a library file back from schema version 11 to version 10, as an earshotd from before
        quotas and paged lists left it. */
    inline constexpr auto undoSchemaVersion11 = R"sql(
DROP INDEX inbox_by_sender;
DROP INDEX inbox_by_time;
DROP INDEX outbox_by_time;
PRAGMA user_version = 10;
)sql";

    /** Takes a library file back from schema version 9 to version 8, as an earshotd from before
        artists' news left it. Tests that need an older file undo the earlier versions after this. */
    inline constexpr auto undoSchemaVersion9 = R"sql(
DROP TABLE news_follows;
DROP TABLE news_posts;
DROP TABLE news_own_posts;
DROP TABLE news_settings;
PRAGMA user_version = 8;
)sql";

    /** Takes a library file back from schema version 8 to version 7, as an earshotd from before
        previews left it. Tests that need an older file undo the earlier versions after this. */
    inline constexpr auto undoSchemaVersion8 = R"sql(
ALTER TABLE tracks DROP COLUMN preview_order;
PRAGMA user_version = 7;
)sql";

    /** Takes a library file back from schema version 7 to version 6, as an earshotd from before
        the hub link left it. Tests that need an older file still undo the earlier versions after
        this. */
    inline constexpr auto undoSchemaVersion7 = R"sql(
DROP TABLE hub_settings;
DROP TABLE hub_outbox;
DROP TABLE hub_reported_once;
PRAGMA user_version = 6;
)sql";

    /** Takes a library file back from schema version 6 to version 5, as an earshotd from before
        loudness, estimated tempo and covers left it. Tests that need an older file still undo the
        earlier versions after this. */
    inline constexpr auto undoSchemaVersion6 = R"sql(
DROP TABLE track_covers;
ALTER TABLE tracks DROP COLUMN loudness_lufs;
ALTER TABLE tracks DROP COLUMN bpm_estimated;
PRAGMA user_version = 5;
)sql";

    /** Takes a library file back from schema version 5 to version 4, as an earshotd from before
        trackers left it. Tests that need an older file still undo the earlier versions after this. */
    inline constexpr auto undoSchemaVersion5 = R"sql(
DROP TABLE torrent_trackers;
PRAGMA user_version = 4;
)sql";

    /** Takes a library file back from schema version 4 to version 3, as an earshotd from before
        album torrents left it: tracks keyed by info-hash, resume data per track. Tests that need
        an older file still undo the earlier versions after this. */
    inline constexpr auto undoSchemaVersion4 = R"sql(
CREATE TABLE tracks_v3
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
    added_at_ms  INTEGER NOT NULL,
    bpm          REAL NOT NULL DEFAULT 0,
    musical_key  TEXT NOT NULL DEFAULT ''
);
INSERT INTO tracks_v3
SELECT info_hash, info_dict, file_name, file_size, format, header_bytes, tail_bytes, title, artist, album, genre, year,
       track_number, duration_ms, bitrate_kbps, sample_rate, channels, save_path, published, added_at_ms, bpm, musical_key
FROM tracks;
DROP TABLE tracks;
ALTER TABLE tracks_v3 RENAME TO tracks;
CREATE INDEX tracks_by_album ON tracks (album, track_number, title);
CREATE TABLE resume_data
(
    track_id      TEXT PRIMARY KEY NOT NULL REFERENCES tracks (info_hash) ON DELETE CASCADE,
    data          BLOB NOT NULL,
    updated_at_ms INTEGER NOT NULL
);
INSERT INTO resume_data SELECT info_hash, data, updated_at_ms FROM torrent_resume_data;
DROP TABLE torrent_resume_data;
PRAGMA user_version = 3;
)sql";
} // namespace earshot::test
