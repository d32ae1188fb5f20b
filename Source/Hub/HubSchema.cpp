#include "HubSchema.h"

#include <array>
#include <string>
#include <vector>

namespace earshot::hubSchema
{
    namespace
    {
        /** Version 1, what both databases hold. Keys are the 32 raw bytes of an Ed25519 key; times
        are milliseconds since the Unix epoch; days are UTC days since 1970-01-01.

        The reports (hub_listens, hub_passes, hub_seeds) are kept to recognise repeats; charts read
        only the aggregates, which each report updates in its own transaction: hub_track_days (a
        track's counts per day, indexed by day for day and week charts) and hub_track_totals (a
        track's counts over all time, its fresh seeders, and its decayed sums, see Core/ChartScore.h). */
        constexpr auto commonVersion1 = R"sql(
CREATE TABLE hub_artists
(
    artist_key    {bytes} PRIMARY KEY NOT NULL CHECK (length (artist_key) = 32),
    name          TEXT NOT NULL,
    bio           TEXT NOT NULL,
    home_city     TEXT NOT NULL,
    updated_at_ms {int} NOT NULL
);

CREATE TABLE hub_artist_links
(
    artist_key {bytes} NOT NULL REFERENCES hub_artists (artist_key) ON DELETE CASCADE,
    position   {int} NOT NULL CHECK (position >= 0),
    url        TEXT NOT NULL,
    PRIMARY KEY (artist_key, position)
);

CREATE TABLE hub_releases
(
    release_id      {id},
    track_id        TEXT NOT NULL UNIQUE CHECK (track_id <> ''),
    artist_key      {bytes} NOT NULL CHECK (length (artist_key) = 32),
    title           TEXT NOT NULL,
    artist_name     TEXT NOT NULL,
    album           TEXT NOT NULL,
    genre           TEXT NOT NULL,
    bpm             {real},
    musical_key     TEXT NOT NULL,
    duration_ms     {int} NOT NULL CHECK (duration_ms >= 0),
    loudness_lufs   {real},
    manifest        {bytes} NOT NULL,
    cover           {bytes} NOT NULL,
    published_at_ms {int} NOT NULL
);

CREATE INDEX hub_releases_by_artist ON hub_releases (artist_key, published_at_ms);
CREATE INDEX hub_releases_by_genre ON hub_releases (genre, track_id);
CREATE INDEX hub_releases_by_bpm ON hub_releases (bpm);
CREATE INDEX hub_releases_by_duration ON hub_releases (duration_ms);
CREATE INDEX hub_releases_by_artist_name ON hub_releases (lower (artist_name));
CREATE INDEX hub_artists_by_name ON hub_artists (lower (name));

CREATE TABLE hub_track_totals
(
    track_id        TEXT PRIMARY KEY NOT NULL REFERENCES hub_releases (track_id),
    listens         {int} NOT NULL DEFAULT 0,
    listeners       {int} NOT NULL DEFAULT 0,
    passes          {int} NOT NULL DEFAULT 0,
    points          {int} NOT NULL DEFAULT 0,
    seeders         {int} NOT NULL DEFAULT 0 CHECK (seeders >= 0),
    decayed_listens {real} NOT NULL DEFAULT 0,
    decayed_passes  {real} NOT NULL DEFAULT 0
);

CREATE TABLE hub_track_days
(
    track_id TEXT NOT NULL REFERENCES hub_releases (track_id),
    day      {int} NOT NULL,
    listens  {int} NOT NULL DEFAULT 0,
    passes   {int} NOT NULL DEFAULT 0,
    PRIMARY KEY (track_id, day)
);

CREATE INDEX hub_track_days_by_day ON hub_track_days (day, track_id);

CREATE TABLE hub_listens
(
    listener_key {bytes} NOT NULL,
    track_id     TEXT NOT NULL,
    day          {int} NOT NULL,
    at_ms        {int} NOT NULL,
    PRIMARY KEY (listener_key, track_id, day)
);

CREATE TABLE hub_listener_days
(
    listener_key {bytes} NOT NULL,
    day          {int} NOT NULL,
    counted      {int} NOT NULL,
    PRIMARY KEY (listener_key, day)
);

CREATE TABLE hub_track_listeners
(
    track_id     TEXT NOT NULL,
    listener_key {bytes} NOT NULL,
    PRIMARY KEY (track_id, listener_key)
);

CREATE TABLE hub_passes
(
    receipt_id    TEXT PRIMARY KEY NOT NULL CHECK (receipt_id <> ''),
    sender_key    {bytes} NOT NULL,
    recipient_key {bytes} NOT NULL,
    track_id      TEXT NOT NULL,
    points        {int} NOT NULL,
    at_ms         {int} NOT NULL
);

CREATE TABLE hub_seeders
(
    seeder_key     {bytes} PRIMARY KEY NOT NULL,
    reported_at_ms {int} NOT NULL
);

CREATE INDEX hub_seeders_by_time ON hub_seeders (reported_at_ms);

CREATE TABLE hub_seeds
(
    seeder_key {bytes} NOT NULL REFERENCES hub_seeders (seeder_key) ON DELETE CASCADE,
    track_id   TEXT NOT NULL,
    PRIMARY KEY (seeder_key, track_id)
);

CREATE INDEX hub_seeds_by_track ON hub_seeds (track_id);
)sql";

