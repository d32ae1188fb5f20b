#pragma once

#include "SqlHubStore.h"

#include <string>

namespace earshot
{
    /** The hub's store in a PostgreSQL 15 database, for a hub that outgrows one file or shares its
        database with other services. */
    class PostgresHubStore final : public SqlHubStore
    {
    public:
        /** Connects to location (a postgresql:// URI or a libpq connection string) and brings the
            database's schema up to date. Throws Error (unavailable when the server cannot
            be reached). */
        explicit PostgresHubStore (const std::string& location);
    };
} // namespace earshot
