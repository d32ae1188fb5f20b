#include "SwarmTorrents.h"

#include "FirstLastPieces.h"
#include "PeerEndpoint.h"
#include "SettingsPack.h"

#include "Core/Error.h"

#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/read_resume_data.hpp>
#include <libtorrent/session.hpp>
#include <libtorrent/torrent_info.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

namespace earshot
{
    SwarmTorrents::SwarmTorrents (lt::session& libtorrentSession, const SwarmSettings& swarmSettings, StatusBoard& statusBoard)
        : session (libtorrentSession), settings (swarmSettings), statuses (statusBoard)
    {
    }

    SwarmTorrent* SwarmTorrents::find (const std::string& trackId)
    {
        auto found = torrents.find (infoHashOfTrackId (trackId));
        return found == torrents.end() ? nullptr : &found->second;
    }

    SwarmTorrent* SwarmTorrents::find (const lt::torrent_handle& handle)
    {
        auto id = idsByHandle.find (handle);
        return id == idsByHandle.end() ? nullptr : find (id->second);
    }

    lt::add_torrent_params SwarmTorrents::baseParams (const AddTrackOptions& options)
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
        // Upload mode is only ever a yield to a stream of this session (DownloadBalancer); resume
        // data saved while yielding must not keep a track from downloading after a restart.
        params.flags &= ~(lt::torrent_flags::paused | lt::torrent_flags::auto_managed | lt::torrent_flags::upload_mode);
        if (options.seedMode)
            params.flags |= lt::torrent_flags::seed_mode;
        if (settings.strategy == StreamStrategy::sequential)
            params.flags |= lt::torrent_flags::sequential_download;
        // The peers it was given: attach adds them (encrypted first) and has them dialled at once.
        // The settings from before issue 10 listed them here, to be dialled plaintext first.
        for (const auto& peer : options.peers)
            if (usesConnectBaseline())
                params.peers.push_back (parseEndpoint (peer));
            else
                (void) parseEndpoint (peer); // a malformed address fails the add before it starts
        addTrackerParams (params, options.trackers);
        return params;
    }

    void addTrackerParams (lt::add_torrent_params& params, const std::vector<std::string>& trackers)
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

    void addTrackersTo (const lt::torrent_handle& handle, const std::vector<std::string>& trackers)
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

    void SwarmTorrents::attach (lt::torrent_handle handle, const std::string& infoHash, const TrackManifest& manifest, std::optional<TrackTorrent> torrent, const AddTrackOptions& options)
    {
        auto [slot, inserted] = torrents.try_emplace (infoHash);
        auto& entry = slot->second;
        if (inserted)
        {
            entry.scheduler = DeadlineScheduler ({ settings.strategy, std::chrono::milliseconds (settings.deadlineHorizonMs), infoHash, settings.lookaheadPriorities });
            // A torrent restored from its resume data has it stored already: it is saved again
            // once something in it changes. One without (published, new, or checked after a
            // crash) is saved at the next round.
            entry.restored = options.resumeData.has_value();
            entry.resumeWanted = ! entry.restored;
        }
        entry.handle = handle;
        entry.id = infoHash;
        if (torrent)
            entry.info = torrent->info;
        const auto trackId = torrent ? torrent->trackId() : infoHash;
        entry.tracks[trackId] = { trackId, manifest, std::move (torrent) };
        idsByHandle[handle] = infoHash;
        if (inserted && settings.strategy == StreamStrategy::firstLast)
            raiseFirstAndLastPieces (handle);

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
            if (! usesConnectBaseline())
                for (const auto& peer : options.peers)
                    handle.connect_peer (parseEndpoint (peer), lt::peer_info::resume_data, lt::pex_encryption);
            handle.pause();
            handle.resume();
        }

        // A first status at once, so the library never shows a track without one.
        statuses.update ({ handle.status (lt::torrent_handle::query_pieces) }, [this] (const lt::torrent_handle& h)
                         { return find (h); });
    }

    void SwarmTorrents::raiseFirstAndLastPieces (const lt::torrent_handle& handle)
    {
        const auto info = handle.torrent_file();
        if (info == nullptr)
            return;
        const auto& files = info->files();
        std::vector<lt::download_priority_t> priorities (static_cast<std::size_t> (info->num_pieces()), lt::default_priority);
        for (const auto file : files.file_range())
        {
            const auto size = files.file_size (file);
            if (size <= 0)
                continue;
            const auto first = static_cast<int> (files.map_file (file, 0, 0).piece);
            const auto last = static_cast<int> (files.map_file (file, size - 1, 0).piece);
            for (const auto piece : firstAndLastPieces (first, last, static_cast<std::uint64_t> (size), static_cast<std::uint64_t> (info->piece_length())))
                priorities[static_cast<std::size_t> (piece)] = lt::top_priority;
        }
        handle.prioritize_pieces (priorities);
    }

    void SwarmTorrents::addTrack (const TrackManifest& manifest, const TrackTorrent& torrent, const AddTrackOptions& options)
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
                existing->fetchOpeningFirst (torrent, manifest);
            }
            addTrackersTo (existing->handle, options.trackers);
            existing->resumeWanted = true;
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
        auto handle = session.add_torrent (std::move (params), ec);
        if (ec)
            throw Error (ErrorCode::internal, "the swarm could not add track " + torrent.infoHashHex + ": " + ec.message());

        attach (handle, torrent.infoHashHex, manifest, torrent, options);
        find (torrent.infoHashHex)->fetchOpeningFirst (torrent, manifest);
    }

    std::string SwarmTorrents::addMagnet (const std::string& uri, const AddTrackOptions& options)
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

        auto handle = session.add_torrent (std::move (params), ec);
        if (ec)
            throw Error (ErrorCode::internal, "the swarm could not add the magnet link: " + ec.message());

        TrackManifest manifest;
        manifest.infoHashHex = id;
        manifest.fileName = magnet.name;
        attach (handle, id, manifest, std::nullopt, options);
        return id;
    }

    void SwarmTorrents::remove (const std::string& id, bool deleteFiles)
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
        statuses.erase (id);
        if (! torrent->tracks.empty())
        {
            torrent->replan();
            return;
        }
        session.remove_torrent (torrent->handle, deleteFiles ? lt::session::delete_files : lt::remove_flags_t {});
        idsByHandle.erase (torrent->handle);
        torrents.erase (torrent->id);
    }
} // namespace earshot
