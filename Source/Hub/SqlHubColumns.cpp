#include "SqlHubColumns.h"

#include "Core/Error.h"

namespace earshot::hubColumns
{
    std::vector<SqlValue> releaseParameters (const Release& release)
    {
        return { release.trackId,
                 SqlBytes { keyBytes (release.artistKey) },
                 release.title,
                 release.artistName,
                 release.album,
                 release.genre,
                 optionalReal (release.bpm),
                 release.musicalKey,
                 release.durationMs,
                 optionalReal (release.loudnessLufs),
                 SqlBytes { release.manifest },
                 SqlBytes { release.cover },
                 release.publishedAtMs };
    }

    Release readRelease (const SqlRow& row, std::size_t firstColumn)
    {
        const auto at = [firstColumn] (std::size_t column)
        { return firstColumn + column; };

        Release result;
        result.trackId = row.text (at (0));
        result.artistKey = readKey (row, at (1));
        result.title = row.text (at (2));
        result.artistName = row.text (at (3));
        result.album = row.text (at (4));
        result.genre = row.text (at (5));
        result.bpm = row.optionalReal (at (6));
        result.musicalKey = row.text (at (7));
        result.durationMs = row.integer (at (8));
        result.loudnessLufs = row.optionalReal (at (9));
        result.manifest = row.text (at (10));
        result.cover = row.text (at (11));
        result.publishedAtMs = row.integer (at (12));
        return result;
    }

    PublicKey readKey (const SqlRow& row, std::size_t column)
    {
        const auto key = publicKeyFrom (row.text (column));

        if (! key.has_value())
            throw Error (ErrorCode::internal, "hub database: a stored key is " + std::to_string (row.text (column).size()) + " bytes instead of 32; the database was changed by another program");
        return *key;
    }

    SqlValue optionalReal (const std::optional<double>& value)
    {
        if (value.has_value())
            return *value;
        return nullptr;
    }
} // namespace earshot::hubColumns
