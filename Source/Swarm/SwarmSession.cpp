#include "SwarmSession.h"

#include "Core/Error.h"

#include <libtorrent/alert_types.hpp>
#include <libtorrent/bencode.hpp>
#include <libtorrent/ip_filter.hpp>
#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/read_resume_data.hpp>
#include <libtorrent/session.hpp>
#include <libtorrent/torrent_info.hpp>
#include <libtorrent/write_resume_data.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <set>

namespace earshot
{
    namespace
    {
        using Clock = std::chrono::steady_clock;

        constexpr auto statusInterval = std::chrono::milliseconds (250);
        constexpr auto resumeInterval = std::chrono::seconds (2);
        constexpr auto replanInterval = std::chrono::milliseconds (500);
        constexpr auto shutdownGrace = std::chrono::seconds (5);
        /** A deadline is only sent again when it moves earlier by more than this: libtorrent re-sorts
            its time-critical list on every call. */
        constexpr auto deadlineSlack = std::chrono::milliseconds (50);
        /** A piece on disk whose read has not come back in this long is read again: a stream must
            never wait on an alert that was not posted. Duplicates are harmless (the cursor drops them). */
        constexpr auto readRetry = std::chrono::seconds (1);
        /** A stream that has waited this long on a missing piece while no peer sent a byte and no
            request went out is stalled: the track's peers are dropped and dialled again (see
            watchForStall). Every condition must hold, so a slow swarm that is still sending is not
            churned; what triggers it is a peer that swallowed cancelled requests. */
        constexpr auto stallTimeout = std::chrono::seconds (3);
        /** A download no one streams is stalled when nothing has arrived or been asked for in this
            long although a peer that unchoked us has pieces we want. */
        constexpr auto backgroundStallTimeout = std::chrono::seconds (10);
        /** Downloads nobody streams go on yielding for this long after a stream was last short of a
            piece due within the deadline horizon, so they do not start and stop with every piece. */
        constexpr auto yieldHold = std::chrono::seconds (2);
        /** At most one reconnection per torrent in this long. */
        constexpr auto stallRecoveryInterval = std::chrono::seconds (6);

        lt::tcp::endpoint parseEndpoint (const std::string& text)
        {
            auto colon = text.rfind (':');
            if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
                throw Error (ErrorCode::invalidArgument, "'" + text + "' is not a peer address; write it as ip:port, e.g. 127.0.0.1:6881");

            auto host = text.substr (0, colon);
            if (host.size() > 2 && host.front() == '[' && host.back() == ']')
                host = host.substr (1, host.size() - 2);

            lt::error_code ec;
            auto address = lt::make_address (host, ec);
            if (ec)
                throw Error (ErrorCode::invalidArgument, "'" + host + "' is not an IP address: " + ec.message());

            int port = 0;
            try
            {
                std::size_t used = 0;
                port = std::stoi (text.substr (colon + 1), &used);
                if (used != text.size() - colon - 1)
                    port = -1;
            }
            catch (const std::exception&)
            {
                port = -1;
            }
            if (port <= 0 || port > 65535)
                throw Error (ErrorCode::invalidArgument, "'" + text.substr (colon + 1) + "' is not a port number (1 to 65535)");

            return { address, static_cast<unsigned short> (port) };
        }

        /** The bytes at a file's start that hold its tags and stream info: its layout's header, or the
            first 64 KiB while the layout is not known. */
        std::uint64_t openingBytesOf (const TrackManifest& manifest, std::uint64_t fileSize)
        {
            const auto header = manifest.layout.headerBytes > 0 ? manifest.layout.headerBytes : std::uint64_t { 64 * 1024 };
            return std::clamp<std::uint64_t> (header, 1, fileSize);
        }

        TrackState stateOf (const lt::torrent_status& status)
        {
            if (status.errc)
                return TrackState::error;
            switch (status.state)
            {
                case lt::torrent_status::checking_files:
                case lt::torrent_status::checking_resume_data:
                    return TrackState::checking;
                case lt::torrent_status::downloading_metadata:
                    return TrackState::fetchingMetadata;
                case lt::torrent_status::finished:
                case lt::torrent_status::seeding:
                    return TrackState::seeding;
                default:
                    return TrackState::downloading;
            }
        }
    } // namespace

    /** One libtorrent torrent and the tracks in it: one for a single-file torrent, one per audio
        file for an album. Pieces, deadlines and peers belong to the torrent; streams and status
        to a track. */
    struct SwarmSession::Torrent
    {
        struct Track
        {
            std::string id;
            TrackManifest manifest;
            /** Unset while a magnet link's metadata has not arrived. */
            std::optional<TrackTorrent> torrent;
            /** trackCompleted was sent for it. */
            bool completed = false;
            /** Its opening is all here; openingArrived is sent (once) when it is on disk too. */
            bool openingReported = false;
            /** Pieces of its opening whose piece_finished_alert has come: libtorrent's have_piece
                stays false for a verified piece until its write completes. */
            std::set<int> openingVerified;
        };

        lt::torrent_handle handle;
        /** The info-hash, 40 lower-case hex digits. */
        std::string id;
        /** The parsed torrent, once known. */
        std::shared_ptr<const lt::torrent_info> info;
        /** By track id. */
        std::map<std::string, Track> tracks;
        std::vector<std::shared_ptr<StreamCursor>> cursors;
        /** For each open stream, the last piece of its read window at the latest plan. */
        std::map<const StreamCursor*, int> windowEnds;

        struct Deadline
        {
            Clock::time_point due;
            bool alertWhenAvailable = false;
            int priority = 7;
        };
        /** Deadlines set in libtorrent now, by piece. */
        std::map<int, Deadline> deadlines;
        /** Planned pieces beyond the deadline horizon, raised above the rest of the file. */
        std::set<int> boosted;
        /** Payload bytes received from each peer ("ip:port"), over every connection. */
        std::map<std::string, std::int64_t> downloadedFrom;
        /** Pieces whose read_piece_alert is still to come, and since when. */
        std::map<int, Clock::time_point> pendingReads;

        /** The torrent still has pieces to fetch (latest status update). */
        bool downloading = false;
        /** In upload mode so that a stream elsewhere gets the bandwidth (see balanceDownloads). */
        bool yielding = false;
        /** Payload bytes downloaded at the latest status update, and when that total last grew. */
        std::int64_t payloadDownloaded = 0;
        Clock::time_point payloadGrewAt {};
        /** Since when an open stream has been waiting on a piece that is not on disk (unset: none is). */
        std::optional<Clock::time_point> waitingSince;
        Clock::time_point lastStallRecovery {};
        /** Peers ("ip:port") banned for sending data that failed its hash check, and the pieces that
            failed it: why a stream may be left with no one to fetch from (TrackStatus). */
        std::set<std::string> bannedPeers;
        int hashFailures = 0;
        /** Tracks whose opening is verified, waiting for the cache flush that puts it on disk:
            libtorrent hashes a piece from its store buffer while another disk thread may still be
            writing it to the file. */
        std::vector<std::string> openingsToReport;
    };

    struct SwarmSession::Impl
    {
        SwarmSettings settings;
        SwarmEvents events;

        std::unique_ptr<lt::session> session;
        std::map<std::string, Torrent> torrents;
        std::map<lt::torrent_handle, std::string> idsByHandle;

        mutable std::mutex statusMutex;
        std::map<std::string, TrackStatus> statuses;

        std::mutex watchMutex;
        struct Watcher
        {
            std::string trackId;
            std::function<void (const TrackStatus&)> listener;
        };
        std::map<int, Watcher> watchers;
        int nextWatchToken = 1;

        std::atomic<int> port { 0 };

