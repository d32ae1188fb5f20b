// earshot: the command line over earshotd's local API.

#include "BashCompletion.h"
#include "DiscoverCommands.h"
#include "HubCommands.h"
#include "JsonOutput.h"
#include "NewsCommands.h"
#include "PlayCommand.h"
#include "ProgressView.h"

#include "Client/DaemonClient.h"
#include "Client/DaemonLauncher.h"
#include "Core/DefaultLocations.h"
#include "Core/QuoteInput.h"
#include "Core/Version.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace
{
    using namespace earshot;

    std::atomic<bool> interrupted { false };

    std::string readFile (const std::string& path)
    {
        std::ifstream in (path, std::ios::binary);
        if (! in)
            throw Error (ErrorCode::invalidArgument, "cannot read " + quoteInput (path, pathQuoteBytes));
        std::ostringstream bytes;
        bytes << in.rdbuf();
        return bytes.str();
    }

    std::string shortId (const std::string& id) { return id.substr (0, 12); }

    /** The full ids of the inbox's passes that the prefixes name, one pass each. */
    std::vector<std::string> passIdsFor (const std::vector<ClientInboxEntry>& inbox, const std::vector<std::string>& prefixes)
    {
        std::vector<std::string> ids;
        for (const auto& prefix : prefixes)
        {
            std::vector<std::string> matches;
            for (const auto& entry : inbox)
                if (! prefix.empty() && entry.passId.starts_with (prefix))
                    matches.push_back (entry.passId);
            if (matches.size() != 1)
                throw Error (matches.empty() ? ErrorCode::notFound : ErrorCode::invalidArgument,
                             (matches.empty() ? "no pass in the inbox starts with " : "several passes in the inbox start with ") + quoteInput (prefix)
                                 + "; `earshot inbox` lists them, give more of the id; nothing was deleted");
            ids.push_back (matches.front());
        }
        return ids;
    }

    void printTrack (const ClientTrack& track)
    {
        const auto& metadata = track.manifest.metadata;
        const auto state = track.status ? stateName (track.status->state) : std::string ("starting");
        const auto progress = track.status ? track.status->progress * 100.0 : 0.0;
        std::printf ("%s  %-11s %5.1f%%  %-28.28s  %-22.22s  %s\n",
                     shortId (track.id).c_str(),
                     state.c_str(),
                     progress,
                     metadata.title.empty() ? track.manifest.fileName.c_str() : metadata.title.c_str(),
                     metadata.artist.c_str(),
                     metadata.album.c_str());
    }

    int startDaemon (const std::string& address, const std::string& dataDir, const std::vector<std::string>& extra)
    {
        try
        {
            const auto launch = ensureDaemon ({ address, dataDir, extra, {}, std::chrono::seconds (15) });
            if (launch.started)
                std::printf ("earshotd started (pid %d): api %s, bittorrent port %d, data %s, log %s\n", launch.pid, address.c_str(), launch.info.bittorrentPort, launch.info.dataDirectory.c_str(), launch.logFile.c_str());
            else
                std::printf ("earshotd is already running at %s (data %s, bittorrent port %d)\n", address.c_str(), launch.info.dataDirectory.c_str(), launch.info.bittorrentPort);
            return 0;
        }
        catch (const Error& e)
        {
            std::cerr << "earshot: " << e.what() << "\n";
            return 1;
        }
    }

    /** `earshot daemon --stop`: 0 once the daemon has exited, 3 when none was running, 1 otherwise. */
    int stopRunningDaemon (const std::string& address, std::chrono::milliseconds timeout)
    {
        try
        {
            const auto stop = earshot::stopDaemon (address, timeout);
            if (! stop.wasRunning)
            {
                std::cerr << "earshot: no earshotd is running at " << address << "; nothing to stop\n";
                return 3;
            }
            std::printf ("earshotd (pid %d) at %s has stopped (%.1f s)\n", stop.pid, address.c_str(), static_cast<double> (stop.took.count()) / 1000.0);
            return 0;
        }
        catch (const Error& e)
        {
            std::cerr << "earshot: " << e.what() << "\n";
            return 1;
        }
    }

    int showStatus (DaemonClient& client, const std::string& id, bool once)
    {
        const auto track = client.getTrack (id);
        const auto& metadata = track.manifest.metadata;
        std::printf ("%s  %s - %s (%s, %s)\n", track.id.c_str(), metadata.artist.c_str(), metadata.title.c_str(), audioFormatName (track.manifest.format).data(), humanBytes (static_cast<double> (track.manifest.fileSize)).c_str());

        const bool terminal = ::isatty (STDOUT_FILENO) != 0;
        bool finished = false;
        client.watchTrack (track.id, std::chrono::milliseconds (250), [&] (const TrackStatus& status)
                           {
            std::printf (terminal ? "\r%s\033[K" : "%s\n", renderStatusLine (status).c_str());
            std::fflush (stdout);
            finished = status.state == TrackState::seeding || status.state == TrackState::error;
            return ! once && ! finished && ! interrupted.load(); });
        if (terminal)
            std::printf ("\n");
        return 0;
    }

    int catTrack (DaemonClient& client, const std::string& id, std::uint64_t offset, double stallSeconds)
    {
        DaemonClient::StreamOptions options;
        options.offset = offset;
        options.stallTimeout = std::chrono::milliseconds (static_cast<std::int64_t> (stallSeconds * 1000.0));
        client.stream (id, options, [] (std::uint64_t, std::string_view data, std::uint64_t)
                       {
            if (std::fwrite (data.data(), 1, data.size(), stdout) != data.size())
                return false; // the reader went away (a closed pipe)
            return ! interrupted.load(); });
        std::fflush (stdout);
        return 0;
    }
} // namespace

