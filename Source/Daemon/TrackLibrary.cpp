#include "TrackLibrary.h"

#include "ProvisionalManifest.h"
#include "TagReader.h"
#include "TrackMeasures.h"

#include "Core/Error.h"
#include "Core/QuoteInput.h"
#include "Store/StoreError.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>
#include <type_traits>

namespace earshot
{
    namespace
    {
        /** A track id or prefix as an error shows it: as it is when it looks like one (hex digits
            and '-', no longer than an album track's id), so it reads like the ids `earshot list`
            prints; quoted and cut short otherwise (quoteInput). */
        std::string shownId (const std::string& idOrPrefix)
        {
            constexpr std::size_t longestId = 40 + 1 + 10;
            const auto idLike = idOrPrefix.size() <= longestId && std::all_of (idOrPrefix.begin(), idOrPrefix.end(), [] (char c)
                                                                               { return std::isxdigit (static_cast<unsigned char> (c)) != 0 || c == '-'; });
            return idLike ? idOrPrefix : quoteInput (idOrPrefix);
        }

        std::int64_t nowUnixMs()
        {
            using namespace std::chrono;
            return duration_cast<milliseconds> (system_clock::now().time_since_epoch()).count();
        }

        void createSaveFolder (const std::string& folder)
        {
            std::error_code ec;
            std::filesystem::create_directories (folder, ec);
            if (ec)
                throw Error (ErrorCode::failedPrecondition, "cannot create " + folder + ": " + ec.message());
        }

        // The meta table's keys for what SetSettings set.
        constexpr const char* uploadLimitKey = "settings.upload_bytes_per_second";
        constexpr const char* downloadLimitKey = "settings.download_bytes_per_second";
        constexpr const char* listenPortKey = "settings.listen_port";

        /** Tracks restored per command to the swarm thread. */
        constexpr std::size_t restoreBatch = 256;

        /** The flags' settings, with what SetSettings kept in the store over them. */
        TransferSettings storedTransferSettings (const TrackStore& store, const SwarmSettings& flags)
        {
            TransferSettings settings;
            settings.uploadBytesPerSecond = flags.uploadRateLimit;
            settings.downloadBytesPerSecond = flags.downloadRateLimit;
            settings.listenPort = portOfListenInterfaces (flags.listenInterfaces);
            const auto read = [&store] (const char* key, auto& into)
            {
                if (const auto value = store.metaValue (key))
                {
                    try
                    {
                        into = static_cast<std::remove_reference_t<decltype (into)>> (std::stoll (*value));
                    }
                    catch (const std::exception&)
                    {
                        spdlog::warn ("ignoring the stored setting {} = '{}': not a number", key, *value);
                    }
                }
            };
            read (uploadLimitKey, settings.uploadBytesPerSecond);
            read (downloadLimitKey, settings.downloadBytesPerSecond);
            read (listenPortKey, settings.listenPort);
            try
            {
                checkTransferSettings (settings);
            }
            catch (const Error& e)
            {
                spdlog::warn ("ignoring the stored settings: {}", e.what());
                settings.uploadBytesPerSecond = flags.uploadRateLimit;
                settings.downloadBytesPerSecond = flags.downloadRateLimit;
                settings.listenPort = portOfListenInterfaces (flags.listenInterfaces);
            }
            if (store.metaValue (listenPortKey))
                spdlog::info ("settings kept from SetSettings: upload limit {} B/s, download limit {} B/s, BitTorrent port {}", settings.uploadBytesPerSecond, settings.downloadBytesPerSecond, settings.listenPort);
            return settings;
        }

        std::vector<std::filesystem::path> audioFilesIn (const std::filesystem::path& folder)
        {
            std::vector<std::filesystem::path> files;
            std::error_code ec;
            for (const auto& entry : std::filesystem::directory_iterator (folder, ec))
                if (entry.is_regular_file())
                    files.push_back (entry.path());
            if (ec)
                throw Error (ErrorCode::invalidArgument, "cannot read the folder " + quoteInput (folder.string(), pathQuoteBytes) + ": " + ec.message());
            std::sort (files.begin(), files.end());
            return files;
        }
    } // namespace

