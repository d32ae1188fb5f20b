#pragma once

#include "SharedDatabase.h"

#include "Core/PublicKey.h"

#include <cstdint>
#include <string>

namespace earshot
{
    /** How many bytes this daemon uploaded to each friend, per track (the uploaded_bytes table of
    an Earshot database): the seeding credit a friend has earned.

    Every method is one atomic step (one transaction). Methods throw std::invalid_argument naming
    the argument when it is malformed (nothing has changed then), and StoreError when SQLite fails.

    Threading: safe to call from any thread; every call holds the SharedDatabase's mutex. Other
    processes may open the same file at once: add() takes the write lock before it reads, so no
    update is lost between them. */
    class UploadStore final
    {
    public:
        /** database must outlive this. */
        explicit UploadStore (SharedDatabase& database) noexcept;

        /** Adds bytes to what this daemon has uploaded to the friend for the track. Throws
        std::invalid_argument when bytes is negative, the track id is not 40 lower-case hex
        digits, or the total would no longer fit in 63 bits. */
        void add (const PublicKey& friendKey, const std::string& trackId, std::int64_t bytes);

        /** The bytes uploaded to the friend over every track; 0 for none. */
        [[nodiscard]] std::int64_t uploadedTo (const PublicKey& friendKey) const;

    private:
        SharedDatabase& database;
    };
} // namespace earshot