        std::mutex queueMutex;
        std::condition_variable wake;
        std::deque<std::function<void()>> commands;
        bool alertsWaiting = false;
        bool stopRequested = false;

        int resumeSavesOutstanding = 0;
        /** When a stream was last short of a piece due soon (see balanceDownloads). */
        std::optional<Clock::time_point> lastShortStream;
        std::thread thread;
        std::thread::id threadId;

        //==============================================================================
        void post (std::function<void()> command)
        {
            {
                std::lock_guard lock (queueMutex);
                commands.push_back (std::move (command));
            }
            wake.notify_one();
        }

        template <typename Fn>
        auto call (Fn fn) -> decltype (fn())
        {
            if (std::this_thread::get_id() == threadId)
                return fn();
            std::packaged_task<decltype (fn())()> task (std::move (fn));
            auto result = task.get_future();
            post ([&task]
                  { task(); });
            return result.get();
        }

        //==============================================================================
        void start (std::promise<void>& ready)
        {
            try
            {
                lt::settings_pack pack;
                pack.set_str (lt::settings_pack::listen_interfaces, settings.listenInterfaces);
                pack.set_str (lt::settings_pack::user_agent, "Earshot/0.1");
                auto alerts = lt::alert_category::status | lt::alert_category::error | lt::alert_category::storage | lt::alert_category::piece_progress | lt::alert_category::file_progress | lt::alert_category::block_progress;
                alerts |= lt::alert_category::peer; // peer_ban_alert: a stream that stalls says peers were banned
                // At trace level every peer's wire conversation goes to the log (choke, interest,
                // requests, rejects): what it takes to see why a peer stops sending.
                if (spdlog::should_log (spdlog::level::trace))
                    alerts |= lt::alert_category::peer_log | lt::alert_category::connect;
                pack.set_int (lt::settings_pack::alert_mask, alerts);
                pack.set_int (lt::settings_pack::upload_rate_limit, settings.uploadRateLimit);
                pack.set_int (lt::settings_pack::download_rate_limit, settings.downloadRateLimit);
                pack.set_bool (lt::settings_pack::enable_dht, settings.enableDht);
                pack.set_bool (lt::settings_pack::enable_lsd, settings.enableLocalDiscovery);
                pack.set_bool (lt::settings_pack::enable_upnp, settings.enablePortMapping);
                pack.set_bool (lt::settings_pack::enable_natpmp, settings.enablePortMapping);
                // Several daemons on one machine form a swarm over loopback.
                pack.set_bool (lt::settings_pack::allow_multiple_connections_per_ip, true);
                pack.set_int (lt::settings_pack::tick_interval, settings.tickIntervalMs);
                // Until a peer holds this many pieces libtorrent picks random ones, whatever their
                // priority or deadline, so it has something to trade. A listener wants the opening
                // pieces first; the swarm's health is served by rarest-first for the rest of the file.
                pack.set_int (lt::settings_pack::initial_picker_threshold, 0);
                pack.set_int (lt::settings_pack::unchoke_slots_limit, settings.unchokeSlots);
                // How peers are dialled (issue 10). earshot_client_interop_bench times the first 64 KiB
                // from aria2, qBittorrent and Transmission with these settings beside the ones before
                // them, which EARSHOT_SWARM_CONNECT_BASELINE brings back for that side-by-side run.
                if (std::getenv ("EARSHOT_SWARM_CONNECT_BASELINE") == nullptr)
                {
                    // TCP first. libtorrent dials uTP first and turns to TCP only when the uTP handshake
                    // has timed out (3 s, then the next connect round): a peer without uTP (aria2,
                    // qBittorrent or Transmission with it off) cost 4 s before its first byte. Every
                    // common client takes TCP. A peer that takes uTP only (qBittorrent's "uTP" protocol
                    // setting) can no longer be dialled, but it can still dial us: incoming uTP stays on.
                    pack.set_bool (lt::settings_pack::enable_outgoing_utp, false);
                    // libtorrent's first dial of a peer from a tracker or the DHT is unencrypted and the
                    // next one encrypted, so a peer that requires encryption closes the first and is
                    // reached on the retry: about 1 s after it with 1 s here, 10 s with 10. (The peers a
                    // track is added with are dialled encrypted first: see attach. Encrypting every
                    // dial, out_enc_policy pe_forced, would lose every peer that refuses encryption.)
                    // A refused dial waits (failures + 1) x this, so ten tries
                    // instead of three keep a peer that turned us away (still checking its data, say) on
                    // the list for about as long as before, some 50 s. The cost: a peer that takes the
                    // connection and then closes it (no failure to libtorrent) is dialled again every
                    // second instead of every 10 s.
                    pack.set_int (lt::settings_pack::min_reconnect_time, 1);
                    pack.set_int (lt::settings_pack::max_failcount, 10);
                }
                else
                {
                    // A music swarm is small: a peer that turned us away (still checking its data, say)
                    // may be the only one with the track, so try it again after 10 s, not libtorrent's 60.
                    pack.set_int (lt::settings_pack::min_reconnect_time, 10);
                }
                // A listener waits on the very piece a lost request was for: ask again within seconds,
                // not libtorrent's minute (a peer that re-chokes us may drop requests without a word).
                pack.set_int (lt::settings_pack::request_timeout, 10);
                pack.set_int (lt::settings_pack::piece_timeout, 10);
                // A peer answers requests in the order they came. libtorrent keeps request_queue_time
                // seconds of a peer's rate asked for (3 s by default), so a deadline piece asked for
                // after a seek waits behind that many seconds of ordinary pieces. One second keeps the
                // pipe full on loopback and LAN and lets a seek be heard about three times sooner.
                pack.set_int (lt::settings_pack::request_queue_time, 1);
                // Every track is always active: no queueing behind other torrents.
                pack.set_int (lt::settings_pack::active_downloads, -1);
                pack.set_int (lt::settings_pack::active_seeds, -1);
                pack.set_int (lt::settings_pack::active_limit, -1);

                session = std::make_unique<lt::session> (lt::session_params (std::move (pack)));

                // Peers on the local network are exempt from rate limits by default; put every address in
                // the global class so the caps hold on loopback too.
                lt::ip_filter classes;
                const auto global = 1u << static_cast<std::uint32_t> (lt::session::global_peer_class_id);
                classes.add_rule (lt::make_address ("0.0.0.0"), lt::make_address ("255.255.255.255"), global);
                classes.add_rule (lt::make_address ("::"), lt::make_address ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), global);
                session->set_peer_class_filter (classes);

                session->set_alert_notify ([this]
                                           {
                    {
                        std::lock_guard lock (queueMutex);
                        alertsWaiting = true;
                    }
                    wake.notify_one(); });

                port = session->listen_port();
                ready.set_value();
            }
            catch (...)
            {
                ready.set_exception (std::current_exception());
                return;
            }
            run();
        }

