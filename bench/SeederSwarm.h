#pragma once

// Seeder daemons on loopback that all publish the same files, each under its own upload cap:
// the swarm the playback benches and the swarm lab listen to.

#include "Support/DaemonProcess.h"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace earshot::bench
{
    /** One seeder daemon per entry of uploadLimitsKiB (libtorrent's --upload-limit, KiB/s), each
        publishing every file (so every seeder seeds every track). Stopped when this goes. */
    class SeederSwarm final
    {
    public:
        SeederSwarm (const std::vector<std::filesystem::path>& files, const std::vector<int>& uploadLimitsKiB)
            : root ("earshot-bench-swarm")
        {
            std::vector<std::string> paths;
            for (const auto& file : files)
                paths.push_back (file.string());
            for (std::size_t i = 0; i < uploadLimitsKiB.size(); ++i)
            {
                seeders.push_back (std::make_unique<testing::DaemonProcess> (root.path() / ("seeder" + std::to_string (i)), std::vector<std::string> { "--upload-limit", std::to_string (uploadLimitsKiB[i]) }));
                seeders.back()->start();
                for (const auto& track : seeders.back()->client().publish (paths))
                    manifests[track.manifest.fileName] = track.manifest;
                addresses.push_back (seeders.back()->peerAddress());
            }
        }

        /** The manifest of a published file, by its file name. */
        [[nodiscard]] const TrackManifest& manifest (const std::filesystem::path& file) const { return manifests.at (file.filename().string()); }
        /** The seeders' BitTorrent addresses, for AddTrack. */
        [[nodiscard]] const std::vector<std::string>& peers() const noexcept { return addresses; }

    private:
        testing::TemporaryDirectory root;
        std::vector<std::unique_ptr<testing::DaemonProcess>> seeders;
        std::vector<std::string> addresses;
        std::map<std::string, TrackManifest> manifests;
    };
} // namespace earshot::bench
