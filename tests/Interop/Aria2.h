#pragma once

// Debian's aria2 (aria2c) seeding a torrent, as a peer for the interop suite and bench/.

#include "Interop/ChildProcess.h"
#include "Support/DaemonProcess.h"

#include <chrono>
#include <filesystem>
#include <string>

namespace earshot::testing
{
    /** aria2c seeding one torrent whose files are in contentFolder, on 127.0.0.1 only: no DHT, no
        local discovery, no PEX, no IPv6. aria2 speaks BitTorrent over TCP only (it has no uTP), and
        its seed is taken as complete without a check (--bt-seed-unverified). */
    class Aria2 final
    {
    public:
        Aria2 (const std::filesystem::path& folder, const std::filesystem::path& torrent, const std::filesystem::path& contentFolder)
            : peerPort (freeLoopbackPort())
        {
            std::filesystem::create_directories (folder);
            process = std::make_unique<ChildProcess> (std::vector<std::string> {
                                                          "aria2c",
                                                          "--seed-ratio=0",
                                                          "--bt-seed-unverified",
                                                          "--enable-dht=false",
                                                          "--enable-dht6=false",
                                                          "--bt-enable-lpd=false",
                                                          "--enable-peer-exchange=false",
                                                          "--disable-ipv6=true",
                                                          "--interface=127.0.0.1",
                                                          "--listen-port=" + std::to_string (peerPort),
                                                          "--summary-interval=0",
                                                          "--console-log-level=notice",
                                                          "--log=" + (folder / "aria2.log").string(),
                                                          "--log-level=info",
                                                          "--dir=" + contentFolder.string(),
                                                          torrent.string() },
                                                      folder / "aria2.out");
        }

        /** Waits until aria2 accepts peers, up to timeout; false if it did not (or exited). */
        [[nodiscard]] bool waitUntilListening (std::chrono::seconds timeout)
        {
            return eventually ([this]
                               { return ! process->running() || acceptsLoopbackConnections (peerPort); },
                               timeout)
                   && process->running();
        }

        [[nodiscard]] std::string peerAddress() const { return "127.0.0.1:" + std::to_string (peerPort); }

    private:
        int peerPort;
        std::unique_ptr<ChildProcess> process;
    };
} // namespace earshot::testing
