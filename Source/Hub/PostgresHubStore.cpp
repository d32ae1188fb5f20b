#include "PostgresHubStore.h"

#include "PostgresConnection.h"

namespace earshot
{
    PostgresHubStore::PostgresHubStore (const std::string& location)
        : SqlHubStore (std::make_unique<PostgresConnection> (location))
    {
    }
} // namespace earshot