    TrackLibrary::TrackLibrary (const std::filesystem::path& dataDirectory, SwarmSettings settings, std::vector<std::string> trackers)
        : dataDir (dataDirectory)
        , defaultTrackers (checkTrackerUrls (trackers))
        , store (dataDirectory / "library.sqlite3")
    {
        const bool clean = store.beginSession();

        // The swarm's events only hand off to the worker, in the order they came: while the swarm
        // thread runs TagLib or waits on SQLite, no stream's deadlines move.
        SwarmEvents events;
        events.resumeDataSaved = [this] (const std::string& infoHash, std::string resumeData)
        {
            worker.post ([this, infoHash, resumeData = std::move (resumeData)]
                         {
                try
                {
                    store.saveResumeData (infoHash, resumeData);
                }
                catch (const std::exception& error)
                {
                    spdlog::debug ("resume data for {} not saved: {}", infoHash, error.what());
                } });
        };
        events.trackCompleted = [this] (const std::string& trackId)
        { worker.post ([this, trackId]
                       { onTrackCompleted (trackId); }); };
        events.openingArrived = [this] (const std::string& trackId)
        { worker.post ([this, trackId]
                       { onOpeningArrived (trackId); }); };
        events.metadataReceived = [this] (const std::string& infoHash, const std::vector<TrackTorrent>& tracks)
        { worker.post ([this, infoHash, tracks]
                       { onMetadataReceived (infoHash, tracks); }); };

        // What SetSettings set wins over the flags: the app's Settings page is where a user changed it.
        transfer = storedTransferSettings (store, settings);
        settings.uploadRateLimit = static_cast<int> (transfer.uploadBytesPerSecond);
        settings.downloadRateLimit = static_cast<int> (transfer.downloadBytesPerSecond);
        settings.listenInterfaces = listenInterfacesWithPort (settings.listenInterfaces, transfer.listenPort);

        session = std::make_unique<SwarmSession> (std::move (settings), std::move (events));
        restore (clean);
    }

    TransferSettings TrackLibrary::transferSettings() const
    {
        const std::scoped_lock lock (transferMutex);
        return transfer;
    }

    TransferSettings TrackLibrary::setTransferSettings (const TransferSettings& settings)
    {
        checkTransferSettings (settings);
        const std::scoped_lock lock (transferMutex);
        session->applyTransferSettings (settings);
        store.setMetaValues ({ { uploadLimitKey, std::to_string (settings.uploadBytesPerSecond) },
                               { downloadLimitKey, std::to_string (settings.downloadBytesPerSecond) },
                               { listenPortKey, std::to_string (settings.listenPort) } });
        transfer = settings;
        spdlog::info ("settings: upload limit {} B/s, download limit {} B/s, BitTorrent port {}", settings.uploadBytesPerSecond, settings.downloadBytesPerSecond, settings.listenPort);
        return transfer;
    }

    TrackLibrary::~TrackLibrary()
    {
        // The swarm stops first and hands its last resume data to the worker, which stores it and
        // finishes every job before the swarm and the store go.
        session->stop();
        worker.stop();
        session.reset();
        try
        {
            store.endSession();
        }
        catch (const std::exception& error)
        {
            spdlog::error ("could not mark the session as ended: {}", error.what());
        }
    }

    std::optional<TrackView> TrackLibrary::alreadyInLibrary (const std::string& trackId, const std::vector<std::string>& peers, const std::vector<std::string>& trackers)
    {
        auto existing = store.findTrack (trackId);
        if (! existing)
            return std::nullopt;
        addTrackers (*existing, trackers);
        for (const auto& peer : peers)
            session->connectPeer (peer, trackId);
        return view (std::move (*existing));
    }

