#include "DeadlineScheduler.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace earshot
{
    namespace
    {
        /** A deadline is only sent again when it moves earlier by more than this: libtorrent re-sorts
            its time-critical list on every call. */
        constexpr auto deadlineSlack = std::chrono::milliseconds (50);
        /** A piece on disk whose read has not come back in this long is read again: a stream must
            never wait on an alert that was not posted. Duplicates are harmless (the cursor drops them). */
        constexpr auto readRetry = std::chrono::seconds (1);
    } // namespace

    std::map<int, DeadlineScheduler::Want> DeadlineScheduler::plan (const Streams& streams, const ManifestOf& manifestOf, Clock::time_point now, std::map<int, int>& lookahead)
    {
        const bool grading = options.lookaheadPriorities && options.strategy == StreamStrategy::deadlines
                             && releasedPriority == PieceControl::defaultPriority;
        std::map<int, Want> wanted;
        windowEnds.clear();
        for (const auto& cursor : streams)
        {
            const auto* manifest = manifestOf (cursor->trackId());
            if (cursor->atEnd() || manifest == nullptr)
                continue;
            const auto& geometry = cursor->geometry();

            StreamPlanRequest request;
            request.geometry = geometry;
            request.format = manifest->format;
            request.layout = manifest->layout;
            request.bytesPerSecond = bytesPerSecondOfAudio (*manifest);
            request.readOffset = cursor->position();
            request.windowSeconds = cursor->windowSeconds();
            request.includeHeaderAndTail = cursor->wantsHeaderAndTail();

            const auto steps = planStream (request);
            const int current = geometry.pieceForFileOffset (cursor->position());
            int windowEnd = current;
            for (const auto& step : steps)
                if (step.reason == PieceDeadline::Reason::window)
                    windowEnd = std::max (windowEnd, step.piece);
            windowEnds[cursor.get()] = windowEnd;

            if (grading)
                for (const auto& band : planPriorities (request))
                    for (auto piece = band.firstPiece; piece <= band.lastPiece; ++piece)
                    {
                        auto [entry, inserted] = lookahead.try_emplace (piece, band.priority);
                        if (! inserted)
                            entry->second = std::max (entry->second, band.priority);
                    }

            for (const auto& step : steps)
            {
                const bool bytes = step.piece >= current && step.piece <= windowEnd && cursor->needsPiece (step.piece, windowEnd);
                const auto due = now + std::chrono::milliseconds (step.deadlineMs);
                auto [entry, inserted] = wanted.try_emplace (step.piece, Want { due, bytes });
                if (! inserted)
                {
                    entry->second.due = std::min (entry->second.due, due);
                    entry->second.bytes = entry->second.bytes || bytes;
                }
            }
        }
        return wanted;
    }

    void DeadlineScheduler::replan (const Streams& streams, const ManifestOf& manifestOf, Clock::time_point now, PieceControl& pieces)
    {
        std::map<int, int> lookahead;
        const auto wanted = plan (streams, manifestOf, now, lookahead);

        if (spdlog::should_log (spdlog::level::trace))
        {
            std::string planned;
            for (const auto& [piece, want] : wanted)
                planned += " " + std::to_string (piece) + "@" + std::to_string (std::chrono::duration_cast<std::chrono::milliseconds> (want.due - now).count());
            spdlog::trace ("track {}: plan{}", options.torrentId, planned);
        }

        // Dropped first: after a seek the old position's deadlines go (but for pieces a cancel
        // could strand), and when none is left libtorrent cancels every ordinary request as the
        // new position's first deadline comes in (cancel_non_critical). Those requests, the old
        // window's and lookahead's, sit in each peer's queue ahead of the new ones otherwise, and
        // a peer answers in the order asked: a second and more of waiting.
        dropUnwanted (wanted, pieces);
        for (const auto& [piece, want] : wanted)
            apply (piece, want, now, pieces);
        applyLookahead (lookahead, pieces);
    }

    void DeadlineScheduler::applyLookahead (const std::map<int, int>& lookahead, PieceControl& pieces)
    {
        // Pieces no stream reads any more go back to where they were; a piece with a deadline or
        // a boost has its priority from those.
        for (auto entry = graded.begin(); entry != graded.end();)
        {
            if (lookahead.count (entry->first) == 0)
            {
                if (deadlines.count (entry->first) == 0 && boosted.count (entry->first) == 0)
                    pieces.setPriority (entry->first, releasedPriority);
                entry = graded.erase (entry);
            }
            else
            {
                ++entry;
            }
        }

        for (const auto& [piece, priority] : lookahead)
        {
            if (deadlines.count (piece) != 0 || boosted.count (piece) != 0)
            {
                graded.erase (piece);
                continue;
            }
            auto applied = graded.find (piece);
            if (applied != graded.end() && applied->second == priority)
                continue;
            if (pieces.havePiece (piece))
                continue;
            pieces.setPriority (piece, priority);
            graded[piece] = priority;
        }
    }

    void DeadlineScheduler::apply (int piece, const Want& want, Clock::time_point now, PieceControl& pieces)
    {
        if (pieces.havePiece (piece))
        {
            if (want.bytes)
            {
                auto pending = pendingReads.find (piece);
                if (pending == pendingReads.end() || now - pending->second > readRetry)
                {
                    pendingReads[piece] = now;
                    pieces.readPiece (piece);
                }
            }
            return;
        }

        if (options.strategy != StreamStrategy::deadlines)
            return;

        // Beyond the horizon: no deadline yet, but above the rest of the file, so the
        // ordinary picker fills the window before it fetches rarest-first pieces. Without
        // this, a swarm only a little faster than the track's bitrate spends most of it
        // elsewhere, and playback stalls.
        if (want.due > now + horizon())
        {
            if (deadlines.count (piece) == 0 && boosted.insert (piece).second)
                pieces.setPriority (piece, 5);
            return;
        }
        boosted.erase (piece);

        auto applied = deadlines.find (piece);
        const bool needsAlert = want.bytes && (applied == deadlines.end() || ! applied->second.alertWhenAvailable);
        if (applied == deadlines.end() || applied->second.due > want.due + deadlineSlack || needsAlert)
        {
            const bool alert = want.bytes || (applied != deadlines.end() && applied->second.alertWhenAvailable);
            const auto ms = std::max<long long> (0, std::chrono::duration_cast<std::chrono::milliseconds> (want.due - now).count());
            pieces.setDeadline (piece, static_cast<int> (ms), alert);
            deadlines[piece] = { want.due, alert, 7 }; // set_piece_deadline raises it to 7
            if (alert)
                pendingReads.try_emplace (piece, now);
        }

        // Until libtorrent knows a new peer's rate its time-critical picker holds back, and the
        // ordinary picker shuffles pieces of equal priority. Grading by due time makes that picker
        // ask for them in playback order, so the first pieces lead every peer's queue.
        auto& deadline = deadlines[piece];
        const auto dueIn = want.due - now;
        const int priority = dueIn <= std::chrono::milliseconds (300) ? 7 : dueIn <= std::chrono::milliseconds (700) ? 6
                                                                                                                     : 5;
        if (deadline.priority != priority)
        {
            pieces.setPriority (piece, priority);
            deadline.priority = priority;
        }
    }

    void DeadlineScheduler::dropUnwanted (const std::map<int, Want>& wanted, PieceControl& pieces)
    {
        // Dropping the deadline of a piece whose blocks are already on the wire makes libtorrent
        // cancel those requests, and that is what a seek needs: requests left standing fill each
        // peer's queue (16 to 37 blocks in a listener's trace) ahead of the new position's, a
        // second and more.
        // A peer that may answer the cancel with nothing at all (Transmission 3.00; see
        // StallRecovery) would strand the piece, so a piece asked of such a peer, or being
        // written, keeps its deadline until it arrives; every other dropped deadline is cleared.
        std::set<int> inFlight;
        if (std::any_of (deadlines.begin(), deadlines.end(), [&wanted] (const auto& applied)
                         { return wanted.count (applied.first) == 0; }))
            inFlight = pieces.piecesNotToCancel();

        for (auto boost = boosted.begin(); boost != boosted.end();)
        {
            if (wanted.count (*boost) == 0)
            {
                pieces.setPriority (*boost, releasedPriority);
                boost = boosted.erase (boost);
            }
            else
            {
                ++boost;
            }
        }

        for (auto applied = deadlines.begin(); applied != deadlines.end();)
        {
            if (wanted.count (applied->first) == 0 && inFlight.count (applied->first) == 0)
            {
                pieces.resetDeadline (applied->first);
                pieces.setPriority (applied->first, releasedPriority);
                applied = deadlines.erase (applied);
            }
            else
            {
                ++applied;
            }
        }
    }

    void DeadlineScheduler::restartDeadlines (PieceControl& pieces)
    {
        if (deadlines.empty())
            return;
        const auto held = pieces.piecesNotToCancel();
        for (auto applied = deadlines.begin(); applied != deadlines.end();)
        {
            if (held.count (applied->first) != 0)
            {
                ++applied;
                continue;
            }
            pieces.resetDeadline (applied->first);
            applied = deadlines.erase (applied);
        }
    }

    void DeadlineScheduler::pieceFinished (int piece, const Streams& streams, Clock::time_point now, PieceControl& pieces)
    {
        deadlines.erase (piece);
        boosted.erase (piece);
        if (pendingReads.count (piece) != 0)
            return; // libtorrent reads it for us (alert_when_available); replan retries if not

        for (const auto& cursor : streams)
        {
            auto end = windowEnds.find (cursor.get());
            if (end != windowEnds.end() && cursor->needsPiece (piece, end->second))
            {
                pendingReads[piece] = now;
                pieces.readPiece (piece);
                return;
            }
        }
    }

    void DeadlineScheduler::pieceRead (int piece, const char* data, std::size_t size, const Streams& streams)
    {
        pendingReads.erase (piece);
        std::shared_ptr<const std::string> bytes; // one copy, shared by every stream that wants it
        for (const auto& cursor : streams)
        {
            auto end = windowEnds.find (cursor.get());
            const int windowEnd = end != windowEnds.end() ? end->second : piece;
            if (! cursor->needsPiece (piece, std::max (windowEnd, piece)))
                continue;
            if (! bytes)
                bytes = std::make_shared<const std::string> (data, size);
            cursor->deliverPiece (piece, bytes);
        }
    }

    std::vector<int> DeadlineScheduler::deadlinePieces() const
    {
        std::vector<int> pieces;
        for (const auto& [piece, deadline] : deadlines)
            pieces.push_back (piece);
        return pieces;
    }

    bool DeadlineScheduler::lacksDeadlinePiece (const PieceControl& pieces) const
    {
        return std::any_of (deadlines.begin(), deadlines.end(), [&pieces] (const auto& applied)
                            { return ! pieces.havePiece (applied.first); });
    }
} // namespace earshot
