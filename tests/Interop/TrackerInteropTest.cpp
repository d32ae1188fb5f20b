// Trackers, with real third-party programs from Debian: an artist's earshotd announces its tracks
// to opentracker, and aria2 (which cannot be handed a peer) finds the artist through it from the
// track's .torrent file or magnet link alone, also after everything restarted.

#include "ChildProcess.h"
#include "Support/DaemonProcess.h"
#include "Swarm/TrackTorrent.h"

#include <gtest/gtest.h>

#include <cctype>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    /** Debian's opentracker on 127.0.0.1 (HTTP only), in folder. Debian builds it to track only
        the info-hashes on its whitelist, so it is given the tracks it will see. As root it chroots
        into folder and runs as nobody; as anyone else it just works there. Stopped when this goes;
        it keeps its peers in memory only, so a new one on the same port knows no peer. */
    class Opentracker final
    {
    public:
        Opentracker (const std::filesystem::path& folder, const std::vector<std::string>& infoHashes, int trackerPort)
            : port (trackerPort)
        {
            std::filesystem::create_directories (folder);
            std::ofstream whitelist (folder / "whitelist.txt");
            for (const auto& infoHash : infoHashes)
                whitelist << infoHash << "\n";
            std::ofstream (folder / "opentracker.conf") << "access.whitelist whitelist.txt\n";

            const auto log = (folder / "opentracker.log").string();
            pid = ::fork();
            if (pid == 0)
            {
                ::prctl (PR_SET_PDEATHSIG, SIGTERM); // a crashed test leaves no tracker running
                const int out = ::open (log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
                ::dup2 (out, STDOUT_FILENO);
                ::dup2 (out, STDERR_FILENO);
                ::execlp ("opentracker", "opentracker", "-i", "127.0.0.1", "-p", std::to_string (port).c_str(), "-d", folder.c_str(), "-f", (folder / "opentracker.conf").c_str(), nullptr);
                ::_exit (127);
            }
        }

        ~Opentracker()
        {
            if (pid <= 0)
                return;
            ::kill (pid, SIGTERM);
            ::waitpid (pid, nullptr, 0);
        }

        Opentracker (const Opentracker&) = delete;
        Opentracker& operator= (const Opentracker&) = delete;

        /** Waits until it accepts connections; false if it exited first (not installed?) or took
            longer than timeout. */
        [[nodiscard]] bool waitUntilListening (std::chrono::seconds timeout)
        {
            return eventually ([this]
                               { return exited() || acceptsLoopbackConnections (port); },
                               timeout)
                   && ! exited();
        }

        [[nodiscard]] std::string announceUrl() const { return "http://127.0.0.1:" + std::to_string (port) + "/announce"; }

    private:
        bool exited()
        {
            if (pid > 0 && ::waitpid (pid, nullptr, WNOHANG) == pid)
                pid = -1;
            return pid <= 0;
        }

        int port;
        pid_t pid = -1;
    };

    /** aria2c downloading into folder from a .torrent file or a magnet link and nothing else: no
        DHT, no local discovery, no peer exchange, so its only way to a peer is the trackers the
        source names. Exits once the download is complete (or is killed after 90 s). */
    CommandResult downloadWithAria2 (const std::filesystem::path& folder, const std::string& source)
    {
        std::filesystem::create_directories (folder);
        return runCommand ("timeout 90 aria2c --enable-dht=false --enable-dht6=false --bt-enable-lpd=false --enable-peer-exchange=false"
                           " --seed-time=0 --disable-ipv6=true --listen-port="
                           + std::to_string (freeLoopbackPort()) + " --summary-interval=0 --console-log-level=warn --log='"
                           + (folder / "aria2.log").string() + "' --log-level=info -d '" + folder.string() + "' '" + source + "'");
    }

    CommandResult runCli (const std::string& api, const std::string& arguments)
    {
        return runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + api + " " + arguments);
    }

    /** "&tr=" and the URL, percent-encoded as a query value. */
    std::string trParameter (const std::string& url)
    {
        std::string encoded = "&tr=";
        for (unsigned char c : url)
        {
            if (std::isalnum (c) != 0 || c == '-' || c == '_' || c == '.' || c == '~')
                encoded.push_back (static_cast<char> (c));
            else
                encoded += "%" + std::string (1, "0123456789ABCDEF"[c >> 4]) + std::string (1, "0123456789ABCDEF"[c & 0xf]);
        }
        return encoded;
    }
} // namespace

