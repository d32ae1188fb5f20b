#include "SqliteHubStore.h"

#include "SqliteConnection.h"

namespace earshot
{
    SqliteHubStore::SqliteHubStore (const std::filesystem::path& file)
        : SqlHubStore (std::make_unique<SqliteConnection> (file))
    {
    }
} // namespace earshot
