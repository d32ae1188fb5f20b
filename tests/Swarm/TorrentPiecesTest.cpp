// The deadline scheduler's view of a real libtorrent torrent: it says which pieces are held as
// libtorrent does, and asks libtorrent's thread once for all of them. Every stream's next bytes wait
// behind the swarm thread, so a replan that waited on that thread once per piece held them all up.

#include "Swarm/TorrentPieces.h"
#include "Swarm/TrackTorrent.h"

#include <gtest/gtest.h>

#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/session.hpp>
#include <libtorrent/settings_pack.hpp>
#include <libtorrent/torrent_status.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

namespace earshot
{
    namespace
    {
        class TorrentPiecesTest : public ::testing::Test
        {
        protected:
            void SetUp() override
            {
                auto pattern = (std::filesystem::temp_directory_path() / "earshot-pieces-test-XXXXXX").string();
                ASSERT_NE (::mkdtemp (pattern.data()), nullptr);
                folder = pattern;
                std::filesystem::create_directories (folder / "seed");
                std::filesystem::create_directories (folder / "empty");

                std::mt19937 random (11);
                std::string bytes (1'500'000, '\0');
                for (auto& byte : bytes)
                    byte = static_cast<char> (random());
                std::ofstream (folder / "seed" / "track.flac", std::ios::binary) << bytes;
                track = createTrackTorrent (folder / "seed" / "track.flac");

                lt::settings_pack pack;
                pack.set_str (lt::settings_pack::listen_interfaces, "127.0.0.1:0");
                pack.set_bool (lt::settings_pack::enable_dht, false);
                pack.set_bool (lt::settings_pack::enable_lsd, false);
                pack.set_bool (lt::settings_pack::enable_upnp, false);
                pack.set_bool (lt::settings_pack::enable_natpmp, false);
                session = std::make_unique<lt::session> (lt::session_params (pack));
            }

            void TearDown() override
            {
                session.reset();
                std::error_code ignored;
                std::filesystem::remove_all (folder, ignored);
            }

            /** Adds the track with its data in folder/where and waits (bounded) until libtorrent
                has checked what is there. */
            lt::torrent_handle add (const std::string& where)
            {
                lt::add_torrent_params params;
                params.ti = std::make_shared<lt::torrent_info> (*track.info);
                params.save_path = (folder / where).string();
                auto handle = session->add_torrent (params);
                for (int i = 0; i < 600; ++i)
                {
                    const auto state = handle.status().state;
                    if (state != lt::torrent_status::checking_files && state != lt::torrent_status::checking_resume_data)
                        break;
                    std::this_thread::sleep_for (std::chrono::milliseconds (50));
                }
                return handle;
            }

            std::filesystem::path folder;
            TrackTorrent track;
            std::unique_ptr<lt::session> session;

            /** Asks a view of the torrent about every piece; each answer must be libtorrent's. */
            void expectLibtorrentsAnswers (const lt::torrent_handle& handle)
            {
                const int count = track.info->num_pieces();
                ASSERT_GT (count, 4) << "the track must span several pieces";
                TorrentPieces pieces (handle);
                for (int piece = 0; piece < count; ++piece)
                    EXPECT_EQ (pieces.havePiece (piece), handle.have_piece (lt::piece_index_t { piece })) << "piece " << piece;
                EXPECT_FALSE (pieces.havePiece (-1));
                EXPECT_FALSE (pieces.havePiece (count));
                EXPECT_EQ (pieces.roundTrips(), 1) << count << " pieces asked about";
            }
        };

        TEST_F (TorrentPiecesTest, ATorrentWhoseDataIsHereHasEveryPieceAskingLibtorrentsThreadOnce)
        {
            const auto handle = add ("seed");
            EXPECT_TRUE (TorrentPieces (handle).havePiece (0));
            expectLibtorrentsAnswers (handle);
        }

        TEST_F (TorrentPiecesTest, ATorrentWithNoDataHasNoPieceAskingLibtorrentsThreadOnce)
        {
            const auto handle = add ("empty");
            EXPECT_FALSE (TorrentPieces (handle).havePiece (0));
            expectLibtorrentsAnswers (handle);
        }

        TEST (TorrentPiecesClients, OnlyClientsBuiltOnLibtorrentAreTrustedToAnswerACancel)
        {
            // As libtorrent names them: the extension handshake's "v", or the peer id's fingerprint.
            for (const auto* client : { "libtorrent 2.0.8", "Earshot/0.1", "libtorrent/2.0.8", "qBittorrent 4.5.2", "Deluge 2.1.1" })
                EXPECT_TRUE (buildsOnLibtorrent (client)) << client;
            for (const auto* client : { "Transmission 3.00", "aria2/1.36.0", "libTorrent (Rakshasa) 0.13.8", "", "uTorrent 3.5.5" })
                EXPECT_FALSE (buildsOnLibtorrent (client)) << client;
        }

        TEST_F (TorrentPiecesTest, NothingInFlightHoldsNoPieceAndAsksOnce)
        {
            const auto handle = add ("seed");
            TorrentPieces pieces (handle);
            EXPECT_TRUE (pieces.piecesNotToCancel().empty());
            EXPECT_EQ (pieces.roundTrips(), 1);
        }
    } // namespace
} // namespace earshot
