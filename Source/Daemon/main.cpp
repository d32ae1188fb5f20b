// earshotd: the Earshot daemon. Owns the swarm and the library, serves earshot.v1.Library to local
// clients. See ARCHITECTURE.md.

#include "ArtistNews.h"
#include "DataDirectoryLock.h"
#include "DhtFeeds.h"
#include "DiscoveryService.h"
#include "Envelopes.h"
#include "FriendsService.h"
#include "Friendships.h"
#include "HubConnection.h"
#include "HubForwarder.h"
#include "HubLinkService.h"
#include "HubReports.h"
#include "HubWatcher.h"
#include "Identity.h"
#include "LocalApiService.h"
#include "NewsService.h"
#include "Passes.h"
#include "Presence.h"
#include "Previews.h"
#include "Store/NewsStore.h"
#include "Store/PassData.h"
#include "TrackLibrary.h"

#include "Core/DefaultLocations.h"
#include "Core/Error.h"
#include "Core/QuoteInput.h"
#include "Core/Version.h"
#include "Server/JournalStreamSink.h"
#include "Server/ServiceNotify.h"
#include "Server/StopSignals.h"
#include "Server/TcpServer.h"
#include "Store/StoreError.h"

#include <CLI/CLI.hpp>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <tuple>
#include <unistd.h>

namespace
{
    using namespace earshot;

    bool isLoopbackHost (const std::string& hostAndPort)
    {
        auto host = hostAndPort.substr (0, hostAndPort.rfind (':'));
        return host == "localhost" || host == "[::1]" || host.rfind ("127.", 0) == 0;
    }

    /** True when something answers on the unix socket at path (another daemon is live there). */
    bool socketIsLive (const std::filesystem::path& path)
    {
        const int fd = ::socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return false;
        sockaddr_un address {};
        address.sun_family = AF_UNIX;
        std::strncpy (address.sun_path, path.c_str(), sizeof (address.sun_path) - 1);
        const bool live = ::connect (fd, reinterpret_cast<sockaddr*> (&address), sizeof (address)) == 0;
        ::close (fd);
        return live;
    }

    /** Makes each missing folder of path, mode 0700 (whatever the umask), and leaves the ones that
        exist as they are. */
    void createPrivateFolders (const std::filesystem::path& folder)
    {
        std::error_code ec;
        if (folder.empty() || std::filesystem::is_directory (folder, ec))
            return;
        createPrivateFolders (folder.parent_path());
        if (::mkdir (folder.c_str(), 0700) != 0 && errno != EEXIST)
            throw Error (ErrorCode::failedPrecondition, "cannot create " + folder.string() + ": " + std::strerror (errno));
        ::chmod (folder.c_str(), 0700); // mkdir's mode is masked by the umask
    }

    /** The default socket's folder is the daemon's own: made if missing and kept private (0700).
        It must be a real folder of this user's, not a link or someone else's folder planted there. */
    void prepareOwnSocketFolder (const std::filesystem::path& folder)
    {
        createPrivateFolders (folder);
        struct stat info
        {
        };
        if (::lstat (folder.c_str(), &info) != 0 || ! S_ISDIR (info.st_mode) || info.st_uid != ::getuid())
            throw Error (ErrorCode::failedPrecondition, folder.string() + " is not a folder of this user's; remove it, or pass --listen with another socket path");
        ::chmod (folder.c_str(), 0700);
    }

    /** Readies the folder of the API's unix socket and clears a socket left by a daemon that died.
        The default location's folder is the daemon's own and made private. A path the user gave
        may be in a folder others use (--listen unix:/tmp/earshot.sock): an existing folder is left
        as it is, missing ones are made private, and the socket itself is made 0600. */
    void prepareUnixSocket (const std::string& address)
    {
        const auto path = std::filesystem::path (address.substr (5));
        if (address == defaultApiAddress())
            prepareOwnSocketFolder (path.parent_path());
        else
            createPrivateFolders (path.parent_path());

        std::error_code ec;
        if (std::filesystem::exists (path, ec))
        {
            if (socketIsLive (path))
                throw Error (ErrorCode::failedPrecondition, "another earshotd is already listening on " + path.string() + "; pass a different --listen");
            std::filesystem::remove (path, ec);
        }
    }

