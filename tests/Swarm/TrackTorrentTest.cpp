// What a track's .torrent file and magnet link say about its trackers, read back by libtorrent
// as other BitTorrent clients read them.

#include "Swarm/TrackTorrent.h"

#include "Core/Error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <libtorrent/bdecode.hpp>
#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/torrent_info.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

namespace earshot
{
    namespace
    {
        using ::testing::ElementsAre;
        using ::testing::HasSubstr;

        /** A track made the way `earshot publish` makes one, from a file of random bytes in a
            folder of its own (removed afterwards). */
        class TrackTorrentTest : public ::testing::Test
        {
        protected:
            void SetUp() override
            {
                auto pattern = (std::filesystem::temp_directory_path() / "earshot-swarm-test-XXXXXX").string();
                ASSERT_NE (::mkdtemp (pattern.data()), nullptr);
                folder = pattern;

                std::mt19937 random (7);
                std::string bytes (200'000, '\0');
                for (auto& byte : bytes)
                    byte = static_cast<char> (random());
                std::ofstream (folder / "Song (live).flac", std::ios::binary) << bytes;

                torrent = createTrackTorrent (folder / "Song (live).flac");
                copyTorrentFields (torrent, manifest);
            }

            void TearDown() override
            {
                std::error_code ignored;
                std::filesystem::remove_all (folder, ignored);
            }

            static lt::torrent_info parse (const std::string& torrentFile)
            {
                return lt::torrent_info (lt::span<const char> (torrentFile.data(), static_cast<std::ptrdiff_t> (torrentFile.size())), lt::from_span);
            }

            std::filesystem::path folder;
            TrackTorrent torrent;
            TrackManifest manifest;
        };

        const std::vector<std::string> trackers { "http://127.0.0.1:6969/announce", "udp://tracker.example.org:1337/announce", "https://tracker.example.net/announce?passkey=a&b=1" };
    } // namespace

    TEST_F (TrackTorrentTest, ATorrentFileNamesItsTrackersInOrderAndKeepsTheInfoHash)
    {
        const auto withTrackers = torrentFileFor (manifest, trackers);
        const auto info = parse (withTrackers);

        EXPECT_EQ (toHex (info.info_hashes().v1), manifest.infoHashHex) << "the info dictionary is the same with trackers";
        std::vector<std::string> urls;
        std::vector<int> tiers;
        for (const auto& entry : info.trackers())
        {
            urls.push_back (entry.url);
            tiers.push_back (entry.tier);
        }
        EXPECT_EQ (urls, trackers);
        EXPECT_THAT (tiers, ElementsAre (0, 1, 2)) << "one tier per tracker, in the order of preference given";

        // A valid bencoded dictionary, keys in sorted order, announce the first tracker.
        lt::error_code ec;
        const auto root = lt::bdecode (withTrackers, ec);
        ASSERT_FALSE (ec) << ec.message();
        ASSERT_EQ (root.type(), lt::bdecode_node::dict_t);
        std::vector<std::string> keys;
        for (int i = 0; i < root.dict_size(); ++i)
            keys.emplace_back (root.dict_at (i).first);
        EXPECT_THAT (keys, ElementsAre ("announce", "announce-list", "created by", "info"));
        EXPECT_EQ (root.dict_find_string_value ("announce"), trackers.front());
        ASSERT_EQ (root.dict_find_list ("announce-list").list_size(), 3);
        std::vector<char> reencoded;
        lt::bencode (std::back_inserter (reencoded), lt::entry (root));
        EXPECT_EQ (std::string (reencoded.begin(), reencoded.end()), withTrackers) << "canonical bencoding";

        // Read back as a .torrent added to the library, it is the same track with its trackers.
        const auto tracks = parseTorrentFile (withTrackers);
        ASSERT_EQ (tracks.size(), 1u);
        EXPECT_EQ (tracks.front().trackId(), torrent.trackId());
        EXPECT_EQ (tracks.front().infoDict, manifest.infoDict);
        EXPECT_EQ (tracks.front().trackers, trackers);
    }

