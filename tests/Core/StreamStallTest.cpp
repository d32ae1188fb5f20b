#include "Core/StreamStall.h"

#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        /** A downloading single-file track of 10 pieces of 16 KiB, none here yet. */
        TrackStatus downloading()
        {
            TrackStatus status;
            status.state = TrackState::downloading;
            status.totalBytes = 10 * 16384 - 100;
            status.pieces.assign (10, false);
            status.pieceLength = 16384;
            return status;
        }

        bool contains (const std::string& text, const std::string& part)
        {
            return text.find (part) != std::string::npos;
        }
    } // namespace

    TEST (StreamStall, AFileOffsetMapsToTheFileRelativePiece)
    {
        auto status = downloading();
        EXPECT_EQ (pieceOfFileOffset (status, 0), 0);
        EXPECT_EQ (pieceOfFileOffset (status, 16383), 0);
        EXPECT_EQ (pieceOfFileOffset (status, 16384), 1);
        EXPECT_EQ (pieceOfFileOffset (status, 1'000'000), 9) << "clamped to the file's last piece";

        // A track of an album whose file starts 10000 bytes into its first piece.
        status.fileStartInPiece = 10000;
        EXPECT_EQ (pieceOfFileOffset (status, 6383), 0);
        EXPECT_EQ (pieceOfFileOffset (status, 6384), 1);

        status.pieceLength = 0; // a magnet link's metadata has not arrived
        EXPECT_EQ (pieceOfFileOffset (status, 0), std::nullopt);
    }

    TEST (StreamStall, NoPeersSaysSoAndWhatToDo)
    {
        const auto cause = stallCause (downloading(), 3);
        EXPECT_TRUE (contains (cause, "no peers are connected")) << cause;
        EXPECT_TRUE (contains (cause, "piece 3")) << cause;
        EXPECT_TRUE (contains (cause, "earshot connect")) << cause;
        EXPECT_FALSE (contains (cause, "banned")) << cause;
    }

    TEST (StreamStall, PeersBannedForCorruptDataAreCountedWhenNoneIsLeft)
    {
        auto status = downloading();
        status.bannedPeers = 1;
        status.hashFailures = 2;
        const auto one = stallCause (status, 0);
        EXPECT_TRUE (contains (one, "no peers are connected: 1 peer was banned for sending data that failed its hash check")) << one;
        EXPECT_TRUE (contains (one, "piece 0")) << one;

        status.bannedPeers = 3;
        const auto three = stallCause (status, 0);
        EXPECT_TRUE (contains (three, "3 peers were banned")) << three;
    }

    TEST (StreamStall, ConnectedPeersWithoutThePieceAreNamed)
    {
        auto status = downloading();
        status.peers = 2;
        status.peersUnchokingUs = 2;
        status.availability = { 2, 2, 2, 0, 1, 1, 1, 1, 1, 1 };
        const auto cause = stallCause (status, 3);
        EXPECT_TRUE (contains (cause, "none of the 2 connected peers has piece 3")) << cause;

        status.bannedPeers = 1;
        const auto withBan = stallCause (status, 3);
        EXPECT_TRUE (contains (withBan, "1 other peer was banned")) << withBan;
    }

    TEST (StreamStall, PeersThatHaveThePieceButChokeUsAreNamed)
    {
        auto status = downloading();
        status.peers = 3;
        status.peersUnchokingUs = 0;
        status.availability.assign (10, 1);
        status.availability[4] = 2;
        const auto cause = stallCause (status, 4);
        EXPECT_TRUE (contains (cause, "2 of the 3 connected peers have piece 4")) << cause;
        EXPECT_TRUE (contains (cause, "choking us")) << cause;

        status.peers = 1;
        status.availability[4] = 1;
        const auto one = stallCause (status, 4);
        EXPECT_TRUE (contains (one, "the one connected peer has piece 4, but it is choking us")) << one;
    }

    TEST (StreamStall, UnchokingPeersThatSendNothingAreNamed)
    {
        auto status = downloading();
        status.peers = 2;
        status.peersUnchokingUs = 1;
        status.availability.assign (10, 2);
        status.hashFailures = 4;
        const auto cause = stallCause (status, 5);
        EXPECT_TRUE (contains (cause, "all 2 connected peers have piece 5 and 1 unchokes us, but none has sent piece 5")) << cause;
        EXPECT_TRUE (contains (cause, "4 pieces failed their hash check")) << cause;
    }

    TEST (StreamStall, StatesOtherThanDownloadingSayWhatTheTrackIsDoing)
    {
        TrackStatus magnet;
        magnet.state = TrackState::fetchingMetadata;
        EXPECT_TRUE (contains (stallCause (magnet, std::nullopt), "metadata cannot arrive"));
        magnet.peers = 1;
        EXPECT_TRUE (contains (stallCause (magnet, std::nullopt), "1 connected peer has not sent the torrent's metadata"));

        TrackStatus failed;
        failed.state = TrackState::error;
        failed.error = "No space left on device";
        EXPECT_TRUE (contains (stallCause (failed, 0), "No space left on device"));
    }

    TEST (StreamStall, TheMessageSaysHowLongWhereAndWhy)
    {
        StreamStall stall;
        stall.trackId = "3f2a9c";
        stall.byteOffset = 20000;
        stall.fileSize = 163740;
        stall.waited = std::chrono::milliseconds (5000);
        stall.status = downloading();
        stall.status->bannedPeers = 1;
        EXPECT_EQ (describeStall (stall),
                   "no bytes of track 3f2a9c arrived for 5 s (waiting at byte 20000 of 163740, piece 1): no peers are connected: 1 peer was banned for sending "
                   "data that failed its hash check (corrupt data), and no other peer has piece 1; connect a peer that has the track with `earshot connect IP:PORT`");

        stall.waited = std::chrono::milliseconds (2500);
        stall.status.reset();
        stall.statusError = "earshotd is not running";
        EXPECT_EQ (describeStall (stall), "no bytes of track 3f2a9c arrived for 2.5 s (waiting at byte 20000 of 163740): the daemon could not say why (earshotd is not running)");
    }
} // namespace earshot
