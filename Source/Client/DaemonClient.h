#pragma once

#include "ClientNews.h"
#include "Core/ChartScore.h"
#include "Core/Cover.h"
#include "Core/Error.h"
#include "Core/TrackManifest.h"
#include "Core/TrackStatus.h"
#include "Core/TransferSettings.h"

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** A library track as a client sees it. */
    struct ClientTrack
    {
        std::string id;
        TrackManifest manifest;
        std::optional<TrackStatus> status;
        bool published = false;
        std::string path;
        std::string magnetUri;
        /** The announce URLs of the track's torrent, in order of preference. */
        std::vector<std::string> trackers;
    };

    /** How much of a track is here, 0 to 1: a published or seeding track is whole. */
    [[nodiscard]] double progressOf (const ClientTrack& track) noexcept;
    /** Whether every byte of the track is here. */
    [[nodiscard]] bool isComplete (const ClientTrack& track) noexcept;

    /** The daemon's settings a user may change (earshot.v1 Library.GetSettings), and the port
        BitTorrent listens on now. */
    struct ClientSettings
    {
        TransferSettings transfer;
        int boundPort = 0;
    };

    /** What earshotd says about itself. */
    struct DaemonInfo
    {
        std::string version;
        int bittorrentPort = 0;
        std::string dataDirectory;
        int tracks = 0;
    };

    /** A friend of the daemon: another daemon it exchanges passes with. */
    struct ClientFriend
    {
        std::string name;
        /** The friend's Ed25519 public key, 64 lower-case hex digits. */
        std::string publicKeyHex;
        std::string host;
        std::uint16_t port = 0;
        std::int64_t addedAtMs = 0;
        /** Bytes their daemon has uploaded to this one, for tracks they passed. */
        std::int64_t uploadedBytes = 0;
        bool online = false; ///< their daemon answered within the last presence interval
        std::int64_t lastSeenMs = 0; ///< when their daemon last answered or called, 0 if never
    };

    /** A pass a friend sent. */
    struct ClientInboxEntry
    {
        std::string passId;
        /** The friend's name here (the start of their key once they are no longer a friend), and
            the name they go by. */
        std::string from;
        std::string senderName;
        /** The track, without its info dictionary (the library has it). */
        TrackManifest manifest;
        /** The note, its first 1000 bytes when noteCut. */
        std::string note;
        bool noteCut = false;
        /** What the pass takes in the inbox, counted against the sender's quota. */
        std::int64_t storedBytes = 0;
        std::int64_t receivedAtMs = 0;
        bool read = false;
        std::uint64_t listenedMs = 0;
    };

    /** A message on its way to a friend, or delivered. */
    struct ClientOutboxEntry
    {
        std::string messageId;
        std::string to;
        /** "pass" or "receipt". */
        std::string kind;
        /** "waiting", "retrying", "held" (the friend's inbox is at its quota; tried again hourly),
            "delivered" or "failed" (never tried again; lastError says why). */
        std::string state;
        int attempts = 0;
        /** Why the last attempt failed, or (held) the friend's daemon's reason. */
        std::string lastError;
        std::string trackId;
        std::int64_t createdAtMs = 0;
        std::int64_t deliveredAtMs = 0;
    };

    /** What AddTrack added. */
    struct AddedTracks
    {
        /** The track named (a manifest's), or the torrent's first. */
        ClientTrack track;
        /** Every track of the torrent, in its file order; empty for a magnet link until its
            metadata arrives. */
        std::vector<ClientTrack> tracks;
        /** False when the library had them all already. */
        bool created = false;
    };

    /** Where AddTrack takes a track from: exactly one of these. */
    struct AddSource
    {
        std::optional<TrackManifest> manifest;
        std::optional<std::string> torrentFile;
        std::optional<std::string> magnetUri;
    };

    /** How the daemon's link to the discovery hub stands. */
    struct HubLinkState
    {
        /** HOST:PORT; empty when no hub is set. */
        std::string address;
        /** Whether the last call to the hub got through. */
        bool reachable = false;
        /** Why the last failed call did; empty when none failed since. */
        std::string lastError;
        /** Signed messages waiting for the hub, and those it took since the daemon started. */
        std::uint64_t messagesWaiting = 0;
        std::uint64_t messagesDelivered = 0;
        /** When the hub last answered, 0 if never. */
        std::int64_t lastContactMs = 0;
    };

    /** What an artist says about themselves, as the hub shows it. */
    struct ClientArtistProfile
    {
        std::string name;
        std::string bio;
        std::string homeCity;
        std::vector<std::string> links;
    };

    /** A track of a hub chart or search, with what its score is made of. */
    struct ClientHubTrack
    {
        std::string trackId;
        /** The artist's Ed25519 key, 64 lower-case hex digits. */
        std::string artistKeyHex;
        std::string artistName;
        TrackManifest manifest;
        bool hasCover = false;
        std::uint64_t listeners = 0;
        std::uint64_t passes = 0;
        std::uint64_t seeders = 0;
        double score = 0.0;
        /** Place in the chart from 1; 0 in search results. */
        std::uint32_t rank = 0;
    };

    /** Which chart. */
    struct ClientChartRequest
    {
        /** Empty: every genre. */
        std::string genre;
        ChartPeriod period = ChartPeriod::week;
        /** Rows wanted, 1 to 100 (0: 100), and rows skipped. */
        std::uint32_t limit = 0;
        std::uint32_t offset = 0;
    };

    /** One day of an artist's series. */
    struct ClientArtistDay
    {
        /** Days since the Unix epoch (UTC). */
        std::int64_t day = 0;
        std::uint64_t listens = 0;
        std::uint64_t passes = 0;
    };

    /** A track on its artist's page, with its all-time figures and chart ranks (0: not in the
        top 100). */
    struct ClientArtistTrack
    {
        ClientHubTrack track;
        std::uint32_t overallRank = 0;
        std::uint32_t genreRank = 0;
    };

    /** An artist's page on the hub. */
    struct ClientArtistPage
    {
        std::string artistKeyHex;
        ClientArtistProfile profile;
        /** Newest release first. */
        std::vector<ClientArtistTrack> tracks;
        std::uint64_t listens = 0;
        std::uint64_t listeners = 0;
        std::uint64_t passes = 0;
        std::uint64_t seeders = 0;
        std::uint64_t fanPoints = 0;
        std::uint64_t followers = 0;
        /** Oldest first, ending today; days without activity hold zeros. */
        std::vector<ClientArtistDay> daily;
    };

    /** A search of the hub: free text over title, artist and album, and filters (0 or empty: no
        bound). */
    struct ClientSearchRequest
    {
        std::string text;
        std::string genre;
        double bpmMin = 0.0;
        double bpmMax = 0.0;
        std::string key;
        std::uint64_t durationMinMs = 0;
        std::uint64_t durationMaxMs = 0;
        /** Rows wanted, 1 to 100 (0: 25), and rows skipped. */
        std::uint32_t limit = 0;
        std::uint32_t offset = 0;
    };

    /** A page of search results, and how many match in all. */
    struct ClientSearchResults
    {
        std::vector<ClientHubTrack> tracks;
        std::uint64_t total = 0;
    };

    /** Cancels a running DaemonClient::stream call from any other thread: the call returns false
        soon after, even while it waits for bytes that have not arrived. Cancelling before the call
        starts makes it return false at once. */
    class StreamCancellation final
    {
    public:
        void cancel();
        [[nodiscard]] bool cancelled() const;

    private:
        friend class DaemonClient;
        mutable std::mutex mutex;
        std::function<void()> cancelCall;
        bool isCancelled = false;
    };

    /** A typed client for earshot.v1.Library. Calls block the calling thread until the daemon
        answers (never call them from an audio thread), or, for a unary call, until its time limit
        passes (setCallTimeout). Failures throw Error with the daemon's own message; a daemon that
        cannot be reached, or does not answer in time, gives ErrorCode::unavailable. Thread-safe:
        one client may be shared. */
    class DaemonClient final
    {
    public:
        /** address: "unix:/path/earshotd.sock" or "host:port". token: sent as a bearer token when set. */
        explicit DaemonClient (std::string address, std::string token = {});
        ~DaemonClient();

        /** Waits up to timeout for the daemon to answer; true when it does. */
        [[nodiscard]] bool waitUntilReady (std::chrono::milliseconds timeout);

        /** What reach() found at the address. */
        enum class Reach
        {
            answering, ///< connected: calls go through
            notRunning, ///< nothing listens there (no socket, or one nobody accepts on)
            notAnswering ///< something listens but did not answer in time: a busy or stopped daemon
        };
        /** Connects if not connected. Returns as soon as the daemon answers, at once when nothing
            listens at the address, and after patience when something listens but does not answer:
            a busy daemon is waited for, a missing one is not. Every call below does this first,
            with connectPatience, and throws Error (unavailable) saying which it was. */
        [[nodiscard]] Reach reach (std::chrono::milliseconds patience);

        /** How long a call waits for a daemon that listens but has not answered yet. */
        static constexpr std::chrono::milliseconds connectPatience { 20000 };

        /** How long a unary call waits for the daemon's answer once connected. A daemon that hangs
            (stopped, deadlocked) then gives Error (unavailable) naming the call and the daemon,
            rather than freezing the thread that asked (a view, a plugin's editor). publish() is not
            limited: it hashes whole files. Streaming calls have their own stall timeouts. */
        static constexpr std::chrono::milliseconds defaultCallTimeout { 20000 };
        /** Changes the unary calls' time limit (see defaultCallTimeout); zero: none. Thread-safe. */
        void setCallTimeout (std::chrono::milliseconds timeout) noexcept;

        [[nodiscard]] DaemonInfo daemonInfo();
        /** The rate caps and BitTorrent port in force. */
        [[nodiscard]] ClientSettings settings();
        /** Applies rate caps and a BitTorrent port at once; the daemon keeps them for later starts.
            Error (invalidArgument) names what is wrong, and nothing changes. Returns what is now in force. */
        TransferSettings setSettings (const TransferSettings& settings);
        /** Publishes files and album folders, announced to trackers (none: the daemon's default list). */
        std::vector<ClientTrack> publish (const std::vector<std::string>& paths, const std::vector<std::string>& trackers = {});
        /** Adds a track; the flag is false when the library had it already. For an album torrent
            this is its first track (addTracks gives them all). */
        std::pair<ClientTrack, bool> addTrack (const AddSource& source, const std::vector<std::string>& peers = {});
        /** Adds a track, or every track of an album torrent. */
        AddedTracks addTracks (const AddSource& source, const std::vector<std::string>& peers = {});
        std::vector<ClientTrack> listTracks();
        ClientTrack getTrack (const std::string& idOrPrefix);
        /** A .torrent file for the track, for standard BitTorrent clients. */
        std::string torrentFile (const std::string& idOrPrefix);
        void removeTrack (const std::string& idOrPrefix, bool deleteFiles);
        /** Has the daemon fetch the rest of the track now, every missing piece at the top priority
            (urgent), or at the normal pace again; returns the track as it stands. */
        ClientTrack fetchNow (const std::string& idOrPrefix, bool urgent = true);
        int connectPeer (const std::string& endpoint, const std::string& idOrPrefix = {});

        /** This daemon's friend code, for a friend to add. */
        [[nodiscard]] std::string friendCode();
        /** Adds a friend from their code; the flag is false when their key was known (renamed). */
        std::pair<ClientFriend, bool> addFriend (const std::string& code, const std::string& name);
        std::vector<ClientFriend> listFriends();
        void removeFriend (const std::string& name);

        /** Passes a track to a friend; returns the pass's id (it waits in the outbox until delivered). */
        std::string sendPass (const std::string& trackIdOrPrefix, const std::string& to, const std::string& note);
        /** Passes friends sent, newest first (read page by page, all of them), and how many are
            unread. */
        std::pair<std::vector<ClientInboxEntry>, int> listInbox();
        /** Receives the whole inbox at once and whenever it changes, until onInbox returns false. */
        void watchInbox (const std::function<bool (const std::vector<ClientInboxEntry>&, int unread)>& onInbox);
        /** Messages to friends, newest first (read page by page, all of them). */
        std::vector<ClientOutboxEntry> listOutbox();
        /** Deletes passes from the inbox by id; returns how many. Throws (NOT_FOUND, deleting
            nothing) when one is not there. */
        int deleteInboxEntries (const std::vector<std::string>& passIds);
        /** Deletes the passes from `from` (a friend's name, or the start of a former friend's key as
            the inbox shows it), or every pass when from is empty; returns how many. */
        int clearInbox (const std::string& from);
        void markRead (const std::string& passId);
        /** Reports how long a track has played; returns the passes whose receipts this sent. */
        std::vector<std::string> reportListening (const std::string& trackIdOrPrefix, std::chrono::milliseconds listened);

        struct PointsEntry
        {
            std::int64_t atMs = 0;
            std::int64_t points = 0;
            std::string reason;
            std::string passId;
            std::string from;
        };
        /** The balance (always the sum of the entries) and the ledger, oldest first (read page by
            page, all of it). */
        std::pair<std::int64_t, std::vector<PointsEntry>> points();

        /** The discovery hub the daemon reports to (earshot.v1.HubLink). Empty address: none. */
        void setHub (const std::string& address);
        [[nodiscard]] HubLinkState hub();
        /** Sets the artist profile the daemon signs and sends to the hub. */
        void setProfile (const ClientArtistProfile& profile);
        /** The profile, and the daemon's key (64 hex digits), which is the artist to the hub. */
        [[nodiscard]] std::pair<ClientArtistProfile, std::string> profile();

        /** The hub's charts, artist pages, search and covers, through the daemon
            (earshot.v1.Discovery). Without a hub: Error (failedPrecondition). */
        std::vector<ClientHubTrack> chart (const ClientChartRequest& request);
        /** An artist's page by key (64 hex digits) or display name. */
        ClientArtistPage artist (const std::string& keyHexOrName, std::uint32_t days = 0);
        ClientSearchResults search (const ClientSearchRequest& request);
        /** A track's cover: from the library when the track is here, else from the hub; nothing
            when it has none. */
        std::optional<Cover> cover (const std::string& trackId);
        /** Fetches the openings of tracks likely to be played next (most likely first); returns
            the ids of those being fetched. */
        std::vector<std::string> prefetchOpenings (const std::vector<TrackManifest>& manifests);

        /** Following artists, this daemon's tour dates and the news (earshot.v1.News). Follows by
            key (64 hex digits), or by name through the hub: Error (failedPrecondition) without a
            hub, (notFound) when the hub knows no such artist. knownName: the name a key's artist
            goes by, when known (its page's). The flag is false when the artist was followed
            already. */
        std::pair<ClientFollowedArtist, bool> follow (const std::string& keyHexOrName, const std::string& knownName = {});
        /** Stops following the artist (64 hex digits); false when it was not followed. */
        bool unfollow (const std::string& artistKeyHex);
        /** Oldest follow first. */
        std::vector<ClientFollowedArtist> following();
        /** Posts a tour date signed by this daemon's key; returns its post id. */
        std::string addTourDate (const ClientTourDate& date);
        /** Soonest first; past dates only when asked for. */
        std::vector<ClientPostedTourDate> tourDates (bool includePast = false);
        /** Calls off a tour date posted here: followers see it cancelled. */
        void removeTourDate (const std::string& postId);
        /** The news filed after id `after` (0: all); at most limit releases (0: 50). */
        ClientNews news (std::int64_t after = 0, std::uint32_t limit = 0);
        /** The listener's home city, whose tour dates come first; empty clears it. */
        void setHomeCity (const std::string& city);
        [[nodiscard]] std::string homeCity();

        /** Receives status reports until onStatus returns false or the daemon ends the call. */
        void watchTrack (const std::string& idOrPrefix, std::chrono::milliseconds interval, const std::function<bool (const TrackStatus&)>& onStatus);

        struct StreamOptions
        {
            std::uint64_t offset = 0;
            /** Seconds of audio ahead of the reader the daemon fetches with deadlines; 0: its default. */
            unsigned windowSeconds = 0;
            bool skipHeaderAndTail = false;
            /** Give up (ErrorCode::unavailable) if the whole stream has not arrived by then; zero waits
                as long as it takes. */
            std::chrono::milliseconds timeout { 0 };
            /** Give up when no new byte has arrived for this long while the call waits for one (time
                spent in onData does not count): throws Error (failedPrecondition) whose message says
                where the stream waits and why nothing comes, from the daemon's status of the track
                (describeStall). Zero waits as long as it takes. */
            std::chrono::milliseconds stallTimeout { 0 };
            /** Lets another thread cancel the call; optional. */
            std::shared_ptr<StreamCancellation> cancellation;
        };
        /** Receives the file's bytes from options.offset in order until the end, or until onData
            returns false (which cancels the stream). onData gets the file offset of each chunk and
            the file's size. Returns true when the end of the file was reached. */
        bool stream (const std::string& idOrPrefix, const StreamOptions& options, const std::function<bool (std::uint64_t offset, std::string_view data, std::uint64_t fileSize)>& onData);

        [[nodiscard]] const std::string& address() const noexcept;

    private:
        struct Impl;
        std::unique_ptr<Impl> impl;
    };
} // namespace earshot
