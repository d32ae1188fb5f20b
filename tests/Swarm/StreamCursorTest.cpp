// The hand-off between the swarm thread and a stream's reader, on its own: no daemon, no libtorrent
// session. Pieces go in as the swarm verifies them, in any order; the reader takes the file's bytes
// in order, as many as it asks for, up to the file's end; a failure reaches the reader; the listener
// is woken for each thing worth reading and never after detach().

#include "Swarm/StreamCursor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>

namespace earshot
{
    namespace
    {
        /** A track in the middle of an album torrent of 64 bytes in pieces of 16: the file is bytes
            [8, 44) of the torrent, so it starts half-way into piece 0 and ends part-way into piece 2,
            which it shares with the next file. */
        constexpr std::uint64_t pieceLength = 16;
        constexpr std::uint64_t fileStart = 8;
        constexpr std::uint64_t fileSize = 36;

        FileGeometry albumTrack()
        {
            FileGeometry geometry;
            geometry.offsetInTorrent = fileStart;
            geometry.fileSize = fileSize;
            geometry.pieceLength = pieceLength;
            geometry.torrentSize = 64;
            return geometry;
        }

        /** Every byte of the torrent different from its neighbours, so a byte out of place shows. */
        std::string torrentBytes()
        {
            std::string bytes;
            for (int i = 0; i < 64; ++i)
                bytes.push_back (static_cast<char> ('A' + i % 58));
            return bytes;
        }

        std::string fileBytes() { return torrentBytes().substr (fileStart, fileSize); }

        void deliver (StreamCursor& cursor, int piece)
        {
            const auto bytes = torrentBytes().substr (static_cast<std::size_t> (piece) * pieceLength, pieceLength);
            cursor.deliverPiece (piece, bytes.data(), bytes.size());
        }

        /** Takes everything ready, in chunks of at most maxBytes. */
        std::string takeAll (StreamCursor& cursor, std::size_t maxBytes = 1024)
        {
            std::string all, chunk;
            while (cursor.take (chunk, maxBytes))
                all += chunk;
            return all;
        }
    } // namespace

    TEST (StreamCursor, GivesTheFilesBytesInOrderWhateverOrderThePiecesCome)
    {
        StreamCursor cursor ("track", albumTrack(), 0, 10.0, true);
        EXPECT_EQ (cursor.position(), 0u);

        // Piece 2 first: nothing can be read past the gap at the file's start.
        deliver (cursor, 2);
        std::string out = "stale";
        EXPECT_FALSE (cursor.take (out, 1024));
        EXPECT_TRUE (out.empty());
        EXPECT_EQ (cursor.position(), 0u);

        // Piece 0: only the file's part of it (from torrent byte 8), then it stops at the gap.
        deliver (cursor, 0);
        EXPECT_EQ (takeAll (cursor), fileBytes().substr (0, 8));
        EXPECT_EQ (cursor.position(), 8u);
        EXPECT_FALSE (cursor.atEnd());

        // Piece 1 joins them up: the rest of the file, and not the next file's bytes in piece 2.
        deliver (cursor, 1);
        EXPECT_EQ (takeAll (cursor), fileBytes().substr (8));
        EXPECT_EQ (cursor.position(), fileSize);
        EXPECT_TRUE (cursor.atEnd());
    }

    TEST (StreamCursor, TakeGivesAtMostMaxBytesAndAdvancesByWhatItGave)
    {
        StreamCursor cursor ("track", albumTrack(), 0, 10.0, false);
        for (const int piece : { 0, 1, 2 })
            deliver (cursor, piece);

        std::string out;
        ASSERT_TRUE (cursor.take (out, 5));
        EXPECT_EQ (out, fileBytes().substr (0, 5));
        EXPECT_EQ (cursor.position(), 5u);

        // Across a piece boundary (file byte 8) in one take.
        ASSERT_TRUE (cursor.take (out, 10));
        EXPECT_EQ (out, fileBytes().substr (5, 10));
        EXPECT_EQ (cursor.position(), 15u);

        // In single bytes to the end: the same bytes as in one go.
        EXPECT_EQ (takeAll (cursor, 1), fileBytes().substr (15));
        EXPECT_TRUE (cursor.atEnd());
    }

