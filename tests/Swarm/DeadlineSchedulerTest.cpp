// The deadline scheduler against a fake torrent: what a stream's plan turns into (deadlines,
// priorities, reads), and what is undone when the stream moves on or closes.

#include "Swarm/DeadlineScheduler.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <map>
#include <set>
#include <vector>

namespace earshot
{
    namespace
    {
        using Clock = DeadlineScheduler::Clock;
        using namespace std::chrono_literals;

        /** A torrent that records what the scheduler does to its pieces. */
        class FakePieces final : public PieceControl
        {
        public:
            std::set<int> have;
            std::set<int> inFlight;
            /** Deadlines set now, in milliseconds from the call, and whether each alerts. */
            std::map<int, int> deadlineMs;
            std::map<int, bool> alerts;
            std::map<int, int> priorities;
            std::vector<int> reads;
            std::vector<int> resets;
            int deadlineCalls = 0;

            bool havePiece (int piece) const override { return have.count (piece) != 0; }
            void readPiece (int piece) override { reads.push_back (piece); }
            void setDeadline (int piece, int milliseconds, bool alertWhenAvailable) override
            {
                ++deadlineCalls;
                deadlineMs[piece] = milliseconds;
                alerts[piece] = alertWhenAvailable;
                priorities[piece] = 7;
            }
            void resetDeadline (int piece) override
            {
                resets.push_back (piece);
                deadlineMs.erase (piece);
            }
            void setPriority (int piece, int priority) override { priorities[piece] = priority; }
            std::set<int> piecesNotToCancel() const override { return inFlight; }
        };

        constexpr std::uint64_t pieceLength = 16 * 1024;
        constexpr std::uint64_t fileSize = 1'000'000;

