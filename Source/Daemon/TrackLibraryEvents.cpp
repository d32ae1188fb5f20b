// The track library's work for the swarm's events, on its worker (see TrackLibrary's constructor):
// describing a track from its opening and from its whole file (with its cover), and turning a
// magnet link's placeholder into the torrent's tracks.

#include "ProvisionalManifest.h"
#include "TagReader.h"
#include "TrackLibrary.h"
#include "TrackMeasures.h"

#include <spdlog/spdlog.h>

namespace earshot
{
    void TrackLibrary::onTrackCompleted (const std::string& trackId)
    {
        // Runs on the worker. A track that came from a .torrent file or a magnet link is only
        // known by its name until its bytes are here: now probe its format, layout and tags.
        std::lock_guard lock (changeMutex); // a remove meanwhile must not be undone by the put below
        try
        {
            auto record = store.findTrack (trackId);
            if (! record || record->published)
                return;

            const auto file = fileOf (*record);
            const auto described = describeAudioFile (file);
            auto& manifest = record->manifest;
            manifest.format = described.format;
            manifest.layout = described.layout;
            takeDescription (described, manifest);
            store.putTrack (*record);
            session->updateManifest (manifest);
            // The library, the inbox and the player show its cover as they do a published track's.
            if (auto cover = coverThumbnailOf (file, manifest.format))
                store.putCover (trackId, *cover);
            spdlog::info ("downloaded {} ({})", file.string(), trackId);
        }
        catch (const std::exception& error)
        {
            spdlog::warn ("track {} is complete but its audio could not be described: {}", trackId, error.what());
        }
    }

    void TrackLibrary::onOpeningArrived (const std::string& trackId)
    {
        // Runs on the worker, once the pieces holding the file's opening are on disk: a track
        // known only by its name (from a .torrent or magnet link) gets its tags, format and
        // duration now rather than when the last byte arrives.
        std::lock_guard lock (changeMutex); // a remove meanwhile must not be undone by the put below
        try
        {
            auto record = store.findTrack (trackId);
            if (! record || record->published || record->manifest.metadata.durationMs > 0)
                return; // published, described already, or a manifest that came with its tags
            const auto described = describeAudioOpening (fileOf (*record), record->manifest.fileSize);
            auto& manifest = record->manifest;
            manifest.format = described.format;
            takeDescription (described, manifest);
            store.putTrack (*record);
            session->updateManifest (manifest);
            spdlog::info ("described {} from its opening: {} by {}, {} ms", trackId, manifest.metadata.title, manifest.metadata.artist, manifest.metadata.durationMs);
        }
        catch (const std::exception& error)
        {
            spdlog::warn ("track {}: its opening has arrived but could not be described: {}", trackId, error.what());
        }
    }

    void TrackLibrary::takeDescription (const TrackManifest& described, TrackManifest& manifest)
    {
        // What the file says wins; what it does not say is kept (the album and artist an artist's
        // daemon took from the folder's name when it published, or the opening's tags when the
        // tail has none).
        auto& metadata = manifest.metadata;
        const auto& found = described.metadata;
        const auto take = [] (auto& field, const auto& value)
        {
            if (value != std::decay_t<decltype (value)> {})
                field = value;
        };
        const bool titleIsTheFileName = found.title == std::filesystem::path (manifest.fileName).stem().string();
        if (! titleIsTheFileName || metadata.title.empty())
            take (metadata.title, found.title);
        take (metadata.artist, found.artist);
        take (metadata.album, found.album);
        take (metadata.genre, found.genre);
        take (metadata.year, found.year);
        take (metadata.trackNumber, found.trackNumber);
        take (metadata.durationMs, found.durationMs);
        take (metadata.bitrateKbps, found.bitrateKbps);
        take (metadata.sampleRate, found.sampleRate);
        take (metadata.channels, found.channels);
        take (manifest.bpm, described.bpm);
        take (manifest.key, described.key);
    }

    void TrackLibrary::onMetadataReceived (const std::string& infoHash, const std::vector<TrackTorrent>& tracks)
    {
        // Runs on the worker. The magnet link's placeholder (its id the info-hash) becomes
        // the torrent's tracks: the same id for a single-file torrent, one per audio file for an album.
        std::lock_guard lock (changeMutex); // a remove meanwhile must not be undone by the put below
        try
        {
            auto placeholder = store.findTrack (infoHash);
            if (! placeholder)
                return;
            for (const auto& track : tracks)
            {
                auto record = *placeholder;
                record.manifest = manifestFromTorrent (track);
                store.putTrack (record);
            }
            if (tracks.size() > 1 || tracks.front().trackId() != infoHash)
                store.removeTrack (infoHash);
            spdlog::info ("metadata of {} arrived: {} track(s)", infoHash, tracks.size());
        }
        catch (const std::exception& error)
        {
            spdlog::warn ("metadata of torrent {} could not be stored: {}", infoHash, error.what());
        }
    }
} // namespace earshot