    TEST (StreamCursor, AtTheEndOfTheFileTakeHasNothingAndNoPieceIsNeeded)
    {
        StreamCursor cursor ("track", albumTrack(), fileSize - 3, 10.0, false);
        EXPECT_EQ (cursor.position(), fileSize - 3);
        deliver (cursor, 2);
        EXPECT_EQ (takeAll (cursor), fileBytes().substr (fileSize - 3));
        EXPECT_TRUE (cursor.atEnd());

        std::string out;
        EXPECT_FALSE (cursor.take (out, 1024));
        EXPECT_TRUE (out.empty());
        for (int piece = 0; piece < 4; ++piece)
            EXPECT_FALSE (cursor.needsPiece (piece, 3)) << piece;

        // An offset past the end is the end.
        StreamCursor pastEnd ("track", albumTrack(), 1000, 10.0, false);
        EXPECT_EQ (pastEnd.position(), fileSize);
        EXPECT_TRUE (pastEnd.atEnd());
    }

    TEST (StreamCursor, StartsAtItsOffsetAndIgnoresPiecesBehindIt)
    {
        // From file byte 20, in piece 1 (file bytes 8 to 24).
        StreamCursor cursor ("track", albumTrack(), 20, 10.0, false);
        int wakeUps = 0;
        cursor.setListener ([&]
                            { ++wakeUps; });

        deliver (cursor, 0); // behind the reader: dropped, and nothing to wake for
        EXPECT_EQ (wakeUps, 0);
        EXPECT_FALSE (cursor.needsPiece (0, 3));

        deliver (cursor, 1);
        EXPECT_EQ (wakeUps, 1);
        EXPECT_EQ (takeAll (cursor), fileBytes().substr (20, 4));
        EXPECT_EQ (cursor.position(), 24u);
    }

    TEST (StreamCursor, NeedsTheWindowsPiecesItDoesNotHold)
    {
        StreamCursor cursor ("track", albumTrack(), 10, 10.0, false); // in piece 1
        EXPECT_FALSE (cursor.needsPiece (0, 2)) << "behind the reader";
        EXPECT_TRUE (cursor.needsPiece (1, 2));
        EXPECT_TRUE (cursor.needsPiece (2, 2));
        EXPECT_FALSE (cursor.needsPiece (2, 1)) << "beyond the window";

        deliver (cursor, 2);
        EXPECT_FALSE (cursor.needsPiece (2, 2)) << "held already";
        EXPECT_TRUE (cursor.needsPiece (1, 2));
    }

    TEST (StreamCursor, ASecondDeliveryOfAPieceIsIgnored)
    {
        StreamCursor cursor ("track", albumTrack(), 0, 10.0, false);
        int wakeUps = 0;
        cursor.setListener ([&]
                            { ++wakeUps; });
        deliver (cursor, 0);
        const std::string garbage (pieceLength, '#');
        cursor.deliverPiece (0, garbage.data(), garbage.size());
        EXPECT_EQ (wakeUps, 1);
        EXPECT_EQ (takeAll (cursor), fileBytes().substr (0, 8));
    }

