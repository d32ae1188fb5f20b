// A newer earshotd installed over an older one: the library files earshotd 0.1.0 really wrote
// (tests/Store/fixtures/release-0.1.0, made by make-release-0.1.0.sh) are copied into a data folder
// and the current earshotd is started on it. It migrates each file to the current schema version,
// and the library, friends, inbox, outbox and points ledger come back through the API exactly as the
// old release stored them (read straight from the fixture's tables).

#include "Core/Hex.h"
#include "Store/Database.h"
#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    const std::filesystem::path fixtures = std::filesystem::path (EARSHOT_SOURCE_DIR) / "tests" / "Store" / "fixtures" / "release-0.1.0";

    /** The rows of a query on a library file, each row's columns as text (blobs as lower-case hex,
        NULL as "null") joined with '|'. An immutable file is read as it is, leaving nothing beside
        it (the fixtures in the source tree). */
    std::vector<std::string> rowsOf (const std::filesystem::path& file, const std::string& sql, bool immutable = true)
    {
        sqlite3* connection = nullptr;
        const auto uri = "file:" + file.string() + (immutable ? "?immutable=1" : "");
        if (sqlite3_open_v2 (uri.c_str(), &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) != SQLITE_OK)
        {
            const std::string reason = sqlite3_errmsg (connection);
            sqlite3_close (connection);
            throw std::runtime_error ("cannot open " + file.string() + ": " + reason);
        }
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2 (connection, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
        {
            const std::string reason = sqlite3_errmsg (connection);
            sqlite3_close (connection);
            throw std::runtime_error ("cannot read " + file.string() + ": " + reason);
        }
        std::vector<std::string> rows;
        while (sqlite3_step (statement) == SQLITE_ROW)
        {
            std::string row;
            for (int column = 0; column < sqlite3_column_count (statement); ++column)
            {
                if (column > 0)
                    row += '|';
                switch (sqlite3_column_type (statement, column))
                {
                    case SQLITE_NULL:
                        row += "null";
                        break;
                    case SQLITE_BLOB:
                        row += toHex (std::string_view (static_cast<const char*> (sqlite3_column_blob (statement, column)), static_cast<std::size_t> (sqlite3_column_bytes (statement, column))));
                        break;
                    default:
                        row += reinterpret_cast<const char*> (sqlite3_column_text (statement, column));
                        break;
                }
            }
            rows.push_back (row);
        }
        sqlite3_finalize (statement);
        sqlite3_close (connection);
        return rows;
    }

    std::string joined (std::initializer_list<std::string> values)
    {
        std::string row;
        for (const auto& value : values)
            row += (row.empty() ? "" : "|") + value;
        return row;
    }

    std::vector<std::string> sorted (std::vector<std::string> rows)
    {
        std::sort (rows.begin(), rows.end());
        return rows;
    }

    /** What a user of 0.1.0 had, as 0.1.0 stored it. */
    struct Stored
    {
        std::vector<std::string> tracks, friends, inbox, outbox, points;
    };

    Stored storedIn (const std::filesystem::path& file)
    {
        Stored stored;
        stored.tracks = sorted (rowsOf (file, "SELECT track_id, info_hash, file_name, file_size, title, artist, album, duration_ms, sample_rate, channels, published FROM tracks"));
        stored.friends = sorted (rowsOf (file, "SELECT name, public_key, host, port, added_at_ms FROM friends"));
        stored.inbox = sorted (rowsOf (file, "SELECT inbox.message_id, friends.name, tracks.title, inbox.note, inbox.received_at_ms, inbox.is_read, inbox.listened_ms "
                                             "FROM inbox JOIN friends ON friends.public_key = inbox.sender_key JOIN tracks ON tracks.track_id = inbox.track_id"));
        stored.outbox = sorted (rowsOf (file, "SELECT outbox.message_id, friends.name, outbox.kind, outbox.attempts, outbox.created_at_ms, outbox.delivered_at_ms "
                                              "FROM outbox JOIN friends ON friends.public_key = outbox.recipient_key"));
        stored.points = rowsOf (file, "SELECT points_ledger.at_ms, points_ledger.points, points_ledger.reason, points_ledger.pass_id, friends.name "
                                      "FROM points_ledger JOIN friends ON friends.public_key = points_ledger.friend_key ORDER BY entry_id");
        return stored;
    }

    /** What the running daemon gives back, in the same shape. */
    Stored answeredBy (DaemonClient& client)
    {
        Stored answered;
        for (const auto& track : client.listTracks())
        {
            const auto& metadata = track.manifest.metadata;
            answered.tracks.push_back (joined ({ track.id, track.manifest.infoHashHex, track.manifest.fileName, std::to_string (track.manifest.fileSize), metadata.title, metadata.artist, metadata.album, std::to_string (metadata.durationMs), std::to_string (metadata.sampleRate), std::to_string (metadata.channels), track.published ? "1" : "0" }));
        }
        for (const auto& person : client.listFriends())
            answered.friends.push_back (joined ({ person.name, person.publicKeyHex, person.host, std::to_string (person.port), std::to_string (person.addedAtMs) }));
        for (const auto& pass : client.listInbox().first)
            answered.inbox.push_back (joined ({ pass.passId, pass.from, pass.manifest.metadata.title, pass.note, std::to_string (pass.receivedAtMs), pass.read ? "1" : "0", std::to_string (pass.listenedMs) }));
        for (const auto& message : client.listOutbox())
            answered.outbox.push_back (joined ({ message.messageId, message.to, message.kind, std::to_string (message.attempts), std::to_string (message.createdAtMs), message.state == "delivered" ? std::to_string (message.deliveredAtMs) : "null" }));
        const auto [balance, ledger] = client.points();
        std::int64_t sum = 0;
        for (const auto& entry : ledger)
        {
            answered.points.push_back (joined ({ std::to_string (entry.atMs), std::to_string (entry.points), entry.reason, entry.passId, entry.from }));
            sum += entry.points;
        }
        EXPECT_EQ (balance, sum) << "the balance is the sum of the ledger";
        answered.tracks = sorted (answered.tracks);
        answered.friends = sorted (answered.friends);
        answered.inbox = sorted (answered.inbox);
        answered.outbox = sorted (answered.outbox);
        return answered;
    }
} // namespace