    void TrackLibrary::addTrackers (TrackRecord& record, const std::vector<std::string>& trackers)
    {
        auto merged = record.trackers;
        for (const auto& tracker : trackers)
            if (std::find (merged.begin(), merged.end(), tracker) == merged.end())
                merged.push_back (tracker);
        if (merged == record.trackers)
            return;
        record.trackers = std::move (merged);
        store.putTrack (record);
        session->addTrackers (trackIdOf (record.manifest), record.trackers);
        spdlog::info ("torrent {} announces to {} tracker(s) now", record.manifest.infoHashHex, record.trackers.size());
    }

    TrackRecord TrackLibrary::newDownload (const TrackManifest& manifest) const
    {
        TrackRecord record;
        record.manifest = manifest;
        // One folder per torrent: an album's tracks land in it as the torrent lays them out.
        record.savePath = (dataDir / "tracks" / manifest.infoHashHex).string();
        record.addedAtUnixMs = nowUnixMs();
        createSaveFolder (record.savePath);
        return record;
    }

    void TrackLibrary::commit (const TrackRecord& record, const std::function<void()>& joinSwarm)
    {
        store.putTrack (record);
        try
        {
            joinSwarm();
        }
        catch (...)
        {
            store.removeTrack (trackIdOf (record.manifest)); // in both or in neither
            throw;
        }
    }

    void TrackLibrary::restore (bool previousSessionWasClean)
    {
        if (! previousSessionWasClean)
            spdlog::warn ("earshotd did not shut down cleanly last time; verifying incomplete tracks on disk");

        // Every torrent's resume data in one query, and every track with a torrent added in one
        // command to the swarm thread: 10,000 of each, one at a time, were most of a start-up.
        // A few hundred at a time, so that 10,000 tracks' copies are never all held at once.
        auto resumeData = store.loadAllResumeData();
        std::vector<SwarmSession::TrackToAdd> adding;
        const auto addBatch = [this, &adding]
        {
            const auto refusals = session->addTracks (adding);
            for (std::size_t i = 0; i < adding.size(); ++i)
                if (! refusals[i].empty())
                    spdlog::error ("track {} could not rejoin the swarm: {}", trackIdOf (adding[i].manifest), refusals[i]);
            adding.clear();
        };
        for (const auto& record : store.listTracks())
        {
            const auto id = trackIdOf (record.manifest);
            try
            {
                AddTrackOptions options;
                options.savePath = record.savePath;
                if (auto found = resumeData.find (record.manifest.infoHashHex); found != resumeData.end())
                    options.resumeData = found->second; // an album's tracks share their torrent's
                // Announced to again after every restart, also after a crash (which drops the
                // resume data that holds libtorrent's own copy of them).
                options.trackers = record.trackers;

                if (record.manifest.infoDict.empty())
                {
                    (void) session->addMagnet ("magnet:?xt=urn:btih:" + record.manifest.infoHashHex, options);
                    continue;
                }

                // After a crash the resume data can be seconds behind what is verified on disk. Without
                // it libtorrent hashes the file, so every piece that reached the disk is kept; the
                // peers it lists are still good, and are dialled as the track starts.
                if (! previousSessionWasClean && ! record.published && options.resumeData)
                {
                    options.peers = peersInResumeData (*options.resumeData);
                    options.resumeData.reset();
                    spdlog::info ("track {}: checking its file after the unclean end, and dialling the {} peer(s) it had", id, options.peers.size());
                }
                options.seedMode = record.published && ! options.resumeData;
                adding.push_back ({ record.manifest, validateManifest (record.manifest), std::move (options) });
                if (adding.size() == restoreBatch)
                    addBatch();
            }
            catch (const std::exception& error)
            {
                spdlog::error ("track {} could not rejoin the swarm: {}", id, error.what());
            }
        }
        addBatch();
    }

    TrackView TrackLibrary::view (TrackRecord record) const
    {
        TrackView view;
        view.status = session->status (trackIdOf (record.manifest));
        view.path = fileOf (record).string();
        view.record = std::move (record);
        return view;
    }

