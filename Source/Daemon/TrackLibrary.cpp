#include "TrackLibrary.h"

#include "TagReader.h"

#include "Core/Error.h"
#include "Store/StoreError.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <set>

namespace earshot
{
    namespace
    {
        std::int64_t nowUnixMs()
        {
            using namespace std::chrono;
            return duration_cast<milliseconds> (system_clock::now().time_since_epoch()).count();
        }

        /** A layout to plan with until a track's own bytes have been probed: the first 64 KiB, and
            the tail the format may read on open. */
        ContainerLayout provisionalLayout (AudioFormat format, std::uint64_t fileSize)
        {
            ContainerLayout layout;
            layout.headerBytes = std::min<std::uint64_t> (fileSize, 64 * 1024);
            if (format == AudioFormat::oggVorbis)
                layout.tailBytes = std::min<std::uint64_t> (fileSize, 64 * 1024);
            else if (format == AudioFormat::mp3)
                layout.tailBytes = std::min<std::uint64_t> (fileSize, 4 * 1024);
            return layout;
        }

        /** The manifest of a track known only by its torrent. */
        TrackManifest manifestFromTorrent (const TrackTorrent& torrent)
        {
            TrackManifest manifest;
            manifest.infoHashHex = torrent.infoHashHex;
            manifest.infoDict = torrent.infoDict;
            manifest.fileName = torrent.fileName;
            manifest.fileSize = torrent.fileSize;
            manifest.format = audioFormatFromExtension (torrent.fileName);
            manifest.layout = provisionalLayout (manifest.format, torrent.fileSize);
            manifest.metadata.title = std::filesystem::path (torrent.fileName).stem().string();
            return manifest;
        }

        void createSaveFolder (const std::string& folder)
        {
            std::error_code ec;
            std::filesystem::create_directories (folder, ec);
            if (ec)
                throw Error (ErrorCode::failedPrecondition, "cannot create " + folder + ": " + ec.message());
        }

        std::vector<std::filesystem::path> audioFilesIn (const std::filesystem::path& folder)
        {
            std::vector<std::filesystem::path> files;
            std::error_code ec;
            for (const auto& entry : std::filesystem::directory_iterator (folder, ec))
                if (entry.is_regular_file())
                    files.push_back (entry.path());
            if (ec)
                throw Error (ErrorCode::invalidArgument, "cannot read the folder '" + folder.string() + "': " + ec.message());
            std::sort (files.begin(), files.end());
            return files;
        }
    } // namespace

    TrackLibrary::TrackLibrary (const std::filesystem::path& dataDirectory, SwarmSettings settings)
        : dataDir (dataDirectory)
        , store (dataDirectory / "library.sqlite3")
    {
        const bool clean = store.beginSession();

        SwarmEvents events;
        events.resumeDataSaved = [this] (const std::string& trackId, std::string resumeData)
        {
            try
            {
                store.saveResumeData (trackId, resumeData);
            }
            catch (const std::exception& error)
            {
                spdlog::debug ("resume data for {} not saved: {}", trackId, error.what());
            }
        };
        events.trackCompleted = [this] (const std::string& trackId)
        { onTrackCompleted (trackId); };
        events.metadataReceived = [this] (const std::string& trackId, const TrackTorrent& torrent)
        { onMetadataReceived (trackId, torrent); };

        session = std::make_unique<SwarmSession> (std::move (settings), std::move (events));
        restore (clean);
    }

    TrackLibrary::~TrackLibrary()
    {
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

    std::optional<TrackView> TrackLibrary::alreadyInLibrary (const std::string& trackId, const std::vector<std::string>& peers)
    {
        auto existing = store.findTrack (trackId);
        if (! existing)
            return std::nullopt;
        for (const auto& peer : peers)
            session->connectPeer (peer, trackId);
        return view (std::move (*existing));
    }

    TrackRecord TrackLibrary::newDownload (const TrackManifest& manifest) const
    {
        TrackRecord record;
        record.manifest = manifest;
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
            store.removeTrack (record.manifest.infoHashHex); // in both or in neither
            throw;
        }
    }

