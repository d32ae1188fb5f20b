#pragma once

#include "SqlHubStore.h"

#include <filesystem>

namespace earshot
{
    /** The hub's store in one SQLite file: the embedded default, for a hub on one machine. */
    class SqliteHubStore final : public SqlHubStore
    {
    public:
        /** Opens file, creating it (its folder must exist) and bringing its schema up to date.
            Throws Error. */
        explicit SqliteHubStore (const std::filesystem::path& file);
    };
} // namespace earshot
