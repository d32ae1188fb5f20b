// Time from AddTrack to the first 64 KiB delivered by Stream when the only seeder is an ordinary
// BitTorrent client from Debian: aria2 (TCP only), qBittorrent (uTP and TCP, TCP only, encryption
// required), Transmission (uTP off, uTP on), and earshotd itself for reference. Each seeder makes
// its torrent with its own tool where it has one. Every trial runs twice, in a shuffled order: with
// Earshot's connection settings and with the ones before them (EARSHOT_SWARM_CONNECT_BASELINE, read
// by Source/Swarm/SwarmSession), so the ratio compares both on the same seeders and the same machine.
// Prints figures; it never passes or fails.
//
//   earshot_client_interop_bench [--trials N] [--only aria2 --only qbittorrent-tcp ...] [--no-baseline]

#include "BenchFigures.h"
#include "Interop/Aria2.h"
#include "Interop/QBittorrent.h"
#include "Interop/TorrentTools.h"
#include "Interop/Transmission.h"
#include "Support/DaemonProcess.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <random>

using namespace earshot;
using namespace earshot::testing;
using namespace earshot::bench;

namespace
{
    /** The variable Source/Swarm/SwarmSession reads to start with its connection settings as they
        were before issue 10 (uTP first, 10 s reconnect), for the side-by-side baseline. */
    constexpr const char* baselineVariable = "EARSHOT_SWARM_CONNECT_BASELINE";

    /** Sets or clears the baseline variable while this lives, for daemons started meanwhile. */
    struct BaselineScope
    {
        explicit BaselineScope (bool baseline)
        {
            if (baseline)
                ::setenv (baselineVariable, "1", 1);
            else
                ::unsetenv (baselineVariable);
        }
        ~BaselineScope() { ::unsetenv (baselineVariable); }
    };

    /** A seeder the trials stream from. */
    struct Seeder
    {
        /** The .torrent's bytes, as the seeder's tool made it. */
        std::string torrent;
        std::string address;
        /** Where baseline trials find it, if not at address (earshotd seeds with the baseline too). */
        std::string baselineAddress;
        std::vector<std::shared_ptr<void>> processes;
        /** Why it could not seed, if it could not. */
        std::string problem;
    };

    Seeder unavailable (std::string why)
    {
        Seeder seeder;
        seeder.problem = std::move (why);
        return seeder;
    }

    using SeederStart = Seeder (*) (const std::filesystem::path& folder, const std::filesystem::path& track, unsigned pieceKiB);

    struct Kind
    {
        const char* flag;
        const char* name;
        const char* torrentMaker;
        SeederStart start;
    };

    /** A copy of the track in folder/seed, where the client seeds it from. */
    std::filesystem::path seedCopy (const std::filesystem::path& folder, const std::filesystem::path& track)
    {
        const auto seedFolder = folder / "seed";
        std::filesystem::create_directories (seedFolder);
        std::filesystem::copy_file (track, seedFolder / track.filename(), std::filesystem::copy_options::overwrite_existing);
        return seedFolder / track.filename();
    }

    Seeder startEarshotd (const std::filesystem::path& folder, const std::filesystem::path& track, unsigned)
    {
        Seeder seeder;
        for (const bool baseline : { false, true })
        {
            BaselineScope scope (baseline);
            auto daemon = std::make_shared<DaemonProcess> (folder / (baseline ? "baseline" : "current"));
            daemon->start();
            const auto published = daemon->client().publish ({ track.string() }).front();
            (baseline ? seeder.baselineAddress : seeder.address) = daemon->peerAddress();
            if (seeder.torrent.empty())
                seeder.torrent = daemon->client().torrentFile (published.id);
            seeder.processes.push_back (daemon);
        }
        return seeder;
    }

