// The swarm lab: instant start and keeping up, measured in one run against real earshotd daemons on
// loopback, each of Earshot's figures beside its baselines (libtorrent's sequential_download, plain
// rarest-first, and qBittorrent's "first and last pieces first") and beside the physical floor
// (the bytes needed over the swarm's aggregate upload). Scenarios:
//   start and seek   first audio, seek to audio, bytes fetched before first audio; four formats
//   keeping up       stalls over full plays at 3x, 1.5x and 1.1x the bitrate, and with a slow seeder
//   swarm health     10 listeners streaming at once against 10 daemons downloading rarest-first
//   scale            earshot_scale_bench's own table, when that program is built beside this one
// Tables go to standard output and to OUT/tables.txt; the data, gnuplot scripts and PNG plots to
// OUT. Prints figures; it never passes or fails on time.
//
//   earshot_swarm_lab [--quick] [--out DIR] [--trials N] [--seed S] [--skip-scale] [--only SCENARIO]... [--listener-arg=ARG]...

#include "BenchFigures.h"
#include "FirstAudioListener.h"
#include "SeederSwarm.h"
#include "StreamStrategies.h"
#include "Support/DaemonProcess.h"
#include "SwarmLabReport.h"

#include <CLI/CLI.hpp>

#include <sys/utsname.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <unistd.h>

using namespace earshot;
using namespace earshot::bench;
using namespace earshot::testing;

namespace
{
    constexpr auto& strategies = streamStrategies;

    /** PreviewPlayer's default start buffer: the audio any strategy must fetch before the first sample. */
    constexpr double startBufferSeconds = 0.1;

    //==============================================================================
    /** The torrent's piece length, from the info dictionary the manifest carries. */
    std::uint64_t pieceLengthOf (const TrackManifest& manifest)
    {
        const std::string key = "12:piece lengthi";
        const auto at = manifest.infoDict.find (key);
        if (at == std::string::npos)
            throw std::runtime_error ("the manifest of " + manifest.fileName + " has no piece length in its info dictionary");
        return std::stoull (manifest.infoDict.substr (at + key.size(), manifest.infoDict.find ('e', at + key.size()) - at - key.size()));
    }

    /** Bytes of the whole pieces holding the file's bytes [from, to): a piece is verified whole. */
    std::uint64_t pieceBytesCovering (const TrackManifest& manifest, std::uint64_t from, std::uint64_t to)
    {
        const auto pieceLength = pieceLengthOf (manifest);
        to = std::min (std::max (to, from + 1), manifest.fileSize);
        const auto first = from / pieceLength, last = (to - 1) / pieceLength;
        return std::min (manifest.fileSize - first * pieceLength, (last - first + 1) * pieceLength);
    }

    /** Where the audio at `seconds` sits in the file, for a constant bitrate (an estimate for VBR). */
    std::uint64_t fileOffsetOfSeconds (const TrackManifest& manifest, double seconds)
    {
        const auto offset = static_cast<double> (manifest.layout.headerBytes) + seconds * static_cast<double> (bytesPerSecondOfAudio (manifest));
        return std::min<std::uint64_t> (manifest.fileSize - 1, static_cast<std::uint64_t> (offset));
    }

    /** The floor of a start at `seconds`: the pieces holding the header (from 0) or the audio at the
        target, and startBufferSeconds of it, over the swarm's aggregate upload; milliseconds. */
    double startFloorMs (const TrackManifest& manifest, double seconds, double aggregateBytesPerSecond)
    {
        const auto from = seconds <= 0.0 ? 0 : fileOffsetOfSeconds (manifest, seconds);
        const auto to = fileOffsetOfSeconds (manifest, seconds + startBufferSeconds);
        return 1000.0 * static_cast<double> (pieceBytesCovering (manifest, from, to)) / aggregateBytesPerSecond;
    }

    double kib (int kibPerSecond) { return 1024.0 * kibPerSecond; }

    double sumKiB (const std::vector<int>& limits)
    {
        double total = 0.0;
        for (const auto limit : limits)
            total += kib (limit);
        return total;
    }

    //==============================================================================
    // Start and seek.

    struct StartTrial
    {
        double firstAudioMs = -1.0; // AddTrack -> the first audible block out of render()
        double seekMs = -1.0; // seek() -> the first audible block at the target
        double seekTargetSeconds = 0.0;
        std::uint64_t bytesBeforeAudio = 0; // verified bytes at first audio (the status of a moment after)
        std::string failure;
    };

    /** Extra earshotd options for every listening or downloading daemon (--listener-arg). */
    std::vector<std::string> extraListenerArgs;

