#pragma once

#include "FriendStore.h"
#include "InboxStore.h"
#include "OutboxStore.h"
#include "PointsLedger.h"
#include "SharedDatabase.h"
#include "UploadStore.h"

#include <filesystem>

namespace earshot
{
    /** What the "pass along" feature keeps on disk, as the daemon opens it: its stores over one
    SharedDatabase. It holds them and nothing else; each store documents its own guarantees, and a
    step that spans stores runs inside database.transaction().

    The tables live in an Earshot database file (Database's schema), so the stores may share the
    library's file or have one of their own. A file written before passes existed gains the tables
    when it is opened. Threading: as each store's. */
    struct PassData final
    {
        /** Opens or creates the Earshot database at file (its folder must exist), which may be the
        library's own file. Throws StoreError. */
        explicit PassData (const std::filesystem::path& file)
            : database (file)
        {
        }

        PassData (const PassData&) = delete;
        PassData& operator= (const PassData&) = delete;

        SharedDatabase database;
        FriendStore friends { database };
        OutboxStore outbox { database, friends };
        InboxStore inbox { database };
        PointsLedger points { database };
        UploadStore uploads { database };
    };
} // namespace earshot
