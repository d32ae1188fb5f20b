#pragma once

#include "Database.h"

#include <filesystem>
#include <mutex>

namespace earshot
{
    /** One Database that several stores share (FriendStore, OutboxStore, InboxStore, PointsLedger,
    UploadStore), with the mutex that serialises their calls, and a way to run several stores'
    steps as one transaction.

    Each store runs every method through transaction() or run(). A step that spans stores (remove
    a friend and what is queued for them; enqueue only for a friend who is still there) runs the
    stores' methods inside one outer transaction(): their own transactions become savepoints of
    it, so the whole either commits or leaves nothing behind, and no other thread of this process
    (the mutex is held throughout) or other process (the write lock is taken up front) sees it
    half done.

    Threading: safe to call from any thread. The mutex is recursive so that a store's method may
    be called from inside another transaction() on the same thread. */
    class SharedDatabase final
    {
    public:
        /** Opens or creates the Earshot database at file (its folder must exist), which may be the
        library's own file. Throws StoreError. */
        explicit SharedDatabase (const std::filesystem::path& file)
            : database (file)
        {
        }

        /** Runs fn (Database&) holding the mutex, inside one write transaction (a savepoint when
        called inside another), and returns what it returns. Committed when fn returns, rolled
        back when it throws, and the exception rethrown. */
        template <typename Fn>
        auto transaction (Fn&& fn)
        {
            const std::scoped_lock lock (mutex);
            return database.transaction ([this, &fn]
                                         { return fn (database); });
        }

        /** Runs fn (Database&) holding the mutex but opening no transaction of its own: for one statement,
        which SQLite makes atomic by itself, or reads that need no snapshot across statements. */
        template <typename Fn>
        auto run (Fn&& fn) const
        {
            const std::scoped_lock lock (mutex);
            return fn (database);
        }

        /** Database::reclaimSpace, holding the mutex (so no store's transaction is open). */
        std::int64_t reclaimSpace (std::int64_t minimumFreeBytes)
        {
            const std::scoped_lock lock (mutex);
            return database.reclaimSpace (minimumFreeBytes);
        }

        /** The file this database opened. */
        [[nodiscard]] const std::filesystem::path& file() const noexcept { return database.file(); }

    private:
        mutable std::recursive_mutex mutex;
        /** mutable: reading runs statements too; the mutex makes the const run() safe. */
        mutable Database database;
    };
} // namespace earshot