    void TrackLibrary::restore (bool previousSessionWasClean)
    {
        if (! previousSessionWasClean)
            spdlog::warn ("earshotd did not shut down cleanly last time; verifying incomplete tracks on disk");

        for (const auto& record : store.listTracks())
        {
            const auto& id = record.manifest.infoHashHex;
            try
            {
                AddTrackOptions options;
                options.savePath = record.savePath;
                options.resumeData = store.loadResumeData (id);

                if (record.manifest.infoDict.empty())
                {
                    (void) session->addMagnet ("magnet:?xt=urn:btih:" + id, options);
                    continue;
                }

                // After a crash the resume data can be seconds behind what is verified on disk. Without
                // it libtorrent hashes the file, so every piece that reached the disk is kept.
                if (! previousSessionWasClean && ! record.published)
                    options.resumeData.reset();
                options.seedMode = record.published && ! options.resumeData;
                session->addTrack (record.manifest, validateManifest (record.manifest), options);
            }
            catch (const std::exception& error)
            {
                spdlog::error ("track {} could not rejoin the swarm: {}", id, error.what());
            }
        }
    }

    TrackView TrackLibrary::view (TrackRecord record) const
    {
        TrackView view;
        view.status = session->status (record.manifest.infoHashHex);
        view.path = (std::filesystem::path (record.savePath) / record.manifest.fileName).string();
        view.record = std::move (record);
        return view;
    }

