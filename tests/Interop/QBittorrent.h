#pragma once

// Debian's qBittorrent (qbittorrent-nox, itself built on libtorrent) as a peer for the interop suite
// and bench/.

#include "Interop/ChildProcess.h"
#include "Support/DaemonProcess.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

namespace earshot::testing
{
    /** qbittorrent-nox with its own profile folder, on 127.0.0.1 only: no DHT, no local discovery,
        no PEX, no UPnP/NAT-PMP, no peer country look-ups; driven through its Web API on a loopback
        port that asks no password from localhost (with curl). Everything is set in its config file
        before it starts, so it never reaches for the network. */
    class QBittorrent final
    {
    public:
        /** Which transports it accepts peers over, as its "Peer connection protocol" setting. */
        enum class Protocol
        {
            tcpAndUtp,
            tcpOnly,
            utpOnly,
        };

        /** Its encryption mode: "Allow encryption" (the default), "Require encryption" (plain
            connections are refused, either way) or "Disable encryption" (encrypted ones are). */
        enum class Encryption
        {
            allowed,
            required,
            disabled,
        };

        struct Options
        {
            Protocol protocol = Protocol::tcpAndUtp;
            Encryption encryption = Encryption::allowed;
        };

        QBittorrent (const std::filesystem::path& folder, Options options)
            : profile (folder / "qbittorrent")
            , peerPort (freeLoopbackPort())
            , webPort (freeLoopbackPort())
        {
            const auto config = profile / "qBittorrent" / "config";
            std::filesystem::create_directories (config);
            // Keys as qBittorrent 4.5 writes them after the same changes through its Web API.
            std::ofstream (config / "qBittorrent.conf")
                << "[LegalNotice]\nAccepted=true\n\n"
                << "[BitTorrent]\n"
                << "Session\\Port=" << peerPort << "\n"
                << "Session\\InterfaceAddress=127.0.0.1\n"
                << "Session\\BTProtocol=" << (options.protocol == Protocol::tcpOnly ? "TCP" : options.protocol == Protocol::utpOnly ? "UTP"
                                                                                                                                    : "Both")
                << "\n"
                << "Session\\Encryption=" << static_cast<int> (options.encryption) << "\n"
                << "Session\\DHTEnabled=false\nSession\\LSDEnabled=false\nSession\\PeXEnabled=false\n"
                << "Session\\MultiConnectionsPerIp=true\nSession\\QueueingSystemEnabled=false\n\n"
                << "[Network]\nPortForwardingEnabled=false\n\n"
                << "[Preferences]\n"
                << "Connection\\UPnP=false\nConnection\\ResolvePeerCountries=false\n"
                << "WebUI\\Address=127.0.0.1\nWebUI\\Port=" << webPort << "\nWebUI\\LocalHostAuth=false\n";

            process = std::make_unique<ChildProcess> (std::vector<std::string> { "qbittorrent-nox", "--profile=" + profile.string() }, folder / "qbittorrent.out");
            ready = eventually ([this]
                                { return ! process->running() || api ("app/version").rfind ("v", 0) == 0; },
                                std::chrono::seconds (30))
                    && process->running();
        }

        ~QBittorrent()
        {
            if (ready)
                (void) api ("app/shutdown", "-X POST");
        }

        /** Whether it started and its Web API answers. */
        [[nodiscard]] bool started() const noexcept { return ready; }

        /** One Web API call (path under /api/v2/) with extra curl arguments; what it answered. */
        [[nodiscard]] std::string api (const std::string& path, const std::string& curlArguments = {}) const
        {
            return runCommand ("curl -s --max-time 10 " + curlArguments + " http://127.0.0.1:" + std::to_string (webPort) + "/api/v2/" + path).output;
        }

        /** Adds a .torrent to fetch into, or seed from, saveFolder; with skipChecking the files there
            are taken as complete without a check. True when qBittorrent took it. */
        bool add (const std::filesystem::path& torrent, const std::filesystem::path& saveFolder, bool skipChecking)
        {
            return api ("torrents/add", "-F 'torrents=@" + torrent.string() + "' -F 'savepath=" + saveFolder.string() + "' -F skip_checking=" + (skipChecking ? "true" : "false")) == "Ok.";
        }

        /** Its torrents as its Web API describes them (torrents/info), for failure messages too. */
        [[nodiscard]] nlohmann::json torrents() const
        {
            auto parsed = nlohmann::json::parse (api ("torrents/info"), nullptr, false);
            return parsed.is_array() ? parsed : nlohmann::json::array();
        }

        /** Waits until every torrent has all its data and is past checking, up to timeout: then it
            seeds, or has finished downloading. */
        bool waitUntilComplete (std::chrono::seconds timeout) const
        {
            return eventually ([this]
                               {
                                   const auto list = torrents();
                                   return ! list.empty() && std::all_of (list.begin(), list.end(), [] (const nlohmann::json& torrent)
                                                                         {
                                       const auto state = torrent.value ("state", std::string());
                                       return torrent.value ("progress", 0.0) >= 1.0 && state.find ("checking") == std::string::npos && state != "metaDL" && state != "error" && state != "missingFiles"; }); },
                               timeout);
        }

        [[nodiscard]] std::string peerAddress() const { return "127.0.0.1:" + std::to_string (peerPort); }

    private:
        std::filesystem::path profile;
        int peerPort;
        int webPort;
        std::unique_ptr<ChildProcess> process;
        bool ready = false;
    };
} // namespace earshot::testing