        void run()
        {
            auto nextStatus = Clock::now();
            auto nextResume = Clock::now() + resumeInterval;
            auto nextReplan = Clock::now() + replanInterval;
            std::optional<Clock::time_point> shutdownBy;

            for (;;)
            {
                std::deque<std::function<void()>> batch;
                bool stopping = false;
                {
                    std::unique_lock lock (queueMutex);
                    wake.wait_until (lock, std::min ({ nextStatus, nextResume, nextReplan }), [this]
                                     { return alertsWaiting || stopRequested || ! commands.empty(); });
                    batch.swap (commands);
                    alertsWaiting = false;
                    stopping = stopRequested;
                }

                for (auto& command : batch)
                    command();

                handleAlerts();

                const auto now = Clock::now();
                if (now >= nextStatus)
                {
                    session->post_torrent_updates (lt::torrent_handle::query_pieces);
                    nextStatus = now + statusInterval;
                }
                if (now >= nextResume)
                {
                    for (auto& [id, torrent] : torrents)
                        requestResumeData (torrent, lt::torrent_handle::only_if_modified);
                    nextResume = now + resumeInterval;
                }
                if (now >= nextReplan)
                {
                    for (auto& [id, torrent] : torrents)
                    {
                        if (! torrent.cursors.empty())
                            replan (torrent);
                        if (! torrent.cursors.empty() || (torrent.downloading && ! torrent.yielding))
                            watchForStall (torrent, now);
                    }
                    balanceDownloads (now);
                    nextReplan = now + replanInterval;
                }

                if (stopping && ! shutdownBy)
                {
                    shutdownBy = now + shutdownGrace;
                    session->pause();
                    for (auto& [id, torrent] : torrents)
                        requestResumeData (torrent, lt::torrent_handle::flush_disk_cache);
                }
                if (shutdownBy && (resumeSavesOutstanding <= 0 || now >= *shutdownBy))
                    break;
            }

            for (auto& [id, torrent] : torrents)
                for (auto& cursor : torrent.cursors)
                    cursor->fail (Error (ErrorCode::unavailable, "earshotd is shutting down"));
            session.reset();
        }

        void requestResumeData (Torrent& torrent, lt::resume_data_flags_t flags)
        {
            if (! torrent.handle.is_valid())
                return;
            torrent.handle.save_resume_data (flags);
            ++resumeSavesOutstanding;
        }

        /** The torrent a track id (or an info-hash) belongs to. */
        Torrent* find (const std::string& trackId)
        {
            auto found = torrents.find (infoHashOfTrackId (trackId));
            return found == torrents.end() ? nullptr : &found->second;
        }

        static Torrent::Track* findTrack (Torrent& torrent, const std::string& trackId)
        {
            auto found = torrent.tracks.find (trackId);
            return found == torrent.tracks.end() ? nullptr : &found->second;
        }

        Torrent* find (const lt::torrent_handle& handle)
        {
            auto id = idsByHandle.find (handle);
            return id == idsByHandle.end() ? nullptr : find (id->second);
        }

        //==============================================================================
        lt::add_torrent_params baseParams (const AddTrackOptions& options)
        {
            lt::add_torrent_params params;
            if (options.resumeData)
            {
                lt::error_code ec;
                auto resumed = lt::read_resume_data ({ options.resumeData->data(), static_cast<std::ptrdiff_t> (options.resumeData->size()) }, ec);
                if (ec)
                    spdlog::warn ("ignoring unreadable resume data: {}", ec.message());
                else
                    params = std::move (resumed);
            }
            params.save_path = options.savePath;
            // Upload mode is only ever a yield to a stream of this session (balanceDownloads); resume
            // data saved while yielding must not keep a track from downloading after a restart.
            params.flags &= ~(lt::torrent_flags::paused | lt::torrent_flags::auto_managed | lt::torrent_flags::upload_mode);
            if (options.seedMode)
                params.flags |= lt::torrent_flags::seed_mode;
            if (settings.strategy == StreamStrategy::sequential)
                params.flags |= lt::torrent_flags::sequential_download;
            // The peers it was given: attach adds them (encrypted first) and has them dialled at once.
            // The settings from before issue 10 listed them here, to be dialled plaintext first.
            for (const auto& peer : options.peers)
                if (std::getenv ("EARSHOT_SWARM_CONNECT_BASELINE") != nullptr)
                    params.peers.push_back (parseEndpoint (peer));
                else
                    (void) parseEndpoint (peer); // a malformed address fails the add before it starts
            addTrackerParams (params, options.trackers);
            return params;
        }

        /** Appends trackers to what params announce to (resume data's, a magnet link's), each in a
            tier of its own after theirs, in order; libtorrent adds a .torrent file's own to these
            and keeps one of each URL. Trackers live outside the info dictionary: the info-hash,
            and so the track id, is the same with or without them. */
        static void addTrackerParams (lt::add_torrent_params& params, const std::vector<std::string>& trackers)
        {
            params.tracker_tiers.resize (params.trackers.size(), 0);
            int tier = params.tracker_tiers.empty() ? 0 : *std::max_element (params.tracker_tiers.begin(), params.tracker_tiers.end()) + 1;
            for (const auto& url : trackers)
            {
                if (std::find (params.trackers.begin(), params.trackers.end(), url) != params.trackers.end())
                    continue;
                params.trackers.push_back (url);
                params.tracker_tiers.push_back (tier++);
            }
        }

        /** Has a running torrent announce to trackers it does not have yet; libtorrent announces to
            a tracker as it is added. */
        static void addTrackersTo (const lt::torrent_handle& handle, const std::vector<std::string>& trackers)
        {
            if (trackers.empty() || ! handle.is_valid())
                return;
            const auto existing = handle.trackers();
            int tier = 0;
            for (const auto& entry : existing)
                tier = std::max (tier, static_cast<int> (entry.tier) + 1);
            for (const auto& url : trackers)
            {
                if (std::any_of (existing.begin(), existing.end(), [&url] (const lt::announce_entry& entry)
                                 { return entry.url == url; }))
                    continue;
                lt::announce_entry entry (url);
                entry.tier = static_cast<std::uint8_t> (std::min (tier++, 255));
                handle.add_tracker (entry);
            }
        }

        void attach (lt::torrent_handle handle, const std::string& infoHash, const TrackManifest& manifest, std::optional<TrackTorrent> torrent, const AddTrackOptions& options)
        {
            auto& entry = torrents[infoHash];
            entry.handle = handle;
            entry.id = infoHash;
            if (torrent)
                entry.info = torrent->info;
            const auto trackId = torrent ? torrent->trackId() : infoHash;
            entry.tracks[trackId] = { trackId, manifest, std::move (torrent) };
            idsByHandle[handle] = infoHash;

            // libtorrent dials a new torrent's peers on its once-a-second connect scheduler (the
            // connect boost only follows a tracker reply). Restarting the torrent runs the boost
            // now: the first audio of a track added with its peers comes up to a second sooner.
            if (! options.peers.empty())
            {
                // The peers it was given are dialled encrypted first (pex_encryption, which libtorrent
                // takes only for a peer new to its list): a client that requires encryption closes a
                // plaintext handshake, and libtorrent's encrypted retry came a min_reconnect_time
                // later. Every common client (qBittorrent, Transmission, aria2, earshotd) takes an
                // encrypted handshake; one that refuses it gets the plaintext retry.
                // earshot_client_interop_bench measures both ways side by side.
                if (std::getenv ("EARSHOT_SWARM_CONNECT_BASELINE") == nullptr)
                    for (const auto& peer : options.peers)
                        handle.connect_peer (parseEndpoint (peer), lt::peer_info::resume_data, lt::pex_encryption);
                handle.pause();
                handle.resume();
            }

            // A first status at once, so the library never shows a track without one.
            onStatus ({ handle.status (lt::torrent_handle::query_pieces) });
        }