TEST (ReleaseUpgrade, TheCurrentDaemonMigratesWhatRelease010WroteAndGivesAllOfItBack)
{
    TemporaryDirectory root ("earshot-upgrade");
    for (const auto* who : { "ana", "ben" })
    {
        SCOPED_TRACE (who);
        const auto fixture = fixtures / who / "library.sqlite3";
        ASSERT_TRUE (std::filesystem::exists (fixture)) << fixture << " is missing: tests/Store/fixtures/make-release-0.1.0.sh writes it";
        const auto stored = storedIn (fixture);
        // Both keep a library, a friend and a delivered message; Ana earned points, Ben holds the pass.
        ASSERT_FALSE (stored.tracks.empty());
        ASSERT_FALSE (stored.friends.empty());
        ASSERT_FALSE (stored.outbox.empty());
        ASSERT_FALSE ((std::string (who) == "ana" ? stored.points : stored.inbox).empty());

        const auto dataDir = root.path() / who;
        std::filesystem::create_directories (dataDir);
        std::filesystem::copy_file (fixture, dataDir / "library.sqlite3");

        DaemonProcess daemon (dataDir);
        daemon.start();
        const auto answered = answeredBy (daemon.client());
        EXPECT_EQ (answered.tracks, stored.tracks);
        EXPECT_EQ (answered.friends, stored.friends);
        EXPECT_EQ (answered.inbox, stored.inbox);
        EXPECT_EQ (answered.outbox, stored.outbox);
        EXPECT_EQ (answered.points, stored.points);
        EXPECT_EQ (daemon.stop(), 0) << daemon.log();

        EXPECT_EQ (rowsOf (dataDir / "library.sqlite3", "PRAGMA user_version", false), (std::vector<std::string> { std::to_string (Database::currentSchemaVersion) }));
    }
}
