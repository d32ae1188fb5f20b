#pragma once

#include "Support/DaemonProcess.h"

#include <filesystem>
#include <memory>
#include <string>

namespace earshot::testing
{
    /** An artist with a capped upload and a listener that has added the artist's tracks. */
    class PlayerSwarm final
    {
    public:
        PlayerSwarm (const std::string& name, int uploadKiBps)
            : root ("earshot-player-" + name)
            , artist (root.path() / "artist", { "--upload-limit", std::to_string (uploadKiBps) })
            , listener (root.path() / "listener")
        {
            artist.start();
            listener.start();
            client = std::make_shared<DaemonClient> (listener.apiAddress());
        }

        /** Publishes a file on the artist and adds it on the listener; returns its id. */
        std::string share (const std::filesystem::path& file)
        {
            const auto published = artist.client().publish ({ file.string() }).front();
            (void) listener.client().addTrack ({ published.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });
            return published.id;
        }

        TemporaryDirectory root;
        DaemonProcess artist;
        DaemonProcess listener;
        std::shared_ptr<DaemonClient> client;
    };
} // namespace earshot::testing