    TEST (StreamCursor, AFailureReachesTheReaderEvenWithBytesWaiting)
    {
        StreamCursor cursor ("track", albumTrack(), 0, 10.0, false);
        int wakeUps = 0;
        cursor.setListener ([&]
                            { ++wakeUps; });
        deliver (cursor, 0);
        cursor.fail (Error (ErrorCode::notFound, "track 'track' was removed"));
        EXPECT_EQ (wakeUps, 2);

        // The first failure is the one the reader sees, every time it asks.
        cursor.fail (Error (ErrorCode::internal, "a later failure"));
        for (int attempt = 0; attempt < 2; ++attempt)
        {
            std::string out;
            try
            {
                (void) cursor.take (out, 1024);
                ADD_FAILURE() << "take did not throw the stream's failure";
            }
            catch (const Error& error)
            {
                EXPECT_EQ (error.code(), ErrorCode::notFound);
                EXPECT_STREQ (error.what(), "track 'track' was removed");
            }
        }
        EXPECT_EQ (cursor.position(), 0u);
    }

    TEST (StreamCursor, AfterDetachTheListenerIsNeverCalled)
    {
        StreamCursor cursor ("track", albumTrack(), 0, 10.0, false);
        int wakeUps = 0;
        cursor.setListener ([&]
                            { ++wakeUps; });
        deliver (cursor, 0);
        EXPECT_EQ (wakeUps, 1);

        cursor.detach();
        deliver (cursor, 1);
        cursor.fail (Error (ErrorCode::unavailable, "the swarm stopped"));
        EXPECT_EQ (wakeUps, 1);

        // A new listener takes over.
        int later = 0;
        cursor.setListener ([&]
                            { ++later; });
        deliver (cursor, 2);
        EXPECT_EQ (later, 1);
        EXPECT_EQ (wakeUps, 1);
    }

    TEST (StreamCursor, DetachWaitsForAListenerThatIsRunning)
    {
        StreamCursor cursor ("track", albumTrack(), 0, 10.0, false);
        std::promise<void> entered, release;
        auto released = release.get_future();
        std::atomic<bool> finished { false };
        cursor.setListener ([&]
                            {
            entered.set_value();
            released.wait();
            finished = true; });

        // The swarm thread delivers; its wake-up is still running when the reader detaches.
        std::thread swarm ([&]
                           { deliver (cursor, 0); });
        entered.get_future().wait();
        auto detached = std::async (std::launch::async, [&]
                                    {
            cursor.detach();
            return finished.load(); });
        EXPECT_EQ (detached.wait_for (std::chrono::milliseconds (100)), std::future_status::timeout) << "detach returned while the listener ran";
        release.set_value();
        EXPECT_TRUE (detached.get()) << "detach returned before the listener had finished";
        swarm.join();
    }

    TEST (StreamCursor, ReaderAndSwarmOnTheirOwnThreadsGetEveryByteInOrder)
    {
        // A whole-torrent file of 64 pieces delivered by another thread while the reader takes what
        // it can each time it is woken.
        FileGeometry geometry;
        geometry.fileSize = 64 * pieceLength;
        geometry.pieceLength = pieceLength;
        geometry.torrentSize = geometry.fileSize;
        std::string expected;
        for (std::uint64_t i = 0; i < geometry.fileSize; ++i)
            expected.push_back (static_cast<char> (i * 7 % 251));

        StreamCursor cursor ("whole", geometry, 0, 10.0, false);
        std::mutex mutex;
        std::condition_variable woken;
        int wakeUps = 0;
        cursor.setListener ([&]
                            {
            {
                std::lock_guard lock (mutex);
                ++wakeUps;
            }
            woken.notify_all(); });

        std::thread swarm ([&]
                           {
            for (int piece = 0; piece < 64; ++piece)
                cursor.deliverPiece (piece, expected.data() + static_cast<std::size_t> (piece) * pieceLength, pieceLength); });

        std::string received, chunk;
        int seen = 0;
        while (! cursor.atEnd())
        {
            {
                std::unique_lock lock (mutex);
                woken.wait (lock, [&]
                            { return wakeUps > seen; });
                seen = wakeUps;
            }
            while (cursor.take (chunk, 100))
                received += chunk;
        }
        swarm.join();
        EXPECT_EQ (received, expected);
        cursor.detach();
    }
} // namespace earshot
