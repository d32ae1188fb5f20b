// A daemon with hundreds of tracks, against a real earshotd and its real SQLite file: every
// published track's resume data is stored while the daemon runs (without being asked for every
// round), and a daemon restarted on the folder, after a clean stop or a crash, lists every track
// once with its trackers and seeds every one of them, each streaming its own file's bytes.

#include "Support/DaemonProcess.h"
#include "Support/SyntheticWav.h"

#include <gmock/gmock.h>
#include <sqlite3.h>

#include <cmath>
#include <map>
#include <numbers>
#include <set>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    constexpr int trackCount = 300;
    const std::vector<std::string> someTrackers { "http://127.0.0.1:1/announce", "udp://127.0.0.1:2/announce" };

    /** A number from a query on the daemon's library file, read while the daemon runs. */
    long long countIn (const std::filesystem::path& file, const std::string& sql)
    {
        sqlite3* connection = nullptr;
        if (sqlite3_open_v2 (file.c_str(), &connection, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        {
            sqlite3_close (connection);
            throw std::runtime_error ("cannot open " + file.string());
        }
        sqlite3_busy_timeout (connection, 5000);
        sqlite3_stmt* statement = nullptr;
        long long count = -1;
        if (sqlite3_prepare_v2 (connection, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK && sqlite3_step (statement) == SQLITE_ROW)
            count = sqlite3_column_int64 (statement, 0);
        sqlite3_finalize (statement);
        sqlite3_close (connection);
        return count;
    }

    class LibraryScaleTest : public ::testing::Test
    {
    protected:
        void SetUp() override
        {
            std::filesystem::create_directories (audio);
            daemon.start();
            // In batches, as a user adds folders: the first 50 with trackers of their own.
            std::vector<std::string> batch;
            for (int i = 0; i < trackCount; ++i)
            {
                const auto path = audio / ("track" + std::to_string (i) + ".wav");
                const double frequency = 200.0 + 7.0 * i;
                syntheticWav::write (path, 0.1, [frequency] (double t)
                                     { return 0.3 * std::sin (2.0 * std::numbers::pi * frequency * t); });
                files[path.string()] = readFileBytes (path);
                batch.push_back (path.string());
                if (batch.size() == 50 || i + 1 == trackCount)
                {
                    const auto trackers = i < 50 ? someTrackers : std::vector<std::string> {};
                    for (const auto& track : daemon.client().publish (batch, trackers))
                        published[track.id] = track.path;
                    batch.clear();
                }
            }
            ASSERT_EQ (published.size(), static_cast<std::size_t> (trackCount)) << "every file is a track of its own";
        }

        [[nodiscard]] std::filesystem::path libraryFile() const { return root.path() / "daemon" / "library.sqlite3"; }

        [[nodiscard]] long long torrentsWithResumeData() const
        {
            return countIn (libraryFile(), "SELECT count(*) FROM torrent_resume_data WHERE info_hash IN (SELECT info_hash FROM tracks)");
        }

        /** The restarted daemon lists every published track once, with the trackers it was
            published with, and seeds every one; a stream of any gives its file's bytes. */
        void expectWholeLibrarySeeding()
        {
            std::vector<ClientTrack> listed;
            const bool seeding = eventually ([&]
                                             {
                listed = daemon.client().listTracks();
                return std::all_of (listed.begin(), listed.end(), [] (const ClientTrack& track)
                                    { return track.status && track.status->state == TrackState::seeding; }); },
                                             std::chrono::seconds (60));
            ASSERT_EQ (listed.size(), published.size());
            std::set<std::string> ids;
            for (const auto& track : listed)
            {
                ids.insert (track.id);
                ASSERT_TRUE (published.count (track.id) == 1) << track.id << " was never published";
                EXPECT_EQ (track.path, published.at (track.id));
                const bool withTrackers = std::stoi (std::filesystem::path (track.path).stem().string().substr (5)) < 50;
                EXPECT_EQ (track.trackers, withTrackers ? someTrackers : std::vector<std::string> {}) << track.path;
            }
            EXPECT_EQ (ids.size(), published.size()) << "a track listed twice";
            EXPECT_TRUE (seeding) << "not every track seeds after the restart";

            for (const auto& id : { listed.front().id, listed[listed.size() / 2].id, listed.back().id })
            {
                const auto& path = published.at (id);
                EXPECT_EQ (streamBytes (daemon.client(), id, 0), files.at (path)) << path;
            }
        }

        TemporaryDirectory root { "earshot-library-scale" };
        std::filesystem::path audio = root.path() / "audio";
        DaemonProcess daemon { root.path() / "daemon" };
        /** Track id to its file, and file to its bytes. */
        std::map<std::string, std::string> published;
        std::map<std::string, std::string> files;
    };
} // namespace

TEST_F (LibraryScaleTest, EveryPublishedTrackHasItsResumeDataStoredWhileTheDaemonRuns)
{
    // Saved by the swarm's rounds, not by a stop: a crash now loses no track's resume data.
    EXPECT_TRUE (eventually ([&]
                             { return torrentsWithResumeData() == trackCount; },
                             std::chrono::seconds (60)))
        << torrentsWithResumeData() << " of " << trackCount << " torrents have resume data stored";
}

TEST_F (LibraryScaleTest, ARestartAfterACleanStopListsAndSeedsEveryTrack)
{
    ASSERT_EQ (daemon.stop(), 0);
    EXPECT_EQ (torrentsWithResumeData(), trackCount) << "a clean stop stores every torrent's resume data";
    daemon.start();
    expectWholeLibrarySeeding();
}

TEST_F (LibraryScaleTest, ARestartAfterACrashListsAndSeedsEveryTrack)
{
    ASSERT_TRUE (eventually ([&]
                             { return torrentsWithResumeData() == trackCount; },
                             std::chrono::seconds (60)));
    daemon.kill();
    daemon.start();
    expectWholeLibrarySeeding();
}
