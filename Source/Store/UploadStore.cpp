#include "UploadStore.h"

#include "PassColumns.h"

#include <limits>
#include <stdexcept>

namespace earshot
{
    using namespace passColumns;

    UploadStore::UploadStore (SharedDatabase& sharedDatabase) noexcept
        : database (sharedDatabase)
    {
    }

    void UploadStore::add (const PublicKey& friendKey, const std::string& trackId, std::int64_t bytes)
    {
        checkTrackId ("UploadStore::add", trackId);

        if (bytes < 0)
            throw std::invalid_argument ("UploadStore::add: track " + trackId + ": " + std::to_string (bytes)
                                         + " bytes is negative");

        const auto step = [&] (Database& connection)
        {
            // Added here rather than in SQL: SQLite turns an integer sum that overflows into a
            // floating-point number instead of failing.
            auto read = connection.prepare ("SELECT bytes FROM uploaded_bytes WHERE friend_key = ?1 AND track_id = ?2");
            const auto before = read.bindBlob (1, bytesOf (friendKey)).bindText (2, trackId).step() ? read.columnInt64 (0) : 0;

            if (bytes > std::numeric_limits<std::int64_t>::max() - before)
                throw std::invalid_argument ("UploadStore::add: track " + trackId + ": adding " + std::to_string (bytes)
                                             + " bytes to " + std::to_string (before) + " would overflow the count");

            auto write = connection.prepare ("INSERT INTO uploaded_bytes (friend_key, track_id, bytes) VALUES (?1, ?2, ?3) "
                                             "ON CONFLICT (friend_key, track_id) DO UPDATE SET bytes = excluded.bytes");
            write.bindBlob (1, bytesOf (friendKey)).bindText (2, trackId).bindInt64 (3, before + bytes).run();
        };

        database.transaction (step);
    }

    std::int64_t UploadStore::uploadedTo (const PublicKey& friendKey) const
    {
        const auto step = [&] (Database& connection)
        {
            auto statement = connection.prepare ("SELECT coalesce (sum (bytes), 0) FROM uploaded_bytes WHERE friend_key = ?1");
            return statement.bindBlob (1, bytesOf (friendKey)).step() ? statement.columnInt64 (0) : 0;
        };

        return database.run (step);
    }
} // namespace earshot
