#pragma once

#include "Statement.h"
#include "StoreError.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

struct sqlite3;

namespace earshot
{
    /** One connection to earshotd's SQLite file, with the file's schema brought up to date.

    Opening sets the pragmas the daemon relies on: WAL (readers never wait for the writer,
    and another process such as a backup can read while the daemon writes), synchronous=NORMAL
    (durable at every checkpoint; a power cut may lose the last transactions but never corrupts
    the file), foreign keys on, and a busy timeout so that a second process's write waits
    instead of failing at once. The schema is migrated by PRAGMA user_version; every table of
    the file is created here, so any store that opens the file sees the whole schema.

    A file that is not an Earshot database (garbage bytes, another program's SQLite file, or
    one written by a newer earshotd) is refused with a StoreError and left untouched.

    Threading: not thread-safe. Use a Database and its Statements from one thread at a time
    (a store that is shared between threads guards its Database with a mutex). Several
    Database objects, in this process or others, may open the same file at once. */
    class Database final
    {
    public:
        /** The schema version this build writes; PRAGMA user_version holds the file's. */
        static constexpr int currentSchemaVersion = 12;

        /** Stored in PRAGMA application_id so that another program's SQLite file is recognised. */
        static constexpr int applicationId = 0x45617273; // "Ears"

        /** What a file holds: another Earshot program (the discovery hub) keeps its own tables in
        its own file, with the same pragmas, transactions and migration rules as earshotd's. */
        struct Schema
        {
            /** PRAGMA application_id of the program's files. */
            int applicationId = 0;
            /** migrations[n] takes a file from schema version n to n + 1; static storage. */
            std::span<const char* const> migrations;
            /** The program that writes the files, as messages name it ("earshotd"); static storage. */
            std::string_view program;
            /** What a fresh file starts as, as messages name it ("library"); static storage. */
            std::string_view contents;
        };

        /** earshotd's own schema: the library and the daemon's state. */
        [[nodiscard]] static const Schema& daemonSchema() noexcept;

        /** Opens file, creating it if missing (its folder must exist), and migrates its schema.
        busyTimeout bounds how long a statement waits for another connection's write lock.
        Throws StoreError. */
        explicit Database (std::filesystem::path file,
                           std::chrono::milliseconds busyTimeout = std::chrono::seconds (5));

        /** Opens file as above, with another program's schema. Throws StoreError. */
        Database (std::filesystem::path file, const Schema& fileSchema, std::chrono::milliseconds busyTimeout = std::chrono::seconds (5));
        ~Database();

        /** Statements keep a pointer to their Database, so it stays where it was made. */
        Database (const Database&) = delete;
        Database& operator= (const Database&) = delete;
        Database (Database&&) = delete;
        Database& operator= (Database&&) = delete;

        /** Compiles one SQL statement. Throws StoreError. */
        [[nodiscard]] Statement prepare (std::string_view sql);

        /** Runs SQL that returns no rows (it may hold several statements). Throws StoreError. */
        void execute (const std::string& sql);

        /** Runs fn inside a write transaction and returns what it returns: committed when fn
        returns, rolled back (and the exception rethrown) when fn or the commit throws. Nested
        calls become savepoints, so a nested failure undoes only its own part.
        The outermost level takes the write lock up front (BEGIN IMMEDIATE), so a
        transaction that reads before it writes cannot deadlock with another process. */
        template <typename Fn>
        auto transaction (Fn&& fn)
        {
            const auto level = beginTransaction();

            try
            {
                if constexpr (std::is_void_v<std::invoke_result_t<Fn&>>)
                {
                    fn();
                    commitTransaction (level);
                }
                else
                {
                    auto result = fn();
                    commitTransaction (level);
                    return result;
                }
            }
            catch (...)
            {
                rollbackTransaction (level);
                throw;
            }
        }

        /** Gives the file's free pages back to the file system when they add up to at least
        minimumFreeBytes: deleting rows leaves the file at its peak size, its pages free for
        SQLite's reuse but not the disk's. Rewrites the file (VACUUM, then a checkpoint that
        truncates the WAL), which takes time in proportion to its size; call it rarely, outside
        any transaction. Returns the bytes freed (0: nothing done). Throws StoreError, for example
        when another connection holds a read transaction open. */
        std::int64_t reclaimSpace (std::int64_t minimumFreeBytes);

        /** The file this connection opened. */
        [[nodiscard]] const std::filesystem::path& file() const noexcept { return path; }

        /** Number of rows the last INSERT, UPDATE or DELETE changed. */
        [[nodiscard]] int changes() const noexcept;

        /** The rowid of the row the last INSERT added. */
        [[nodiscard]] std::int64_t lastInsertRowId() const noexcept;

        /** A StoreError naming the file, what was being done, and SQLite's latest message. */
        [[nodiscard]] StoreError error (std::string_view whileDoing) const;

    private:
        friend class Statement;

        void configure (std::chrono::milliseconds busyTimeout);
        void migrate();
        [[nodiscard]] int queryInt (const std::string& pragmaSql);

        [[nodiscard]] int beginTransaction();
        void commitTransaction (int level);
        void rollbackTransaction (int level) noexcept;

        std::filesystem::path path;
        Schema schema;
        sqlite3* connection = nullptr;
        int transactionDepth = 0;
    };
} // namespace earshot
