#pragma once

// Debian's Transmission (transmission-daemon) as a peer for the interop suite and bench/.

#include "Interop/ChildProcess.h"
#include "Support/DaemonProcess.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace earshot::testing
{
    /** Debian's transmission-daemon on loopback only: no DHT, no local discovery, no PEX, no port
        mapping; driven through transmission-remote. uTP is off unless asked for. */
    class Transmission final
    {
    public:
        explicit Transmission (const std::filesystem::path& folder, bool utpEnabled = false)
            : configDir (folder / "transmission")
            , peerPort (freeLoopbackPort())
            , rpcPort (freeLoopbackPort())
        {
            std::filesystem::create_directories (configDir);
            std::ofstream (configDir / "settings.json") << R"({
                "bind-address-ipv4": "127.0.0.1",
                "bind-address-ipv6": "::1",
                "rpc-bind-address": "127.0.0.1",
                "rpc-port": )" << rpcPort << R"(,
                "rpc-authentication-required": false,
                "rpc-whitelist-enabled": false,
                "rpc-host-whitelist-enabled": false,
                "peer-port": )" << peerPort << R"(,
                "peer-port-random-on-start": false,
                "port-forwarding-enabled": false,
                "dht-enabled": false,
                "lpd-enabled": false,
                "pex-enabled": false,
                "utp-enabled": )" << (utpEnabled ? "true" : "false")
                                                        << R"(,
                "blocklist-enabled": false,
                "rename-partial-files": false,
                "start-added-torrents": true,
                "download-dir": ")" << (folder / "transmission-downloads").string()
                                                        << R"("
            })";

            const auto log = (configDir / "transmission.log").string();
            process = std::make_unique<ChildProcess> (std::vector<std::string> { "transmission-daemon", "-f", "-g", configDir.string(), "--logfile", log }, configDir / "transmission.out");
            for (int i = 0; i < 100 && remote ("-l").find ("Sum:") == std::string::npos; ++i)
                std::this_thread::sleep_for (std::chrono::milliseconds (100));
        }

        std::string remote (const std::string& arguments) const
        {
            return runCommand ("transmission-remote 127.0.0.1:" + std::to_string (rpcPort) + " " + arguments).output;
        }

        /** Waits until every torrent is 100% done, up to timeout. */
        bool waitUntilComplete (std::chrono::seconds timeout) const
        {
            const auto until = std::chrono::steady_clock::now() + timeout;
            while (std::chrono::steady_clock::now() < until)
            {
                // Done at 100% and past verification ("Will Verify", "Verifying"): ready to serve.
                const auto list = remote ("-l");
                if (list.find ("100%") != std::string::npos && list.find ("Verif") == std::string::npos)
                    return true;
                std::this_thread::sleep_for (std::chrono::milliseconds (250));
            }
            return false;
        }

        [[nodiscard]] std::string peerAddress() const { return "127.0.0.1:" + std::to_string (peerPort); }

    private:
        std::filesystem::path configDir;
        int peerPort;
        int rpcPort;
        std::unique_ptr<ChildProcess> process;
    };
} // namespace earshot::testing
