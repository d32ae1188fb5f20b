#include "HubStoreFixture.h"

#include <atomic>
#include <cstdlib>
#include <fstream>

namespace earshot::test
{
    namespace
    {
        std::unique_ptr<testing::PostgresCluster> sharedCluster;

        /** Stops the cluster once every test has run, failed or not. */
        class ClusterEnvironment final : public ::testing::Environment
        {
        public:
            void TearDown() override { sharedCluster.reset(); }
        };

        [[maybe_unused]] const auto* const environment = ::testing::AddGlobalTestEnvironment (new ClusterEnvironment);

        [[nodiscard]] std::filesystem::path freshFolder()
        {
            auto pattern = (std::filesystem::temp_directory_path() / "earshot-hub-test-XXXXXX").string();

            if (::mkdtemp (pattern.data()) == nullptr)
                throw std::runtime_error ("cannot create a temporary folder from " + pattern);

            return pattern;
        }
    } // namespace

    void PrintTo (Backend backend, std::ostream* stream)
    {
        *stream << (backend == Backend::sqlite ? "Sqlite" : "Postgres");
    }

    std::string backendName (const ::testing::TestParamInfo<Backend>& info)
    {
        return ::testing::PrintToString (info.param);
    }

    testing::PostgresCluster& HubStoreTest::cluster()
    {
        if (sharedCluster == nullptr)
            sharedCluster = std::make_unique<testing::PostgresCluster>();
        return *sharedCluster;
    }

    void HubStoreTest::SetUp()
    {
        static std::atomic<int> databases { 0 };

        folder = freshFolder();
        if (GetParam() == Backend::sqlite)
        {
            location = (folder / "hub.sqlite").string();
        }
        else
        {
            location = cluster().createDatabase ("hub_test_" + std::to_string (++databases));
        }

        store = openHubStore (location);
    }

    void HubStoreTest::TearDown()
    {
        store.reset();

        if (! folder.empty())
        {
            std::error_code ignored;
            std::filesystem::remove_all (folder, ignored);
        }
    }

    std::unique_ptr<HubStore> HubStoreTest::reopen() const
    {
        return openHubStore (location);
    }

    PublicKey HubStoreTest::key (int n)
    {
        PublicKey result {};
        result.fill (static_cast<std::uint8_t> (n));
        result[0] = 0; // a NUL byte in every key
        result[31] = 0xff;
        return result;
    }

    Release HubStoreTest::release (const std::string& trackId, int artist, const std::string& title, const std::string& genre)
    {
        Release result;
        result.trackId = trackId;
        result.artistKey = key (artist);
        result.title = title;
        result.artistName = "Artist " + std::to_string (artist);
        result.album = "Album of " + title;
        result.genre = genre;
        result.bpm = 124.5;
        result.musicalKey = "Am";
        result.durationMs = 240000;
        result.loudnessLufs = -9.25;
        result.manifest = std::string ("manifest\0\xff", 10) + trackId;
        result.cover = std::string ("\x89PNG\0\x01", 6);
        result.publishedAtMs = 1767225600000;
        return result;
    }

    void HubStoreTest::listen (int listener, const std::string& trackId, std::int64_t atMs, ListenOutcome expected)
    {
        EXPECT_EQ (store->addListen ({ key (listener), trackId, atMs }, rules, weights), expected)
            << "listener " << listener << " of " << trackId;
    }

    void HubStoreTest::pass (const std::string& receiptId, const std::string& trackId, std::int64_t atMs, std::int64_t points, PassOutcome expected)
    {
        EXPECT_EQ (store->addPass ({ receiptId, key (200), key (201), trackId, points, atMs }, weights), expected)
            << "receipt " << receiptId;
    }

} // namespace earshot::test
