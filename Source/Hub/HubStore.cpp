#include "HubStore.h"

#include "PostgresHubStore.h"
#include "SqliteHubStore.h"

namespace earshot
{
    bool isPostgresLocation (const std::string& location)
    {
        return location.rfind ("postgresql://", 0) == 0 || location.rfind ("postgres://", 0) == 0
               || location.find ('=') != std::string::npos;
    }

    std::unique_ptr<HubStore> openHubStore (const std::string& location)
    {
        if (location.empty())
            throw Error (ErrorCode::invalidArgument,
                         "the hub store's location is empty; give a SQLite file's path or a postgresql:// URI");

        if (isPostgresLocation (location))
            return std::make_unique<PostgresHubStore> (location);

        return std::make_unique<SqliteHubStore> (location);
    }
} // namespace earshot