        /** SQLite: an external-content FTS5 index of hub_releases, kept in step by triggers. */
        constexpr auto sqliteSearchVersion1 = R"sql(
CREATE VIRTUAL TABLE hub_release_search USING fts5
(
    title, artist_name, album,
    content = 'hub_releases', content_rowid = 'release_id', tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER hub_release_search_insert AFTER INSERT ON hub_releases
BEGIN
    INSERT INTO hub_release_search (rowid, title, artist_name, album)
    VALUES (new.release_id, new.title, new.artist_name, new.album);
END;

CREATE TRIGGER hub_release_search_delete AFTER DELETE ON hub_releases
BEGIN
    INSERT INTO hub_release_search (hub_release_search, rowid, title, artist_name, album)
    VALUES ('delete', old.release_id, old.title, old.artist_name, old.album);
END;

CREATE TRIGGER hub_release_search_update AFTER UPDATE OF title, artist_name, album ON hub_releases
BEGIN
    INSERT INTO hub_release_search (hub_release_search, rowid, title, artist_name, album)
    VALUES ('delete', old.release_id, old.title, old.artist_name, old.album);
    INSERT INTO hub_release_search (rowid, title, artist_name, album)
    VALUES (new.release_id, new.title, new.artist_name, new.album);
END;
)sql";

        /** PostgreSQL: a generated tsvector (the 'simple' configuration: no stemming, any
        language) under a GIN index. */
        constexpr auto postgresSearchVersion1 = R"sql(
ALTER TABLE hub_releases ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector ('simple', title || ' ' || artist_name || ' ' || album)) STORED;

CREATE INDEX hub_releases_search ON hub_releases USING GIN (search_vector);
)sql";

        /** Version 2: the keys each network brought each day, for ListenRules'
        maxReportersPerNetworkPerDay. Rows of past days are kept only to be pruned. */
        constexpr auto commonVersion2 = R"sql(
CREATE TABLE hub_network_reporters
(
    network      TEXT NOT NULL,
    day          {int} NOT NULL,
    reporter_key {bytes} NOT NULL,
    PRIMARY KEY (network, day, reporter_key)
);
)sql";

        /** Version 3: artists' posts, filed in a hub-wide rising sequence (the rowid or identity)
        that Hub.WatchEvents' cursors count in, and the follow reports that the artist page's
        follower count reads. A tour date's day (days since the Unix epoch) is kept to pick the
        upcoming ones; a cancellation keeps the day of the date it calls off. */
        constexpr auto commonVersion3 = R"sql(
CREATE TABLE hub_posts
(
    sequence     {id},
    post_id      TEXT NOT NULL UNIQUE CHECK (post_id <> ''),
    artist_key   {bytes} NOT NULL CHECK (length (artist_key) = 32),
    kind         {int} NOT NULL CHECK (kind IN (0, 1, 2)),
    posted_at_ms {int} NOT NULL,
    tour_date    TEXT NOT NULL,
    tour_day     {int},
    cancels      TEXT NOT NULL,
    message      {bytes} NOT NULL
);

CREATE INDEX hub_posts_by_artist ON hub_posts (artist_key, sequence);

CREATE TABLE hub_followers
(
    follower_key   {bytes} PRIMARY KEY NOT NULL CHECK (length (follower_key) = 32),
    reported_at_ms {int} NOT NULL
);

CREATE TABLE hub_follows
(
    follower_key {bytes} NOT NULL REFERENCES hub_followers (follower_key) ON DELETE CASCADE,
    artist_key   {bytes} NOT NULL CHECK (length (artist_key) = 32),
    PRIMARY KEY (follower_key, artist_key)
);

CREATE INDEX hub_follows_by_artist ON hub_follows (artist_key);
)sql";

        struct TypeNames
        {
            const char* bytes;
            const char* integer;
            const char* real;
            const char* id;
        };

        [[nodiscard]] std::string spelled (std::string text, const TypeNames& names)
        {
            const std::array<std::pair<std::string, const char*>, 4> replacements {
                { { "{bytes}", names.bytes }, { "{int}", names.integer }, { "{real}", names.real }, { "{id}", names.id } }
            };

            for (const auto& [placeholder, name] : replacements)
                for (auto at = text.find (placeholder); at != std::string::npos; at = text.find (placeholder, at))
                    text.replace (at, placeholder.size(), name);

            return text;
        }

        struct DialectSteps
        {
            std::vector<std::string> texts;
            std::vector<const char*> pointers;

            DialectSteps (const TypeNames& names, const char* searchVersion1)
                : texts { spelled (commonVersion1, names) + searchVersion1, spelled (commonVersion2, names), spelled (commonVersion3, names) }
            {
                for (const auto& text : texts)
                    pointers.push_back (text.c_str());
            }
        };
    } // namespace

    std::span<const char* const> steps (SqlConnection::Dialect dialect)
    {
        static const DialectSteps sqlite ({ "BLOB", "INTEGER", "REAL", "INTEGER PRIMARY KEY" }, sqliteSearchVersion1);
        static const DialectSteps postgres ({ "BYTEA", "BIGINT", "DOUBLE PRECISION", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" },
                                            postgresSearchVersion1);

        return dialect == SqlConnection::Dialect::sqlite ? sqlite.pointers : postgres.pointers;
    }
} // namespace earshot::hubSchema