        void addTrack (const TrackManifest& manifest, const TrackTorrent& torrent, const AddTrackOptions& options)
        {
            for (const auto& peer : options.peers)
                (void) parseEndpoint (peer); // reject a malformed peer before anything is added

            // Another track of an album that is already here joins its torrent.
            if (auto* existing = find (torrent.infoHashHex))
            {
                const auto trackId = torrent.trackId();
                if (existing->tracks.count (trackId) == 0)
                {
                    existing->tracks.erase (existing->id); // a magnet link's placeholder, if any
                    existing->tracks[trackId] = { trackId, manifest, torrent };
                    existing->info = torrent.info;
                    fetchOpeningFirst (*existing, torrent, manifest);
                }
                addTrackersTo (existing->handle, options.trackers);
                for (const auto& peer : options.peers)
                    existing->handle.connect_peer (parseEndpoint (peer), lt::peer_info::resume_data, lt::pex_encryption);
                return;
            }

            auto params = baseParams (options);
            params.ti = std::make_shared<lt::torrent_info> (*torrent.info);
            // Every file of a torrent is fetched, an album's cover and notes too: an album is what the
            // user added. (libtorrent 2.0.8 crashes in a disk thread when a torrent added with
            // no_verify_files has files set to dont_download, so Earshot never sets a file to that.)
            // A first download, with nothing on disk yet, has nothing to check: skipping the check
            // lets the torrent start, and dial its peers, at once.
            const auto& files = torrent.info->files();
            bool anyOnDisk = false;
            for (const auto file : files.file_range())
            {
                std::error_code ec;
                anyOnDisk = anyOnDisk || std::filesystem::exists (std::filesystem::path (options.savePath) / files.file_path (file), ec);
            }
            if (! options.resumeData && ! options.seedMode && ! anyOnDisk && params.file_priorities.empty())
                params.flags |= lt::torrent_flags::no_verify_files;

            lt::error_code ec;
            auto handle = session->add_torrent (std::move (params), ec);
            if (ec)
                throw Error (ErrorCode::internal, "the swarm could not add track " + torrent.infoHashHex + ": " + ec.message());

            attach (handle, torrent.infoHashHex, manifest, torrent, options);
            fetchOpeningFirst (*find (torrent.infoHashHex), torrent, manifest);
        }

        /** A track known only by its name (from a .torrent or magnet link) is described from its
            opening as soon as that arrives (openingArrived): fetch it before the rest of the file. */
        void fetchOpeningFirst (Torrent& entry, const TrackTorrent& track, const TrackManifest& manifest)
        {
            if (manifest.metadata.durationMs != 0 || track.fileSize == 0 || ! entry.handle.is_valid())
                return;
            const auto openingBytes = openingBytesOf (manifest, track.fileSize);
            const int last = track.geometry.pieceForFileOffset (openingBytes - 1);
            for (int piece = track.geometry.firstPiece(); piece <= last; ++piece)
                entry.handle.piece_priority (lt::piece_index_t { piece }, lt::top_priority);
        }

        std::string addMagnet (const std::string& uri, const AddTrackOptions& options)
        {
            const auto id = trackIdOfMagnet (uri);
            lt::error_code ec;
            auto magnet = lt::parse_magnet_uri (uri, ec);
            if (torrents.count (id) != 0)
                return id;

            for (const auto& peer : options.peers)
                (void) parseEndpoint (peer);

            auto params = baseParams (options);
            params.info_hashes = magnet.info_hashes;
            params.name = magnet.name;
            // The link's trackers first, then the library's (addTrackerParams keeps one of each).
            const auto library = params.trackers;
            params.trackers.clear();
            params.tracker_tiers.clear();
            addTrackerParams (params, magnet.trackers);
            addTrackerParams (params, library);
            params.peers.insert (params.peers.end(), magnet.peers.begin(), magnet.peers.end());

            auto handle = session->add_torrent (std::move (params), ec);
            if (ec)
                throw Error (ErrorCode::internal, "the swarm could not add the magnet link: " + ec.message());

            TrackManifest manifest;
            manifest.infoHashHex = id;
            manifest.fileName = magnet.name;
            attach (handle, id, manifest, std::nullopt, options);
            return id;
        }

        /** Removes a track. The torrent leaves the session (with its files, if asked) when its last
            track goes: the pieces of an album's tracks overlap, so one track's file cannot go alone. */
        void remove (const std::string& id, bool deleteFiles)
        {
            auto* torrent = find (id);
            if (torrent == nullptr)
                return;
            for (auto& cursor : torrent->cursors)
                if (cursor->trackId() == id)
                    cursor->fail (Error (ErrorCode::notFound, "track " + id + " was removed from the library"));
            std::erase_if (torrent->cursors, [&id] (const auto& cursor)
                           { return cursor->trackId() == id; });
            torrent->tracks.erase (id);
            {
                std::lock_guard lock (statusMutex);
                statuses.erase (id);
            }
            if (! torrent->tracks.empty())
            {
                replan (*torrent);
                return;
            }
            session->remove_torrent (torrent->handle, deleteFiles ? lt::session::delete_files : lt::remove_flags_t {});
            idsByHandle.erase (torrent->handle);
            torrents.erase (torrent->id);
        }

