#include "Core/StreamPlanner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <set>

namespace earshot
{
    namespace
    {
        using Reason = PieceDeadline::Reason;

        constexpr std::uint64_t pieceLength = 16 * 1024;

        FileGeometry singleFileTorrent (std::uint64_t fileSize)
        {
            return { 0, fileSize, pieceLength, fileSize };
        }

        /** Three files in one torrent: 10000 bytes before ours, ours (50000 bytes, starting mid-piece),
        40000 after. Pieces 0 and 3 are shared with the neighbours. */
        FileGeometry middleFileOfThree()
        {
            return { 10'000, 50'000, pieceLength, 100'000 };
        }

        /** A 1 MB track at 32 KiB/s: each full piece is half a second of audio. */
        StreamPlanRequest flacRequest (std::uint64_t readOffset)
        {
            StreamPlanRequest request;
            request.geometry = singleFileTorrent (1'000'000);
            request.format = AudioFormat::flac;
            request.layout = { 40'000, 0 };
            request.bytesPerSecond = 32'768;
            request.readOffset = readOffset;
            request.windowSeconds = 8.0;
            return request;
        }

        std::optional<PieceDeadline> find (const std::vector<PieceDeadline>& plan, int piece)
        {
            const auto it = std::find_if (plan.begin(), plan.end(), [piece] (const PieceDeadline& d)
                                          { return d.piece == piece; });
            return it == plan.end() ? std::nullopt : std::optional<PieceDeadline> (*it);
        }

        std::vector<PieceDeadline> withReason (const std::vector<PieceDeadline>& plan, Reason reason)
        {
            std::vector<PieceDeadline> result;
            std::copy_if (plan.begin(), plan.end(), std::back_inserter (result), [reason] (const PieceDeadline& d)
                          { return d.reason == reason; });
            return result;
        }

        std::vector<int> piecesOf (const std::vector<PieceDeadline>& plan)
        {
            std::vector<int> pieces;
            for (const auto& d : plan)
                pieces.push_back (d.piece);

            std::sort (pieces.begin(), pieces.end());
            return pieces;
        }

        std::vector<int> range (int first, int last)
        {
            std::vector<int> pieces;
            for (auto piece = first; piece <= last; ++piece)
                pieces.push_back (piece);

            return pieces;
        }

        /** The invariants every plan keeps: each piece once, sorted by deadline then piece. */
        void expectWellFormed (const std::vector<PieceDeadline>& plan)
        {
            std::set<int> seen;
            for (const auto& d : plan)
                EXPECT_TRUE (seen.insert (d.piece).second) << "piece " << d.piece << " planned twice";

            EXPECT_TRUE (std::is_sorted (plan.begin(), plan.end(), [] (const PieceDeadline& a, const PieceDeadline& b)
                                         { return a.deadlineMs != b.deadlineMs ? a.deadlineMs < b.deadlineMs : a.piece < b.piece; }));
        }
    } // namespace

    //==============================================================================
    TEST (FileGeometry, LastPieceOfASingleFileTorrentIsShort)
    {
        const auto geometry = singleFileTorrent (100'000);

        EXPECT_EQ (geometry.numPieces(), 7);
        EXPECT_EQ (geometry.firstPiece(), 0);
        EXPECT_EQ (geometry.lastPiece(), 6);
        EXPECT_EQ (geometry.fileBytesBeginInPiece (0), 0u);
        EXPECT_EQ (geometry.fileBytesEndInPiece (0), pieceLength);
        EXPECT_EQ (geometry.fileBytesBeginInPiece (6), 6 * pieceLength);
        EXPECT_EQ (geometry.fileBytesEndInPiece (6), 100'000u);
    }

    TEST (FileGeometry, PieceCountRoundsUpAndIsZeroForAnEmptyTorrent)
    {
        EXPECT_EQ (singleFileTorrent (4 * pieceLength).numPieces(), 4);
        EXPECT_EQ (singleFileTorrent (4 * pieceLength + 1).numPieces(), 5);
        EXPECT_EQ (singleFileTorrent (1).numPieces(), 1);
        EXPECT_EQ (singleFileTorrent (0).numPieces(), 0);
    }

    TEST (FileGeometry, FileStartingMidPieceMapsItsBytesToTheRightPieces)
    {
        const auto geometry = middleFileOfThree();

        EXPECT_EQ (geometry.firstPiece(), 0);
        EXPECT_EQ (geometry.lastPiece(), 3);
        EXPECT_EQ (geometry.pieceForFileOffset (0), 0);
        EXPECT_EQ (geometry.pieceForFileOffset (pieceLength - 10'000 - 1), 0);
        EXPECT_EQ (geometry.pieceForFileOffset (pieceLength - 10'000), 1);
        EXPECT_EQ (geometry.pieceForFileOffset (49'999), 3);

        // Piece 0 holds the neighbour's 10000 bytes, then our first 6384.
        EXPECT_EQ (geometry.fileBytesBeginInPiece (0), 0u);
        EXPECT_EQ (geometry.fileBytesEndInPiece (0), pieceLength - 10'000);
        EXPECT_EQ (geometry.fileBytesBeginInPiece (1), pieceLength - 10'000);
        EXPECT_EQ (geometry.fileBytesEndInPiece (1), 2 * pieceLength - 10'000);
        // Piece 3 holds our last bytes, then the next file's.
        EXPECT_EQ (geometry.fileBytesBeginInPiece (3), 3 * pieceLength - 10'000);
        EXPECT_EQ (geometry.fileBytesEndInPiece (3), 50'000u);
    }

    TEST (FileGeometry, OffsetsPastTheEndClampToTheLastByte)
    {
        const auto geometry = middleFileOfThree();

        EXPECT_EQ (geometry.pieceForFileOffset (50'000), 3);
        EXPECT_EQ (geometry.pieceForFileOffset (1'000'000'000), 3);
    }

    TEST (FileGeometry, FileSmallerThanAPieceSharesItWithItsNeighbours)
    {
        const FileGeometry geometry { 20'000, 3'000, pieceLength, 100'000 };

        EXPECT_EQ (geometry.firstPiece(), 1);
        EXPECT_EQ (geometry.lastPiece(), 1);
        EXPECT_EQ (geometry.fileBytesBeginInPiece (1), 0u);
        EXPECT_EQ (geometry.fileBytesEndInPiece (1), 3'000u);
        EXPECT_EQ (geometry.fileBytesBeginInPiece (0), geometry.fileBytesEndInPiece (0)) << "piece 0 holds none of the file";
        EXPECT_EQ (geometry.fileBytesBeginInPiece (2), geometry.fileBytesEndInPiece (2)) << "piece 2 holds none of the file";
    }

    TEST (FileGeometry, EmptyFileHasNoPieces)
    {
        const FileGeometry geometry { 20'000, 0, pieceLength, 100'000 };

        EXPECT_GT (geometry.firstPiece(), geometry.lastPiece());
    }

    //==============================================================================
    TEST (StreamPlanner, HeaderPiecesAndTheReadersPieceGetTheFirstDeadline)
    {
        auto request = flacRequest (500'000);
        request.firstDeadlineMs = 40;

        const auto plan = planStream (request);

        expectWellFormed (plan);
        // 40000 header bytes span pieces 0 to 2.
        EXPECT_EQ (piecesOf (withReason (plan, Reason::header)), range (0, 2));
        // In file order, a millisecond apart, so libtorrent asks for them in the order a decoder reads.
        for (const auto& d : withReason (plan, Reason::header))
            EXPECT_EQ (d.deadlineMs, 40 + d.piece);

        EXPECT_EQ (find (plan, 500'000 / pieceLength), (PieceDeadline { 30, 40, Reason::window }));
        EXPECT_EQ (plan.front().piece, 0) << "the header is fetched first";
    }

    TEST (StreamPlanner, WindowDeadlinesAreWhenThePlayheadReachesEachPiece)
    {
        auto request = flacRequest (500'000);
        request.includeHeaderAndTail = false;

        const auto plan = planStream (request);

        expectWellFormed (plan);
        // 8 s at 32768 B/s is 262144 bytes: [500000, 762144) spans pieces 30 to 46.
        ASSERT_EQ (piecesOf (plan), range (30, 46));
        EXPECT_EQ (find (plan, 30)->deadlineMs, 0);

        for (const auto& d : plan)
        {
            EXPECT_EQ (d.reason, Reason::window);

            if (d.piece > 30)
            {
                const auto bytesAhead = (std::uint64_t) d.piece * pieceLength - 500'000;
                EXPECT_EQ (d.deadlineMs, (int) (bytesAhead * 1000 / 32'768)) << "piece " << d.piece;
            }
        }

        // Piece 31 starts at byte 507904, 7904 bytes ahead: 241 ms of audio.
        EXPECT_EQ (find (plan, 31)->deadlineMs, 241);
    }

    TEST (StreamPlanner, WindowDeadlinesNeverDecreaseWithPieceIndex)
    {
        auto request = flacRequest (123'457);
        request.includeHeaderAndTail = false;
        request.windowSeconds = 20.0;

        auto plan = planStream (request);
        std::sort (plan.begin(), plan.end(), [] (const PieceDeadline& a, const PieceDeadline& b)
                   { return a.piece < b.piece; });

        ASSERT_GT (plan.size(), 2u);
        for (size_t i = 1; i < plan.size(); ++i)
        {
            EXPECT_LE (plan[i - 1].deadlineMs, plan[i].deadlineMs);

            // Pieces after the reader's start pieceLength bytes apart: exactly 500 ms of audio.
            if (i >= 2)
            {
                EXPECT_EQ (plan[i].deadlineMs - plan[i - 1].deadlineMs, 500);
            }
        }
    }

    TEST (StreamPlanner, FirstDeadlineShiftsEveryDeadline)
    {
        auto early = flacRequest (300'000);
        auto late = early;
        late.firstDeadlineMs = 250;

        const auto earlyPlan = planStream (early);
        const auto latePlan = planStream (late);

        ASSERT_EQ (earlyPlan.size(), latePlan.size());
        for (size_t i = 0; i < earlyPlan.size(); ++i)
        {
            EXPECT_EQ (latePlan[i].piece, earlyPlan[i].piece);
            EXPECT_EQ (latePlan[i].deadlineMs, earlyPlan[i].deadlineMs + 250);
        }
    }

    TEST (StreamPlanner, WindowSpansTwoPiecesEvenWhenShorterThanOne)
    {
        // A window of a few bytes at the start of piece 1 still asks for piece 2, so the reader never
        // stalls at the boundary waiting for a piece that was never requested.
        for (const auto windowSeconds : { 0.0, 0.001 })
        {
            auto request = flacRequest (pieceLength);
            request.includeHeaderAndTail = false;
            request.windowSeconds = windowSeconds;

            EXPECT_EQ (planStream (request), (std::vector<PieceDeadline> { { 1, 0, Reason::window }, { 2, 500, Reason::window } }))
                << "window of " << windowSeconds << " s";
        }
    }

    TEST (StreamPlanner, WindowReachingIntoTheNextPieceFromTheLastByteOfOne)
    {
        auto request = flacRequest (pieceLength - 1);
        request.includeHeaderAndTail = false;
        request.windowSeconds = 0.001;

        EXPECT_EQ (planStream (request), (std::vector<PieceDeadline> { { 0, 0, Reason::window }, { 1, 0, Reason::window } }));
    }

    TEST (StreamPlanner, WindowIsClampedToTheEndOfTheFile)
    {
        auto request = flacRequest (900'000);
        request.includeHeaderAndTail = false;

        const auto plan = planStream (request);

        EXPECT_EQ (piecesOf (plan), range (54, 61)) << "1000000 bytes end in piece 61, the torrent's last";
    }

    TEST (StreamPlanner, ReaderAtTheLastByteNeedsOnlyTheLastPiece)
    {
        auto request = flacRequest (999'999);
        request.includeHeaderAndTail = false;

        EXPECT_EQ (planStream (request), (std::vector<PieceDeadline> { { 61, 0, Reason::window } }));
    }

    TEST (StreamPlanner, ReaderAtOrPastTheEndGetsOnlyHeaderAndTail)
    {
        for (const std::uint64_t offset : { 1'000'000ull, 1'000'001ull, 50'000'000ull })
        {
            auto request = flacRequest (offset);
            request.layout = { 40'000, 20'000 };

            const auto plan = planStream (request);

            expectWellFormed (plan);
            EXPECT_TRUE (withReason (plan, Reason::window).empty()) << "offset " << offset;
            EXPECT_EQ (piecesOf (withReason (plan, Reason::header)), range (0, 2));
            EXPECT_EQ (piecesOf (withReason (plan, Reason::tail)), range (59, 61));

            request.includeHeaderAndTail = false;
            EXPECT_TRUE (planStream (request).empty()) << "offset " << offset;
        }
    }

    TEST (StreamPlanner, BackwardSeekPlansTheEarlierPieces)
    {
        auto request = flacRequest (800'000);
        request.includeHeaderAndTail = false;
        request.windowSeconds = 2.0;
        const auto before = planStream (request);

        request.readOffset = 100'000;
        const auto after = planStream (request);

        EXPECT_EQ (piecesOf (before), range (48, 52));
        EXPECT_EQ (piecesOf (after), range (6, 10));
        EXPECT_EQ (after.front(), (PieceDeadline { 6, 0, Reason::window }));
    }

    TEST (StreamPlanner, WindowMovingForwardStartsLaterWithDeadlinesFromTheNewOffset)
    {
        auto request = flacRequest (100'000);
        request.includeHeaderAndTail = false;
        const auto first = planStream (request);

        request.readOffset = 150'000;
        const auto second = planStream (request);

        EXPECT_EQ (piecesOf (first).front(), 6);
        EXPECT_EQ (piecesOf (second).front(), 9);
        EXPECT_GT (piecesOf (second).back(), piecesOf (first).back());

        // Piece 12 is in both windows; the playhead is now 50000 bytes closer to it.
        const auto pieceBegin = 12 * pieceLength;
        EXPECT_EQ (find (first, 12)->deadlineMs, (int) ((pieceBegin - 100'000) * 1000 / 32'768));
        EXPECT_EQ (find (second, 12)->deadlineMs, (int) ((pieceBegin - 150'000) * 1000 / 32'768));
        EXPECT_EQ (find (second, 9)->deadlineMs, 0);
    }

    TEST (StreamPlanner, HeaderAndWindowOverlapAtTheStartArePlannedOnceAsHeader)
    {
        const auto plan = planStream (flacRequest (0));

        expectWellFormed (plan);
        EXPECT_EQ (piecesOf (plan), range (0, 15)) << "8 s from the start is 262144 bytes, pieces 0 to 15";
        EXPECT_EQ (piecesOf (withReason (plan, Reason::header)), range (0, 2));
        EXPECT_EQ (find (plan, 3), (PieceDeadline { 3, 1500, Reason::window }));
    }

    TEST (StreamPlanner, TailAndWindowOverlapKeepTheEarlierDeadline)
    {
        // An Ogg file of 7 pieces: the tail covers pieces 4 to 6 and the window the whole file.
        StreamPlanRequest request;
        request.geometry = singleFileTorrent (100'000);
        request.format = AudioFormat::oggVorbis;
        request.layout = { 4'000, 20'000 };
        request.bytesPerSecond = 32'768;
        request.windowSeconds = 60.0;

        auto plan = planStream (request);

        expectWellFormed (plan);
        ASSERT_EQ (piecesOf (plan), range (0, 6));
        EXPECT_EQ (find (plan, 0), (PieceDeadline { 0, 0, Reason::header }));
        EXPECT_EQ (find (plan, 1), (PieceDeadline { 1, 500, Reason::window }));
        // The window reaches pieces 4 to 6 after 2 s or more; the tail's 100 ms is sooner.
        for (const auto piece : { 4, 5, 6 })
            EXPECT_EQ (find (plan, piece), (PieceDeadline { piece, 100 + (piece - 4), Reason::tail }));

        // Sorted by deadline: header, tail, then the rest of the window.
        EXPECT_EQ (piecesOf ({ plan.begin(), plan.begin() + 4 }), (std::vector<int> { 0, 4, 5, 6 }));
    }

    TEST (StreamPlanner, TiesGoToHeaderThenWindowThenTail)
    {
        // At 163840 B/s a piece is 100 ms, so piece 1's window deadline equals the tail's.
        StreamPlanRequest request;
        request.geometry = singleFileTorrent (2 * pieceLength);
        request.layout = { 100, 100 };
        request.bytesPerSecond = 163'840;

        const auto plan = planStream (request);

        EXPECT_EQ (plan, (std::vector<PieceDeadline> { { 0, 0, Reason::header }, { 1, 100, Reason::window } }));
    }

    TEST (StreamPlanner, TailDeadlineFollowsTheFirstDeadline)
    {
        StreamPlanRequest request;
        request.geometry = singleFileTorrent (1'000'000);
        request.format = AudioFormat::oggVorbis;
        request.layout = { 4'000, 65'536 + 27 + 255 };
        request.bytesPerSecond = 20'000;
        request.readOffset = 300'000;
        request.firstDeadlineMs = 1'000;

        const auto tail = withReason (planStream (request), Reason::tail);

        // The last 65818 bytes start at byte 934182, in piece 57.
        EXPECT_EQ (piecesOf (tail), range (57, 61));
        // In file order: a decoder reads the tail from its first byte.
        for (const auto& d : tail)
            EXPECT_EQ (d.deadlineMs, 1'100 + (d.piece - 57));
    }

    TEST (StreamPlanner, UnknownBitrateUsesCdQualityAndNeverDividesByZero)
    {
        auto request = flacRequest (0);
        request.includeHeaderAndTail = false;
        request.bytesPerSecond = 0;

        const auto plan = planStream (request);

        EXPECT_EQ (find (plan, 1)->deadlineMs, (int) (pieceLength * 1000 / 176'400));
        // 8 s at 176400 B/s is 1411200 bytes: more than the file, so the window is all of it.
        EXPECT_EQ (piecesOf (plan), range (0, 61));
    }

    TEST (StreamPlanner, OnlyPiecesHoldingTheFileAreNamed)
    {
        // A file in the middle of a torrent, with a header and tail larger than itself and a huge window.
        StreamPlanRequest request;
        request.geometry = { 40'000, 50'000, pieceLength, 200'000 };
        request.layout = { 1'000'000, 1'000'000 };
        request.bytesPerSecond = 1'000;
        request.windowSeconds = 10'000.0;

        const auto plan = planStream (request);

        expectWellFormed (plan);
        // Bytes 40000 to 89999 of the torrent: pieces 2 to 5, never the neighbours' 0, 1 or 6 onwards.
        EXPECT_EQ (piecesOf (plan), range (2, 5));
    }

    TEST (StreamPlanner, WindowInAFileStartingMidPieceCountsFromTheFilesBytes)
    {
        StreamPlanRequest request;
        request.geometry = middleFileOfThree();
        request.bytesPerSecond = 10'000;
        request.includeHeaderAndTail = false;

        const auto plan = planStream (request);

        ASSERT_EQ (piecesOf (plan), range (0, 3));
        EXPECT_EQ (find (plan, 0)->deadlineMs, 0);
        // Our first byte in piece 1 is file byte 6384: 638 ms in at 10000 B/s.
        EXPECT_EQ (find (plan, 1)->deadlineMs, 638);
        EXPECT_EQ (find (plan, 3)->deadlineMs, (int) ((3 * pieceLength - 10'000) * 1000 / 10'000));
    }

    TEST (StreamPlanner, FileSmallerThanAPieceIsOnePiecePlannedOnce)
    {
        StreamPlanRequest request;
        request.geometry = { 20'000, 3'000, pieceLength, 100'000 };
        request.format = AudioFormat::mp3;
        request.layout = { 500, 128 };
        request.bytesPerSecond = 16'000;
        request.readOffset = 1'000;

        EXPECT_EQ (planStream (request), (std::vector<PieceDeadline> { { 1, 0, Reason::header } }));
    }

    TEST (StreamPlanner, EmptyFileHasNothingToFetch)
    {
        StreamPlanRequest request;
        request.geometry = { 20'000, 0, pieceLength, 100'000 };
        request.layout = { 10, 10 };

        EXPECT_TRUE (planStream (request).empty());
    }

    TEST (StreamPlanner, PriorityFallsWithDistanceFromTheReader)
    {
        EXPECT_EQ (5, lookaheadPriority (0.0, 8.0));
        EXPECT_EQ (5, lookaheadPriority (7.9, 8.0));
        EXPECT_EQ (4, lookaheadPriority (8.0, 8.0)); // libtorrent's default, just past the window
        EXPECT_EQ (3, lookaheadPriority (38.0, 8.0));
        EXPECT_EQ (2, lookaheadPriority (98.0, 8.0));
        EXPECT_EQ (1, lookaheadPriority (218.0, 8.0));
        EXPECT_EQ (1, lookaheadPriority (1e9, 8.0));
        EXPECT_EQ (1, lookaheadPriority (-1.0, 8.0)); // behind the reader
        EXPECT_EQ (4, lookaheadPriority (0.0, std::numeric_limits<double>::quiet_NaN()));
    }

    TEST (StreamPlanner, PrioritiesCoverTheFileInPlaybackOrder)
    {
        // 10 MB at 32 KiB/s: each 16 KiB piece is half a second, 611 pieces.
        auto request = flacRequest (0);
        request.geometry = singleFileTorrent (10'000'000);
        const std::vector<PriorityBand> fromStart { { 0, 15, 5 }, { 16, 75, 4 }, { 76, 195, 3 }, { 196, 435, 2 }, { 436, 610, 1 } };
        EXPECT_EQ (fromStart, planPriorities (request));

        // Read from piece 100 on (a seek): what is behind comes last.
        request.readOffset = 100 * pieceLength + 5;
        const std::vector<PriorityBand> fromSeek { { 0, 99, 1 }, { 100, 116, 5 }, { 117, 176, 4 }, { 177, 296, 3 }, { 297, 536, 2 }, { 537, 610, 1 } };
        EXPECT_EQ (fromSeek, planPriorities (request));
    }

    TEST (StreamPlanner, PrioritiesOfAFileAmongOthersNameOnlyItsPieces)
    {
        StreamPlanRequest request;
        request.geometry = middleFileOfThree(); // pieces 0..3
        request.bytesPerSecond = 32'768;
        request.windowSeconds = 8.0;
        const std::vector<PriorityBand> all { { 0, 3, 5 } };
        EXPECT_EQ (all, planPriorities (request));

        request.geometry = singleFileTorrent (0);
        EXPECT_TRUE (planPriorities (request).empty());
    }
} // namespace earshot