    std::filesystem::path TrackLibrary::fileOf (const TrackRecord& record)
    {
        // A multi-file torrent's files sit in its folder ("Album/02 Song.ogg"), inside the save path.
        const auto& inTorrent = record.manifest.filePath.empty() ? record.manifest.fileName : record.manifest.filePath;
        return std::filesystem::path (record.savePath) / std::filesystem::path (inTorrent).relative_path();
    }

    std::vector<TrackView> TrackLibrary::publish (const std::vector<std::string>& paths, const std::vector<std::string>& namedTrackers)
    {
        if (paths.empty())
            throw Error (ErrorCode::invalidArgument, "nothing to publish: name audio files or album folders");
        const auto trackers = namedTrackers.empty() ? defaultTrackers : checkTrackerUrls (namedTrackers);

        struct Prepared
        {
            TrackRecord record;
            TrackTorrent torrent;
            std::optional<Cover> cover;
        };
        std::vector<Prepared> prepared;
        const auto prepare = [&] (const std::filesystem::path& file, TrackManifest manifest)
        {
            return Prepared { { std::move (manifest), file.parent_path().string(), true, 0, trackers }, createTrackTorrent (file), std::nullopt };
        };

        // Describe and hash everything first: one bad file publishes nothing.
        for (const auto& text : paths)
        {
            const auto path = std::filesystem::absolute (std::filesystem::path (text));
            std::error_code ec;
            if (std::filesystem::is_directory (path, ec))
            {
                std::vector<Prepared> album;
                for (const auto& file : audioFilesIn (path))
                {
                    TrackManifest manifest;
                    try
                    {
                        manifest = describeAudioFile (file);
                    }
                    catch (const Error&)
                    {
                        continue; // cover art, liner notes and playlists sit beside an album's tracks
                    }
                    album.push_back (prepare (file, std::move (manifest)));
                }
                if (album.empty())
                    throw Error (ErrorCode::invalidArgument, "the folder " + quoteInput (path.string(), pathQuoteBytes) + " holds no audio files (FLAC, Ogg Vorbis, MP3 or WAV)");

                // An album shares its album metadata: tracks without an album tag take the folder's name,
                // and those without an artist take the album's.
                std::string albumName, artist;
                for (const auto& track : album)
                {
                    if (albumName.empty())
                        albumName = track.record.manifest.metadata.album;
                    if (artist.empty())
                        artist = track.record.manifest.metadata.artist;
                }
                if (albumName.empty())
                    albumName = path.filename().string();
                for (auto& track : album)
                {
                    auto& metadata = track.record.manifest.metadata;
                    if (metadata.album.empty())
                        metadata.album = albumName;
                    if (metadata.artist.empty())
                        metadata.artist = artist;
                    prepared.push_back (std::move (track));
                }
            }
            else
            {
                prepared.push_back (prepare (path, describeAudioFile (path)));
            }
        }

        // What the tags do not say is measured from the audio, a file per core; a file that cannot
        // be is published without it.
        forEachOnCores (prepared.size(), [&] (std::size_t i)
                        {
                            auto& track = prepared[i];
                            const auto file = fileOf (track.record);
                            measureAudio (file, track.record.manifest);
                            indexSeekPoints (file, track.record.manifest);
                            track.cover = coverThumbnailOf (file, track.record.manifest.format); });

        std::lock_guard lock (changeMutex);
        std::vector<TrackView> published;
        for (auto& [record, torrent, cover] : prepared)
        {
            copyTorrentFields (torrent, record.manifest);
            record.addedAtUnixMs = nowUnixMs();

            // Published again: the same track (its id comes from the bytes alone), announced to the
            // trackers named this time too.
            if (auto existing = alreadyInLibrary (torrent.trackId(), {}, trackers))
            {
                if (cover && ! store.findCover (torrent.trackId()))
                    store.putCover (torrent.trackId(), *cover); // published before covers were kept
                published.push_back (*existing);
                continue;
            }

            AddTrackOptions options;
            options.savePath = record.savePath;
            options.seedMode = true;
            options.trackers = trackers;
            // Structured bindings reach the lambda through init-captures: clang 14 (the sanitizer
            // builds) cannot capture them.
            commit (record, [&, &trackManifest = record.manifest, &trackTorrent = torrent]
                    { session->addTrack (trackManifest, trackTorrent, options); });
            if (cover)
                store.putCover (torrent.trackId(), *cover);
            spdlog::info ("published {} ({}) as {}", record.manifest.metadata.title, record.manifest.fileName, torrent.infoHashHex);
            published.push_back (view (record));
        }
        return published;
    }

