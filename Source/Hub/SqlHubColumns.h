#pragma once

#include "HubRecords.h"
#include "SqlConnection.h"

namespace earshot
{
    /** How records map to the hub's tables, written once for both backends. */
    namespace hubColumns
    {
        /** hub_releases' columns in the order releaseParameters binds them and readRelease reads. */
        inline constexpr auto release = "track_id, artist_key, title, artist_name, album, genre, bpm, musical_key, "
                                        "duration_ms, loudness_lufs, manifest, cover, published_at_ms";
        /** The same columns of hub_releases aliased r, for SELECTs. */
        inline constexpr auto releaseSelect = "r.track_id, r.artist_key, r.title, r.artist_name, r.album, r.genre, r.bpm, "
                                              "r.musical_key, r.duration_ms, r.loudness_lufs, r.manifest, r.cover, "
                                              "r.published_at_ms";
        inline constexpr auto releasePlaceholders = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13";
        /** An upsert's SET list: every column but the track id, from the row that was refused. */
        inline constexpr auto releaseUpdate =
            "artist_key = excluded.artist_key, title = excluded.title, artist_name = excluded.artist_name, "
            "album = excluded.album, genre = excluded.genre, bpm = excluded.bpm, musical_key = excluded.musical_key, "
            "duration_ms = excluded.duration_ms, loudness_lufs = excluded.loudness_lufs, manifest = excluded.manifest, "
            "cover = excluded.cover, published_at_ms = excluded.published_at_ms";
        /** How many columns release names. */
        inline constexpr std::size_t releaseColumnCount = 13;

        [[nodiscard]] std::vector<SqlValue> releaseParameters (const Release& release);

        /** A release from releaseColumnCount columns of row, starting at firstColumn. */
        [[nodiscard]] Release readRelease (const SqlRow& row, std::size_t firstColumn = 0);

        /** A key column; a stored value that is not 32 bytes is a Error (internal). */
        [[nodiscard]] PublicKey readKey (const SqlRow& row, std::size_t column);

        /** An optional double as a parameter: NULL when there is none. */
        [[nodiscard]] SqlValue optionalReal (const std::optional<double>& value);
    } // namespace hubColumns
} // namespace earshot