    /** A listening (or downloading) daemon's options: the strategy, then --listener-arg's. */
    std::vector<std::string> listenerOptions (const Strategy& strategy)
    {
        std::vector<std::string> options { "--stream-strategy", strategy.flag };
        options.insert (options.end(), extraListenerArgs.begin(), extraListenerArgs.end());
        return options;
    }

    /** A fresh listener daemon with the strategy adds the track, plays it, and seeks to seekFraction of it. */
    StartTrial startTrial (const Strategy& strategy, const TrackManifest& manifest, const std::vector<std::string>& peers, double seekFraction)
    {
        StartTrial trial;
        try
        {
            TemporaryDirectory data ("earshot-lab-listener");
            DaemonProcess daemon (data.path(), listenerOptions (strategy));
            daemon.start();
            FirstAudioListener listener (daemon.apiAddress());
            const auto started = Clock::now();
            const auto id = daemon.client().addTrack ({ manifest, std::nullopt, std::nullopt }, peers).first.id;
            const auto heard = listener.playAndListen (id);
            if (! heard.failure.empty())
            {
                trial.failure = heard.failure;
                return trial;
            }
            trial.firstAudioMs = millisecondsBetween (started, *heard.audio);
            // The daemon's status is a snapshot taken a few times a second: the first one that
            // shows the piece the player started from is the first taken after first audio.
            (void) waitUntil ([&]
                              {
                const auto status = daemon.client().getTrack (manifest.infoHashHex).status;
                if (! status || status->pieces.empty() || ! status->pieces.front())
                    return false;
                trial.bytesBeforeAudio = status->bytesDone;
                return true; },
                              std::chrono::seconds (2),
                              std::chrono::milliseconds (20));

            std::this_thread::sleep_for (std::chrono::milliseconds (500));
            trial.seekTargetSeconds = seekFraction * static_cast<double> (manifest.metadata.durationMs) / 1000.0;
            const auto seek = listener.seekAndListen (trial.seekTargetSeconds);
            if (! seek.failure.empty())
                trial.failure = seek.failure;
            else
                trial.seekMs = seek.playToAudioMs;
        }
        catch (const std::exception& error)
        {
            trial.failure = error.what();
        }
        return trial;
    }

    //==============================================================================
    // Keeping up.

    /** A whole play, followed from AddTrack to the end: stalls, and when each piece arrived. */
    struct Session
    {
        std::string strategy;
        double firstAudioMs = -1.0;
        int stalls = 0;
        double stalledSeconds = 0.0;
        std::optional<double> fileInSeconds; // AddTrack -> every piece verified
        std::string failure;
        std::map<int, double> pieceArrivals; // piece -> seconds after AddTrack (status every 250 ms)
        std::vector<std::pair<double, double>> playhead; // seconds after AddTrack, piece under the playhead
    };