    Seeder startAria2 (const std::filesystem::path& folder, const std::filesystem::path& track, unsigned pieceKiB)
    {
        Seeder seeder;
        const auto file = seedCopy (folder, track);
        const auto torrent = folder / "aria2.torrent";
        if (! makeTorrentWithMktorrent (file, torrent, pieceKiB))
            return unavailable ("mktorrent made no torrent (is it installed?)");
        auto aria2 = std::make_shared<Aria2> (folder, torrent, file.parent_path());
        if (! aria2->waitUntilListening (std::chrono::seconds (20)))
            return unavailable ("aria2c did not start seeding (is it installed? see " + (folder / "aria2.out").string() + ")");
        seeder.torrent = readFileBytes (torrent);
        seeder.address = aria2->peerAddress();
        seeder.processes.push_back (aria2);
        return seeder;
    }

    Seeder startQBittorrent (const std::filesystem::path& folder, const std::filesystem::path& track, unsigned pieceKiB, QBittorrent::Options options)
    {
        Seeder seeder;
        const auto file = seedCopy (folder, track);
        const auto torrent = folder / "qbittorrent.torrent";
        if (! makeTorrentWithMktorrent (file, torrent, pieceKiB))
            return unavailable ("mktorrent made no torrent (is it installed?)");
        auto qbittorrent = std::make_shared<QBittorrent> (folder, options);
        if (! qbittorrent->started())
            return unavailable ("qbittorrent-nox did not start (is it installed? see " + (folder / "qbittorrent.out").string() + ")");
        if (! qbittorrent->add (torrent, file.parent_path(), true) || ! qbittorrent->waitUntilComplete (std::chrono::seconds (30)))
            return unavailable ("qBittorrent did not seed the track: " + qbittorrent->torrents().dump());
        seeder.torrent = readFileBytes (torrent);
        seeder.address = qbittorrent->peerAddress();
        seeder.processes.push_back (qbittorrent);
        return seeder;
    }

    Seeder startTransmission (const std::filesystem::path& folder, const std::filesystem::path& track, unsigned pieceKiB, bool utp)
    {
        Seeder seeder;
        const auto file = seedCopy (folder, track);
        const auto torrent = folder / "transmission.torrent";
        if (! makeTorrentWithTransmission (file, torrent, pieceKiB))
            return unavailable ("transmission-create made no torrent (is transmission-cli installed?)");
        auto transmission = std::make_shared<Transmission> (folder, utp);
        transmission->remote ("-a '" + torrent.string() + "' -w '" + file.parent_path().string() + "'");
        if (! transmission->waitUntilComplete (std::chrono::seconds (60)))
            return unavailable ("Transmission did not seed the track: " + transmission->remote ("-l"));
        seeder.torrent = readFileBytes (torrent);
        seeder.address = transmission->peerAddress();
        seeder.processes.push_back (transmission);
        return seeder;
    }

    const Kind kinds[] = {
        { "earshotd", "earshotd (reference)", "earshotd", startEarshotd },
        { "aria2", "aria2 (TCP only)", "mktorrent", startAria2 },
        { "qbittorrent-utp", "qBittorrent, uTP and TCP", "mktorrent", [] (const std::filesystem::path& folder, const std::filesystem::path& track, unsigned pieceKiB)
          { return startQBittorrent (folder, track, pieceKiB, { QBittorrent::Protocol::tcpAndUtp, QBittorrent::Encryption::allowed }); } },
        { "qbittorrent-tcp", "qBittorrent, TCP only", "mktorrent", [] (const std::filesystem::path& folder, const std::filesystem::path& track, unsigned pieceKiB)
          { return startQBittorrent (folder, track, pieceKiB, { QBittorrent::Protocol::tcpOnly, QBittorrent::Encryption::allowed }); } },
        { "qbittorrent-encrypted", "qBittorrent, encryption required", "mktorrent", [] (const std::filesystem::path& folder, const std::filesystem::path& track, unsigned pieceKiB)
          { return startQBittorrent (folder, track, pieceKiB, { QBittorrent::Protocol::tcpAndUtp, QBittorrent::Encryption::required }); } },
        { "qbittorrent-plain", "qBittorrent, encryption disabled", "mktorrent", [] (const std::filesystem::path& folder, const std::filesystem::path& track, unsigned pieceKiB)
          { return startQBittorrent (folder, track, pieceKiB, { QBittorrent::Protocol::tcpAndUtp, QBittorrent::Encryption::disabled }); } },
        { "qbittorrent-utp-only", "qBittorrent, uTP only", "mktorrent", [] (const std::filesystem::path& folder, const std::filesystem::path& track, unsigned pieceKiB)
          { return startQBittorrent (folder, track, pieceKiB, { QBittorrent::Protocol::utpOnly, QBittorrent::Encryption::allowed }); } },
        { "transmission", "Transmission, uTP off", "transmission-create", [] (const std::filesystem::path& folder, const std::filesystem::path& track, unsigned pieceKiB)
          { return startTransmission (folder, track, pieceKiB, false); } },
        { "transmission-utp", "Transmission, uTP on", "transmission-create", [] (const std::filesystem::path& folder, const std::filesystem::path& track, unsigned pieceKiB)
          { return startTransmission (folder, track, pieceKiB, true); } },
    };

