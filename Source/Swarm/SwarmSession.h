#pragma once

#include "Core/TransferSettings.h"
#include "DhtItem.h"
#include "StreamCursor.h"
#include "SwarmSettings.h"
#include "TrackTorrent.h"

#include "Core/TrackManifest.h"
#include "Core/TrackStatus.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace earshot
{
    /** What the swarm tells the rest of the daemon. Called on the swarm thread: keep it short. */
    struct SwarmEvents
    {
        /** libtorrent's resume data for a torrent (all its tracks), bencoded, to be stored. */
        std::function<void (const std::string& infoHash, std::string resumeData)> resumeDataSaved;
        /** A magnet link's info dictionary arrived from peers: the tracks it holds (one, or an
            album's), which replace the link's placeholder track (whose id was the info-hash). */
        std::function<void (const std::string& infoHash, const std::vector<TrackTorrent>& tracks)> metadataReceived;
        /** The pieces holding the opening of a downloaded track's file (its layout's header bytes,
            where tags and stream info sit) are verified: it can be described before it is whole.
            Sent once per track and session. */
        std::function<void (const std::string& trackId)> openingArrived;
        /** Every piece of the track's file is verified (an album's track while the rest downloads). */
        std::function<void (const std::string& trackId)> trackCompleted;
    };

    /** How a track joins the session. */
    struct AddTrackOptions
    {
        /** The folder libtorrent saves into (the file's own folder for a published track). */
        std::string savePath;
        /** libtorrent resume data saved by an earlier session, if any. */
        std::optional<std::string> resumeData;
        /** The file is known complete (just published): seed without checking it first. */
        bool seedMode = false;
        /** Peers to connect to once added, as "ip:port". */
        std::vector<std::string> peers;
        /** Trackers to announce to, in order of preference (one tier each), besides any the torrent
            already has (its .torrent file's, a magnet link's tr=, its resume data's). */
        std::vector<std::string> trackers;
    };

    /** What to fetch as a document torrent (see SwarmSession::fetchDocument). */
    struct DocumentFetch
    {
        /** The torrent's v1 info-hash, 40 lower-case hex digits. */
        std::string infoHash;
        /** Where its file is written. */
        std::string folder;
        /** A torrent whose metadata says more than this is dropped before its data is fetched. */
        std::uint64_t maxBytes = 0;
        /** How long the whole fetch may take before it is given up. */
        std::chrono::milliseconds timeout { 60'000 };
        /** Peers to ask besides those the DHT names, as "ip:port". */
        std::vector<std::string> peers;
    };

    /** Owns the libtorrent session on one thread; nothing else touches libtorrent. Every public
        member may be called from any thread: commands are queued to the swarm thread, and the calls
        that return a value wait for it. Once the swarm thread's loop has stopped (the session is
        shutting down), such a call throws Error (unavailable) at once; the others do nothing.
        Alerts are turned into our own events and stream deliveries on that thread before anything
        else sees them (SwarmAlerts). */
    class SwarmSession final
    {
    public:
        SwarmSession (SwarmSettings settings, SwarmEvents events);
        /** Saves resume data for every track (waiting a few seconds at most) and stops the session. */
        ~SwarmSession();
        /** What the destructor does, while the object stays: for an owner whose other threads may
            still call in (they fail as the class comment says) until it has stopped them too.
            Call from one thread, not the swarm's own; calling again does nothing. */
        void stop();

        SwarmSession (const SwarmSession&) = delete;
        SwarmSession& operator= (const SwarmSession&) = delete;

        /** Adds a track with a known torrent. The first track of a torrent adds the torrent (every
            file of it is fetched); an album's other tracks join it. Throws Error when libtorrent
            refuses it. */
        void addTrack (const TrackManifest& manifest, const TrackTorrent& torrent, AddTrackOptions options);
        /** One track for addTracks. */
        struct TrackToAdd
        {
            TrackManifest manifest;
            TrackTorrent torrent;
            AddTrackOptions options;
        };
        /** addTrack for each track, in order, in one command on the swarm thread (a library
            restored at start: one command per track cost a round trip each). Returns, for each
            track in the same order, why it was refused, or an empty string when it was added; one
            refused track does not stop the others. */
        std::vector<std::string> addTracks (const std::vector<TrackToAdd>& tracks);
        /** Adds a track from a magnet link; its torrent arrives later through metadataReceived.
            Returns the track id. Throws Error (invalidArgument) for a malformed link. */
        std::string addMagnet (const std::string& magnetUri, AddTrackOptions options);
        /** Updates what the planner knows of a track (its format and layout, once probed). */
        void updateManifest (const TrackManifest& manifest);
        /** Removes a track; its open streams fail with "removed". The torrent, and its files when
            deleteFiles, goes with its last track (an album's tracks share pieces). */
        void removeTrack (const std::string& trackId, bool deleteFiles);
        /** Has the track's torrent announce to these trackers too, at once (those it has already
            are left as they are). Does nothing for a track the session does not have. */
        void addTrackers (const std::string& trackId, const std::vector<std::string>& trackers);
        /** Connects to a peer for one track, or for every track when trackId is empty. Returns the
            number of tracks tried. Throws Error (invalidArgument) for a malformed endpoint. */
        int connectPeer (const std::string& endpoint, const std::string& trackId);
        /** connectPeer without waiting for the swarm thread: done gets the answer on that thread
            (or on this one, at once, for a malformed endpoint or a stopped swarm), always exactly
            once; calling the answer returns the number of tracks tried or throws the Error. */
        void connectPeer (const std::string& endpoint, const std::string& trackId, std::function<void (std::function<int()>)> done);

        /** Fetches the rest of a track now (urgent: every piece of its file not yet verified goes to
            libtorrent's top priority, and its torrent stops yielding to streams of other tracks), or
            at the normal pace again. A stream's deadlines still come first. Waits for the swarm
            thread. Throws Error (notFound) for a track the session does not have, and
            (failedPrecondition) for a magnet link whose metadata has not arrived. */
        void fetchWholeNow (const std::string& trackId, bool urgent);

        /** The latest status of a track, or nothing if the session does not have it. */
        [[nodiscard]] std::optional<TrackStatus> status (const std::string& trackId) const;
        /** status() of each track, in order, taken at once (a page of the library). */
        [[nodiscard]] std::vector<std::optional<TrackStatus>> statuses (const std::vector<std::string>& trackIds) const;

        /** Payload bytes received from one peer. */
        struct PeerTransfer
        {
            /** "ip:port" as the peer is connected (its listen port when this daemon dialled it). */
            std::string endpoint;
            /** Over every connection since the daemon started, counted block by block as libtorrent
                reports each one finished. */
            std::int64_t downloaded = 0;
        };
        /** The peers the track's bytes came from, and how many from each. Empty for an unknown track. */
        [[nodiscard]] std::vector<PeerTransfer> peerTransfers (const std::string& trackId);
        /** The TCP port peers reach this session on. */
        [[nodiscard]] int listenPort() const;
        /** Applies new rate caps and a new BitTorrent port to the running session, on the swarm
            thread (waits for it). A new port is listened on at once on every interface the session
            listens on; listenPort() tells it once libtorrent has bound it. Throws Error
            (invalidArgument) for settings checkTransferSettings refuses. */
        void applyTransferSettings (const TransferSettings& transfer);

        /** Opens a stream at a file offset: plans its pieces and starts fetching. Throws Error
            (notFound, failedPrecondition while a magnet link has no metadata yet). */
        [[nodiscard]] std::shared_ptr<StreamCursor> openStream (const std::string& trackId, std::uint64_t offset, double windowSeconds, bool wantsHeaderAndTail);
        /** openStream without waiting for the swarm thread: done gets the cursor or the Error as
            connectPeer's done does (Error (unavailable) once the swarm has stopped). */
        void openStream (const std::string& trackId, std::uint64_t offset, double windowSeconds, bool wantsHeaderAndTail, std::function<void (std::function<std::shared_ptr<StreamCursor>()>)> done);
        /** Takes the stream's next bytes (see StreamCursor::take) and moves its window forward. */
        bool readStream (const std::shared_ptr<StreamCursor>& cursor, std::string& out, std::size_t maxBytes);
        /** Closes a stream: its deadlines are dropped unless another stream wants the same pieces. */
        void closeStream (const std::shared_ptr<StreamCursor>& cursor);

        // ---- The DHT (BEP 44 mutable items) ----
        // These never wait on the DHT: done is called on the swarm thread (keep it short), exactly
        // once, as connectPeer's is; Error (unavailable) once the swarm has stopped.

        /** Puts a mutable item signed elsewhere (libtorrent carries it as it is, never signing);
            answers how many nodes stored it. When the DHT holds a higher sequence under the key
            and salt, that item is put again instead. Error (invalidArgument) for a key that is not
            32 bytes, a signature that is not 64 or a value that is not bencoded. */
        void putDhtItem (DhtItem item, std::function<void (std::function<int()>)> done);
        /** Gets a mutable item: the highest sequence found once the lookup is over, or the best
            one seen when timeout passes first; nothing when no node had one. libtorrent drops an
            item whose signature does not verify against the key. */
        void getDhtItem (std::string publicKey, std::string salt, std::chrono::milliseconds timeout, std::function<void (std::function<std::optional<DhtItem>()>)> done);
        /** Has the DHT ping a node ("host:port") and take it into its routing table if it answers.
            Throws Error (invalidArgument) for a malformed endpoint. */
        void addDhtNode (const std::string& endpoint);

        // ---- Documents: small one-file torrents that are not tracks ----
        // Never in the track list, the statuses, the stream planner, the download balancer or the
        // resume data; they seed until dropped, for this run of the session.

        /** Seeds a file as a one-file torrent; answers its info-hash (the same for the same file).
            Error (invalidArgument) for an unreadable or empty file. */
        void seedDocument (const std::string& filePath, std::function<void (std::function<std::string()>)> done);
        /** Fetches a one-file torrent by info-hash (peers from the DHT) and keeps seeding it;
            answers the path of its file once whole. Error (invalidArgument) naming why when its
            metadata says it holds more than one file or more than maxBytes (it is removed before
            its data is asked for), (unavailable) when the timeout passes first. */
        void fetchDocument (const DocumentFetch& fetch, std::function<void (std::function<std::string()>)> done);
        /** Stops seeding or fetching a document, deleting its file when asked. */
        void dropDocument (const std::string& infoHash, bool deleteFile);

        /** Calls listener on the swarm thread each time the track's status is refreshed. */
        int watchStatus (const std::string& trackId, std::function<void (const TrackStatus&)> listener);
        void unwatchStatus (int token);

    private:
        struct Impl;
        std::unique_ptr<Impl> impl;
    };
} // namespace earshot