    Session followPlay (const Strategy& strategy, const TrackManifest& manifest, const std::vector<std::string>& peers)
    {
        Session session;
        session.strategy = strategy.flag;
        try
        {
            TemporaryDirectory data ("earshot-lab-listener");
            DaemonProcess daemon (data.path(), listenerOptions (strategy));
            daemon.start();
            FirstAudioListener listener (daemon.apiAddress());
            auto& player = listener.previewPlayer();
            const auto pieceLength = static_cast<double> (pieceLengthOf (manifest));
            const auto started = Clock::now();
            const auto secondsSinceStart = [&started] (Clock::time_point when)
            { return std::chrono::duration<double> (when - started).count(); };

            // The pieces' arrivals (and, once audio came, the playhead) every 250 ms from AddTrack
            // on, on a thread of its own: while play() waits for its first audio too.
            std::atomic<bool> watching { true }, heardOnce { false };
            std::thread watcher ([&]
                                 {
                while (watching.load())
                {
                    const auto now = Clock::now();
                    try
                    {
                        if (const auto status = daemon.client().getTrack (manifest.infoHashHex).status)
                        {
                            for (std::size_t piece = 0; piece < status->pieces.size(); ++piece)
                                if (status->pieces[piece])
                                    session.pieceArrivals.try_emplace (static_cast<int> (piece), secondsSinceStart (now));
                            if (! session.fileInSeconds && status->totalBytes > 0 && status->bytesDone >= status->totalBytes)
                                session.fileInSeconds = secondsSinceStart (now);
                        }
                    }
                    catch (const std::exception&)
                    {
                        // Not added yet.
                    }
                    if (heardOnce.load())
                        session.playhead.emplace_back (secondsSinceStart (now), std::floor (static_cast<double> (fileOffsetOfSeconds (manifest, player.positionSeconds())) / pieceLength));
                    std::this_thread::sleep_until (now + std::chrono::milliseconds (250));
                } });
            const auto stopWatching = [&]
            {
                watching.store (false);
                watcher.join();
            };

            const auto id = daemon.client().addTrack ({ manifest, std::nullopt, std::nullopt }, peers).first.id;
            const auto heard = listener.playAndListen (id);
            if (! heard.failure.empty())
            {
                stopWatching();
                session.failure = heard.failure;
                return session;
            }
            session.firstAudioMs = millisecondsBetween (started, *heard.audio);
            heardOnce.store (true);

            // Bounded: three times the track's length, plus two minutes.
            const auto duration = static_cast<double> (manifest.metadata.durationMs) / 1000.0;
            const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration> (std::chrono::duration<double> (duration * 3.0 + 120.0));
            auto lastPoll = Clock::now();
            int stallsSeen = 0;
            for (;;)
            {
                std::this_thread::sleep_for (std::chrono::milliseconds (10));
                const auto now = Clock::now();
                const auto state = player.state();
                const auto stalls = player.stalls();
                // As PlaybackBench: the whole track has been heard once the position is at its length
                // with nothing left in the FIFO, and that last dry-up is no stall.
                const bool heardAll = player.durationSeconds() > 0.0 && player.positionSeconds() >= player.durationSeconds() - 0.05 && player.bufferedSeconds() <= 0.0;
                if (state == PlayerState::ended || state == PlayerState::failed || heardAll || now >= deadline)
                {
                    session.stalls = state == PlayerState::starving && heardAll && stalls > stallsSeen ? stalls - 1 : stalls;
                    if (state == PlayerState::failed)
                        session.failure = std::string ("the player failed: ") + player.failureReason();
                    else if (state != PlayerState::ended && ! heardAll)
                        session.failure = "the play did not end in time (at " + std::to_string (player.positionSeconds()) + " s)";
                    break;
                }
                stallsSeen = stalls;
                if (state == PlayerState::starving)
                    session.stalledSeconds += std::chrono::duration<double> (now - lastPoll).count();
                lastPoll = now;
            }
            stopWatching();
        }
        catch (const std::exception& error)
        {
            session.failure = error.what();
        }
        return session;
    }

    struct Condition
    {
        std::string name;
        std::vector<double> seederFactors; // each seeder's upload as a multiple of the track's bytes per second
    };

    //==============================================================================
    // Swarm health.

    struct SwarmRun
    {
        std::string mode;
        double completionSeconds = -1.0; // AddTrack on all -> every daemon has every piece
        double medianPeerSeconds = -1.0;
        int stalls = 0;
        double firstAudioMedianMs = -1.0;
        std::string failure;
    };