    std::vector<TrackView> TrackLibrary::publish (const std::vector<std::string>& paths)
    {
        if (paths.empty())
            throw Error (ErrorCode::invalidArgument, "nothing to publish: name audio files or album folders");

        struct Prepared
        {
            TrackRecord record;
            TrackTorrent torrent;
        };
        std::vector<Prepared> prepared;

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
                    album.push_back ({ { manifest, file.parent_path().string(), true, 0 }, createTrackTorrent (file) });
                }
                if (album.empty())
                    throw Error (ErrorCode::invalidArgument, "the folder '" + path.string() + "' holds no audio files (FLAC, Ogg Vorbis, MP3 or WAV)");

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
                auto manifest = describeAudioFile (path);
                prepared.push_back ({ { manifest, path.parent_path().string(), true, 0 }, createTrackTorrent (path) });
            }
        }

        std::lock_guard lock (changeMutex);
        std::vector<TrackView> published;
        for (auto& [record, torrent] : prepared)
        {
            record.manifest.infoHashHex = torrent.infoHashHex;
            record.manifest.infoDict = torrent.infoDict;
            record.addedAtUnixMs = nowUnixMs();

            if (auto existing = store.findTrack (torrent.infoHashHex))
            {
                published.push_back (view (*existing));
                continue;
            }

            AddTrackOptions options;
            options.savePath = record.savePath;
            options.seedMode = true;
            commit (record, [&]
                    { session->addTrack (record.manifest, torrent, options); });
            spdlog::info ("published {} ({}) as {}", record.manifest.metadata.title, record.manifest.fileName, torrent.infoHashHex);
            published.push_back (view (record));
        }
        return published;
    }

    std::pair<TrackView, bool> TrackLibrary::addTrack (const TrackSource& source, const std::vector<std::string>& peers)
    {
        std::lock_guard lock (changeMutex);

        if (source.magnetUri)
        {
            const auto id = trackIdOfMagnet (*source.magnetUri);
            if (auto existing = alreadyInLibrary (id, peers))
                return { *existing, false };

            TrackManifest unknown;
            unknown.infoHashHex = id;
            const auto record = newDownload (unknown);

            // Stored with no info dictionary: a restart re-adds it as a magnet link until the metadata
            // arrives from peers (onMetadataReceived).
            AddTrackOptions options;
            options.savePath = record.savePath;
            options.peers = peers;
            commit (record, [&]
                    { (void) session->addMagnet (*source.magnetUri, options); });
            spdlog::info ("added magnet link for {}", id);
            return { view (record), true };
        }

        TrackManifest manifest;
        TrackTorrent torrent;
        if (source.manifest)
        {
            torrent = validateManifest (*source.manifest);
            manifest = *source.manifest;
            manifest.fileName = torrent.fileName;
            manifest.fileSize = torrent.fileSize;
            if (manifest.format == AudioFormat::unknown)
                manifest.format = audioFormatFromExtension (torrent.fileName);
            if (manifest.layout == ContainerLayout {})
                manifest.layout = provisionalLayout (manifest.format, manifest.fileSize);
        }
        else if (source.torrentFile)
        {
            torrent = parseTorrentFile (*source.torrentFile);
            manifest = manifestFromTorrent (torrent);
        }
        else
        {
            throw Error (ErrorCode::invalidArgument, "say where the track comes from: a manifest, a .torrent file or a magnet link");
        }

        if (auto existing = alreadyInLibrary (manifest.infoHashHex, peers))
            return { *existing, false };

        const auto record = newDownload (manifest);

        AddTrackOptions options;
        options.savePath = record.savePath;
        options.peers = peers;
        commit (record, [&]
                { session->addTrack (manifest, torrent, options); });
        spdlog::info ("added {} ({})", manifest.fileName, manifest.infoHashHex);
        return { view (record), true };
    }

    std::vector<TrackView> TrackLibrary::listTracks() const
    {
        std::vector<TrackView> views;
        for (auto& record : store.listTracks())
            views.push_back (view (std::move (record)));
        return views;
    }

    std::size_t TrackLibrary::trackCount() const
    {
        return store.listTracks().size();
    }

    std::string TrackLibrary::resolve (const std::string& idOrPrefix) const
    {
        if (idOrPrefix.empty())
            throw Error (ErrorCode::invalidArgument, "no track id given");

        std::string lower = idOrPrefix;
        std::transform (lower.begin(), lower.end(), lower.begin(), [] (unsigned char c)
                        { return (char) std::tolower (c); });

        if (lower.size() == 40)
        {
            if (store.findTrack (lower))
                return lower;
            throw Error (ErrorCode::notFound, "no track with id " + idOrPrefix + " in this library");
        }

        std::vector<std::string> matches;
        for (const auto& record : store.listTracks())
            if (record.manifest.infoHashHex.rfind (lower, 0) == 0)
                matches.push_back (record.manifest.infoHashHex);

        if (matches.empty())
            throw Error (ErrorCode::notFound, "no track with id " + idOrPrefix + " in this library");
        if (matches.size() > 1)
            throw Error (ErrorCode::invalidArgument, "the id prefix " + idOrPrefix + " matches " + std::to_string (matches.size()) + " tracks; give more of the id");
        return matches.front();
    }

    TrackView TrackLibrary::getTrack (const std::string& idOrPrefix) const
    {
        auto record = store.findTrack (resolve (idOrPrefix));
        if (! record)
            throw Error (ErrorCode::notFound, "no track with id " + idOrPrefix + " in this library");
        return view (std::move (*record));
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

    int TrackLibrary::connectPeer (const std::string& endpoint, const std::string& idOrPrefix)
    {
        return session->connectPeer (endpoint, idOrPrefix.empty() ? std::string() : resolve (idOrPrefix));
    }

    std::shared_ptr<StreamCursor> TrackLibrary::openStream (const std::string& idOrPrefix, std::uint64_t offset, double windowSeconds, bool wantsHeaderAndTail)
    {
        const auto track = getTrack (idOrPrefix);
        const auto& manifest = track.record.manifest;
        if (! manifest.infoDict.empty() && offset > manifest.fileSize)
            throw Error (ErrorCode::outOfRange,
                         "offset " + std::to_string (offset) + " is past the end of track " + manifest.infoHashHex + " (" + std::to_string (manifest.fileSize) + " bytes)");
        return session->openStream (manifest.infoHashHex, offset, windowSeconds, wantsHeaderAndTail);
    }

    void TrackLibrary::onTrackCompleted (const std::string& trackId)
    {
        // Runs on the swarm thread. A track that came from a .torrent file or a magnet link is only
        // known by its name until its bytes are here: now probe its format, layout and tags.
        try
        {
            auto record = store.findTrack (trackId);
            if (! record || record->published)
                return;

            const auto file = std::filesystem::path (record->savePath) / record->manifest.fileName;
            const auto described = describeAudioFile (file);
            auto& manifest = record->manifest;
            const bool hadTags = ! manifest.metadata.artist.empty() || ! manifest.metadata.album.empty();
            manifest.format = described.format;
            manifest.layout = described.layout;
            if (! hadTags)
            {
                manifest.metadata = described.metadata;
                manifest.bpm = described.bpm;
                manifest.key = described.key;
            }
            store.putTrack (*record);
            session->updateManifest (manifest);
            spdlog::info ("downloaded {} ({})", manifest.fileName, trackId);
        }
        catch (const std::exception& error)
        {
            spdlog::warn ("track {} is complete but its audio could not be described: {}", trackId, error.what());
        }
    }

    void TrackLibrary::onMetadataReceived (const std::string& trackId, const TrackTorrent& torrent)
    {
        try
        {
            auto record = store.findTrack (trackId);
            if (! record)
                return;
            auto manifest = manifestFromTorrent (torrent);
            record->manifest = manifest;
            store.putTrack (*record);
        }
        catch (const std::exception& error)
        {
            spdlog::warn ("metadata of track {} could not be stored: {}", trackId, error.what());
        }
    }
} // namespace earshot