int main (int argc, char** argv)
{
    const auto commandStart = std::chrono::steady_clock::now();
    std::signal (SIGPIPE, SIG_IGN);
    std::signal (SIGINT, [] (int)
                 { interrupted = true; });

    CLI::App app { "earshot: hear, share and publish music over a peer-to-peer swarm" };
    app.require_subcommand (1);

    std::string address = defaultApiAddress();
    std::string token;
    app.add_option ("--api", address, "earshotd's API address (unix:/path or host:port)")->envname ("EARSHOT_API")->capture_default_str();
    app.add_option ("--token", token, "Access token for a daemon serving remote clients")->envname ("EARSHOT_TOKEN");

    auto* daemon = app.add_subcommand ("daemon", "Start earshotd in the background unless one answers already (extra options after -- go to earshotd), or stop it");
    std::string dataDir = defaultDataDirectory().string();
    std::vector<std::string> daemonExtra;
    auto* dataDirOption = daemon->add_option ("--data-dir", dataDir, "The daemon's data directory")->capture_default_str();
    auto* extraOption = daemon->add_option ("extra", daemonExtra, "Options for earshotd, e.g. -- --bt-port 6881 --upload-limit 256");
    bool stopRequested = false;
    double stopTimeoutSeconds = 60.0;
    daemon->add_flag ("--stop", stopRequested, "Stop the daemon at --api cleanly (it saves its state first) and wait until it has exited; exit 3 when none is running")
        ->excludes (dataDirOption)
        ->excludes (extraOption);
    daemon->add_option ("--stop-timeout", stopTimeoutSeconds, "How long --stop waits for the daemon to exit, in seconds (exit 1 when it has not)")
        ->check (CLI::PositiveNumber)
        ->capture_default_str();

    auto* publish = app.add_subcommand ("publish", "Publish audio files or album folders and seed them");
    std::vector<std::string> publishPaths;
    publish->add_option ("paths", publishPaths, "Files or folders")->required()->check (CLI::ExistingPath);
    std::vector<std::string> publishTrackers;
    publish->add_option ("--tracker", publishTrackers, "Announce to this tracker (http://, https:// or udp:// announce URL) and name it in the track's .torrent and magnet link; repeatable, in order of preference (default: earshotd's --tracker list)");

    auto* add = app.add_subcommand ("add", "Add a track from a .torrent file or a magnet link");
    std::string addSource;
    std::vector<std::string> addPeers;
    add->add_option ("source", addSource, "A .torrent file or a magnet: link")->required();
    add->add_option ("--peer", addPeers, "Connect to this peer (ip:port); repeatable");

    // Every command that lists or reports takes --json; they share the one flag (one command runs).
    bool asJson = false;
    const auto addJsonFlag = [&asJson] (CLI::App* command)
    { return command->add_flag ("--json", asJson, jsonOutput::flagHelp); };
    addJsonFlag (publish);
    addJsonFlag (add);

    auto* list = app.add_subcommand ("list", "List the library");
    addJsonFlag (list);

    auto* status = app.add_subcommand ("status", "Show a track's progress live (percent, rates, peers, piece map)");
    std::string statusId;
    bool statusOnce = false;
    status->add_option ("track", statusId, "Track id or unique prefix")->required();
    status->add_flag ("--once", statusOnce, "Print one line and stop");
    addJsonFlag (status)->description ("Print the track and its status now as one JSON document (implies --once)");

    auto* cat = app.add_subcommand ("cat", "Stream a track's bytes to standard output, in order, while it downloads");
    std::string catId;
    std::uint64_t catOffset = 0;
    cat->add_option ("track", catId, "Track id or unique prefix")->required();
    cat->add_option ("--offset", catOffset, "Start at this byte");
    double catStallSeconds = 60.0;
    cat->add_option ("--stall-timeout", catStallSeconds, "Give up (exit 1, saying why: no peers, peers banned for corrupt data, none has the piece, all choke us) when no new byte arrives for this many seconds; 0 waits for ever")
        ->check (CLI::NonNegativeNumber)
        ->capture_default_str();

    auto* remove = app.add_subcommand ("remove", "Remove a track from the library");
    std::string removeId;
    bool deleteFiles = false;
    remove->add_option ("track", removeId, "Track id or unique prefix")->required();
    remove->add_flag ("--delete-files", deleteFiles, "Also delete the downloaded file (a published file is never deleted)");

    auto* connect = app.add_subcommand ("connect", "Connect to a BitTorrent peer");
    std::string endpoint, connectId;
    connect->add_option ("peer", endpoint, "ip:port")->required();
    connect->add_option ("track", connectId, "Only for this track");

    auto* info = app.add_subcommand ("info", "Show what the daemon is and where it listens");
    addJsonFlag (info);
    auto* torrent = app.add_subcommand ("torrent", "Write a track's .torrent file, for any BitTorrent client");
    std::string torrentId, torrentOut;
    torrent->add_option ("track", torrentId, "Track id or unique prefix")->required();
    torrent->add_option ("-o,--output", torrentOut, "Where to write it")->required();

    auto* friendsCommand = app.add_subcommand ("friends", "Your friend code, and the friends you exchange songs with");
    friendsCommand->require_subcommand (1);
    auto* friendsCode = friendsCommand->add_subcommand ("code", "Print this daemon's friend code, for a friend to add");
    addJsonFlag (friendsCode);
    auto* friendsAdd = friendsCommand->add_subcommand ("add", "Add a friend from their code");
    std::string friendCodeText, friendName;
    friendsAdd->add_option ("code", friendCodeText, "The code their `earshot friends code` prints")->required();
    friendsAdd->add_option ("--name", friendName, "What to call them, e.g. Ana")->required();
    auto* friendsList = friendsCommand->add_subcommand ("list", "List your friends");
    addJsonFlag (friendsList);
    auto* friendsRemove = friendsCommand->add_subcommand ("remove", "Remove a friend");
    std::string removeFriendName;
    friendsRemove->add_option ("name", removeFriendName, "The friend's name")->required();

    auto* pass = app.add_subcommand ("pass", "Pass a track to a friend, with a note");
    std::string passTrack, passTo, passNote;
    pass->add_option ("track", passTrack, "Track id or unique prefix")->required();
    pass->add_option ("--to", passTo, "The friend's name")->required();
    pass->add_option ("--note", passNote, "A line for them");
    auto* inbox = app.add_subcommand ("inbox", "Passes your friends sent");
    std::string readPassId;
    inbox->add_option ("--mark-read", readPassId, "Mark this pass as read");
    bool watchInbox = false;
    auto* watchInboxFlag = inbox->add_flag ("--watch", watchInbox, "Keep printing the inbox as passes arrive (Ctrl-C stops)");
    addJsonFlag (inbox)->excludes (watchInboxFlag);
    auto* inboxDelete = inbox->add_subcommand ("delete", "Delete passes from the inbox (their tracks stay in the library), making room for their senders' next passes");
    std::vector<std::string> deletePassIds;
    inboxDelete->add_option ("ids", deletePassIds, "Pass ids, or unique prefixes of them, as `earshot inbox` shows them")->required();
    auto* inboxClear = inbox->add_subcommand ("clear", "Delete every pass from one sender, or all passes");
    std::string clearFrom;
    bool clearAll = false;
    auto* clearFromOption = inboxClear->add_option ("--from", clearFrom, "A friend's name, or the start of the key the inbox shows for someone no longer a friend");
    inboxClear->add_flag ("--all", clearAll, "Every pass in the inbox")->excludes (clearFromOption);
    inboxClear->callback ([&]
                          {
        if (clearFrom.empty() && ! clearAll)
            throw CLI::ValidationError ("earshot inbox clear", "say whose passes to delete (--from NAME) or --all"); });
    auto* outbox = app.add_subcommand ("outbox", "Passes on their way to friends, and delivered ones");
    addJsonFlag (outbox);
    auto* pointsCommand = app.add_subcommand ("points", "Points earned by passes that landed, and the ledger behind them");
    addJsonFlag (pointsCommand);

    auto* play = app.add_subcommand ("play", "Play a track while it streams (the default audio device, or a WAV file rendered in real time)");
    PlayOptions playOptions;
    std::string playOut;
    std::vector<std::string> playSeeks;
    play->add_option ("track", playOptions.track, "Track id or unique prefix")->required();
    play->add_option ("--seek", playOptions.seekSeconds, "Start at this many seconds")->check (CLI::NonNegativeNumber);
    play->add_option ("--out", playOut, "Render in real time into this WAV file instead of the audio device");
    play->add_option ("--seek-at", playSeeks, "AT:TO: when playback reaches AT seconds, seek to TO; repeatable");
    play->add_option ("--for", playOptions.forSeconds, "Stop after this many seconds of playing (time spent buffering does not count)")->check (CLI::NonNegativeNumber);
    play->add_option ("--volume", playOptions.volume, "Linear gain, 0 to 2")->check (CLI::Range (0.0f, 2.0f));
    play->add_option ("--stall-timeout", playOptions.stallSeconds, "Give up (exit 1, saying why: no peers, peers banned for corrupt data, none has the piece, all choke us) when the player waits this many seconds for a byte that does not come; 0 waits for ever")
        ->check (CLI::NonNegativeNumber)
        ->capture_default_str();

    const auto runHubLinkCommand = addHubLinkCommands (app, asJson);
    const auto runDiscoverCommand = addDiscoverCommands (app, asJson);
    const auto runNewsCommand = addNewsCommands (app, interrupted, asJson);

    app.set_version_flag ("--version", std::string ("earshot ") + projectVersion);
    // Hidden (no group): the build writes the installed completion script with it.
    const auto printCompletion = [&app]
    {
        std::cout << bashCompletion (app, "earshot");
        throw CLI::Success();
    };
    app.add_flag_callback ("--bash-completion", printCompletion, "Print a bash completion script for every earshot command, and exit")->group ("");

    CLI11_PARSE (app, argc, argv);

    try
    {
        if (daemon->parsed() && stopRequested)
            return stopRunningDaemon (address, std::chrono::milliseconds (static_cast<std::int64_t> (stopTimeoutSeconds * 1000.0)));
        if (daemon->parsed())
            return startDaemon (address, dataDir, daemonExtra);

        if (play->parsed())
        {
            playOptions.apiAddress = address;
            playOptions.token = token;
            playOptions.commandStart = commandStart;
            if (! playOut.empty())
                playOptions.outFile = playOut;
            for (const auto& spec : playSeeks)
            {
                const auto colon = spec.find (':');
                try
                {
                    if (colon == std::string::npos)
                        throw std::invalid_argument (spec);
                    playOptions.seeks.emplace_back (std::stod (spec.substr (0, colon)), std::stod (spec.substr (colon + 1)));
                }
                catch (const std::exception&)
                {
                    throw Error (ErrorCode::invalidArgument, "--seek-at takes AT:TO in seconds, e.g. 20:90; got " + quoteInput (spec));
                }
            }
            return playTrack (playOptions, interrupted);
        }

        DaemonClient client (address, token);
        if (const auto exitCode = runHubLinkCommand (client))
            return *exitCode;
        if (runDiscoverCommand (client))
            return 0;
        if (const auto exitCode = runNewsCommand (client))
            return *exitCode;

        if (publish->parsed())
        {
            const auto published = client.publish (publishPaths, publishTrackers);
            if (asJson)
                jsonOutput::print (jsonOutput::tracks (published));
            else
                for (const auto& track : published)
                    printTrack (track);
        }
        else if (add->parsed())
        {
            AddSource source;
            if (addSource.rfind ("magnet:", 0) == 0)
                source.magnetUri = addSource;
            else
                source.torrentFile = readFile (addSource);
            auto added = client.addTracks (source, addPeers);
            if (asJson)
            {
                jsonOutput::print (jsonOutput::addedTracks (added));
                return 0;
            }
            if (added.tracks.empty())
                printTrack (added.track);
            for (const auto& track : added.tracks)
                printTrack (track);
            if (! added.created)
                std::printf ("(already in the library)\n");
        }
        else if (list->parsed())
        {
            const auto tracks = client.listTracks();
            if (asJson)
                jsonOutput::print (jsonOutput::tracks (tracks));
            else
                for (const auto& track : tracks)
                    printTrack (track);
        }
        else if (status->parsed())
        {
            if (asJson)
            {
                jsonOutput::print ({ { "track", jsonOutput::track (client.getTrack (statusId)) } });
                return 0;
            }
            return showStatus (client, statusId, statusOnce);
        }
        else if (cat->parsed())
        {
            return catTrack (client, catId, catOffset, catStallSeconds);
        }
        else if (remove->parsed())
        {
            client.removeTrack (removeId, deleteFiles);
        }
        else if (connect->parsed())
        {
            std::printf ("connecting to %s for %d track(s)\n", endpoint.c_str(), client.connectPeer (endpoint, connectId));
        }
        else if (friendsCode->parsed())
        {
            if (asJson)
                jsonOutput::print (jsonOutput::friendCode (client.friendCode()));
            else
                std::printf ("%s\n", client.friendCode().c_str());
        }
        else if (friendsAdd->parsed())
        {
            const auto [added, created] = client.addFriend (friendCodeText, friendName);
            std::printf ("%s %s (%s:%u, key %s)\n", created ? "added" : "updated", added.name.c_str(), added.host.c_str(), added.port, added.publicKeyHex.substr (0, 16).c_str());
        }
        else if (friendsList->parsed())
        {
            const auto friends = client.listFriends();
            if (asJson)
            {
                jsonOutput::print (jsonOutput::friends (friends));
                return 0;
            }
            for (const auto& each : friends)
                std::printf ("%-20s %-7s %s:%u  key %s  uploaded to you %s\n", each.name.c_str(), each.online ? "online" : "offline", each.host.c_str(), each.port, each.publicKeyHex.substr (0, 16).c_str(), humanBytes (static_cast<double> (each.uploadedBytes)).c_str());
        }
        else if (friendsRemove->parsed())
        {
            client.removeFriend (removeFriendName);
        }
        else if (pass->parsed())
        {
            const auto id = client.sendPass (passTrack, passTo, passNote);
            std::printf ("passed to %s (pass %s); it is delivered as soon as their daemon answers\n", passTo.c_str(), id.c_str());
        }
        else if (inboxDelete->parsed())
        {
            const auto deleted = client.deleteInboxEntries (passIdsFor (client.listInbox().first, deletePassIds));
            std::printf ("deleted %d %s from the inbox\n", deleted, deleted == 1 ? "pass" : "passes");
        }
        else if (inboxClear->parsed())
        {
            const auto deleted = client.clearInbox (clearAll ? std::string() : clearFrom);
            std::printf ("deleted %d %s from the inbox\n", deleted, deleted == 1 ? "pass" : "passes");
        }
        else if (inbox->parsed())
        {
            if (! readPassId.empty())
                client.markRead (readPassId);
            const auto printInbox = [] (const std::vector<ClientInboxEntry>& entries, int unread)
            {
                std::printf ("%d unread\n", unread);
                for (const auto& entry : entries)
                {
                    const auto& metadata = entry.manifest.metadata;
                    std::printf ("%s %s  from %-12s %-28.28s %-20.20s \"%s\"  (%s)\n",
                                 entry.read ? " " : "*",
                                 entry.passId.substr (0, 12).c_str(),
                                 entry.from.c_str(),
                                 metadata.title.empty() ? entry.manifest.fileName.c_str() : metadata.title.c_str(),
                                 metadata.artist.c_str(),
                                 entry.note.c_str(),
                                 shortId (trackIdOf (entry.manifest)).c_str());
                }
                std::fflush (stdout);
            };
            if (watchInbox)
                client.watchInbox ([&] (const std::vector<ClientInboxEntry>& entries, int unread)
                                   {
                    printInbox (entries, unread);
                    return ! interrupted.load(); });
            else
            {
                const auto [entries, unread] = client.listInbox();
                if (asJson)
                    jsonOutput::print (jsonOutput::inbox (entries, unread));
                else
                    printInbox (entries, unread);
            }
        }
        else if (outbox->parsed())
        {
            const auto entries = client.listOutbox();
            if (asJson)
            {
                jsonOutput::print (jsonOutput::outbox (entries));
                return 0;
            }
            for (const auto& entry : entries)
                std::printf ("%s  %-8s to %-12s %-10s attempts %d  %s\n", entry.messageId.substr (0, 12).c_str(), entry.kind.c_str(), entry.to.c_str(), entry.state.c_str(), entry.attempts, entry.lastError.c_str());
        }
        else if (pointsCommand->parsed())
        {
            const auto [balance, entries] = client.points();
            if (asJson)
            {
                jsonOutput::print (jsonOutput::points (balance, entries));
                return 0;
            }
            std::printf ("%lld points\n", static_cast<long long> (balance));
            for (const auto& entry : entries)
                std::printf ("%+5lld  %s\n", static_cast<long long> (entry.points), entry.reason.c_str());
        }
        else if (info->parsed())
        {
            const auto daemonInfo = client.daemonInfo();
            if (asJson)
            {
                jsonOutput::print (jsonOutput::daemonInfo (daemonInfo, address));
                return 0;
            }
            std::printf ("earshotd %s\napi %s\nbittorrent port %d\ndata %s\ntracks %d\n", daemonInfo.version.c_str(), address.c_str(), daemonInfo.bittorrentPort, daemonInfo.dataDirectory.c_str(), daemonInfo.tracks);
        }
        else if (torrent->parsed())
        {
            std::ofstream out (torrentOut, std::ios::binary);
            out << client.torrentFile (torrentId);
            if (! out)
                throw Error (ErrorCode::invalidArgument, "cannot write " + quoteInput (torrentOut, pathQuoteBytes));
        }
        return 0;
    }
    catch (const Error& error)
    {
        std::cerr << "earshot: " << error.what() << "\n";
        return error.code() == ErrorCode::unavailable ? 3 : 1;
    }
}