TEST (TrackerInterop, Aria2DownloadsAPublishedTrackFromItsTorrentFileAloneThroughTheArtistsTracker)
{
    TemporaryDirectory root ("earshot-tracker-torrent");
    const auto file = testMedia ("excerpt.flac");
    // The id publishing gives the track, with trackers or without: they live outside the info
    // dictionary. The tracker is told it in advance (its whitelist).
    const auto id = createTrackTorrent (file).trackId();
    Opentracker tracker (root.path() / "tracker", { id }, freeLoopbackPort());
    ASSERT_TRUE (tracker.waitUntilListening (std::chrono::seconds (10))) << "is opentracker installed (scripts/install-deps)?";

    DaemonProcess artist (root.path() / "artist");
    artist.start();
    const auto refused = runCli (artist.apiAddress(), "publish '" + file.string() + "' --tracker ftp://tracker.example.org/announce");
    EXPECT_EQ (refused.exitCode, 1) << refused.output;
    EXPECT_NE (refused.output.find ("'ftp://tracker.example.org/announce' is not a tracker URL"), std::string::npos) << refused.output;
    EXPECT_TRUE (artist.client().listTracks().empty()) << "nothing is published with a bad tracker";

    const auto published = runCli (artist.apiAddress(), "publish '" + file.string() + "' --tracker " + tracker.announceUrl());
    ASSERT_EQ (published.exitCode, 0) << published.output;
    EXPECT_EQ (published.output.substr (0, 12), id.substr (0, 12)) << "the same id as without a tracker";

    const auto track = artist.client().getTrack (id);
    EXPECT_EQ (track.trackers, std::vector<std::string> { tracker.announceUrl() });
    EXPECT_NE (track.magnetUri.find (trParameter (tracker.announceUrl())), std::string::npos) << track.magnetUri;

    const auto torrentPath = root.path() / "track.torrent";
    const auto written = runCli (artist.apiAddress(), "torrent " + id.substr (0, 10) + " -o '" + torrentPath.string() + "'");
    ASSERT_EQ (written.exitCode, 0) << written.output;
    const auto url = tracker.announceUrl();
    EXPECT_NE (readFileBytes (torrentPath).find ("8:announce" + std::to_string (url.size()) + ":" + url), std::string::npos);

    // aria2 is handed the .torrent file and nothing else.
    const auto downloads = root.path() / "aria2";
    const auto run = downloadWithAria2 (downloads, torrentPath.string());
    EXPECT_EQ (run.exitCode, 0) << run.output << "\n"
                                << readFileBytes (downloads / "aria2.log") << "\n"
                                << artist.log();
    EXPECT_TRUE (readFileBytes (downloads / track.manifest.fileName) == readFileBytes (file)) << "aria2's copy differs from the published file";

    // Another earshotd adding the .torrent file keeps its tracker, and finds the artist through it.
    DaemonProcess listener (root.path() / "listener");
    listener.start();
    const auto added = listener.client().addTrack ({ std::nullopt, readFileBytes (torrentPath), std::nullopt }, {}).first;
    EXPECT_EQ (added.id, id);
    EXPECT_EQ (added.trackers, std::vector<std::string> { url });
    EXPECT_TRUE (streamBytes (listener.client(), id, 0) == readFileBytes (file));

    // Published again naming another tracker, the same track announces to both, in order.
    const auto again = artist.client().publish ({ file.string() }, { "udp://127.0.0.1:9/announce" }).front();
    EXPECT_EQ (again.id, id);
    EXPECT_EQ (again.trackers, (std::vector<std::string> { url, "udp://127.0.0.1:9/announce" }));
    EXPECT_NE (artist.client().getTrack (id).magnetUri.find (trParameter ("udp://127.0.0.1:9/announce")), std::string::npos);
}