        /** A 1 MB FLAC track at 256 kbit/s in a torrent of its own: each piece is half a second. */
        TrackManifest flacTrack()
        {
            TrackManifest manifest;
            manifest.infoHashHex = std::string (40, 'a');
            manifest.fileSize = fileSize;
            manifest.format = AudioFormat::flac;
            manifest.layout = { 40'000, 0 };
            manifest.metadata.bitrateKbps = 256;
            return manifest;
        }

        class DeadlineSchedulerTest : public ::testing::Test
        {
        protected:
            std::shared_ptr<StreamCursor> openStream (std::uint64_t offset)
            {
                auto cursor = std::make_shared<StreamCursor> (trackId, geometry, offset, 8.0, true);
                streams.push_back (cursor);
                return cursor;
            }

            void replan() { scheduler.replan (streams, manifestOf, now, pieces); }

            /** What the planner asks for a stream at offset, as replan asks it. */
            std::vector<PieceDeadline> planAt (std::uint64_t offset) const
            {
                StreamPlanRequest request;
                request.geometry = geometry;
                request.format = manifest.format;
                request.layout = manifest.layout;
                request.bytesPerSecond = bytesPerSecondOfAudio (manifest);
                request.readOffset = offset;
                request.windowSeconds = 8.0;
                request.includeHeaderAndTail = true;
                return planStream (request);
            }

            const std::string trackId = std::string (40, 'a');
            const FileGeometry geometry { 0, fileSize, pieceLength, fileSize };
            const TrackManifest manifest = flacTrack();
            const DeadlineScheduler::ManifestOf manifestOf = [this] (const std::string& id)
            { return id == trackId ? &manifest : nullptr; };
            const Clock::time_point now = Clock::now();

            FakePieces pieces;
            DeadlineScheduler scheduler { { StreamStrategy::deadlines, 1500ms, trackId } };
            DeadlineScheduler::Streams streams;
        };

        TEST_F (DeadlineSchedulerTest, OnlyPiecesDueWithinTheHorizonGetDeadlinesTheRestOfTheWindowIsRaised)
        {
            openStream (0);
            replan();

            const auto plan = planAt (0);
            ASSERT_GT (plan.size(), 4u) << "the premise: the window reaches past the horizon";
            int beyond = 0;
            for (const auto& step : plan)
            {
                if (step.deadlineMs <= 1500)
                {
                    ASSERT_EQ (pieces.deadlineMs.count (step.piece), 1u) << "piece " << step.piece;
                    EXPECT_EQ (pieces.deadlineMs[step.piece], step.deadlineMs);
                    // set_piece_deadline raises it to 7; later ones are graded so the ordinary
                    // picker asks for them in playback order.
                    const int expected = step.deadlineMs <= 300 ? 7 : step.deadlineMs <= 700 ? 6
                                                                                             : 5;
                    EXPECT_EQ (pieces.priorities[step.piece], expected) << "piece " << step.piece;
                }
                else
                {
                    ++beyond;
                    EXPECT_EQ (pieces.deadlineMs.count (step.piece), 0u) << "piece " << step.piece;
                    EXPECT_EQ (pieces.priorities[step.piece], 5) << "piece " << step.piece;
                }
            }
            EXPECT_GT (beyond, 0) << "the premise: some of the window is beyond the horizon";
            // The reader waits on its first piece: libtorrent must post its bytes as it arrives.
            EXPECT_TRUE (pieces.alerts[0]);
            EXPECT_EQ (scheduler.deadlinePieces().size(), pieces.deadlineMs.size());
            EXPECT_TRUE (scheduler.lacksDeadlinePiece (pieces));
        }

        TEST_F (DeadlineSchedulerTest, ADeadlineIsNotSentAgainUnlessItMovesEarlier)
        {
            openStream (0);
            replan();
            const int calls = pieces.deadlineCalls;
            ASSERT_GT (calls, 0);
            replan();
            EXPECT_EQ (pieces.deadlineCalls, calls);
        }

        TEST_F (DeadlineSchedulerTest, APieceAlreadyHereIsReadOnceNotFetched)
        {
            pieces.have = { 0 };
            openStream (0);
            replan();
            EXPECT_EQ (pieces.reads, std::vector<int> { 0 });
            EXPECT_EQ (pieces.deadlineMs.count (0), 0u);

            replan(); // the read is still on its way: not asked again
            EXPECT_EQ (pieces.reads, std::vector<int> { 0 });

            scheduler.readFailed (0);
            replan();
            EXPECT_EQ (pieces.reads, (std::vector<int> { 0, 0 }));
        }

        TEST_F (DeadlineSchedulerTest, InACrowdOfListenersOnlyTheNextHalfSecondGetsDeadlines)
        {
            // One seed and nine other listeners: the rest of the window is left to the ordinary
            // picker (rarest first among the raised pieces), so the listeners have pieces to trade.
            scheduler.setSwarm (10, 1);
            EXPECT_EQ (scheduler.horizon(), 500ms);
            openStream (100'000);
            replan();
            int raised = 0;
            for (const auto& step : planAt (100'000))
            {
                if (step.deadlineMs <= 500)
                {
                    EXPECT_EQ (pieces.deadlineMs.count (step.piece), 1u) << "piece " << step.piece;
                }
                else
                {
                    EXPECT_EQ (pieces.deadlineMs.count (step.piece), 0u) << "piece " << step.piece;
                    EXPECT_EQ (pieces.priorities[step.piece], 5) << "piece " << step.piece;
                    ++raised;
                }
            }
            EXPECT_GT (raised, 0);

            // Seeds in the majority, or too few peers to be a crowd: the configured horizon.
            scheduler.setSwarm (4, 4);
            EXPECT_EQ (scheduler.horizon(), 1500ms);
            scheduler.setSwarm (3, 0);
            EXPECT_EQ (scheduler.horizon(), 500ms);
            scheduler.setSwarm (2, 0);
            EXPECT_EQ (scheduler.horizon(), 1500ms);
            scheduler.setSwarm (9, 3);
            EXPECT_EQ (scheduler.horizon(), 1500ms);
            scheduler.setSwarm (10, 3);
            EXPECT_EQ (scheduler.horizon(), 500ms);
        }

        TEST_F (DeadlineSchedulerTest, RestartingTakesEveryDeadlineBackAndTheNextPlanSetsThemAgain)
        {
            openStream (100'000);
            replan();
            const auto applied = scheduler.deadlinePieces();
            ASSERT_GE (applied.size(), 2u);
            pieces.inFlight = { applied.front() }; // asked of a peer that may not answer a cancel

            scheduler.restartDeadlines (pieces);
            EXPECT_EQ (scheduler.deadlinePieces(), std::vector<int> { applied.front() });
            EXPECT_EQ (pieces.resets.size(), applied.size() - 1);
            EXPECT_EQ (std::count (pieces.resets.begin(), pieces.resets.end(), applied.front()), 0);

            const auto callsBefore = pieces.deadlineCalls;
            replan();
            EXPECT_EQ (scheduler.deadlinePieces(), applied);
            EXPECT_EQ (pieces.deadlineCalls - callsBefore, static_cast<int> (applied.size()) - 1);
        }

        TEST_F (DeadlineSchedulerTest, ClosingTheStreamClearsItsDeadlinesExceptPiecesInFlight)
        {
            openStream (0);
            replan();
            const auto applied = scheduler.deadlinePieces();
            ASSERT_GE (applied.size(), 2u);
            const int inFlight = applied.back();
            pieces.inFlight = { inFlight };

            streams.clear();
            replan();

            EXPECT_EQ (scheduler.deadlinePieces(), std::vector<int> { inFlight });
            EXPECT_EQ (pieces.resets.size(), applied.size() - 1);
            for (const auto piece : pieces.resets)
            {
                EXPECT_NE (piece, inFlight);
                EXPECT_EQ (pieces.priorities[piece], PieceControl::defaultPriority);
            }
            // The raised pieces beyond the horizon go back to the default too.
            for (const auto& step : planAt (0))
            {
                if (step.deadlineMs > 1500)
                {
                    EXPECT_EQ (pieces.priorities[step.piece], PieceControl::defaultPriority) << "piece " << step.piece;
                }
            }
        }

        TEST_F (DeadlineSchedulerTest, WhileTheTrackIsFetchedWholeNowPiecesAStreamLetsGoStayAtTheTop)
        {
            // A producer waits for the whole track (SwarmSession::fetchWholeNow): a stream closing
            // must not drop its pieces below the rest of the file.
            scheduler.setReleasedPriority (7);
            openStream (0);
            replan();
            const auto applied = scheduler.deadlinePieces();
            ASSERT_FALSE (applied.empty());

            streams.clear();
            replan();

            EXPECT_EQ (pieces.resets.size(), applied.size());
            for (const auto piece : pieces.resets)
                EXPECT_EQ (pieces.priorities[piece], 7) << "piece " << piece;
            for (const auto& step : planAt (0))
                EXPECT_EQ (pieces.priorities[step.piece], 7) << "piece " << step.piece;
        }

        TEST_F (DeadlineSchedulerTest, TheRestOfTheFileIsFetchedRoughlyInPlaybackOrder)
        {
            // A seek to piece 30 of 61 (15 s in): the window ahead is raised, the rest of the
            // file after it stays at the default, what is behind the reader comes last.
            constexpr int reader = 30;
            pieces.have = { 50 };
            openStream (reader * pieceLength);
            replan();

            const auto plan = planAt (reader * pieceLength);
            std::set<int> planned;
            for (const auto& step : plan)
                planned.insert (step.piece);
            for (int piece = 0; piece <= geometry.lastPiece(); ++piece)
            {
                if (planned.count (piece) != 0)
                    continue; // the deadlines' and the window's (tested above)
                if (piece == 50)
                {
                    EXPECT_EQ (pieces.priorities.count (piece), 0u) << "a piece already here is left alone";
                }
                else
                {
                    EXPECT_EQ (pieces.priorities[piece], piece < reader ? 1 : 4) << "piece " << piece;
                }
            }

            // Nothing is sent again while nothing moved.
            auto before = pieces.priorities;
            pieces.priorities.clear();
            replan();
            for (const auto& [piece, priority] : pieces.priorities)
                EXPECT_TRUE (planned.count (piece) != 0) << "piece " << piece << " set again to " << priority;
            pieces.priorities = before;

            // Closed, the file is back at the default everywhere.
            streams.clear();
            replan();
            for (int piece = 0; piece <= geometry.lastPiece(); ++piece)
            {
                if (piece != 50)
                {
                    EXPECT_EQ (pieces.priorities[piece], PieceControl::defaultPriority) << "piece " << piece;
                }
            }
        }

        TEST_F (DeadlineSchedulerTest, WhileTheTrackIsFetchedWholeNowNothingIsLowered)
        {
            scheduler.setReleasedPriority (7);
            openStream (30 * pieceLength);
            replan();
            for (const auto& [piece, priority] : pieces.priorities)
                EXPECT_GE (priority, 5) << "piece " << piece;
        }

        TEST_F (DeadlineSchedulerTest, AFinishedPieceThatAStreamNeedsIsReadAndItsBytesDelivered)
        {
            auto cursor = openStream (0);
            replan();
            scheduler.pieceFinished (0, streams, now, pieces);
            EXPECT_TRUE (pieces.reads.empty()) << "libtorrent posts a deadline piece's bytes itself (alert_when_available)";
            EXPECT_EQ (scheduler.deadlinePieces().front(), 1);

            // A piece of the window with no read on its way is read when it is verified.
            const int later = geometry.pieceForFileOffset (4 * pieceLength);
            scheduler.readFailed (later);
            scheduler.pieceFinished (later, streams, now, pieces);
            EXPECT_EQ (pieces.reads, std::vector<int> { later });

            const std::string bytes (pieceLength, 'x');
            scheduler.pieceRead (0, bytes.data(), bytes.size(), streams);
            std::string out;
            ASSERT_TRUE (cursor->take (out, pieceLength));
            EXPECT_EQ (out, bytes);
        }

        TEST_F (DeadlineSchedulerTest, OtherStrategiesLeaveFetchingToLibtorrent)
        {
            scheduler = DeadlineScheduler ({ StreamStrategy::sequential, 1500ms, trackId });
            pieces.have = { 1 };
            openStream (0);
            replan();
            EXPECT_EQ (pieces.deadlineCalls, 0);
            EXPECT_TRUE (pieces.priorities.empty());
            EXPECT_EQ (pieces.reads, std::vector<int> { 1 }) << "a piece that is here is still read for the stream";
        }

        TEST_F (DeadlineSchedulerTest, AStreamOfATrackTheTorrentNoLongerHasPlansNothing)
        {
            streams.push_back (std::make_shared<StreamCursor> (std::string (40, 'b'), geometry, 0, 8.0, true));
            replan();
            EXPECT_EQ (pieces.deadlineCalls, 0);
            EXPECT_TRUE (scheduler.deadlinePieces().empty());
        }
    } // namespace
} // namespace earshot