        //==============================================================================
        /** Asks the planner what each open stream needs and brings libtorrent's deadlines and reads
            in line with the union of those plans. */
        void replan (Torrent& torrent)
        {
            if (! torrent.info || ! torrent.handle.is_valid())
                return;

            struct Want
            {
                Clock::time_point due;
                bool bytes = false;
            };
            std::map<int, Want> wanted;
            const auto now = Clock::now();

            torrent.windowEnds.clear();
            for (const auto& cursor : torrent.cursors)
            {
                const auto* track = findTrack (torrent, cursor->trackId());
                if (cursor->atEnd() || track == nullptr)
                    continue;
                const auto& geometry = cursor->geometry();

                StreamPlanRequest request;
                request.geometry = geometry;
                request.format = track->manifest.format;
                request.layout = track->manifest.layout;
                request.bytesPerSecond = bytesPerSecondOfAudio (track->manifest);
                request.readOffset = cursor->position();
                request.windowSeconds = cursor->windowSeconds();
                request.includeHeaderAndTail = cursor->wantsHeaderAndTail();

                const auto plan = planStream (request);
                const int current = geometry.pieceForFileOffset (cursor->position());
                int windowEnd = current;
                for (const auto& step : plan)
                    if (step.reason == PieceDeadline::Reason::window)
                        windowEnd = std::max (windowEnd, step.piece);
                torrent.windowEnds[cursor.get()] = windowEnd;

                for (const auto& step : plan)
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

            if (spdlog::should_log (spdlog::level::trace))
            {
                std::string pieces;
                for (const auto& [piece, want] : wanted)
                    pieces += " " + std::to_string (piece) + "@" + std::to_string (std::chrono::duration_cast<std::chrono::milliseconds> (want.due - now).count());
                spdlog::trace ("track {}: plan{}", torrent.id, pieces);
            }

            for (const auto& [piece, want] : wanted)
            {
                const lt::piece_index_t index { piece };
                if (torrent.handle.have_piece (index))
                {
                    if (want.bytes)
                    {
                        auto pending = torrent.pendingReads.find (piece);
                        if (pending == torrent.pendingReads.end() || now - pending->second > readRetry)
                        {
                            torrent.pendingReads[piece] = now;
                            torrent.handle.read_piece (index);
                        }
                    }
                    continue;
                }

                if (settings.strategy != StreamStrategy::deadlines)
                    continue;

                // Beyond the horizon: no deadline yet, but above the rest of the file, so the
                // ordinary picker fills the window before it fetches rarest-first pieces. Without
                // this, a swarm only a little faster than the track's bitrate spends most of it
                // elsewhere, and playback stalls.
                if (want.due > now + std::chrono::milliseconds (settings.deadlineHorizonMs))
                {
                    if (torrent.deadlines.count (piece) == 0 && torrent.boosted.insert (piece).second)
                        torrent.handle.piece_priority (index, lt::download_priority_t { 5 });
                    continue;
                }
                torrent.boosted.erase (piece);

                auto applied = torrent.deadlines.find (piece);
                const bool needsAlert = want.bytes && (applied == torrent.deadlines.end() || ! applied->second.alertWhenAvailable);
                if (applied == torrent.deadlines.end() || applied->second.due > want.due + deadlineSlack || needsAlert)
                {
                    const bool alert = want.bytes || (applied != torrent.deadlines.end() && applied->second.alertWhenAvailable);
                    const auto ms = std::max<long long> (0, std::chrono::duration_cast<std::chrono::milliseconds> (want.due - now).count());
                    torrent.handle.set_piece_deadline (index, static_cast<int> (ms), alert ? lt::torrent_handle::alert_when_available : lt::deadline_flags_t {});
                    torrent.deadlines[piece] = { want.due, alert, 7 }; // set_piece_deadline raises it to 7
                    if (alert)
                        torrent.pendingReads.try_emplace (piece, now);
                }

                // Until libtorrent knows a new peer's rate its time-critical picker holds back, and the
                // ordinary picker shuffles pieces of equal priority. Grading by due time makes that picker
                // ask for them in playback order, so the first pieces lead every peer's queue.
                auto& deadline = torrent.deadlines[piece];
                const auto dueIn = want.due - now;
                const int priority = dueIn <= std::chrono::milliseconds (300) ? 7 : dueIn <= std::chrono::milliseconds (700) ? 6
                                                                                                                             : 5;
                if (deadline.priority != priority)
                {
                    torrent.handle.piece_priority (index, lt::download_priority_t { static_cast<std::uint8_t> (priority) });
                    deadline.priority = priority;
                }
            }

            // Dropping the deadline of a piece whose blocks are already on the wire makes libtorrent
            // cancel those requests. A piece in flight is nearly here and a cancel wastes what was
            // sent, and a peer may answer the cancel with nothing at all (see watchForStall), so such
            // pieces keep their deadline until they arrive; every other dropped deadline is cleared.
            std::set<int> inFlight;
            if (std::any_of (torrent.deadlines.begin(), torrent.deadlines.end(), [&wanted] (const auto& applied)
                             { return wanted.count (applied.first) == 0; }))
            {
                std::vector<lt::partial_piece_info> queue;
                torrent.handle.get_download_queue (queue);
                for (const auto& partial : queue)
                    if (partial.requested > 0 || partial.writing > 0)
                        inFlight.insert (static_cast<int> (partial.piece_index));
            }

            for (auto boost = torrent.boosted.begin(); boost != torrent.boosted.end();)
            {
                if (wanted.count (*boost) == 0)
                {
                    torrent.handle.piece_priority (lt::piece_index_t { *boost }, lt::default_priority);
                    boost = torrent.boosted.erase (boost);
                }
                else
                {
                    ++boost;
                }
            }

            for (auto applied = torrent.deadlines.begin(); applied != torrent.deadlines.end();)
            {
                if (wanted.count (applied->first) == 0 && inFlight.count (applied->first) == 0)
                {
                    torrent.handle.reset_piece_deadline (lt::piece_index_t { applied->first });
                    torrent.handle.piece_priority (lt::piece_index_t { applied->first }, lt::default_priority);
                    applied = torrent.deadlines.erase (applied);
                }
                else
                {
                    ++applied;
                }
            }
        }

        /** The stream being heard wins: while some stream lacks a piece due within the deadline
            horizon, every downloading torrent with no stream of its own stops asking for pieces
            (upload mode: it keeps its peers and goes on seeding), and asks again yieldHold after the
            last such moment. One capped seeder serving an album of 18 torrents otherwise splits its
            upload 18 ways, and the track playing gets an eighteenth. */
        void balanceDownloads (Clock::time_point now)
        {
            if (! settings.backgroundYieldsToStreams || settings.strategy != StreamStrategy::deadlines)
                return;

            // Only an open stream counts: a closed one's deadlines stay on pieces in flight until they
            // arrive, and a peer that swallowed the cancels never sends them.
            bool streamIsShort = false;
            for (auto& [id, torrent] : torrents)
            {
                if (torrent.cursors.empty())
                    continue;
                for (const auto& [piece, deadline] : torrent.deadlines)
                    if (! torrent.handle.have_piece (lt::piece_index_t { piece }))
                    {
                        streamIsShort = true;
                        break;
                    }
                if (streamIsShort)
                    break;
            }
            if (streamIsShort)
                lastShortStream = now;
            const bool yield = lastShortStream && now - *lastShortStream < yieldHold;

            for (auto& [id, torrent] : torrents)
            {
                const bool shouldYield = yield && torrent.cursors.empty() && torrent.downloading;
                if (shouldYield == torrent.yielding || ! torrent.handle.is_valid())
                    continue;
                torrent.yielding = shouldYield;
                torrent.waitingSince.reset();
                if (shouldYield)
                    torrent.handle.set_flags (lt::torrent_flags::upload_mode);
                else
                    torrent.handle.unset_flags (lt::torrent_flags::upload_mode);
                spdlog::debug ("torrent {}: {} a stream", id, shouldYield ? "yields to" : "no longer yields to");
            }
        }

        /** libtorrent's own request time-outs do not cover one case: a peer that announced the fast
            extension but answers a cancelled request with neither the piece nor a reject (Transmission
            3.00 does this). libtorrent keeps such a block queued on that peer for good and never asks
            for it again, so a stream waiting on it waits forever. In an album the stream's first
            deadline makes libtorrent cancel every request for the other tracks' pieces
            (cancel_non_critical), and the swallowed cancels fill that peer's request queue: nothing
            more is asked of it. When a stream has waited stallTimeout on a missing piece and no
            payload has arrived meanwhile, drop the torrent's connections and dial the same peers
            again: a fresh connection has an empty queue. */
        void watchForStall (Torrent& torrent, Clock::time_point now)
        {
            if (! torrent.info || ! torrent.handle.is_valid())
                return;

            bool waiting = false;
            int waitingOn = -1;
            for (const auto& cursor : torrent.cursors)
            {
                if (cursor->atEnd())
                    continue;
                const int piece = cursor->geometry().pieceForFileOffset (cursor->position());
                if (! torrent.handle.have_piece (lt::piece_index_t { piece }))
                {
                    waiting = true;
                    waitingOn = piece;
                    break;
                }
            }
            // A download nobody streams waits too, on whatever it still lacks.
            const bool background = ! waiting && torrent.downloading;
            if (! waiting && ! background)
            {
                torrent.waitingSince.reset();
                return;
            }
            if (! torrent.waitingSince)
                torrent.waitingSince = now;

            const auto timeout = background ? backgroundStallTimeout : stallTimeout;
            const auto quietSince = std::max (*torrent.waitingSince, torrent.payloadGrewAt);
            if (now - quietSince < timeout || now - torrent.lastStallRecovery < stallRecoveryInterval)
                return;

            std::vector<lt::peer_info> peers;
            torrent.handle.get_peer_info (peers);
            // A peer we asked for something recently is still within its time to answer.
            if (std::any_of (peers.begin(), peers.end(), [timeout] (const lt::peer_info& peer)
                             { return peer.last_request < timeout; }))
                return;
            // Only a peer that has unchoked us and holds what we wait for can be holding it back; a
            // peer that still chokes us is waiting for its own choker (Transmission's runs every 10 s).
            const bool someoneShouldSend = std::any_of (peers.begin(), peers.end(), [waitingOn, background] (const lt::peer_info& peer)
                                                        {
                                                            if (peer.flags & lt::peer_info::remote_choked)
                                                                return false;
                                                            if (background)
                                                                return static_cast<bool> (peer.flags & lt::peer_info::interesting);
                                                            return peer.flags & lt::peer_info::seed || (waitingOn < peer.pieces.size() && peer.pieces.get_bit (lt::piece_index_t { waitingOn })); });
            if (! someoneShouldSend)
                return;

            if (background)
                spdlog::warn ("torrent {}: nothing arrived in {} s although a peer that unchoked us has pieces we want; reconnecting to its {} peer(s)",
                              torrent.id,
                              std::chrono::duration_cast<std::chrono::seconds> (now - quietSince).count(),
                              peers.size());
            else
                spdlog::warn ("track {}: a stream has waited {} s on piece {} and none of its {} peer(s) sent a byte; reconnecting to them",
                              torrent.id,
                              std::chrono::duration_cast<std::chrono::seconds> (now - quietSince).count(),
                              waitingOn,
                              peers.size());
            torrent.lastStallRecovery = now;
            torrent.waitingSince = now;
            torrent.handle.pause();
            torrent.handle.resume();
            for (const auto& peer : peers)
                torrent.handle.connect_peer (peer.ip);
            torrent.deadlines.clear(); // applied afresh at the next plan
            replan (torrent);
        }

        /** Sends openingArrived for each track whose opening is now all here. */
        void reportOpenings (Torrent& torrent, int piece)
        {
            if (! events.openingArrived)
                return;
            for (auto& [trackId, track] : torrent.tracks)
            {
                if (track.openingReported || ! track.torrent || track.torrent->fileSize == 0)
                    continue;
                const auto& geometry = track.torrent->geometry;
                const auto openingBytes = openingBytesOf (track.manifest, track.torrent->fileSize);
                const int first = geometry.firstPiece();
                const int last = geometry.pieceForFileOffset (openingBytes - 1);
                if (piece < first || piece > last)
                    continue;
                track.openingVerified.insert (piece);
                bool all = true;
                for (int p = first; p <= last && all; ++p)
                    all = track.openingVerified.count (p) != 0 || torrent.handle.have_piece (lt::piece_index_t { p });
                if (! all)
                    continue;
                // Read from the file once the flush that follows has written it (cache_flushed_alert).
                track.openingReported = true;
                torrent.openingsToReport.push_back (trackId);
                torrent.handle.flush_cache();
            }
        }

        void onPieceFinished (Torrent& torrent, int piece)
        {
            spdlog::trace ("track {}: piece {} verified", torrent.id, piece);
            reportOpenings (torrent, piece);
            torrent.deadlines.erase (piece);
            torrent.boosted.erase (piece);
            if (torrent.pendingReads.count (piece) != 0)
                return; // libtorrent reads it for us (alert_when_available); replan retries if not

            for (const auto& cursor : torrent.cursors)
            {
                auto end = torrent.windowEnds.find (cursor.get());
                if (end != torrent.windowEnds.end() && cursor->needsPiece (piece, end->second))
                {
                    torrent.pendingReads[piece] = Clock::now();
                    torrent.handle.read_piece (lt::piece_index_t { piece });
                    return;
                }
            }
        }

        void onPieceRead (Torrent& torrent, const lt::read_piece_alert& alert)
        {
            const int piece = static_cast<int> (alert.piece);
            torrent.pendingReads.erase (piece);
            if (alert.error)
            {
                if (alert.error != boost::asio::error::operation_aborted && alert.error != boost::system::errc::operation_canceled)
                    spdlog::warn ("track {}: reading piece {} failed: {}", torrent.id, piece, alert.error.message());
                return;
            }
            for (const auto& cursor : torrent.cursors)
            {
                auto end = torrent.windowEnds.find (cursor.get());
                const int windowEnd = end != torrent.windowEnds.end() ? end->second : piece;
                if (cursor->needsPiece (piece, std::max (windowEnd, piece)))
                    cursor->deliverPiece (piece, alert.buffer.get(), static_cast<std::size_t> (alert.size));
            }
        }

        void onStatus (const std::vector<lt::torrent_status>& updates)
        {
            std::vector<std::pair<std::string, TrackStatus>> changed;
            for (const auto& update : updates)
            {
                auto* torrent = find (update.handle);
                if (torrent == nullptr)
                    continue;

                TrackStatus whole;
                whole.state = stateOf (update);
                whole.totalBytes = static_cast<std::uint64_t> (update.total_wanted);
                whole.bytesDone = static_cast<std::uint64_t> (update.total_wanted_done);
                whole.progress = update.total_wanted > 0 ? static_cast<double> (update.total_wanted_done) / static_cast<double> (update.total_wanted) : 0.0;
                whole.pieces.resize (static_cast<std::size_t> (update.pieces.size()));
                for (int i = 0; i < update.pieces.size(); ++i)
                    whole.pieces[static_cast<std::size_t> (i)] = update.pieces.get_bit (lt::piece_index_t { i });
                torrent->downloading = update.has_metadata && ! update.is_finished && ! update.is_seeding && ! (update.flags & lt::torrent_flags::paused);
                if (update.total_payload_download != torrent->payloadDownloaded)
                {
                    torrent->payloadDownloaded = update.total_payload_download;
                    torrent->payloadGrewAt = Clock::now();
                }
                whole.peers = update.num_peers;
                whole.seeds = update.num_seeds;
                whole.downloadRate = static_cast<std::uint64_t> (update.download_payload_rate);
                whole.uploadRate = static_cast<std::uint64_t> (update.upload_payload_rate);
                whole.totalUploaded = static_cast<std::uint64_t> (update.all_time_upload);
                for (const auto& [piece, deadline] : torrent->deadlines)
                    whole.deadlinePieces.push_back (piece);
                // libtorrent keeps no availability without metadata or once the track is complete, so
                // the round trip to its network thread is skipped then (empty reads as unknown).
                if (update.has_metadata && ! update.is_seeding && ! update.is_finished)
                    update.handle.piece_availability (whole.availability);
                if (update.errc)
                    whole.error = update.errc.message() + (update.error_file >= lt::file_index_t {} ? " (in the track's file)" : "");
                // What a stalled stream is told (Core/StreamStall): who could send, who was banned,
                // and how a file offset maps to a piece.
                whole.bannedPeers = static_cast<int> (torrent->bannedPeers.size());
                whole.hashFailures = torrent->hashFailures;
                whole.pieceLength = torrent->info != nullptr ? static_cast<std::uint64_t> (torrent->info->piece_length()) : 0;
                if (update.has_metadata && ! update.is_seeding && ! update.is_finished && update.num_peers > 0)
                {
                    std::vector<lt::peer_info> peers;
                    update.handle.get_peer_info (peers);
                    whole.peersUnchokingUs = static_cast<int> (std::count_if (peers.begin(), peers.end(), [] (const lt::peer_info& peer)
                                                                              { return ! (peer.flags & lt::peer_info::remote_choked); }));
                }

                const bool album = torrent->info != nullptr && torrent->info->num_files() > 1;
                std::vector<std::int64_t> fileBytes;
                if (album && update.has_metadata)
                    update.handle.file_progress (fileBytes, lt::torrent_handle::piece_granularity);

                for (const auto& [trackId, track] : torrent->tracks)
                {
                    if (! album || ! track.torrent)
                    {
                        changed.emplace_back (trackId, whole);
                        continue;
                    }
                    auto status = statusOfFile (whole, *track.torrent, fileBytes);
                    status.fileStartInPiece = whole.pieceLength > 0 ? track.torrent->geometry.offsetInTorrent % whole.pieceLength : 0;
                    changed.emplace_back (trackId, std::move (status));
                }
            }

            {
                std::lock_guard lock (statusMutex);
                for (const auto& [id, status] : changed)
                    statuses[id] = status;
            }

            std::lock_guard lock (watchMutex);
            for (const auto& [token, watcher] : watchers)
                for (const auto& [id, status] : changed)
                    if (watcher.trackId == id)
                        watcher.listener (status);
        }

        /** One track's view of an album torrent's status: its file's bytes, and the pieces that hold
            them, numbered from the file's first piece, as a single-file torrent's would be. */
        static TrackStatus statusOfFile (const TrackStatus& whole, const TrackTorrent& track, const std::vector<std::int64_t>& fileBytes)
        {
            TrackStatus status = whole;
            const auto& geometry = track.geometry;
            const int first = geometry.firstPiece();
            const int last = geometry.lastPiece();
            const auto slice = [first, last] (const auto& all)
            {
                std::decay_t<decltype (all)> part;
                for (int piece = first; piece <= last && piece < static_cast<int> (all.size()); ++piece)
                    part.push_back (all[static_cast<std::size_t> (piece)]);
                return part;
            };
            status.pieces = slice (whole.pieces);
            status.availability = slice (whole.availability);
            status.deadlinePieces.clear();
            for (const auto piece : whole.deadlinePieces)
                if (piece >= first && piece <= last)
                    status.deadlinePieces.push_back (piece - first);

            status.totalBytes = track.fileSize;
            const auto index = static_cast<std::size_t> (track.fileIndex);
            status.bytesDone = index < fileBytes.size() ? static_cast<std::uint64_t> (std::max<std::int64_t> (0, fileBytes[index])) : 0;
            status.progress = track.fileSize > 0 ? static_cast<double> (status.bytesDone) / static_cast<double> (track.fileSize) : 0.0;
            if (track.fileSize > 0 && status.bytesDone >= track.fileSize && status.state == TrackState::downloading)
                status.state = TrackState::seeding;
            return status;
        }

        void failStreams (Torrent& torrent, const std::string& why)
        {
            for (auto& cursor : torrent.cursors)
                cursor->fail (Error (ErrorCode::unavailable, "track " + cursor->trackId() + ": " + why));
        }

        void reportCompleted (Torrent::Track& track)
        {
            if (track.completed || ! track.torrent)
                return;
            track.completed = true;
            if (events.trackCompleted)
                events.trackCompleted (track.id);
        }

        void handleAlerts()
        {
            std::vector<lt::alert*> alerts;
            session->pop_alerts (&alerts);

            for (auto* alert : alerts)
            {
                if (auto* finished = lt::alert_cast<lt::piece_finished_alert> (alert))
                {
                    if (auto* torrent = find (finished->handle))
                        onPieceFinished (*torrent, static_cast<int> (finished->piece_index));
                }
                else if (auto* read = lt::alert_cast<lt::read_piece_alert> (alert))
                {
                    if (auto* torrent = find (read->handle))
                        onPieceRead (*torrent, *read);
                }
                else if (auto* state = lt::alert_cast<lt::state_update_alert> (alert))
                {
                    onStatus (state->status);
                }
                else if (auto* saved = lt::alert_cast<lt::save_resume_data_alert> (alert))
                {
                    --resumeSavesOutstanding;
                    auto* torrent = find (saved->handle);
                    if (torrent != nullptr && torrent->info && events.resumeDataSaved)
                    {
                        auto params = saved->params;
                        params.ti.reset(); // the manifest already holds the info dictionary
                        // The peers this daemon dialled, by their listen addresses, so that a restart
                        // (after a crash too) can dial them again; libtorrent's own list may leave
                        // them out.
                        std::vector<lt::peer_info> connected;
                        saved->handle.get_peer_info (connected);
                        for (const auto& peer : connected)
                            if ((peer.flags & lt::peer_info::local_connection) && std::find (params.peers.begin(), params.peers.end(), peer.ip) == params.peers.end())
                                params.peers.push_back (peer.ip);
                        const auto buffer = lt::write_resume_data_buf (params);
                        events.resumeDataSaved (torrent->id, std::string (buffer.begin(), buffer.end()));
                    }
                }
                else if (lt::alert_cast<lt::save_resume_data_failed_alert> (alert) != nullptr)
                {
                    --resumeSavesOutstanding;
                }
                else if (auto* metadata = lt::alert_cast<lt::metadata_received_alert> (alert))
                {
                    auto* torrent = find (metadata->handle);
                    if (torrent == nullptr)
                        continue;
                    try
                    {
                        auto info = torrent->handle.torrent_file();
                        auto section = info->info_section();
                        const auto tracks = parseInfoDict ({ section.data(), static_cast<std::size_t> (section.size()) });
                        // The magnet link's placeholder gives way to the torrent's tracks: for a
                        // single-file torrent the same id, for an album one per audio file.
                        auto placeholder = torrent->tracks[torrent->id].manifest;
                        torrent->tracks.clear();
                        torrent->info = tracks.front().info;
                        for (const auto& track : tracks)
                        {
                            TrackManifest manifest = placeholder;
                            copyTorrentFields (track, manifest);
                            if (manifest.format == AudioFormat::unknown || tracks.size() > 1)
                                manifest.format = audioFormatFromExtension (track.fileName);
                            torrent->tracks[track.trackId()] = { track.trackId(), manifest, track };
                            fetchOpeningFirst (*torrent, track, manifest);
                        }
                        if (tracks.size() > 1 || tracks.front().trackId() != torrent->id)
                        {
                            std::lock_guard lock (statusMutex);
                            statuses.erase (torrent->id);
                        }
                        if (events.metadataReceived)
                            events.metadataReceived (torrent->id, tracks);
                        replan (*torrent);
                    }
                    catch (const Error& error)
                    {
                        spdlog::warn ("torrent {}: {}", torrent->id, error.what());
                        failStreams (*torrent, error.what());
                    }
                }
                else if (auto* flushed = lt::alert_cast<lt::cache_flushed_alert> (alert))
                {
                    if (auto* torrent = find (flushed->handle); torrent != nullptr && events.openingArrived)
                        for (const auto& trackId : std::exchange (torrent->openingsToReport, {}))
                            events.openingArrived (trackId);
                }
                else if (auto* completed = lt::alert_cast<lt::torrent_finished_alert> (alert))
                {
                    if (auto* torrent = find (completed->handle))
                    {
                        requestResumeData (*torrent, {});
                        for (auto& [trackId, track] : torrent->tracks)
                            reportCompleted (track);
                    }
                }
                else if (auto* fileDone = lt::alert_cast<lt::file_completed_alert> (alert))
                {
                    // A track of an album is complete while the rest of the album still downloads.
                    if (auto* torrent = find (fileDone->handle))
                        for (auto& [trackId, track] : torrent->tracks)
                            if (track.torrent && track.torrent->fileIndex == static_cast<int> (fileDone->index))
                                reportCompleted (track);
                }
                else if (auto* failed = lt::alert_cast<lt::torrent_error_alert> (alert))
                {
                    if (auto* torrent = find (failed->handle))
                    {
                        spdlog::error ("track {}: {} ({})", torrent->id, failed->error.message(), failed->filename());
                        failStreams (*torrent, failed->error.message() + " (" + failed->filename() + ")");
                    }
                }
                else if (auto* fileError = lt::alert_cast<lt::file_error_alert> (alert))
                {
                    if (auto* torrent = find (fileError->handle))
                        failStreams (*torrent, "cannot use " + std::string (fileError->filename()) + ": " + fileError->error.message());
                }
                else if (auto* listening = lt::alert_cast<lt::listen_succeeded_alert> (alert))
                {
                    if (listening->socket_type == lt::socket_type_t::tcp)
                        port = listening->port;
                }
                else if (auto* block = lt::alert_cast<lt::block_finished_alert> (alert))
                {
                    if (auto* torrent = find (block->handle); torrent != nullptr && torrent->info)
                    {
                        const auto pieceSize = torrent->info->piece_size (block->piece_index);
                        const auto blockSize = std::min (16 * 1024, pieceSize - block->block_index * 16 * 1024);
                        torrent->downloadedFrom[block->endpoint.address().to_string() + ":" + std::to_string (block->endpoint.port())] += std::max (0, blockSize);
                    }
                }
                else if (auto* peerLog = lt::alert_cast<lt::peer_log_alert> (alert))
                {
                    spdlog::trace ("peer {}: {}", peerLog->endpoint.address().to_string() + ":" + std::to_string (peerLog->endpoint.port()), peerLog->message());
                }
                else if (auto* hashFailed = lt::alert_cast<lt::hash_failed_alert> (alert))
                {
                    if (auto* torrent = find (hashFailed->handle))
                    {
                        ++torrent->hashFailures;
                        spdlog::warn ("track {}: piece {} failed its hash check (a peer sent corrupt data)", torrent->id, static_cast<int> (hashFailed->piece_index));
                    }
                }
                else if (auto* banned = lt::alert_cast<lt::peer_ban_alert> (alert))
                {
                    if (auto* torrent = find (banned->handle))
                    {
                        const auto peer = banned->endpoint.address().to_string() + ":" + std::to_string (banned->endpoint.port());
                        torrent->bannedPeers.insert (peer);
                        spdlog::warn ("track {}: banned peer {} for sending data that failed its hash check", torrent->id, peer);
                    }
                }
                else if (auto* listenFailed = lt::alert_cast<lt::listen_failed_alert> (alert))
                {
                    spdlog::error ("BitTorrent cannot listen on {}: {}", listenFailed->address.to_string(), listenFailed->error.message());
                }
            }
        }
    };