    TEST_F (TrackTorrentTest, ATorrentFileWithoutTrackersHasNoAnnounce)
    {
        EXPECT_TRUE (torrent.trackers.empty()) << "publishing adds no tracker to the info dictionary";
        const auto plain = torrentFileFor (manifest);
        EXPECT_EQ (plain, "d10:created by7:Earshot4:info" + manifest.infoDict + "e");
        EXPECT_TRUE (parse (plain).trackers().empty());
        EXPECT_EQ (toHex (parse (plain).info_hashes().v1), toHex (parse (torrentFileFor (manifest, trackers)).info_hashes().v1));
    }

    TEST_F (TrackTorrentTest, AMagnetLinkCarriesEachTrackerUrlEncoded)
    {
        const auto link = magnetUriFor (manifest, trackers);
        EXPECT_THAT (link, HasSubstr ("&dn=Song%20%28live%29.flac"));
        EXPECT_THAT (link, HasSubstr ("&tr=http%3A%2F%2F127.0.0.1%3A6969%2Fannounce"));
        EXPECT_THAT (link, HasSubstr ("&tr=https%3A%2F%2Ftracker.example.net%2Fannounce%3Fpasskey%3Da%26b%3D1"));

        lt::error_code ec;
        const auto parsed = lt::parse_magnet_uri (link, ec);
        ASSERT_FALSE (ec) << ec.message();
        EXPECT_EQ (toHex (parsed.info_hashes.v1), manifest.infoHashHex);
        EXPECT_EQ (parsed.name, "Song (live).flac");
        EXPECT_EQ (parsed.trackers, trackers);
        EXPECT_EQ (trackersOfMagnet (link), trackers);
        EXPECT_EQ (trackIdOfMagnet (link), torrent.trackId());

        EXPECT_EQ (magnetUriFor (manifest), "magnet:?xt=urn:btih:" + manifest.infoHashHex + "&dn=Song%20%28live%29.flac");
    }

    TEST_F (TrackTorrentTest, AnotherClientsTorrentKeepsItsUsableTrackersInTierOrder)
    {
        lt::file_storage files;
        files.add_file ("Song (live).flac", static_cast<std::int64_t> (std::filesystem::file_size (folder / "Song (live).flac")));
        lt::create_torrent creator (files, 16 * 1024, lt::create_torrent::v1_only);
        creator.add_tracker ("http://second.example/announce", 1);
        creator.add_tracker ("http://first-a.example/announce", 0);
        creator.add_tracker ("wss://webtorrent.example/announce", 0); // not one Earshot can announce to
        creator.add_tracker ("udp://first-b.example:6969", 0);
        lt::set_piece_hashes (creator, folder.string());
        std::vector<char> bytes;
        lt::bencode (std::back_inserter (bytes), creator.generate());

        const auto tracks = parseTorrentFile ({ bytes.data(), bytes.size() });
        ASSERT_EQ (tracks.size(), 1u);
        EXPECT_THAT (tracks.front().trackers, ElementsAre ("http://first-a.example/announce", "udp://first-b.example:6969", "http://second.example/announce"));
    }

    TEST (TrackerUrls, OnlyHttpHttpsAndUdpUrlsWithAHostAreTakenInOrderWithoutRepeats)
    {
        EXPECT_THAT (checkTrackerUrls ({ "udp://b.example:6969", "http://a.example/announce", "udp://b.example:6969", "HTTPS://[::1]:443/announce" }),
                     ElementsAre ("udp://b.example:6969", "http://a.example/announce", "HTTPS://[::1]:443/announce"));

        for (const std::string bad : { "", "ftp://a.example/announce", "a.example:6969/announce", "http://", "http:///announce", "udp://:6969", "http://a.example/ann ounce", "http://user@/announce", "http://a.example/\n" })
        {
            try
            {
                (void) checkTrackerUrls ({ "http://good.example/announce", bad });
                ADD_FAILURE() << "'" << bad << "' was taken";
            }
            catch (const Error& error)
            {
                EXPECT_EQ (error.code(), ErrorCode::invalidArgument);
                EXPECT_THAT (error.what(), HasSubstr ("'" + bad + "' is not a tracker URL")) << bad;
            }
        }

        EXPECT_THAT (usableTrackers ({ "wss://a.example", "http://b.example/announce", "", "http://b.example/announce" }), ElementsAre ("http://b.example/announce"));
    }
} // namespace earshot
