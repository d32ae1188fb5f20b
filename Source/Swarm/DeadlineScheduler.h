#pragma once

#include "PieceControl.h"
#include "StreamCursor.h"
#include "SwarmSettings.h"

#include "Core/TrackManifest.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace earshot
{
    /** Turns the plans of a torrent's open streams (StreamPlanner) into libtorrent's piece
        deadlines, priorities and reads, and keeps track of what it has applied so that each
        replan changes only what moved. One per torrent; swarm thread only. Holds no libtorrent
        handle: it acts through a PieceControl, so it is tested without a session. */
    class DeadlineScheduler final
    {
    public:
        using Clock = std::chrono::steady_clock;
        using Streams = std::vector<std::shared_ptr<StreamCursor>>;
        /** The manifest of a stream's track, or nullptr when the torrent no longer has the track. */
        using ManifestOf = std::function<const TrackManifest*(const std::string& trackId)>;

        struct Options
        {
            StreamStrategy strategy = StreamStrategy::deadlines;
            /** Only pieces due within this long get a deadline (SwarmSettings::deadlineHorizonMs). */
            std::chrono::milliseconds horizon { 1500 };
            /** The torrent's info-hash, for the log. */
            std::string torrentId;
            /** The rest of a streamed file gets priorities falling with distance from the reader
                (Core's planPriorities), so what is fetched beyond the deadlines comes roughly in
                playback order (SwarmSettings::lookaheadPriorities). */
            bool lookaheadPriorities = true;
        };

        DeadlineScheduler() = default;
        explicit DeadlineScheduler (Options schedulerOptions)
            : options (std::move (schedulerOptions)) {}

        /** Asks the planner what each open stream needs and brings the deadlines and reads in line
            with the union of those plans. */
        void replan (const Streams& streams, const ManifestOf& manifestOf, Clock::time_point now, PieceControl& pieces);
        /** A piece passed its hash check: its deadline is spent, and a stream that needs it gets it read. */
        void pieceFinished (int piece, const Streams& streams, Clock::time_point now, PieceControl& pieces);
        /** A piece's bytes came back from disk: each stream that needs them gets them. */
        void pieceRead (int piece, const char* data, std::size_t size, const Streams& streams);
        /** A read failed: the next replan asks again. */
        void readFailed (int piece) { pendingReads.erase (piece); }
        /** A stream closed. */
        void forgetStream (const StreamCursor* stream) { windowEnds.erase (stream); }
        /** Forgets the deadlines applied, so the next replan sets them all afresh (after the
            torrent's connections were dropped, which loses them in libtorrent). */
        void forgetDeadlines() { deadlines.clear(); }
        /** The priority a piece gets back when no stream wants it any more: libtorrent's default,
            or the top while a track of the torrent is fetched whole at once (SwarmSession::fetchWholeNow). */
        void setReleasedPriority (int priority) noexcept
        {
            releasedPriority = priority;
            graded.clear(); // the caller set every piece's priority itself
        }

        /** The torrent's swarm as its last status saw it: the connected peers, and how many of
            them are seeds. A crowd (at least 3 peers that are not seeds, and more than twice as
            many as the seeds: listeners who started a new release together) shortens the deadline
            horizon to crowdedHorizon. Each listener's deadlines ask the few seeds for the same
            pieces at the same moment, and libtorrent fetches deadline pieces in deadline order,
            not rarest first, so the listeners have nothing to trade: ten listeners with 1.5 s of
            deadlines took 3.3 times as long as ten plain downloads to complete the swarm, with
            0.5 s 1.2 times (`earshot_swarm_lab`, swarm health). With the seeds in the majority,
            as when a track is fetched from the people who have it, the configured horizon stands:
            a slow or seed-only swarm started later with 0.5 s. */
        void setSwarm (int connectedPeers, int connectedSeeds) noexcept { crowded = connectedPeers - connectedSeeds >= 3 && connectedPeers - connectedSeeds > 2 * connectedSeeds; }
        /** Only pieces due within this long get a deadline now. */
        [[nodiscard]] std::chrono::milliseconds horizon() const noexcept { return crowded ? std::min (options.horizon, crowdedHorizon) : options.horizon; }
        static constexpr std::chrono::milliseconds crowdedHorizon { 500 };

        /** Takes every deadline back from libtorrent (but a piece a cancel could strand), for the
            next replan to set again. Called when one of several streams of a torrent closes, as
            the old one does after a seek: libtorrent withdraws every ordinary request when its
            first deadline comes in (cancel_non_critical), and only then, so the requests made for
            the old position (its window and lookahead, up to some 20 blocks a peer) go, instead
            of being answered first. */
        void restartDeadlines (PieceControl& pieces);

        /** The pieces with a deadline in libtorrent now, in order. */
        [[nodiscard]] std::vector<int> deadlinePieces() const;
        /** Some piece with a deadline is not here yet. */
        [[nodiscard]] bool lacksDeadlinePiece (const PieceControl& pieces) const;

    private:
        struct Deadline
        {
            Clock::time_point due;
            bool alertWhenAvailable = false;
            int priority = 7;
        };
        struct Want
        {
            Clock::time_point due;
            bool bytes = false;
        };

        std::map<int, Want> plan (const Streams& streams, const ManifestOf& manifestOf, Clock::time_point now, std::map<int, int>& lookahead);
        void applyLookahead (const std::map<int, int>& lookahead, PieceControl& pieces);
        void apply (int piece, const Want& want, Clock::time_point now, PieceControl& pieces);
        void dropUnwanted (const std::map<int, Want>& wanted, PieceControl& pieces);

        Options options;
        int releasedPriority = PieceControl::defaultPriority;
        bool crowded = false;
        /** Deadlines set in libtorrent now, by piece. */
        std::map<int, Deadline> deadlines;
        /** Planned pieces beyond the deadline horizon, raised above the rest of the file. */
        std::set<int> boosted;
        /** Pieces given a lookahead priority, and which. */
        std::map<int, int> graded;
        /** Pieces whose read_piece_alert is still to come, and since when. */
        std::map<int, Clock::time_point> pendingReads;
        /** For each open stream, the last piece of its read window at the latest plan. */
        std::map<const StreamCursor*, int> windowEnds;
    };
} // namespace earshot