    //==============================================================================
    SwarmSession::SwarmSession (SwarmSettings settings, SwarmEvents events)
        : impl (std::make_unique<Impl>())
    {
        impl->settings = std::move (settings);
        impl->events = std::move (events);

        std::promise<void> ready;
        auto started = ready.get_future();
        impl->thread = std::thread ([this, &ready]
                                    {
            impl->threadId = std::this_thread::get_id();
            impl->start (ready); });
        try
        {
            started.get();
        }
        catch (const std::exception& error)
        {
            impl->thread.join();
            throw Error (ErrorCode::unavailable, std::string ("cannot start the BitTorrent session: ") + error.what());
        }
    }

    SwarmSession::~SwarmSession()
    {
        {
            std::lock_guard lock (impl->queueMutex);
            impl->stopRequested = true;
        }
        impl->wake.notify_one();
        if (impl->thread.joinable())
            impl->thread.join();
    }

    void SwarmSession::addTrack (const TrackManifest& manifest, const TrackTorrent& torrent, AddTrackOptions options)
    {
        impl->call ([&]
                    { impl->addTrack (manifest, torrent, options); });
    }

    std::string SwarmSession::addMagnet (const std::string& magnetUri, AddTrackOptions options)
    {
        return impl->call ([&]
                           { return impl->addMagnet (magnetUri, options); });
    }

