// Document torrents (small one-file torrents that are not tracks) among real libtorrent sessions on
// a private loopback DHT: a seeded file is fetched by info-hash alone, and a torrent over the byte
// limit or holding several files is dropped before any of its data is written.

#include "Heard.h"
#include "PrivateDht.h"

#include "Swarm/TrackTorrent.h"

#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <stdlib.h>

namespace earshot
{
    namespace
    {
        using namespace std::chrono_literals;
        namespace fs = std::filesystem;

        class DocumentTorrentsTest : public ::testing::Test
        {
        protected:
            void SetUp() override
            {
                auto pattern = (fs::temp_directory_path() / "earshot-documents-XXXXXX").string();
                ASSERT_NE (::mkdtemp (pattern.data()), nullptr);
                folder = pattern;
                fs::create_directories (folder / "artist");
            }

            void TearDown() override
            {
                std::error_code ignored;
                fs::remove_all (folder, ignored);
            }

            /** A file of random bytes under folder. */
            fs::path write (const fs::path& relative, std::size_t size)
            {
                std::mt19937 random (static_cast<unsigned> (size));
                std::string bytes (size, '\0');
                for (auto& byte : bytes)
                    byte = static_cast<char> (random());
                fs::create_directories ((folder / relative).parent_path());
                std::ofstream (folder / relative, std::ios::binary) << bytes;
                return folder / relative;
            }

            static std::string read (const fs::path& path)
            {
                std::ifstream in (path, std::ios::binary);
                std::stringstream bytes;
                bytes << in.rdbuf();
                return bytes.str();
            }

            static std::variant<std::string, ErrorCode> seed (SwarmSession& node, const fs::path& file)
            {
                Heard<std::string> seeded;
                node.seedDocument (file.string(), seeded.callback());
                return seeded.get();
            }

            static std::variant<std::string, ErrorCode> fetch (SwarmSession& node, const DocumentFetch& what)
            {
                Heard<std::string> fetched;
                node.fetchDocument (what, fetched.callback());
                return fetched.get();
            }

            [[nodiscard]] bool folderIsEmpty (const fs::path& path) const { return ! fs::exists (path) || fs::is_empty (path); }

            fs::path folder;
        };
    } // namespace

    TEST_F (DocumentTorrentsTest, ASeededFileIsFetchedByItsInfoHashAloneThroughTheDht)
    {
        PrivateDht dht (6);
        const auto file = write ("artist/feed.bin", 3000);
        const auto seeded = seed (*dht.nodes[0], file);
        ASSERT_TRUE (std::holds_alternative<std::string> (seeded));
        const auto infoHash = std::get<std::string> (seeded);
        EXPECT_EQ (infoHash.size(), 40u);
        EXPECT_EQ (seed (*dht.nodes[0], file), seeded) << "the same file is the same torrent";

        const auto fetched = fetch (*dht.nodes[4], { infoHash, (folder / "fan").string(), 4096, 30s, {} });
        ASSERT_TRUE (std::holds_alternative<std::string> (fetched)) << "error code " << static_cast<int> (std::get<ErrorCode> (fetched));
        EXPECT_EQ (fs::path (std::get<std::string> (fetched)), folder / "fan" / "feed.bin");
        EXPECT_EQ (read (std::get<std::string> (fetched)), read (file));
        EXPECT_FALSE (dht.nodes[4]->status (infoHash).has_value()) << "a document is not a track";

        // The fan seeds it on: a newcomer gets it with the artist gone.
        dht.stop (0);
        const auto again = fetch (dht.add(), { infoHash, (folder / "newcomer").string(), 4096, 30s, {} });
        ASSERT_TRUE (std::holds_alternative<std::string> (again));
        EXPECT_EQ (read (std::get<std::string> (again)), read (file));
    }

    TEST_F (DocumentTorrentsTest, ATorrentOverTheByteLimitIsDroppedBeforeItsDataIsFetched)
    {
        PrivateDht dht (2);
        const auto file = write ("artist/feed.bin", 5000);
        const auto infoHash = std::get<std::string> (seed (*dht.nodes[0], file));

        const auto fetched = fetch (*dht.nodes[1], { infoHash, (folder / "fan").string(), 4999, 30s, { PrivateDht::endpointOf (*dht.nodes[0]) } });
        EXPECT_EQ (fetched, (std::variant<std::string, ErrorCode> (ErrorCode::invalidArgument)));
        EXPECT_TRUE (folderIsEmpty (folder / "fan"));

        const auto withinLimit = fetch (*dht.nodes[1], { infoHash, (folder / "fan").string(), 5000, 30s, { PrivateDht::endpointOf (*dht.nodes[0]) } });
        EXPECT_TRUE (std::holds_alternative<std::string> (withinLimit)) << "the premise: the same torrent within its limit is fetched";
    }

    TEST_F (DocumentTorrentsTest, ATorrentOfSeveralFilesIsDroppedBeforeItsDataIsFetched)
    {
        PrivateDht dht (2);
        write ("album/Album/1.flac", 1000);
        write ("album/Album/2.flac", 1000);
        lt::file_storage files;
        lt::add_files (files, (folder / "album" / "Album").string());
        lt::create_torrent creator (files, 16 * 1024, lt::create_torrent::v1_only);
        lt::set_piece_hashes (creator, (folder / "album").string());
        std::string bytes;
        lt::bencode (std::back_inserter (bytes), creator.generate());
        const auto tracks = parseTorrentFile (bytes);
        ASSERT_EQ (tracks.size(), 2u);
        TrackManifest manifest;
        copyTorrentFields (tracks.front(), manifest);
        AddTrackOptions options;
        options.savePath = (folder / "album").string();
        options.seedMode = true;
        dht.nodes[0]->addTrack (manifest, tracks.front(), options);

        const auto fetched = fetch (*dht.nodes[1], { tracks.front().infoHashHex, (folder / "fan").string(), 1'000'000, 30s, { PrivateDht::endpointOf (*dht.nodes[0]) } });
        EXPECT_EQ (fetched, (std::variant<std::string, ErrorCode> (ErrorCode::invalidArgument)));
        EXPECT_TRUE (folderIsEmpty (folder / "fan"));
    }

    TEST_F (DocumentTorrentsTest, AFetchNoPeerAnswersEndsAtItsTimeoutAndAMalformedHashIsRefused)
    {
        PrivateDht dht (2);
        const auto nobody = fetch (*dht.nodes[1], { std::string (40, 'e'), (folder / "fan").string(), 4096, 500ms, {} });
        EXPECT_EQ (nobody, (std::variant<std::string, ErrorCode> (ErrorCode::unavailable)));
        const auto malformed = fetch (*dht.nodes[1], { "not a hash", (folder / "fan").string(), 4096, 500ms, {} });
        EXPECT_EQ (malformed, (std::variant<std::string, ErrorCode> (ErrorCode::invalidArgument)));
    }
} // namespace earshot