    /** One seeder and `count` peers, every peer told of the seeder and of each other; all add the
        track at once, and either stream it with the strategy through a player each (listen) or
        only download it (libtorrent's rarest-first, no stream). */
    SwarmRun swarmRun (const Strategy& strategy, bool listen, const std::filesystem::path& file, int count, int seederKiB, int peerKiB)
    {
        SwarmRun run;
        run.mode = listen ? std::string ("stream: ") + strategy.name : std::string ("download: ") + strategy.name;
        try
        {
            SeederSwarm seeder ({ file }, { seederKiB });
            const auto& manifest = seeder.manifest (file);
            TemporaryDirectory root ("earshot-lab-health");
            std::vector<std::unique_ptr<DaemonProcess>> peers;
            std::vector<std::string> addresses;
            for (int i = 0; i < count; ++i)
            {
                auto options = listenerOptions (strategy);
                options.insert (options.end(), { "--upload-limit", std::to_string (peerKiB) });
                peers.push_back (std::make_unique<DaemonProcess> (root.path() / ("peer" + std::to_string (i)), options));
                peers.back()->start();
                addresses.push_back (peers.back()->peerAddress());
            }
            std::vector<std::unique_ptr<FirstAudioListener>> listeners;
            if (listen)
                for (auto& peer : peers)
                    listeners.push_back (std::make_unique<FirstAudioListener> (peer->apiAddress()));

            const auto started = Clock::now();
            std::vector<std::thread> starters;
            std::vector<double> firstAudio (static_cast<std::size_t> (count), -1.0);
            for (int i = 0; i < count; ++i)
                starters.emplace_back ([&, i]
                                       {
                    auto others = seeder.peers();
                    for (int j = 0; j < count; ++j)
                        if (j != i)
                            others.push_back (addresses[static_cast<std::size_t> (j)]);
                    try
                    {
                        const auto id = peers[static_cast<std::size_t> (i)]->client().addTrack ({ manifest, std::nullopt, std::nullopt }, others).first.id;
                        if (listen)
                        {
                            const auto heard = listeners[static_cast<std::size_t> (i)]->playAndListen (id);
                            if (heard.audio)
                                firstAudio[static_cast<std::size_t> (i)] = millisecondsBetween (started, *heard.audio);
                        }
                    }
                    catch (const std::exception& error)
                    {
                        std::fprintf (stderr, "  peer %d: %s\n", i, error.what());
                    } });
            // Watched from the start, while the listeners wait for their first audio.
            std::vector<double> done (static_cast<std::size_t> (count), -1.0);
            const bool complete = waitUntil ([&]
                                             {
                bool all = true;
                for (int i = 0; i < count; ++i)
                {
                    auto& when = done[static_cast<std::size_t> (i)];
                    if (when >= 0.0)
                        continue;
                    std::optional<TrackStatus> status;
                    try
                    {
                        status = peers[static_cast<std::size_t> (i)]->client().getTrack (manifest.infoHashHex).status;
                    }
                    catch (const std::exception&)
                    {
                        // Not added yet: its starter has not run.
                    }
                    if (status && status->totalBytes > 0 && status->bytesDone >= status->totalBytes)
                        when = std::chrono::duration<double> (Clock::now() - started).count();
                    else
                        all = false;
                }
                return all; },
                                             std::chrono::seconds (600),
                                             std::chrono::milliseconds (250));
            for (auto& starter : starters)
                starter.join();
            if (! complete)
                run.failure = "the swarm had not completed after 10 minutes";
            else
            {
                run.completionSeconds = *std::max_element (done.begin(), done.end());
                run.medianPeerSeconds = percentile (done, 0.5);
            }
            for (auto& listener : listeners)
                run.stalls += listener->previewPlayer().stalls();
            std::vector<double> heardTimes;
            for (const auto ms : firstAudio)
                if (ms >= 0.0)
                    heardTimes.push_back (ms);
            run.firstAudioMedianMs = percentile (heardTimes, 0.5);
            if (listen && heardTimes.size() < static_cast<std::size_t> (count) && run.failure.empty())
                run.failure = std::to_string (static_cast<std::size_t> (count) - heardTimes.size()) + " listeners heard nothing";
        }
        catch (const std::exception& error)
        {
            run.failure = error.what();
        }
        return run;
    }

    //==============================================================================
    /** The machine: cores, CPU model and kernel, for the figures' context. */
    std::string machineLine()
    {
        std::string model = "unknown CPU";
        std::ifstream cpuinfo ("/proc/cpuinfo");
        for (std::string line; std::getline (cpuinfo, line);)
            if (line.rfind ("model name", 0) == 0)
            {
                model = line.substr (line.find (':') + 2);
                break;
            }
        utsname name {};
        ::uname (&name);
        return std::to_string (std::thread::hardware_concurrency()) + " cores (nproc), " + model + ", Linux " + name.release;
    }

    /** The load average over the last minute, as /proc/loadavg says: the machine is shared. */
    std::string loadAverage()
    {
        std::ifstream file ("/proc/loadavg");
        std::string oneMinute;
        file >> oneMinute;
        return oneMinute.empty() ? "unknown" : oneMinute;
    }

    /** Whether each daemon could have its own network namespace shaped with tc's tbf, and what the
        lab uses instead. */
    std::string shapingLine()
    {
        const auto name = "earshot-lab-probe-" + std::to_string (::getpid());
        const auto added = runCommand ("ip netns add " + name + " 2>&1");
        std::string probe;
        if (added.exitCode != 0)
            probe = "no network namespaces here (ip netns add: " + added.output.substr (0, added.output.find ('\n')) + ")";
        else
        {
            const auto tbf = runCommand ("ip netns exec " + name + " tc qdisc add dev lo root tbf rate 1mbit burst 32kbit latency 50ms 2>&1");
            probe = tbf.exitCode == 0 ? "namespaces and tc tbf work here"
                                      : "namespaces work but tc tbf does not (" + tbf.output.substr (0, tbf.output.find ('\n')) + ")";
            (void) runCommand ("ip netns delete " + name + " 2>&1");
        }
        return "shaping: libtorrent's upload limits (earshotd --upload-limit per daemon). " + probe
               + "; namespaces would put each daemon on a veth address outside 127.0.0.0/8, and the lab stays on loopback";
    }

    std::string findProgram (const std::string& name)
    {
        const char* path = std::getenv ("PATH");
        std::string paths = path != nullptr ? path : "/usr/bin:/bin";
        for (std::size_t start = 0; start <= paths.size();)
        {
            const auto end = std::min (paths.find (':', start), paths.size());
            const auto candidate = std::filesystem::path (paths.substr (start, end - start)) / name;
            if (::access (candidate.c_str(), X_OK) == 0)
                return candidate.string();
            start = end + 1;
        }
        return {};
    }