    void SwarmSession::updateManifest (const TrackManifest& manifest)
    {
        impl->post ([this, manifest]
                    {
            auto* torrent = impl->find (manifest.infoHashHex);
            if (auto* track = torrent != nullptr ? Impl::findTrack (*torrent, trackIdOf (manifest)) : nullptr)
            {
                track->manifest.format = manifest.format;
                track->manifest.layout = manifest.layout;
                track->manifest.metadata = manifest.metadata;
            } });
    }

    void SwarmSession::removeTrack (const std::string& trackId, bool deleteFiles)
    {
        impl->call ([&]
                    { impl->remove (trackId, deleteFiles); });
    }

    void SwarmSession::addTrackers (const std::string& trackId, const std::vector<std::string>& trackers)
    {
        impl->call ([&]
                    {
            if (auto* torrent = impl->find (trackId))
                Impl::addTrackersTo (torrent->handle, trackers); });
    }

    int SwarmSession::connectPeer (const std::string& endpoint, const std::string& trackId)
    {
        const auto address = parseEndpoint (endpoint);
        return impl->call ([&]
                           {
            int tried = 0;
            for (auto& [id, torrent] : impl->torrents)
            {
                if (! trackId.empty() && id != infoHashOfTrackId (trackId))
                    continue;
                torrent.handle.connect_peer (address, lt::peer_info::resume_data, lt::pex_encryption);
                ++tried;
            }
            return tried; });
    }

