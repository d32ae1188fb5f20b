#include "Store/Database.h"

#include "TemporaryDirectory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <stdexcept>

namespace earshot
{
    namespace
    {
        using ::testing::HasSubstr;

        class DatabaseTest : public ::testing::Test
        {
        protected:
            test::TemporaryDirectory folder;
            std::filesystem::path file = folder.file ("earshot.sqlite");
        };

        std::string queryText (Database& database, std::string_view sql)
        {
            auto statement = database.prepare (sql);
            return statement.step() ? statement.columnText (0) : std::string ("<no row>");
        }

        std::int64_t queryInt64 (Database& database, std::string_view sql)
        {
            auto statement = database.prepare (sql);
            return statement.step() ? statement.columnInt64 (0) : -1;
        }

        /** A plain SQLite connection with none of Database's set-up, to make files the way
        another program would. */
        void runRaw (const std::filesystem::path& file, const char* sql)
        {
            sqlite3* connection = nullptr;
            ASSERT_EQ (sqlite3_open (file.c_str(), &connection), SQLITE_OK);
            ASSERT_EQ (sqlite3_exec (connection, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg (connection);
            sqlite3_close (connection);
        }

        /** Opens file and returns the StoreError's message, or "" when it opened. */
        std::string openingError (const std::filesystem::path& file)
        {
            try
            {
                Database database (file);
                return {};
            }
            catch (const StoreError& e)
            {
                return e.what();
            }
        }
    } // namespace

    TEST_F (DatabaseTest, ANewFileIsInWalModeWithForeignKeysAndTheCurrentSchema)
    {
        Database database (file);

        EXPECT_EQ (queryText (database, "PRAGMA journal_mode"), "wal");
        EXPECT_EQ (queryInt64 (database, "PRAGMA foreign_keys"), 1);
        EXPECT_EQ (queryInt64 (database, "PRAGMA synchronous"), 1) << "1 is NORMAL";
        EXPECT_EQ (queryInt64 (database, "PRAGMA user_version"), Database::currentSchemaVersion);
        EXPECT_EQ (queryInt64 (database, "PRAGMA application_id"), Database::applicationId);
        EXPECT_EQ (queryInt64 (database, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('tracks', 'torrent_resume_data', 'meta')"), 3);
        EXPECT_TRUE (std::filesystem::exists (file));
    }

    TEST_F (DatabaseTest, WalModeIsRecordedInTheFileForOtherPrograms)
    {
        {
            Database database (file);
        }

        // WAL is persistent: a plain connection (a backup tool, the sqlite3 shell) finds it set.
        sqlite3* connection = nullptr;
        ASSERT_EQ (sqlite3_open (file.c_str(), &connection), SQLITE_OK);
        sqlite3_stmt* statement = nullptr;
        ASSERT_EQ (sqlite3_prepare_v2 (connection, "PRAGMA journal_mode", -1, &statement, nullptr), SQLITE_OK);
        ASSERT_EQ (sqlite3_step (statement), SQLITE_ROW);
        EXPECT_STREQ (reinterpret_cast<const char*> (sqlite3_column_text (statement, 0)), "wal");
        sqlite3_finalize (statement);
        sqlite3_close (connection);
    }

    TEST_F (DatabaseTest, ReopeningKeepsDataAndDoesNotMigrateAgain)
    {
        {
            Database database (file);
            database.execute ("INSERT INTO meta (key, value) VALUES ('k', 'v')");
        }

        Database database (file);
        EXPECT_EQ (queryText (database, "SELECT value FROM meta WHERE key = 'k'"), "v");
    }

    TEST_F (DatabaseTest, AGarbageFileIsRefusedAndLeftUntouched)
    {
        for (const auto& garbage : { std::string ("hello"), std::string (100, '\0') + "x", std::string (8192, '\xa5') })
        {
            test::writeWholeFile (file, garbage);

            const auto message = openingError (file);

            EXPECT_THAT (message, HasSubstr (file.string()));
            EXPECT_THAT (message, HasSubstr ("file is not a database")) << "SQLite's own message";
            EXPECT_THAT (message, HasSubstr ("move it aside")) << "what the user can do";
            EXPECT_EQ (test::readWholeFile (file), garbage);
            EXPECT_FALSE (std::filesystem::exists (file.string() + "-wal"));
        }
    }

    TEST_F (DatabaseTest, AnotherProgramsSqliteDatabaseIsRefusedAndLeftUntouched)
    {
        runRaw (file, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('bread');");
        const auto before = test::readWholeFile (file);

        EXPECT_THAT (openingError (file), HasSubstr ("another program"));
        EXPECT_EQ (test::readWholeFile (file), before);

        runRaw (file, "PRAGMA application_id = 1234");
        EXPECT_THAT (openingError (file), HasSubstr ("another program"));
    }

    TEST_F (DatabaseTest, AFileFromANewerEarshotdIsRefused)
    {
        {
            Database database (file);
            database.execute ("PRAGMA user_version = " + std::to_string (Database::currentSchemaVersion + 1));
        }

        const auto message = openingError (file);

        EXPECT_THAT (message, HasSubstr ("newer earshotd"));
        EXPECT_THAT (message, HasSubstr (file.string()));
    }

    TEST_F (DatabaseTest, AMissingFolderGivesAnErrorNamingThePath)
    {
        const auto missing = folder.file ("no-such-folder") / "earshot.sqlite";
        const auto message = openingError (missing);

        EXPECT_THAT (message, HasSubstr (missing.string()));
        EXPECT_THAT (message, HasSubstr ("unable to open"));
    }

    TEST_F (DatabaseTest, SqlErrorsNameTheFileAndCarrySqlitesMessage)
    {
        Database database (file);

        try
        {
            auto statement = database.prepare ("SELECT * FROM no_such_table");
            FAIL() << "expected a StoreError";
        }
        catch (const StoreError& e)
        {
            EXPECT_THAT (e.what(), HasSubstr (file.string()));
            EXPECT_THAT (e.what(), HasSubstr ("no such table: no_such_table"));
        }

        EXPECT_THROW (database.execute ("INSERT INTO meta (key) VALUES ('no value')"), StoreError);
        EXPECT_THROW ((void) database.prepare ("SELECT 1; SELECT 2"), StoreError) << "the second statement would be lost";
    }

    TEST_F (DatabaseTest, ForeignKeysAreEnforced)
    {
        Database database (file);

        EXPECT_THROW (database.execute ("INSERT INTO resume_data (track_id, data, updated_at_ms) VALUES ('nothing', x'00', 0)"),
                      StoreError);
    }

    TEST_F (DatabaseTest, StatementsBindAndReadBlobsWithNulBytes)
    {
        Database database (file);
        const std::string bytes ("\0a\0\xff\0", 5);

        auto insert = database.prepare ("INSERT INTO meta (key, value) VALUES (?1, ?2)");
        insert.bindText (1, "blob").bindBlob (2, bytes).run();

        auto select = database.prepare ("SELECT value, typeof (value) FROM meta WHERE key = ?1");
        ASSERT_TRUE (select.bindText (1, "blob").step());
        EXPECT_EQ (select.columnBlob (0), bytes);
        EXPECT_EQ (select.columnText (1), "blob");
        EXPECT_FALSE (select.step());
    }

    TEST_F (DatabaseTest, TransactionCommitsWhenTheFunctionReturns)
    {
        Database database (file);

        const auto insertAndAnswer = [&]
        {
            database.execute ("INSERT INTO meta (key, value) VALUES ('a', '1')");
            return 42;
        };

        const auto result = database.transaction (insertAndAnswer);

        EXPECT_EQ (result, 42);
        EXPECT_EQ (queryText (database, "SELECT value FROM meta WHERE key = 'a'"), "1");
    }

    TEST_F (DatabaseTest, TransactionRollsBackAndRethrowsWhenTheFunctionThrows)
    {
        Database database (file);

        const auto insertThenThrow = [&]
        {
            database.execute ("INSERT INTO meta (key, value) VALUES ('a', '1')");
            throw std::runtime_error ("changed my mind");
        };

        EXPECT_THROW (database.transaction (insertThenThrow), std::runtime_error);

        EXPECT_EQ (queryInt64 (database, "SELECT count(*) FROM meta"), 0);

        // The connection is usable again afterwards.
        const auto insert = [&]
        { database.execute ("INSERT INTO meta (key, value) VALUES ('b', '2')"); };
        database.transaction (insert);
        EXPECT_EQ (queryInt64 (database, "SELECT count(*) FROM meta"), 1);
    }

    TEST_F (DatabaseTest, AFailedNestedTransactionUndoesOnlyItsOwnPart)
    {
        Database database (file);

        const auto failingInner = [&]
        {
            database.execute ("INSERT INTO meta (key, value) VALUES ('inner', '1')");
            database.execute ("INSERT INTO meta (key, value) VALUES ('outer', 'duplicate')");
        };

        const auto succeedingInner = [&]
        { database.execute ("INSERT INTO meta (key, value) VALUES ('inner2', '1')"); };

        const auto outer = [&]
        {
            database.execute ("INSERT INTO meta (key, value) VALUES ('outer', '1')");
            EXPECT_THROW (database.transaction (failingInner), StoreError);
            database.transaction (succeedingInner);
        };

        database.transaction (outer);

        EXPECT_EQ (queryInt64 (database, "SELECT count(*) FROM meta WHERE key IN ('outer', 'inner2')"), 2);
        EXPECT_EQ (queryInt64 (database, "SELECT count(*) FROM meta WHERE key = 'inner'"), 0);
    }

    TEST_F (DatabaseTest, AReaderKeepsItsSnapshotWhileAnotherConnectionCommits)
    {
        // What WAL buys: with a rollback journal the writer's commit would wait for the reader
        // and fail after its busy timeout.
        Database reader (file);
        Database writer (file, std::chrono::milliseconds (200));
        writer.execute ("INSERT INTO meta (key, value) VALUES ('before', '1')");

        reader.execute ("BEGIN");
        EXPECT_EQ (queryInt64 (reader, "SELECT count(*) FROM meta"), 1);

        const auto write = [&]
        { writer.execute ("INSERT INTO meta (key, value) VALUES ('during', '1')"); };
        EXPECT_NO_THROW (writer.transaction (write));

        EXPECT_EQ (queryInt64 (reader, "SELECT count(*) FROM meta"), 1) << "the reader's snapshot";
        reader.execute ("COMMIT");
        EXPECT_EQ (queryInt64 (reader, "SELECT count(*) FROM meta"), 2);
    }

    TEST_F (DatabaseTest, ASecondWriterWaitsForTheBusyTimeoutThenFailsClearly)
    {
        Database first (file);
        Database second (file, std::chrono::milliseconds (50));

        const auto secondWrite = [&]
        { second.execute ("INSERT INTO meta (key, value) VALUES ('second', '1')"); };

        const auto firstWriteHoldingTheLock = [&]
        {
            first.execute ("INSERT INTO meta (key, value) VALUES ('first', '1')");

            try
            {
                second.transaction (secondWrite);
                ADD_FAILURE() << "expected a StoreError";
            }
            catch (const StoreError& e)
            {
                EXPECT_THAT (e.what(), HasSubstr ("database is locked"));
            }
        };

        first.transaction (firstWriteHoldingTheLock);

        EXPECT_EQ (queryInt64 (second, "SELECT count(*) FROM meta"), 1);
    }
} // namespace earshot