    std::pair<std::vector<TrackView>, bool> TrackLibrary::addTrack (const TrackSource& source, const std::vector<std::string>& peers, bool asPreview)
    {
        std::lock_guard lock (changeMutex);

        if (source.magnetUri)
        {
            const auto id = trackIdOfMagnet (*source.magnetUri);
            const auto trackers = trackersOfMagnet (*source.magnetUri);
            if (auto existing = alreadyInLibrary (id, peers, trackers))
                return { { *existing }, false };
            // The link of an album whose tracks are already here.
            if (auto tracks = tracksOfTorrent (id); ! tracks.empty())
            {
                addTrackers (tracks.front().record, trackers); // the album's tracks share them
                for (const auto& peer : peers)
                    session->connectPeer (peer, id);
                return { tracksOfTorrent (id), false };
            }

            TrackManifest unknown;
            unknown.infoHashHex = id;
            auto record = newDownload (unknown);
            record.trackers = trackers;

            // Stored with no info dictionary: a restart re-adds it as a magnet link until the metadata
            // arrives from peers (onMetadataReceived), which turns it into the torrent's tracks.
            AddTrackOptions options;
            options.savePath = record.savePath;
            options.peers = peers;
            commit (record, [&]
                    { (void) session->addMagnet (*source.magnetUri, options); });
            spdlog::info ("added magnet link for {}", id);
            return { { view (record) }, true };
        }

        // The tracks to add, each with its manifest: the one a manifest names (with its tags), and
        // every track of its torrent, since a torrent is fetched whole (an album's tracks share
        // pieces); or every track of a .torrent file.
        std::vector<std::pair<TrackManifest, TrackTorrent>> tracks;
        if (source.manifest)
        {
            const auto named = validateManifest (*source.manifest);
            auto manifest = *source.manifest;
            copyTorrentFields (named, manifest);
            if (manifest.format == AudioFormat::unknown)
                manifest.format = audioFormatFromExtension (named.fileName);
            if (manifest.layout == ContainerLayout {})
                manifest.layout = provisionalLayout (manifest.format, manifest.fileSize);
            tracks.emplace_back (manifest, named);
            if (named.multiFile)
                for (const auto& other : parseInfoDict (manifest.infoDict))
                    if (other.fileIndex != named.fileIndex)
                        tracks.emplace_back (manifestFromTorrent (other), other);
        }
        else if (source.torrentFile)
        {
            for (const auto& track : parseTorrentFile (*source.torrentFile))
                tracks.emplace_back (manifestFromTorrent (track), track);
        }
        else
        {
            throw Error (ErrorCode::invalidArgument, "say where the track comes from: a manifest, a .torrent file or a magnet link");
        }

        const auto infoHash = tracks.front().second.infoHashHex;
        // The torrent's trackers (its tracks share them): those the library has for it already,
        // when some of an album's tracks are here, then those its .torrent file names.
        std::vector<std::string> trackers;
        if (const auto here = tracksOfTorrent (infoHash); ! here.empty())
            trackers = here.front().record.trackers;
        for (const auto& tracker : tracks.front().second.trackers)
            if (std::find (trackers.begin(), trackers.end(), tracker) == trackers.end())
                trackers.push_back (tracker);

        std::vector<TrackView> views;
        bool created = false;
        std::optional<TrackRecord> folder;
        for (const auto& [manifest, torrent] : tracks)
        {
            const auto id = torrent.trackId();
            if (auto existing = alreadyInLibrary (id, peers, trackers))
            {
                // Prefetched again, a preview moves to the back of the queue; added by the user,
                // it joins the library.
                if (asPreview ? store.touchPreview (id) : store.markPlayed (id))
                    existing = view (*store.findTrack (id));
                views.push_back (*existing);
                continue;
            }
            // An album's tracks share one folder.
            auto record = folder ? *folder : newDownload (manifest);
            record.manifest = manifest;
            record.trackers = trackers;
            folder = record;
            record.previewOrder = asPreview ? store.nextPreviewOrder() : 0;

            AddTrackOptions options;
            options.savePath = record.savePath;
            options.peers = peers;
            options.trackers = record.trackers;
            commit (record, [&, &trackManifest = manifest, &trackTorrent = torrent]
                    { session->addTrack (trackManifest, trackTorrent, options); });
            spdlog::info ("added {} ({})", manifest.filePath.empty() ? manifest.fileName : manifest.filePath, id);
            views.push_back (view (record));
            created = true;
        }
        return { views, created };
    }