    std::string fmt (double value, const char* format = "%.0f")
    {
        if (std::isnan (value) || value < 0.0)
            return "-";
        char text[32];
        std::snprintf (text, sizeof (text), format, value);
        return text;
    }
} // namespace

int main (int argc, char** argv)
{
    CLI::App app { "Earshot swarm lab: instant start and keeping up, beside the baselines and the physical floor" };
    bool quick = false;
    int trials = 0;
    unsigned seed = 42;
    std::string out = "build/swarm-lab";
    bool skipScale = false;
    int seederKiB = 128;
    app.add_flag ("--quick", quick, "A shorter run: one trial per strategy and format, full plays at 1.1x and with a slow peer only, swarm health for Earshot and its baseline only");
    app.add_option ("--out", out, "Folder for tables.txt, the plot data, the gnuplot scripts and the PNGs")->capture_default_str();
    app.add_option ("--trials", trials, "Start-and-seek trials per strategy and format (default 3; 1 with --quick)")->check (CLI::PositiveNumber);
    app.add_option ("--seed", seed, "Seed for the seek positions and the trial order")->capture_default_str();
    app.add_option ("--seeder-upload", seederKiB, "Start and seek: each of the 4 seeders' upload cap, KiB/s")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_flag ("--skip-scale", skipScale, "Leave out earshot_scale_bench");
    std::vector<std::string> only;
    app.add_option ("--only", only, "Run only these scenarios (repeatable)")->check (CLI::IsMember ({ "start", "keepup", "health", "scale" }));
    app.add_option ("--listener-arg", extraListenerArgs, "Extra earshotd option for every listening and downloading daemon (not the seeders), e.g. --listener-arg=--deadline-horizon-ms=500 (repeatable)");
    CLI11_PARSE (app, argc, argv);
    const std::set<std::string> scenarios = only.empty() ? std::set<std::string> { "start", "keepup", "health", "scale" } : std::set<std::string> (only.begin(), only.end());
    if (trials == 0)
        trials = quick ? 1 : 3;
    std::setvbuf (stdout, nullptr, _IOLBF, 0);

    SwarmLabReport report (out);
    report.line ("Earshot swarm lab: " + commandLineOf (argc, argv));
    report.line ("machine: " + machineLine() + "; load average " + loadAverage() + " at the start");
    report.line (shapingLine());
    report.line ("output: a thread calling PreviewPlayer::render() in real time per listener, 512-frame blocks at 48 kHz (no device)");
    report.line ("floor: the bytes needed over the swarm's aggregate upload (whole pieces; no connection set-up, no latency)");
    report.line ("");
    const auto labStarted = Clock::now();

    //==============================================================================
    const std::vector<std::filesystem::path> formatFiles { testMedia ("excerpt.flac"), testMedia ("excerpt.ogg"), testMedia ("excerpt.mp3"), testMedia ("excerpt.wav") };
    std::mt19937_64 random (seed);
    if (scenarios.count ("start") != 0)
    {
        SeederSwarm swarm (formatFiles, std::vector<int> (4, seederKiB));
        const double aggregate = 4.0 * kib (seederKiB);
        report.line ("== start and seek (aim: Earshot's first audio at most 150 ms median and 250 ms p95, seek to audio at most 200 ms median, every format)");
        report.line ("swarm: 4 seeders on loopback, " + std::to_string (seederKiB) + " KiB/s upload each, each seeding the four excerpts");
        for (const auto& file : formatFiles)
            report.track ("track: ", swarm.manifest (file));
        report.line ("measure: " + std::to_string (trials) + " cold trials per strategy and format (a fresh listener daemon each, in a shuffled order, 1 s apart,");
        report.line ("         after one untimed warm-up per format). first audio: AddTrack -> the first audible block out of render();");
        report.line ("         seek: 0.5 s after first audio, to a random 10-90% of the track, seek() -> the first audible block at the target.");
        report.line ("         fetched: the listener's verified bytes at its first status after first audio. floor: the pieces holding the header (or the");
        report.line ("         seek's target) and 0.1 s of audio, over " + fmt (aggregate / 1024.0) + " KiB/s");
        report.line ("");

        for (const auto& file : formatFiles)
            (void) startTrial (strategies[0], swarm.manifest (file), swarm.peers(), 0.5);

        struct Cell
        {
            std::vector<double> firstAudio, seek, fetched, seekFloor;
            int failures = 0;
        };
        std::map<std::pair<std::string, AudioFormat>, Cell> cells;
        std::vector<std::string> failures;
        std::vector<std::pair<const Strategy*, const TrackManifest*>> runs;
        for (const auto& strategy : strategies)
            for (const auto& file : formatFiles)
                runs.emplace_back (&strategy, &swarm.manifest (file));
        for (int trial = 0; trial < trials; ++trial)
        {
            const auto seekFraction = std::uniform_real_distribution<double> (0.1, 0.9) (random);
            std::shuffle (runs.begin(), runs.end(), random);
            int done = 0;
            for (const auto& [strategy, manifest] : runs)
            {
                std::this_thread::sleep_for (std::chrono::seconds (1));
                const auto result = startTrial (*strategy, *manifest, swarm.peers(), seekFraction);
                auto& cell = cells[{ strategy->flag, manifest->format }];
                if (! result.failure.empty())
                {
                    ++cell.failures;
                    failures.push_back (std::string (strategy->flag) + ", " + manifest->fileName + ": " + result.failure);
                }
                if (result.firstAudioMs >= 0.0)
                {
                    cell.firstAudio.push_back (result.firstAudioMs);
                    cell.fetched.push_back (static_cast<double> (result.bytesBeforeAudio));
                }
                if (result.seekMs >= 0.0)
                {
                    cell.seek.push_back (result.seekMs);
                    cell.seekFloor.push_back (startFloorMs (*manifest, result.seekTargetSeconds, aggregate));
                }
                std::fprintf (stderr, "\rstart and seek: trial %d/%d, %d/%zu   ", trial + 1, trials, ++done, runs.size());
            }
        }
        std::fprintf (stderr, "\n");

        report.row ({ "format", "strategy", "first audio", "p95", "floor", "seek", "p95", "floor", "fetched", "needed", "failed" });
        report.row ({ "", "", "median (ms)", "(ms)", "(ms)", "median (ms)", "(ms)", "(ms)", "median (KiB)", "(KiB)", "" });
        auto& firstAudioData = report.data ("first-audio.dat", "# strategy-index format-index first-audio-ms (one line per trial)");
        int formatIndex = 0;
        for (const auto& file : formatFiles)
        {
            const auto& manifest = swarm.manifest (file);
            const auto needed = pieceBytesCovering (manifest, 0, fileOffsetOfSeconds (manifest, startBufferSeconds));
            int strategyIndex = 0;
            for (const auto& strategy : strategies)
            {
                const auto& cell = cells[{ strategy.flag, manifest.format }];
                report.row ({ std::string (audioFormatName (manifest.format)),
                              strategy.name,
                              fmt (percentile (cell.firstAudio, 0.5)),
                              fmt (percentile (cell.firstAudio, 0.95)),
                              fmt (startFloorMs (manifest, 0.0, aggregate)),
                              fmt (percentile (cell.seek, 0.5)),
                              fmt (percentile (cell.seek, 0.95)),
                              fmt (percentile (cell.seekFloor, 0.5)),
                              fmt (percentile (cell.fetched, 0.5) / 1024.0),
                              fmt (static_cast<double> (needed) / 1024.0),
                              std::to_string (cell.failures) });
                for (const auto ms : cell.firstAudio)
                    firstAudioData << strategyIndex << ' ' << formatIndex << ' ' << ms << '\n';
                ++strategyIndex;
            }
            ++formatIndex;
        }
        report.line ("(seek floor: the median over the trials' targets; 'needed': the pieces holding the header and 0.1 s of audio)");
        for (const auto& failure : failures)
            report.line ("failed: " + failure);
        report.line ("");
    }

    std::vector<std::string> timelineTitles;
    double timelineSeconds = 1.0;
    int timelinePieces = 1;
    //==============================================================================
    if (scenarios.count ("keepup") != 0)
    {
        // The 30 s excerpt: four conditions of four plays of the album's 154 s tracks would take the
        // whole run's budget on their own.
        const auto file = testMedia ("excerpt.flac");
        std::vector<Condition> conditions {
            { "3x", { 0.75, 0.75, 0.75, 0.75 } },
            { "1.5x", { 0.375, 0.375, 0.375, 0.375 } },
            { "1.1x", { 0.275, 0.275, 0.275, 0.275 } },
            { "slow peer", { 0.5, 0.5, 0.5, 0.05 } },
        };
        if (quick)
            conditions.erase (conditions.begin(), conditions.begin() + 2);
        TrackManifest manifest;
        {
            TemporaryDirectory data ("earshot-lab-manifest");
            DaemonProcess daemon (data.path());
            daemon.start();
            manifest = daemon.client().publish ({ file.string() }).front().manifest;
        }
        const auto rate = static_cast<double> (bytesPerSecondOfAudio (manifest));
        report.line ("== keeping up: full plays in real time (aim: no stall at 1.5x and above, at most one at 1.1x)");
        report.track ("track: ", manifest);
        report.line ("swarm: per strategy, 4 fresh seeders each --upload-limit (factor x the track's rate / 4); 'slow peer': three at 0.5x and");
        report.line ("       one at 0.05x. The four strategies of a condition play at once, each in its own swarm, so none gets a quieter machine.");
        report.line ("       stalls: the player's count; stalled: the time it read Starving; file in: AddTrack -> every piece verified,");
        report.line ("       beside its floor (file / aggregate upload)");
        report.line ("");
        std::vector<std::string> failures;
        report.row ({ "condition", "aggregate", "strategy", "first audio", "floor", "stalls", "stalled", "file in", "floor", "" });
        report.row ({ "", "(x rate)", "", "(ms)", "(ms)", "", "(s)", "(s)", "(s)", "" });
        for (const auto& condition : conditions)
        {
            std::vector<int> limits;
            for (const auto factor : condition.seederFactors)
                limits.push_back (std::max (1, static_cast<int> (std::lround (factor * rate / 1024.0))));
            const auto aggregate = sumKiB (limits);
            std::vector<std::unique_ptr<SeederSwarm>> swarms;
            for (std::size_t i = 0; i < std::size (strategies); ++i)
                swarms.push_back (std::make_unique<SeederSwarm> (std::vector<std::filesystem::path> { file }, limits));
            std::vector<Session> sessions (std::size (strategies));
            std::vector<std::thread> plays;
            std::fprintf (stderr, "keeping up, %s: four plays of %.0f s at once\n", condition.name.c_str(), static_cast<double> (manifest.metadata.durationMs) / 1000.0);
            for (std::size_t i = 0; i < std::size (strategies); ++i)
                plays.emplace_back ([&, i]
                                    { sessions[i] = followPlay (strategies[i], swarms[i]->manifest (file), swarms[i]->peers()); });
            for (auto& play : plays)
                play.join();
            for (std::size_t i = 0; i < std::size (strategies); ++i)
            {
                const auto& session = sessions[i];
                if (! session.failure.empty())
                    failures.push_back (condition.name + ", " + strategies[i].flag + ": " + session.failure);
                report.row ({ i == 0 ? condition.name : "",
                              i == 0 ? fmt (aggregate / rate, "%.2f") : "",
                              strategies[i].name,
                              fmt (session.firstAudioMs),
                              fmt (startFloorMs (manifest, 0.0, aggregate)),
                              session.firstAudioMs < 0.0 ? "-" : std::to_string (session.stalls),
                              session.firstAudioMs < 0.0 ? "-" : fmt (session.stalledSeconds, "%.1f"),
                              session.fileInSeconds ? fmt (*session.fileInSeconds, "%.1f") : "-",
                              fmt (static_cast<double> (manifest.fileSize) / aggregate, "%.1f"),
                              session.failure.empty() ? "" : "failed (below)" });
                if (condition.name == "1.1x")
                {
                    for (const auto& [piece, seconds] : session.pieceArrivals)
                        timelineSeconds = std::max (timelineSeconds, seconds);
                    if (! session.playhead.empty())
                        timelineSeconds = std::max (timelineSeconds, session.playhead.back().first);
                    timelinePieces = static_cast<int> ((manifest.fileSize + pieceLengthOf (manifest) - 1) / pieceLengthOf (manifest));
                    timelineTitles.push_back (std::string (strategies[i].flag) + ": "
                                              + (session.firstAudioMs < 0.0 ? std::string ("no audio, the player gave up")
                                                                            : std::to_string (session.stalls) + " stalls, " + fmt (session.stalledSeconds, "%.1f") + " s stalled"
                                                                                  + (session.failure.empty() ? "" : ", then the player gave up")));
                    auto& arrivals = report.data (std::string ("timeline-") + strategies[i].flag + ".dat", "# seconds-after-AddTrack piece (a piece's first verified status)");
                    for (const auto& [piece, seconds] : session.pieceArrivals)
                        arrivals << seconds << ' ' << piece << '\n';
                    auto& playhead = report.data (std::string ("playhead-") + strategies[i].flag + ".dat", "# seconds-after-AddTrack piece-under-the-playhead");
                    for (const auto& [seconds, piece] : session.playhead)
                        playhead << seconds << ' ' << piece << '\n';
                }
            }
        }
        for (const auto& failure : failures)
            report.line ("failed: " + failure);
        report.line ("");
    }

    //==============================================================================
    if (scenarios.count ("health") != 0)
    {
        const auto file = testMedia ("excerpt.flac");
        const int count = 10, seederUpload = 256, peerUpload = 128;
        report.line ("== swarm health: " + std::to_string (count) + " listeners streaming at once against " + std::to_string (count) + " daemons downloading rarest-first");
        report.line ("   (aim: Earshot's completion within 1.10x of the rarest-first download's)");
        report.line ("swarm: 1 seeder at " + std::to_string (seederUpload) + " KiB/s, " + std::to_string (count) + " peers at " + std::to_string (peerUpload) + " KiB/s each, every peer told of the seeder and the others;");
        report.line ("       all add the track at once. stream: a player each; download: AddTrack only. completion: until the last peer");
        report.line ("       has every piece. floor: max(file / seeder upload, peers x file / all upload) (Kumar and Ross)");
        std::vector<SwarmRun> runs;
        const auto baseline = swarmRun (strategies[2], false, file, count, seederUpload, peerUpload);
        for (const auto& strategy : strategies)
        {
            if (quick && std::string (strategy.flag) != "deadlines")
                continue;
            std::fprintf (stderr, "swarm health: %s\n", strategy.name);
            runs.push_back (swarmRun (strategy, true, file, count, seederUpload, peerUpload));
        }
        runs.push_back (baseline);
        TrackManifest manifest;
        {
            TemporaryDirectory data ("earshot-lab-manifest");
            DaemonProcess daemon (data.path());
            daemon.start();
            manifest = daemon.client().publish ({ file.string() }).front().manifest;
        }
        report.track ("track: ", manifest);
        const auto size = static_cast<double> (manifest.fileSize);
        const auto floor = std::max (size / kib (seederUpload), count * size / (kib (seederUpload) + count * kib (peerUpload)));
        report.line ("");
        report.row ({ "mode", "", "completion", "/ download", "floor", "median peer", "first audio", "stalls", "" });
        report.row ({ "", "", "(s)", "", "(s)", "(s)", "median (ms)", "(all 10)", "" });
        for (const auto& run : runs)
        {
            report.row ({ run.mode,
                          "",
                          fmt (run.completionSeconds, "%.1f"),
                          baseline.completionSeconds > 0.0 && run.completionSeconds > 0.0 ? fmt (run.completionSeconds / baseline.completionSeconds, "%.2fx") : "-",
                          fmt (floor, "%.1f"),
                          fmt (run.medianPeerSeconds, "%.1f"),
                          fmt (run.firstAudioMedianMs),
                          run.mode.rfind ("stream", 0) == 0 ? std::to_string (run.stalls) : "-",
                          run.failure.empty() ? "" : "failed (below)" });
        }
        for (const auto& run : runs)
            if (! run.failure.empty())
                report.line ("failed: " + run.mode + ": " + run.failure);
        report.line ("");
    }

    //==============================================================================
    if (scenarios.count ("scale") != 0)
    {
        report.line ("== scale: earshot_scale_bench (one daemon seeding 10,000 tracks)");
        const auto scaleBench = std::filesystem::absolute (argv[0]).parent_path() / "earshot_scale_bench";
        if (skipScale)
            report.line ("skipped (--skip-scale)");
        else if (! std::filesystem::exists (scaleBench))
            report.line ("skipped: " + scaleBench.string() + " is not built (cmake --build build --target earshot_scale_bench)");
        else
        {
            std::fprintf (stderr, "scale: %s\n", scaleBench.c_str());
            const auto result = runCommand (scaleBench.string() + " 2>&1");
            report.line (result.output);
            if (result.exitCode != 0)
                report.line ("(earshot_scale_bench exited with " + std::to_string (result.exitCode) + ")");
        }
        report.line ("");
    }

    //==============================================================================
    const auto minutes = std::chrono::duration<double> (Clock::now() - labStarted).count() / 60.0;
    report.line ("the lab ran " + fmt (minutes, "%.1f") + " min; load average " + loadAverage() + " at the end");
    std::vector<std::string> names;
    for (const auto& strategy : strategies)
        names.emplace_back (strategy.name);
    const auto gnuplot = findProgram ("gnuplot");
    if (scenarios.count ("start") == 0 || scenarios.count ("keepup") == 0)
        report.line ("plots: drawn when the start and keepup scenarios both run");
    else if (gnuplot.empty())
        report.line ("plots: gnuplot is missing (Debian's gnuplot-nox); the data and scripts are in " + report.folder().string() + ", run gnuplot on *.gp there");
    else
        report.line ("plots: " + report.plot (gnuplot, names, { "FLAC", "Ogg Vorbis", "MP3", "WAV" }, timelineTitles, timelineSeconds, timelinePieces));
    return 0;
}
