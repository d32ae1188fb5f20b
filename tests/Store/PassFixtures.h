#pragma once

#include "Store/PassData.h"
#include "TemporaryDirectory.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

namespace earshot::test
{
    /** What the suites of the pass stores (FriendStoreTest, OutboxStoreTest, ...) share: records
    made from a seed, and plain SQLite access as another program would have it. */

    using Friend = FriendStore::Friend;
    using MessageKind = OutboxStore::MessageKind;
    using DeliveryState = OutboxStore::DeliveryState;

    inline constexpr std::int64_t t0 = 1732233600000; // 2024-11-22, an ordinary "now"

    /** A distinct key for each seed, with a NUL and a high byte so blobs are tested too. */
    inline PublicKey keyFor (int seed)
    {
        PublicKey key {};

        for (std::size_t i = 0; i < key.size(); ++i)
            key[i] = static_cast<std::uint8_t> (seed * 31 + static_cast<int> (i) * 7);

        key[0] = static_cast<std::uint8_t> (seed);
        key[1] = 0;
        key[2] = 0xff;
        return key;
    }

    inline std::string trackIdFor (int seed)
    {
        char tail[9];
        std::snprintf (tail, sizeof (tail), "%08x", static_cast<unsigned> (seed));
        return "feedface00000000000000000000000a" + std::string (tail);
    }

    inline Friend makeFriend (int seed, const std::string& name)
    {
        return { keyFor (seed), name, "friend" + std::to_string (seed) + ".example", static_cast<std::uint16_t> (7000 + seed), t0 + seed };
    }

    inline OutboxStore::OutgoingMessage makeMessage (const std::string& id, int recipientSeed, std::int64_t createdAtMs, MessageKind kind = MessageKind::pass)
    {
        // Envelopes are signed binary: NULs and high bytes must come back as they went in.
        return { id, keyFor (recipientSeed), kind, std::string ("env\0\xff", 5) + id, createdAtMs };
    }

    inline InboxStore::IncomingPass makePass (const std::string& id, int senderSeed, int trackSeed, std::int64_t receivedAtMs)
    {
        return { id, keyFor (senderSeed), trackIdFor (trackSeed), std::string ("pass\0\x80", 6) + id, "listen to this — " + id, receivedAtMs };
    }

    inline PointsLedger::Credit makeCredit (const std::string& source, std::int64_t points, std::int64_t atMs = t0)
    {
        return { atMs, points, "pass landed", "pass-for-" + source, keyFor (1), source };
    }

    inline std::vector<std::string> idsOf (const std::vector<OutboxStore::OutboxMessage>& messages)
    {
        std::vector<std::string> ids;

        for (const auto& message : messages)
            ids.push_back (message.message.messageId);

        return ids;
    }

    inline std::vector<std::string> idsOf (const std::vector<InboxStore::InboxPass>& passes)
    {
        std::vector<std::string> ids;

        for (const auto& pass : passes)
            ids.push_back (pass.pass.messageId);

        return ids;
    }

    inline std::int64_t sumOf (const std::vector<PointsLedger::LedgerEntry>& entries)
    {
        return std::accumulate (entries.begin(), entries.end(), std::int64_t { 0 }, [] (std::int64_t sum, const auto& entry)
                                { return sum + entry.credit.points; });
    }

    /** Runs SQL on a plain SQLite connection, as another program (the sqlite3 shell, a careless
    tool) would; returns SQLite's error message, or "" when it succeeded. */
    inline std::string runRaw (const std::filesystem::path& file, const std::string& sql)
    {
        sqlite3* connection = nullptr;

        if (sqlite3_open (file.c_str(), &connection) != SQLITE_OK)
        {
            sqlite3_close (connection);
            return "cannot open";
        }

        sqlite3_busy_timeout (connection, 5000);
        char* message = nullptr;
        const auto resultCode = sqlite3_exec (connection, sql.c_str(), nullptr, nullptr, &message);
        std::string error = resultCode == SQLITE_OK ? "" : (message != nullptr ? message : "error");
        sqlite3_free (message);
        sqlite3_close (connection);
        return error;
    }

    /** The first column of the first row, read with a plain connection (a Database would migrate
    the file first); -1 when there is no row or the SQL fails. */
    inline std::int64_t queryRaw (const std::filesystem::path& file, const std::string& sql)
    {
        sqlite3* connection = nullptr;
        sqlite3_stmt* statement = nullptr;
        std::int64_t value = -1;

        if (sqlite3_open (file.c_str(), &connection) == SQLITE_OK
            && sqlite3_prepare_v2 (connection, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK
            && sqlite3_step (statement) == SQLITE_ROW)
            value = sqlite3_column_int64 (statement, 0);

        sqlite3_finalize (statement);
        sqlite3_close (connection);
        return value;
    }

    /** A fresh folder with the file the stores open (made on first use). */
    class PassFileTest : public ::testing::Test
    {
    protected:
        TemporaryDirectory folder;
        std::filesystem::path file = folder.file ("passes.sqlite");
    };
} // namespace earshot::test