TEST (TrackerInterop, AMagnetLinksTrackerIsKeptAndAnnouncedToAgainAfterACrashAndARestart)
{
    TemporaryDirectory root ("earshot-tracker-magnet");
    const auto file = testMedia ("excerpt.ogg");
    const auto id = createTrackTorrent (file).trackId();
    const int trackerPort = freeLoopbackPort();
    const auto freshTracker = [&]
    {
        // Peers are kept in the tracker's memory only: a new one knows none until they announce.
        auto tracker = std::make_unique<Opentracker> (root.path() / "tracker", std::vector<std::string> { id }, trackerPort);
        EXPECT_TRUE (tracker->waitUntilListening (std::chrono::seconds (10))) << "is opentracker installed (scripts/install-deps)?";
        return tracker;
    };
    auto tracker = freshTracker();
    const auto url = tracker->announceUrl();

    // The artist's default list (earshotd --tracker): the publish names no tracker of its own.
    DaemonProcess artist (root.path() / "artist", { "--tracker", url });
    artist.start();
    const auto published = artist.client().publish ({ file.string() }).front();
    EXPECT_EQ (published.id, id);
    EXPECT_EQ (published.trackers, std::vector<std::string> { url });
    const auto magnet = artist.client().getTrack (id).magnetUri;
    ASSERT_NE (magnet.find (trParameter (url)), std::string::npos) << magnet;

    // A listener's earshotd given nothing but the link finds the artist through its tracker.
    DaemonProcess listener (root.path() / "listener");
    listener.start();
    (void) listener.client().addTracks ({ std::nullopt, std::nullopt, magnet }, {});
    const auto listenerHasIt = [&]
    {
        const auto tracks = listener.client().listTracks();
        return tracks.size() == 1 && tracks.front().id == id && isComplete (tracks.front());
    };
    ASSERT_TRUE (eventually (listenerHasIt, std::chrono::seconds (60))) << listener.log();
    EXPECT_TRUE (streamBytes (listener.client(), id, 0) == readFileBytes (file));
    EXPECT_EQ (listener.client().getTrack (id).trackers, std::vector<std::string> { url }) << "kept from the magnet link";

    // The listener crashes (which drops libtorrent's resume data, and its copy of the trackers),
    // the artist goes, and the tracker forgets everyone. Back, the listener is the only one with
    // the track, and announces it to the link's tracker from its library: aria2 finds it from the
    // magnet link alone.
    listener.kill();
    artist.stop();
    tracker.reset();
    tracker = freshTracker();
    listener.start();
    const auto restored = listener.client().getTrack (id);
    EXPECT_EQ (restored.trackers, std::vector<std::string> { url });
    EXPECT_NE (restored.magnetUri.find (trParameter (url)), std::string::npos) << restored.magnetUri;

    const auto fromListener = root.path() / "aria2-from-listener";
    auto run = downloadWithAria2 (fromListener, magnet);
    EXPECT_EQ (run.exitCode, 0) << run.output << "\n"
                                << readFileBytes (fromListener / "aria2.log") << "\n"
                                << listener.log();
    EXPECT_TRUE (readFileBytes (fromListener / published.manifest.fileName) == readFileBytes (file)) << "aria2's copy differs from the published file";

    // The same for the artist after a clean restart, with the listener gone.
    listener.stop();
    tracker.reset();
    tracker = freshTracker();
    artist.start();
    EXPECT_EQ (artist.client().getTrack (id).trackers, std::vector<std::string> { url });

    const auto fromArtist = root.path() / "aria2-from-artist";
    run = downloadWithAria2 (fromArtist, magnet);
    EXPECT_EQ (run.exitCode, 0) << run.output << "\n"
                                << readFileBytes (fromArtist / "aria2.log") << "\n"
                                << artist.log();
    EXPECT_TRUE (readFileBytes (fromArtist / published.manifest.fileName) == readFileBytes (file)) << "aria2's copy differs from the published file";
}