    std::optional<TrackStatus> SwarmSession::status (const std::string& trackId) const
    {
        std::lock_guard lock (impl->statusMutex);
        auto found = impl->statuses.find (trackId);
        if (found == impl->statuses.end())
            return std::nullopt;
        return found->second;
    }

    std::vector<SwarmSession::PeerTransfer> SwarmSession::peerTransfers (const std::string& trackId)
    {
        return impl->call ([&]
                           {
            std::vector<PeerTransfer> transfers;
            auto* torrent = impl->find (trackId);
            if (torrent == nullptr || ! torrent->handle.is_valid())
                return transfers;
            for (const auto& [endpoint, bytes] : torrent->downloadedFrom)
                transfers.push_back ({ endpoint, bytes });
            return transfers; });
    }

    int SwarmSession::listenPort() const
    {
        return impl->port.load();
    }

    std::shared_ptr<StreamCursor> SwarmSession::openStream (const std::string& trackId, std::uint64_t offset, double windowSeconds, bool wantsHeaderAndTail)
    {
        return impl->call ([&]
                           {
            auto* torrent = impl->find (trackId);
            auto* track = torrent != nullptr ? Impl::findTrack (*torrent, trackId) : nullptr;
            if (track == nullptr)
                throw Error (ErrorCode::notFound, "track " + trackId + " is not in the swarm");
            if (! track->torrent)
                throw Error (ErrorCode::failedPrecondition, "track " + trackId + " was added from a magnet link and its metadata has not arrived yet; try again once `earshot status` shows it downloading");

            auto cursor = std::make_shared<StreamCursor> (trackId, track->torrent->geometry, offset, windowSeconds, wantsHeaderAndTail);
            torrent->cursors.push_back (cursor);
            impl->replan (*torrent);
            return cursor; });
    }

    bool SwarmSession::readStream (const std::shared_ptr<StreamCursor>& cursor, std::string& out, std::size_t maxBytes)
    {
        const auto& geometry = cursor->geometry();
        const int before = geometry.pieceForFileOffset (cursor->position());
        const bool took = cursor->take (out, maxBytes);
        if (took && geometry.pieceForFileOffset (cursor->position()) != before)
        {
            impl->post ([this, cursor]
                        {
                if (auto* torrent = impl->find (cursor->trackId()))
                    impl->replan (*torrent); });
        }
        return took;
    }

    void SwarmSession::closeStream (const std::shared_ptr<StreamCursor>& cursor)
    {
        impl->post ([this, cursor]
                    {
            auto* torrent = impl->find (cursor->trackId());
            if (torrent == nullptr)
                return;
            std::erase (torrent->cursors, cursor);
            torrent->windowEnds.erase (cursor.get());
            impl->replan (*torrent); });
    }

    int SwarmSession::watchStatus (const std::string& trackId, std::function<void (const TrackStatus&)> listener)
    {
        std::lock_guard lock (impl->watchMutex);
        const int token = impl->nextWatchToken++;
        impl->watchers[token] = { trackId, std::move (listener) };
        return token;
    }

    void SwarmSession::unwatchStatus (int token)
    {
        std::lock_guard lock (impl->watchMutex);
        impl->watchers.erase (token);
    }
} // namespace earshot
