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
    when it is opened.

    What every pass store guarantees: times are milliseconds since the Unix epoch and are always
    passed in (between 1970 and the end of year 9999); every method is one atomic step (one
    transaction); methods throw std::invalid_argument naming the argument when it is malformed
    (nothing has changed then), and StoreError when SQLite fails. Threading: safe to call from any
    thread; every call holds the SharedDatabase's mutex. Other processes may open the same file at
    once (SQLite's WAL mode and busy timeout arbitrate). */
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
