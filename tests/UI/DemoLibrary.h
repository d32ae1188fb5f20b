#pragma once

// The demo album as a daemon lists it once published, as plain data: what the widget suites render
// and sort without starting a daemon. The tags and lengths are those of assets/demo's album.tsv
// (the integration suites check that a daemon reads them so).

#include "Client/DaemonClient.h"

#include <string>
#include <vector>

namespace earshot::testing
{
    /** First Light, Paper Lanterns and Neon Tide, published and whole, in the daemon's order. */
    inline std::vector<ClientTrack> demoAlbumTracks()
    {
        struct Row
        {
            const char* stem;
            const char* title;
            const char* genre;
            double bpm;
            const char* key;
            std::uint64_t durationMs;
            std::uint64_t fileSize;
            char idDigit;
        };
        const Row rows[] = { { "01-first-light", "First Light", "Downtempo", 90.0, "Dm", 153'833, 10'412'345, '1' },
                             { "02-paper-lanterns", "Paper Lanterns", "Lo-Fi", 76.0, "Eb", 156'079, 9'876'543, '2' },
                             { "03-neon-tide", "Neon Tide", "Synthwave", 112.0, "F#m", 158'786, 11'234'567, '3' } };
        std::vector<ClientTrack> tracks;
        std::uint32_t number = 0;
        for (const auto& row : rows)
        {
            ClientTrack track;
            track.manifest.infoHashHex = std::string (40, row.idDigit);
            track.id = track.manifest.infoHashHex;
            track.manifest.fileName = std::string (row.stem) + ".flac";
            track.manifest.filePath = track.manifest.fileName;
            track.manifest.fileSize = row.fileSize;
            track.manifest.format = AudioFormat::flac;
            track.manifest.bpm = row.bpm;
            track.manifest.key = row.key;
            auto& metadata = track.manifest.metadata;
            metadata.title = row.title;
            metadata.artist = "The Earshot Ensemble";
            metadata.album = "First Light";
            metadata.genre = row.genre;
            metadata.year = 2026;
            metadata.trackNumber = ++number;
            metadata.durationMs = row.durationMs;
            metadata.sampleRate = 48000;
            metadata.channels = 2;
            track.published = true;
            track.status = TrackStatus {};
            track.status->state = TrackState::seeding;
            track.status->progress = 1.0;
            track.status->bytesDone = row.fileSize;
            track.status->totalBytes = row.fileSize;
            tracks.push_back (std::move (track));
        }
        return tracks;
    }

    /** Ana, a friend whose daemon is online. */
    inline ClientFriend friendAna()
    {
        ClientFriend ana;
        ana.name = "Ana";
        ana.publicKeyHex = std::string (64, 'a');
        ana.host = "127.0.0.1";
        ana.port = 6881;
        ana.online = true;
        return ana;
    }
} // namespace earshot::testing