    std::vector<TrackView> TrackLibrary::tracksOfTorrent (const std::string& infoHash) const
    {
        std::vector<TrackView> views;
        for (auto& record : store.listTracks())
            if (record.manifest.infoHashHex == infoHash)
                views.push_back (view (std::move (record)));
        std::sort (views.begin(), views.end(), [] (const TrackView& a, const TrackView& b)
                   { return a.record.manifest.fileIndex < b.record.manifest.fileIndex; });
        return views;
    }

    std::optional<Cover> TrackLibrary::coverOf (const std::string& trackId) const
    {
        return store.findCover (trackId);
    }

    std::vector<TrackView> TrackLibrary::listTracks() const
    {
        std::vector<TrackView> views;
        for (auto& record : store.listTracks())
            if (record.previewOrder == 0)
                views.push_back (view (std::move (record)));
        return views;
    }

    KeyedPage<TrackView> TrackLibrary::listPage (const std::optional<PageKey>& after, int limit) const
    {
        auto records = store.listPage (after, limit);
        KeyedPage<TrackView> page;
        page.more = records.more;
        std::vector<std::string> ids;
        ids.reserve (records.entries.size());
        for (const auto& record : records.entries)
            ids.push_back (trackIdOf (record.manifest));
        auto statuses = session->statuses (ids);
        page.entries.reserve (records.entries.size());
        for (std::size_t i = 0; i < records.entries.size(); ++i)
        {
            auto& entry = page.entries.emplace_back();
            entry.path = fileOf (records.entries[i]).string();
            entry.record = std::move (records.entries[i]);
            entry.status = std::move (statuses[i]);
        }
        return page;
    }

    std::size_t TrackLibrary::trackCount() const
    {
        return store.libraryTrackCount();
    }

    std::vector<std::string> TrackLibrary::previews() const
    {
        return store.previews();
    }

    bool TrackLibrary::markPlayed (const std::string& idOrPrefix)
    {
        try
        {
            return store.markPlayed (resolve (idOrPrefix));
        }
        catch (const Error&)
        {
            return false; // not a track of this library: nothing to promote
        }
    }

    std::string TrackLibrary::resolve (const std::string& idOrPrefix) const
    {
        if (idOrPrefix.empty())
            throw Error (ErrorCode::invalidArgument, "no track id given");

        std::string lower = idOrPrefix;
        std::transform (lower.begin(), lower.end(), lower.begin(), [] (unsigned char c)
                        { return (char) std::tolower (c); });

        if (store.findTrack (lower))
            return lower;

        // A prefix of the id, or of an album track's info-hash with its file index: "3f2a-2".
        const auto dash = lower.find ('-');
        std::vector<std::string> matches;
        for (const auto& record : store.listTracks())
        {
            const auto id = trackIdOf (record.manifest);
            const bool byPrefix = id.rfind (lower, 0) == 0;
            const bool byHashAndFile = dash != std::string::npos && isInMultiFileTorrent (record.manifest)
                                       && record.manifest.infoHashHex.rfind (lower.substr (0, dash), 0) == 0
                                       && lower.substr (dash + 1) == std::to_string (record.manifest.fileIndex);
            if (byPrefix || byHashAndFile)
                matches.push_back (id);
        }

        if (matches.empty())
            throw Error (ErrorCode::notFound, "no track with id " + shownId (idOrPrefix) + " in this library");
        if (matches.size() > 1)
        {
            const bool oneAlbum = std::all_of (matches.begin(), matches.end(), [&] (const std::string& id)
                                               { return infoHashOfTrackId (id) == infoHashOfTrackId (matches.front()); });
            throw Error (ErrorCode::invalidArgument, "the id " + shownId (idOrPrefix) + " matches " + std::to_string (matches.size()) + " tracks" + (oneAlbum ? " of one album; name one as " + matches.front().substr (0, 8) + "-N, N its number in the album's torrent (" + matches.front() + ", ...)" : "; give more of the id"));
        }
        return matches.front();
    }