    constexpr std::uint64_t firstBytes = 64 * 1024;

    /** One cold trial: a fresh listener adds the .torrent with the seeder as its only peer and
        streams from the start; milliseconds from AddTrack to the first 64 KiB, or nothing if they
        did not come within the timeout. */
    std::optional<double> coldTrial (const Seeder& seeder, bool baseline, std::chrono::seconds timeout)
    {
        TemporaryDirectory data ("earshot-interop-bench-trial");
        BaselineScope scope (baseline);
        DaemonProcess listener (data.path());
        listener.start();

        const auto address = baseline && ! seeder.baselineAddress.empty() ? seeder.baselineAddress : seeder.address;
        const auto started = Clock::now();
        std::optional<Clock::time_point> firstChunk;
        std::uint64_t received = 0;
        try
        {
            const auto [track, created] = listener.client().addTrack ({ std::nullopt, seeder.torrent, std::nullopt }, { address });
            const auto added = Clock::now();
            const auto wanted = std::min (firstBytes, track.manifest.fileSize);
            DaemonClient::StreamOptions options;
            options.timeout = timeout;
            listener.client().stream (track.id, options, [&] (std::uint64_t, std::string_view bytes, std::uint64_t)
                                      {
                if (! firstChunk)
                    firstChunk = Clock::now();
                received += bytes.size();
                return received < wanted; });
            if (received < wanted)
                return std::nullopt;
            if (std::getenv ("EARSHOT_BENCH_BREAKDOWN") != nullptr)
                std::fprintf (stderr, "  %s: AddTrack %.0f ms, first chunk %.0f ms, 64 KiB %.0f ms\n", baseline ? "baseline" : "now", millisecondsBetween (started, added), millisecondsBetween (started, *firstChunk), millisecondsBetween (started, Clock::now()));
            return millisecondsBetween (started, Clock::now());
        }
        catch (const std::exception& e)
        {
            std::fprintf (stderr, "\n  %s trial failed after %.0f ms (%llu bytes): %s\n", baseline ? "baseline" : "now", millisecondsBetween (started, Clock::now()), static_cast<unsigned long long> (received), e.what());
            return std::nullopt;
        }
    }

    struct Figures
    {
        std::vector<double> milliseconds;
        int failures = 0;

        void add (std::optional<double> trial)
        {
            if (trial)
                milliseconds.push_back (*trial);
            else
                ++failures;
        }
    };
} // namespace