    StreamStrategy parseStrategy (const std::string& name)
    {
        if (name == "sequential")
            return StreamStrategy::sequential;
        if (name == "rarest-first")
            return StreamStrategy::rarestFirst;
        if (name == "first-last")
            return StreamStrategy::firstLast;
        return StreamStrategy::deadlines;
    }
} // namespace

/** "host:port" or "[ipv6]:port" as a host and a port; throws Error naming the option. */
static std::pair<std::string, std::uint16_t> splitHostPort (const std::string& text, const char* option, bool zeroAllowed = false)
{
    const auto colon = text.rfind (':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        throw earshot::Error (earshot::ErrorCode::invalidArgument, std::string (option) + " takes HOST:PORT, e.g. 203.0.113.7:47013; got " + quoteInput (text));
    auto host = text.substr (0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr (1, host.size() - 2);
    int port = 0;
    try
    {
        port = std::stoi (text.substr (colon + 1));
    }
    catch (const std::exception&)
    {
    }
    if (port < (zeroAllowed ? 0 : 1) || port > 65535 || (port == 0 && text.substr (colon + 1) != "0"))
        throw earshot::Error (earshot::ErrorCode::invalidArgument, std::string (option) + ": " + quoteInput (text.substr (colon + 1)) + " is not a port");
    return { host, static_cast<std::uint16_t> (port) };
}

int main (int argc, char** argv)
{
    CLI::App app { "earshotd: the Earshot daemon. It owns the swarm (publish, download, stream, seed) and serves the local API." };
    app.set_version_flag ("--version", std::string ("earshotd ") + earshot::projectVersion);
    // A repeated option takes its last value, so a wrapper's defaults can be overridden after them.
    app.option_defaults()->multi_option_policy (CLI::MultiOptionPolicy::TakeLast);

    std::string dataDir = defaultDataDirectory().string();
    std::string listen = defaultApiAddress();
    std::string btInterface = "0.0.0.0";
    int btPort = 6881;
    int uploadLimitKiB = 0;
    int downloadLimitKiB = 0;
    bool noDht = false;
    bool localDiscovery = false;
    bool allowRemote = false;
    std::string token;
    std::string strategy = "deadlines";
    std::string logLevel = "info";
    passRules::InboxLimits inboxLimits;

    app.add_option ("--data-dir", dataDir, "Where the library, resume data and downloads live")->capture_default_str();
    app.add_option ("--listen", listen, "API address: unix:/path/to.sock, or host:port (TCP is loopback-only unless --allow-remote)")->capture_default_str();
    app.add_option ("--bt-interface", btInterface, "Address BitTorrent listens on")->capture_default_str();
    app.add_option ("--bt-port", btPort, "TCP/uTP port for BitTorrent peers (0 picks a free one)")->capture_default_str()->check (CLI::Range (0, 65535));
    app.add_option ("--upload-limit", uploadLimitKiB, "Upload cap in KiB/s (0: none)")->check (CLI::NonNegativeNumber);
    app.add_option ("--download-limit", downloadLimitKiB, "Download cap in KiB/s (0: none)")->check (CLI::NonNegativeNumber);
    app.add_flag ("--no-dht", noDht, "Do not use the DHT (a private or loopback swarm)");
    app.add_flag ("--local-discovery", localDiscovery, "Find peers on the LAN by multicast");
    app.add_flag ("--allow-remote", allowRemote, "Let the API listen on a non-loopback TCP address (needs --token)");
    app.add_option ("--token", token, "Access token clients must send when --allow-remote is set");
    app.add_option ("--stream-strategy", strategy, "How streams fetch pieces: deadlines (Earshot), or the baselines sequential, rarest-first and first-last (the first and last 1% of the file first, as qBittorrent)")
        ->check (CLI::IsMember ({ "deadlines", "sequential", "rarest-first", "first-last" }))
        ->capture_default_str();
    int deadlineHorizonMs = SwarmSettings {}.deadlineHorizonMs;
    bool noLookaheadPriorities = false;
    app.add_option ("--deadline-horizon-ms", deadlineHorizonMs, "Only stream pieces due within this many ms get a deadline at once")->capture_default_str()->check (CLI::Range (100, 60000));
    app.add_flag ("--no-lookahead-priorities", noLookaheadPriorities, "Leave the rest of a streamed file at the default download priority, instead of priorities falling with distance from the reader");
    std::string backgroundDownloads = "yield";
    app.add_option ("--background-downloads", backgroundDownloads, "While a stream is short of what it needs soon, downloads nobody streams yield (or compete: the baseline for bench/)")
        ->check (CLI::IsMember ({ "yield", "compete" }))
        ->capture_default_str();
    int tickIntervalMs = SwarmSettings {}.tickIntervalMs;
    app.add_option ("--tick-interval-ms", tickIntervalMs, "libtorrent's tick: how often the upload and download caps hand out their quota and time-critical pieces are re-requested")->capture_default_str()->check (CLI::Range (5, 1000));
    int unchokeSlots = SwarmSettings {}.unchokeSlots;
    app.add_option ("--unchoke-slots", unchokeSlots, "Peers that may download from this daemon at once (-1: all)")->capture_default_str()->check (CLI::Range (-1, 1000));
    app.add_option ("--log-level", logLevel, "trace, debug, info, warn or error")->capture_default_str();
    std::string friendsListen = "0.0.0.0:47013";
    app.add_option ("--friends-listen", friendsListen, "HOST:PORT where friends' daemons deliver passes (port 0 picks a free one)")->capture_default_str();
    int presenceIntervalMs = 15'000;
    app.add_option ("--presence-interval-ms", presenceIntervalMs, "How often each friend's daemon is probed; a friend is online for three intervals after it answered")->capture_default_str()->check (CLI::Range (200, 3'600'000));
    std::string friendsAddress;
    app.add_option ("--friends-address", friendsAddress, "HOST:PORT friends reach this daemon at, put in the friend code (default: --friends-listen's)");
    const char* user = std::getenv ("USER");
    std::string userName = user != nullptr && *user != '\0' ? user : "a friend";
    app.add_option ("--inbox-quota-passes", inboxLimits.passesPerFriend, "Passes one friend may have in the inbox; more are refused until some are deleted")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--inbox-quota-bytes", inboxLimits.bytesPerFriend, "Bytes one friend's passes may take in the inbox")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--inbox-max-bytes", inboxLimits.totalBytes, "Bytes all friends' passes may take in the inbox together")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--name", userName, "The name this daemon's user goes by in passes")->capture_default_str();
    // Until earshotd has a settings file, its settings are these options.
    std::vector<std::string> trackers;
    app.add_option ("--tracker", trackers, "A tracker (http://, https:// or udp:// announce URL) that tracks published without `--tracker` of their own announce to; repeatable, in order of preference")
        ->multi_option_policy (CLI::MultiOptionPolicy::TakeAll);
    std::string hubAddress;
    app.add_option ("--hub", hubAddress, "The discovery hub (HOST:PORT) to report releases, the profile, listens, landed passes and seeding to, and that charts, artist pages and search come from; kept for later starts (none: no hub)");
    int hubSeedIntervalMs = 60 * 60 * 1000;
    app.add_option ("--hub-seed-interval-ms", hubSeedIntervalMs, "How often the hub hears what this daemon seeds even when it did not change (the hub forgets a seeder after a day)")->capture_default_str()->check (CLI::Range (1000, 24 * 60 * 60 * 1000));
    // Artists' news through the DHT (Daemon/DhtFeeds).
    std::vector<std::string> dhtNodes;
    app.add_option ("--dht-node", dhtNodes, "A DHT node (HOST:PORT) to join through; repeatable")->multi_option_policy (CLI::MultiOptionPolicy::TakeAll);
    bool dhtPrivate = false;
    app.add_flag ("--dht-private", dhtPrivate, "A DHT among the --dht-node nodes only (tests on loopback): no public routers, no per-address limits; needs an explicit --bt-interface");
    int feedPollMs = 10 * 60 * 1000;
    app.add_option ("--feed-poll-ms", feedPollMs, "How often the DHT feed of each artist followed is looked up")->capture_default_str()->check (CLI::Range (100, 24 * 60 * 60 * 1000));
    int feedRepublishMs = 30 * 60 * 1000;
    app.add_option ("--feed-republish-ms", feedRepublishMs, "How often the DHT feed items (this artist's and those followed) are put again; DHT nodes forget them after two hours")->capture_default_str()->check (CLI::Range (100, 2 * 60 * 60 * 1000));

    CLI11_PARSE (app, argc, argv);
    spdlog::set_level (spdlog::level::from_str (logLevel));
    // Under systemd the log goes to the journal as "<N>message" lines on standard error.
    logToJournalWhenUnderSystemd();

    // Taken by waitForStopSignal below; every thread started from here on inherits the mask.
    blockStopSignals();

    const bool unixSocket = listen.rfind ("unix:", 0) == 0;
    if (! unixSocket && ! isLoopbackHost (listen))
    {
        if (! allowRemote || token.empty())
        {
            std::cerr << "earshotd: refusing to serve the API on " << listen << ": remote clients need --allow-remote and --token\n";
            return 2;
        }
    }

    try
    {
        DataDirectoryLock lock (dataDir);

        SwarmSettings settings;
        const auto iface = btInterface.find (':') != std::string::npos ? "[" + btInterface + "]" : btInterface;
        settings.listenInterfaces = iface + ":" + std::to_string (btPort);
        if (btInterface == "0.0.0.0")
            settings.listenInterfaces += ",[::]:" + std::to_string (btPort);
        settings.uploadRateLimit = uploadLimitKiB * 1024;
        settings.downloadRateLimit = downloadLimitKiB * 1024;
        settings.enableDht = ! noDht;
        for (const auto& node : dhtNodes)
            (void) splitHostPort (node, "--dht-node");
        settings.dhtNodes = dhtNodes;
        settings.privateDht = dhtPrivate;
        // libtorrent gives a socket on 0.0.0.0 no DHT node of its own on loopback.
        if (dhtPrivate && (btInterface == "0.0.0.0" || btInterface == "::"))
            throw Error (ErrorCode::invalidArgument, "--dht-private needs an explicit --bt-interface address, e.g. 127.0.0.1");
        settings.enableLocalDiscovery = localDiscovery;
        settings.strategy = parseStrategy (strategy);
        settings.deadlineHorizonMs = deadlineHorizonMs;
        settings.lookaheadPriorities = ! noLookaheadPriorities;
        settings.backgroundYieldsToStreams = backgroundDownloads == "yield";
        settings.unchokeSlots = unchokeSlots;
        settings.tickIntervalMs = tickIntervalMs;

        try
        {
            trackers = checkTrackerUrls (trackers);
        }
        catch (const Error& error)
        {
            throw Error (error.code(), std::string ("--tracker: ") + error.what());
        }
        TrackLibrary library (dataDir, settings, trackers);

        const auto identity = Identity::loadOrCreate (dataDir);
        if (identity.isNew())
            spdlog::info ("made this daemon's identity key: {}", Identity::keyFileIn (dataDir).string());
        PassData passData (std::filesystem::path (dataDir) / "library.sqlite3");

        // Friends' daemons deliver passes here, on TCP. The host put in the friend code (and given to
        // friends as this daemon's BitTorrent address) is settled before any thread can read it.
        auto [listenHost, listenPort] = splitHostPort (friendsListen, "--friends-listen", true);
        const bool listensEverywhere = listenHost == "0.0.0.0" || listenHost == "::";
        std::string advertisedHost = listensEverywhere ? std::string ("127.0.0.1") : listenHost;
        std::optional<std::uint16_t> givenPort;
        if (! friendsAddress.empty())
            std::tie (advertisedHost, givenPort) = splitHostPort (friendsAddress, "--friends-address");
        auto presence = std::make_unique<Presence> (passData.friends, identity, Presence::Options::everyInterval (std::chrono::milliseconds (presenceIntervalMs)));
        // What is published and heard goes to the discovery hub, signed, through a durable outbox.
        HubLinkStore hubStore (passData.database);
        HubConnection hubConnection;
        auto hubReports = std::make_unique<HubReports> (library, hubStore, hubConnection, identity, HubReports::Options { userName, std::chrono::milliseconds (hubSeedIntervalMs) });
        auto passes = std::make_unique<Passes> (
            library, passData, identity, *presence, userName, [&library, bittorrentHost = advertisedHost]
            { return bittorrentHost + ":" + std::to_string (library.swarm().listenPort()); },
            [&hubReports] (const v1::SignedEnvelope& receipt)
            { hubReports->passLanded (receipt); },
            inboxLimits);
        // Artists' news: this daemon's posts as an artist, and the artists it follows. The hub and
        // the DHT carry posts through the hooks; a fresh release of a followed artist has its
        // opening fetched ahead, as a preview.
        Previews previews (library);
        NewsStore newsStore (passData.database);
        ArtistNews::Hooks newsHooks;
        // Set once DhtFeeds (made after the news desk it reads) runs, and cleared before it goes.
        std::atomic<DhtFeeds*> dhtFeedsHook { nullptr };
        newsHooks.feedChanged = [&dhtFeedsHook]
        {
            if (auto* feeds = dhtFeedsHook.load())
                feeds->feedChanged();
        };
        newsHooks.freshRelease = [&previews] (const std::vector<TrackManifest>& tracks)
        { (void) previews.prefetch (tracks); };
        // The hub watcher, once made (after the hub is set); hooks may run before, or while it stops.
        std::atomic<HubWatcher*> hubWatching { nullptr };
        const auto followedKeys = [&newsStore]
        {
            std::vector<PublicKey> keys;
            for (const auto& follow : newsStore.follows())
                keys.push_back (follow.artistKey);
            return keys;
        };
        const auto watchAgain = [&hubWatching]
        {
            if (auto* watcher = hubWatching.load())
                watcher->restart();
        };
        newsHooks.posted = [&hubReports] (const v1::ArtistPost& post)
        { hubReports->posted (post); };
        newsHooks.followsChanged = [&hubReports, followedKeys, watchAgain, &dhtFeedsHook]
        {
            hubReports->followsChanged (followedKeys());
            watchAgain();
            if (auto* feeds = dhtFeedsHook.load())
                feeds->followsChanged();
        };
        ArtistNews news (
            newsStore, identity, [&hubReports]
            { return hubReports->profile().profile().name(); },
            std::move (newsHooks));
        hubReports->setNews ({ [&news]
                               {
                                   const auto feed = news.feed (0);
                                   return std::vector<v1::ArtistPost> (feed.posts().begin(), feed.posts().end());
                               },
                               followedKeys,
                               watchAgain });
        if (app.count ("--hub") > 0)
            hubReports->start (hubAddress == "none" ? std::string() : hubAddress);
        else
            hubReports->start (std::nullopt);
        auto hubWatcher = std::make_unique<HubWatcher> (news, newsStore, hubConnection);
        hubWatching = hubWatcher.get();
        // The artist's feed on the DHT, and the feeds of the artists followed (no DHT: neither).
        std::unique_ptr<DhtFeeds> dhtFeeds;
        if (! noDht)
            dhtFeeds = std::make_unique<DhtFeeds> (library.swarm(), news, newsStore, std::filesystem::path (dataDir) / "feeds", DhtFeeds::Options { std::chrono::milliseconds (feedPollMs), std::chrono::milliseconds (feedRepublishMs) });
        dhtFeedsHook = dhtFeeds.get();
        // Unary calls run on these workers, never on gRPC's threads; stopped before the servers.
        CallRunner calls { "earshotd" };
        FriendsService friendsService (*passes, calls);
        auto [friendsServer, friendsPort] = serveOnTcp (friendsListen, friendsService, v1::Friends::service_full_name(), Envelopes::maxSealedMessageBytes, "the Friends API", "--friends-listen");

        const auto advertisedPort = givenPort.value_or (static_cast<std::uint16_t> (friendsPort));
        if (friendsAddress.empty() && listensEverywhere)
            spdlog::info ("friends are told to reach this daemon at 127.0.0.1:{}; pass --friends-address HOST:PORT with an address they can reach", advertisedPort);
        Friendships friendships (identity, passData, advertisedHost, advertisedPort);

        LocalApiService service (library, friendships, *passes, *presence, *hubReports, news, token, calls);
        HubLinkService hubLinkService (*hubReports, token, calls);
        // Calls to the hub still out when the daemon stops are cancelled before the hub's connection goes.
        HubForwarder hubForwarder (hubConnection);
        DiscoveryService discoveryService (library, hubForwarder, previews, token, calls);
        NewsService newsService (news, hubForwarder, token, calls);

        if (unixSocket)
            prepareUnixSocket (listen);

        // The local API answers gRPC health checks too, for the server and for its service.
        grpc::EnableDefaultHealthCheckService (true);
        grpc::reflection::InitProtoReflectionServerBuilderPlugin();
        grpc::ServerBuilder builder;
        builder.AddListeningPort (listen, grpc::InsecureServerCredentials());
        builder.RegisterService (&service);
        builder.RegisterService (&hubLinkService);
        builder.RegisterService (&discoveryService);
        builder.RegisterService (&newsService);
        builder.SetMaxReceiveMessageSize (64 * 1024 * 1024);

        const auto oldMask = ::umask (0077); // the socket is created 0600
        auto server = builder.BuildAndStart();
        ::umask (oldMask);
        if (! server)
            throw Error (ErrorCode::unavailable, "cannot serve the API on " + listen + " (is the address in use or the folder not writable?)");
        if (unixSocket)
            ::chmod (listen.substr (5).c_str(), 0600);
        server->GetHealthCheckService()->SetServingStatus (v1::Library::service_full_name(), true);

        std::cout << "earshotd ready: api " << listen << ", bittorrent port " << library.swarm().listenPort() << ", friends port " << friendsPort << ", data " << dataDir << std::endl;
        // A Type=notify unit is started once the API answers (nothing happens without systemd).
        notifyServiceManager ("READY=1\nSTATUS=serving " + listen);

        const int received = waitForStopSignal();
        spdlog::info ("stopping (signal {})", received);
        notifyServiceManager ("STOPPING=1");

        const auto stopping = std::chrono::steady_clock::now();
        // Calls still waiting for an answer fail at once: the servers' shutdown waits for every call
        // to finish, and the work behind a call may take long (a hash runs to its end).
        calls.stop();
        // gRPC waits for connected clients to hang up until this deadline, then cancels what is left:
        // local clients reconnect on their own, so there is nothing to wait for.
        server->Shutdown (std::chrono::system_clock::now() + std::chrono::milliseconds (250));
        friendsServer->Shutdown (std::chrono::system_clock::now() + std::chrono::milliseconds (250));
        server.reset();
        friendsServer.reset();
        hubWatching = nullptr;
        hubWatcher.reset();
        passes.reset();
        dhtFeedsHook = nullptr;
        dhtFeeds.reset();
        hubReports.reset();
        presence.reset();
        spdlog::debug ("API stopped in {} ms", std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::steady_clock::now() - stopping).count());
        if (unixSocket)
            ::unlink (listen.substr (5).c_str());
        return 0;
    }
    catch (const Error& error)
    {
        std::cerr << "earshotd: " << error.what() << "\n";
        return error.code() == ErrorCode::failedPrecondition ? 3 : 1;
    }
    catch (const StoreError& error)
    {
        std::cerr << "earshotd: the library database cannot be used: " << error.what() << "\n";
        return 4;
    }
    catch (const std::exception& error)
    {
        std::cerr << "earshotd: " << error.what() << "\n";
        return 1;
    }
}