    TrackView TrackLibrary::getTrack (const std::string& idOrPrefix) const
    {
        auto record = store.findTrack (resolve (idOrPrefix));
        if (! record)
            throw Error (ErrorCode::notFound, "no track with id " + shownId (idOrPrefix) + " in this library");
        return view (std::move (*record));
    }

    TrackView TrackLibrary::fetchNow (const std::string& idOrPrefix, bool urgent)
    {
        const auto id = resolve (idOrPrefix);
        session->fetchWholeNow (id, urgent);
        spdlog::info ("fetching {} {}", id, urgent ? "whole, now" : "at the normal pace again");
        return getTrack (id);
    }

    void TrackLibrary::removeTrack (const std::string& idOrPrefix, bool deleteFiles)
    {
        std::lock_guard lock (changeMutex);
        const auto id = resolve (idOrPrefix);
        auto record = store.findTrack (id);
        // A published file is the user's own: it is never deleted.
        const bool deleting = deleteFiles && record && ! record->published;
        session->removeTrack (id, deleting);
        store.removeTrack (id);
        spdlog::info ("removed {}{}", id, deleting ? " and its file" : "");
    }

    namespace
    {
        /** Runs what can fail at once on the caller's thread: an Error it throws goes to done. */
        template <typename Result, typename Fn>
        bool answeredAtOnce (Fn&& fn, const std::function<void (std::function<Result()>)>& done)
        {
            try
            {
                fn();
                return false;
            }
            catch (...)
            {
                done ([error = std::current_exception()]() -> Result
                      { std::rethrow_exception (error); });
                return true;
            }
        }
    } // namespace

    void TrackLibrary::connectPeer (const std::string& endpoint, const std::string& idOrPrefix, std::function<void (std::function<int()>)> done)
    {
        std::string id;
        if (answeredAtOnce<int> ([&]
                                 { id = idOrPrefix.empty() ? std::string() : resolve (idOrPrefix); },
                                 done))
            return;
        session->connectPeer (endpoint, id, std::move (done));
    }

    void TrackLibrary::openStream (const std::string& idOrPrefix, std::uint64_t offset, double windowSeconds, bool wantsHeaderAndTail, std::function<void (std::function<std::shared_ptr<StreamCursor>()>)> done)
    {
        std::string id;
        bool preview = false;
        const auto checked = [&]
        {
            const auto track = getTrack (idOrPrefix);
            const auto& manifest = track.record.manifest;
            id = trackIdOf (manifest);
            if (! manifest.infoDict.empty() && offset > manifest.fileSize)
                throw Error (ErrorCode::outOfRange,
                             "offset " + std::to_string (offset) + " is past the end of track " + id + " (" + std::to_string (manifest.fileSize) + " bytes)");
            preview = track.record.previewOrder != 0;
        };
        if (answeredAtOnce<std::shared_ptr<StreamCursor>> (checked, done))
            return;
        // A preview played joins the library; the write waits for the library's worker, not this thread.
        if (preview)
            worker.post ([this, id]
                         { (void) markPlayed (id); });
        session->openStream (id, offset, windowSeconds, wantsHeaderAndTail, std::move (done));
    }
} // namespace earshot