int main (int argc, char** argv)
{
    CLI::App app { "Earshot's first 64 KiB from ordinary BitTorrent clients" };
    int trials = 10;
    unsigned pieceKiB = 32;
    int settleMs = 500;
    int timeoutSeconds = 30;
    bool noBaseline = false;
    std::vector<std::string> only;
    std::string trackPath;
    app.add_option ("--trials", trials, "Cold trials per seeder and settings")->check (CLI::PositiveNumber)->capture_default_str();
    app.add_option ("--only", only, "Run only these seeders (earshotd, aria2, qbittorrent-utp, qbittorrent-tcp, qbittorrent-encrypted, qbittorrent-plain, qbittorrent-utp-only, transmission, transmission-utp)");
    app.add_flag ("--no-baseline", noBaseline, "Skip the trials with the settings from before (" + std::string (baselineVariable) + ")");
    app.add_option ("--piece-kib", pieceKiB, "Piece length of the torrents the clients' tools make, in KiB")->check (CLI::IsMember ({ 16u, 32u, 64u, 128u, 256u, 512u, 1024u }))->capture_default_str();
    app.add_option ("--settle-ms", settleMs, "Pause before each trial, for the seeder to drop the last listener")->capture_default_str();
    app.add_option ("--timeout-s", timeoutSeconds, "A trial without its 64 KiB by then counts as failed")->check (CLI::PositiveNumber)->capture_default_str();
    app.add_option ("--track", trackPath, "The audio file seeded (default: the demo album's first FLAC track)");
    CLI11_PARSE (app, argc, argv);
    ::unsetenv (baselineVariable);

    if (trackPath.empty())
    {
        std::vector<std::filesystem::path> album;
        for (const auto& entry : std::filesystem::directory_iterator (demoAlbum ("flac")))
            album.push_back (entry.path());
        std::sort (album.begin(), album.end());
        trackPath = album.front().string();
    }

    std::printf ("track: %s, %.1f MB; third-party torrents with %u KiB pieces\n", std::filesystem::path (trackPath).filename().c_str(), static_cast<double> (std::filesystem::file_size (trackPath)) / 1e6, pieceKiB);
    std::printf ("measure: AddTrack (the .torrent, the seeder as its only peer) -> first 64 KiB delivered by Stream, on loopback;\n"
                 "         %d cold trials per seeder and settings (a fresh listener each, now and baseline in a shuffled order,\n"
                 "         %d ms apart, after one untimed warm-up); a trial without its bytes in %d s counts as failed\n\n",
                 trials,
                 settleMs,
                 timeoutSeconds);
    std::printf ("%-34s %-20s %12s %10s %12s %10s %10s %8s\n", "seeder", "torrent made by", "now median", "now p95", "base median", "base p95", "base/now", "failed");
    std::printf ("%-34s %-20s %12s %10s %12s %10s %10s %8s\n", "", "", "(ms)", "(ms)", "(ms)", "(ms)", "(median)", "now/base");

    TemporaryDirectory root ("earshot-interop-bench");
    std::mt19937_64 random (42);
    const auto timeout = std::chrono::seconds (timeoutSeconds);
    for (const auto& kind : kinds)
    {
        if (! only.empty() && std::find (only.begin(), only.end(), kind.flag) == only.end())
            continue;
        const auto seeder = kind.start (root.path() / kind.flag, trackPath, pieceKiB);
        if (! seeder.problem.empty())
        {
            std::printf ("%-34s skipped: %s\n", kind.name, seeder.problem.c_str());
            continue;
        }

        (void) coldTrial (seeder, false, timeout); // the seeder's first reads are not a listener's
        Figures now, baseline;
        for (int trial = 0; trial < trials; ++trial)
        {
            std::vector<bool> order { false };
            if (! noBaseline)
                order.push_back (true);
            std::shuffle (order.begin(), order.end(), random);
            for (const bool withBaseline : order)
            {
                std::this_thread::sleep_for (std::chrono::milliseconds (settleMs));
                (withBaseline ? baseline : now).add (coldTrial (seeder, withBaseline, timeout));
            }
            std::fprintf (stderr, "\r%s: trial %d/%d", kind.flag, trial + 1, trials);
        }
        std::fprintf (stderr, "\n");

        const auto nowMedian = percentile (now.milliseconds, 0.5);
        const auto baseMedian = percentile (baseline.milliseconds, 0.5);
        std::printf ("%-34s %-20s %12.0f %10.0f %12.0f %10.0f %9.1fx %4d/%d\n",
                     kind.name,
                     kind.torrentMaker,
                     nowMedian,
                     percentile (now.milliseconds, 0.95),
                     baseMedian,
                     percentile (baseline.milliseconds, 0.95),
                     baseMedian / nowMedian,
                     now.failures,
                     baseline.failures);
        std::fflush (stdout);
    }
    return 0;
}
