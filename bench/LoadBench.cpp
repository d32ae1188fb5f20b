// One daemon under load. First, many concurrent Stream calls, each read like a player with a small
// buffer consuming its track at a multiple of its bitrate: stalls (the buffer ran dry), stalled time,
// the longest wait for a byte, the daemon's CPU time and peak resident memory; with the tracks
// complete on the daemon, and again with the daemon fetching them from a rate-capped seeder while
// they are read; beside one stream alone, and the same streams read flat out (each stream's own rate,
// least, median and most: whether some were starved while others raced). Then many Stream
// open-and-cancel cycles, several at once, sampling the daemon's fds, threads and memory every so
// many cycles: what grows. Prints figures; exits 1 only when a stream's bytes are wrong.
//
//   earshot_load_bench [--streams N] [--rate X] [--buffer-seconds S] [--audio-seconds S]
//                      [--cycles N] [--cancellers N] [--seeder-limit KIB]

#include "BenchFigures.h"
#include "ProcessFigures.h"
#include "Support/DaemonProcess.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

using namespace earshot;
using namespace earshot::bench;
using namespace earshot::testing;

namespace
{
    /** A track, its bytes, and the rate a player consumes it at, in file bytes per second. */
    struct LoadTrack
    {
        TrackManifest manifest;
        std::string bytes;
        double bytesPerSecond = 0.0;
    };

    /** How one paced stream went. */
    struct StreamRun
    {
        int stalls = 0;
        double stalledMs = 0.0;
        double longestWaitMs = 0.0;
        double firstByteMs = 0.0;
        double totalMs = 0.0;
        std::uint64_t bytes = 0;
        std::string failure;
    };

    /** Reads a stream as a player would: the buffer fills from the stream and drains at `rate` file
        bytes per second once it holds half its capacity; the reader stops taking bytes while the
        buffer is full. A stall is the buffer running dry before the wanted bytes have all come.
        rate 0: flat out, no buffer. */
    StreamRun readPaced (DaemonClient& client, const LoadTrack& track, double rate, double bufferSeconds, std::uint64_t wanted)
    {
        StreamRun run;
        const auto capacity = rate * bufferSeconds;
        double buffered = 0.0;
        bool playing = false;
        auto lastDrain = Clock::now();
        const auto started = Clock::now();
        auto waitingSince = started;
        std::uint64_t offset = 0;

        const auto drain = [&] (Clock::time_point now)
        {
            const auto due = rate * millisecondsBetween (lastDrain, now) / 1000.0;
            if (due > buffered)
            {
                ++run.stalls;
                run.stalledMs += millisecondsBetween (lastDrain + std::chrono::duration_cast<Clock::duration> (std::chrono::duration<double> (buffered / rate)), now);
                buffered = 0.0;
            }
            else
            {
                buffered -= due;
            }
            lastDrain = now;
        };

        try
        {
            DaemonClient::StreamOptions options;
            options.stallTimeout = std::chrono::seconds (60);
            (void) client.stream (track.manifest.infoHashHex, options, [&] (std::uint64_t at, std::string_view data, std::uint64_t)
                                  {
                auto now = Clock::now();
                run.longestWaitMs = std::max (run.longestWaitMs, millisecondsBetween (waitingSince, now));
                if (run.bytes == 0)
                    run.firstByteMs = millisecondsBetween (started, now);
                if (at != offset || track.bytes.compare (at, data.size(), data) != 0)
                    throw std::runtime_error ("the stream's bytes at " + std::to_string (at) + " are not the file's");
                offset += data.size();
                run.bytes += data.size();
                const bool more = run.bytes < wanted;
                if (rate > 0.0)
                {
                    if (playing)
                        drain (now);
                    buffered += static_cast<double> (data.size());
                    if (! playing && (buffered >= capacity / 2.0 || ! more))
                    {
                        playing = true;
                        lastDrain = now;
                    }
                    if (playing && buffered > capacity && more)
                    {
                        std::this_thread::sleep_for (std::chrono::duration<double> ((buffered - capacity) / rate));
                        drain (Clock::now());
                    }
                }
                waitingSince = Clock::now();
                return more; });
        }
        catch (const std::exception& error)
        {
            run.failure = error.what();
        }
        run.totalMs = millisecondsBetween (started, Clock::now());
        return run;
    }

    /** Samples a process every 100 ms on its own thread: the peak resident memory. */
    class PeakMemory final
    {
    public:
        explicit PeakMemory (int pid)
            : sampler ([this, pid]
                       {
                while (! done)
                {
                    peak = std::max (peak.load(), sampleProcess (pid).rssKiB);
                    std::this_thread::sleep_for (std::chrono::milliseconds (100));
                } })
        {
        }

        ~PeakMemory()
        {
            done = true;
            sampler.join();
        }

        PeakMemory (const PeakMemory&) = delete;
        PeakMemory& operator= (const PeakMemory&) = delete;

        [[nodiscard]] long long peakKiB() const { return peak; }

    private:
        std::atomic<bool> done { false };
        std::atomic<long long> peak { 0 };
        std::thread sampler;
    };

    struct LoadOptions
    {
        int streams = 100;
        double rate = 1.5;
        double bufferSeconds = 2.0;
        double audioSeconds = 60.0;
    };

    /** `count` streams at once on the daemon, spread over the tracks, each from a client of its own
        (a player each); prints one row. Returns the number of streams whose bytes were wrong. */
    int runCase (const char* label, DaemonProcess& daemon, const std::vector<LoadTrack>& tracks, int count, bool paced, const LoadOptions& options)
    {
        const auto before = sampleProcess (daemon.processId());
        std::vector<StreamRun> runs (static_cast<std::size_t> (count));
        const auto started = Clock::now();
        long long peakKiB = 0;
        {
            PeakMemory memory (daemon.processId());
            std::vector<std::thread> readers;
            for (int i = 0; i < count; ++i)
                readers.emplace_back ([&, i]
                                      {
                    const auto& track = tracks[static_cast<std::size_t> (i) % tracks.size()];
                    DaemonClient client (daemon.apiAddress());
                    const auto wanted = options.audioSeconds > 0.0 ? std::min<std::uint64_t> (track.bytes.size(), static_cast<std::uint64_t> (options.audioSeconds * track.bytesPerSecond)) : track.bytes.size();
                    runs[static_cast<std::size_t> (i)] = readPaced (client, track, paced ? options.rate * track.bytesPerSecond : 0.0, options.bufferSeconds, wanted); });
            for (auto& reader : readers)
                reader.join();
            peakKiB = memory.peakKiB();
        }
        const auto wallMs = millisecondsBetween (started, Clock::now());
        const auto after = sampleProcess (daemon.processId());

        std::vector<double> waits, firstBytes, rates;
        int stalls = 0, stalledStreams = 0, failures = 0;
        double stalledMs = 0.0;
        std::uint64_t bytes = 0;
        for (const auto& run : runs)
        {
            if (! run.failure.empty())
            {
                ++failures;
                std::printf ("    a stream failed: %s\n", run.failure.c_str());
                continue;
            }
            stalls += run.stalls;
            stalledStreams += run.stalls > 0 ? 1 : 0;
            stalledMs += run.stalledMs;
            waits.push_back (run.longestWaitMs);
            firstBytes.push_back (run.firstByteMs);
            rates.push_back (static_cast<double> (run.bytes) / 1e3 / std::max (1e-3, run.totalMs / 1000.0));
            bytes += run.bytes;
        }
        const auto cpu = after.cpuSeconds - before.cpuSeconds;
        const auto spread = rates.empty() ? std::string ("-") : std::to_string (static_cast<int> (*std::min_element (rates.begin(), rates.end()))) + "/" + std::to_string (static_cast<int> (percentile (rates, 0.5))) + "/" + std::to_string (static_cast<int> (*std::max_element (rates.begin(), rates.end())));
        std::printf ("%-44s %7d %7d %6d %9.0f %9.0f %9.0f %9.0f %8.1f %6.0f%% %9.1f %7.1f %17s\n",
                     label,
                     count,
                     stalls,
                     stalledStreams,
                     stalledMs,
                     percentile (firstBytes, 0.5),
                     percentile (waits, 0.5),
                     waits.empty() ? 0.0 : *std::max_element (waits.begin(), waits.end()),
                     cpu,
                     100.0 * cpu / (wallMs / 1000.0),
                     static_cast<double> (peakKiB) / 1024.0,
                     static_cast<double> (bytes) / 1e6 / (wallMs / 1000.0),
                     spread.c_str());
        return failures;
    }

    void printHeader()
    {
        std::printf ("%-44s %7s %7s %6s %9s %9s %9s %9s %8s %7s %9s %7s %17s\n", "case", "streams", "stalls", "(of)", "stalled", "1st byte", "wait p50", "wait max", "CPU", "", "peak RSS", "MB/s", "a stream's kB/s");
        std::printf ("%-44s %7s %7s %6s %9s %9s %9s %9s %8s %7s %9s %7s %17s\n", "", "", "", "", "(ms)", "p50 (ms)", "(ms)", "(ms)", "(s)", "", "(MB)", "", "min/median/max");
    }

    /** Open-and-cancel cycles, `cancellers` at once: each opens a Stream at a random offset and either
        cancels before a byte comes, after the first chunk, or after 256 KiB; half the cycles from a
        client of their own. Prints the daemon's fds, threads and RSS every 100 cycles. */
    void runCancelCycles (DaemonProcess& daemon, const std::vector<LoadTrack>& tracks, int cycles, int cancellers)
    {
        std::printf ("\n== %d Stream open-and-cancel cycles, %d at once\n", cycles, cancellers);
        std::printf ("%8s %6s %8s %10s\n", "cycles", "fds", "threads", "RSS (MB)");
        const auto row = [&] (const std::string& label, const ProcessSample& sample)
        { std::printf ("%8s %6d %8d %10.1f\n", label.c_str(), sample.fds, sample.threads, static_cast<double> (sample.rssKiB) / 1024.0); };
        const auto first = sampleProcess (daemon.processId());
        row ("before", first);

        std::atomic<int> next { 0 };
        std::mutex printing;
        std::optional<ProcessSample> warm; // after the first 100 cycles, once pools have grown to the load
        DaemonClient shared (daemon.apiAddress());
        std::vector<std::thread> workers;
        for (int w = 0; w < cancellers; ++w)
            workers.emplace_back ([&, w]
                                  {
                std::mt19937 random (static_cast<unsigned> (w));
                for (int cycle = next++; cycle < cycles; cycle = next++)
                {
                    const auto& track = tracks[static_cast<std::size_t> (cycle) % tracks.size()];
                    std::unique_ptr<DaemonClient> own;
                    if (cycle % 2 == 1)
                        own = std::make_unique<DaemonClient> (daemon.apiAddress());
                    auto& client = own ? *own : shared;
                    DaemonClient::StreamOptions options;
                    options.offset = std::uniform_int_distribution<std::uint64_t> (0, track.bytes.size() - 1) (random);
                    options.cancellation = std::make_shared<StreamCancellation>();
                    const auto kind = cycle % 3;
                    std::thread canceller;
                    if (kind == 0)
                        canceller = std::thread ([cancellation = options.cancellation, delay = std::uniform_int_distribution<int> (0, 5) (random)]
                                                 {
                            std::this_thread::sleep_for (std::chrono::milliseconds (delay));
                            cancellation->cancel(); });
                    std::uint64_t read = 0;
                    try
                    {
                        (void) client.stream (track.manifest.infoHashHex, options, [&] (std::uint64_t, std::string_view data, std::uint64_t)
                                              {
                            read += data.size();
                            return kind == 2 && read < 256 * 1024; });
                    }
                    catch (const std::exception&)
                    {
                    }
                    if (canceller.joinable())
                        canceller.join();
                    if ((cycle + 1) % 100 == 0)
                    {
                        const auto sample = sampleProcess (daemon.processId());
                        std::lock_guard lock (printing);
                        row (std::to_string (cycle + 1), sample);
                        if (cycle + 1 == 100)
                            warm = sample;
                    }
                } });
        for (auto& worker : workers)
            worker.join();
        std::this_thread::sleep_for (std::chrono::seconds (3));
        const auto last = sampleProcess (daemon.processId());
        row ("settled", last);
        const auto growth = [&] (const char* label, const ProcessSample& from)
        { std::printf ("growth %s: %+d fds, %+d threads, %+.1f MB RSS\n", label, last.fds - from.fds, last.threads - from.threads, static_cast<double> (last.rssKiB - from.rssKiB) / 1024.0); };
        growth ("from before to settled", first);
        if (warm)
            growth ("from 100 cycles (warm) to settled", *warm);
    }
} // namespace

int main (int argc, char** argv)
{
    CLI::App app ("Many concurrent paced Streams on one daemon, and Stream open-and-cancel cycles");
    LoadOptions options;
    int cycles = 1000;
    int cancellers = 8;
    int seederLimitKiB = 0;
    app.add_option ("--streams", options.streams, "Concurrent streams")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--rate", options.rate, "How fast each reader plays, in multiples of its track's bitrate")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--buffer-seconds", options.bufferSeconds, "The reader's buffer, seconds of audio")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--audio-seconds", options.audioSeconds, "Seconds of audio each stream reads (0: the whole track)")->capture_default_str()->check (CLI::NonNegativeNumber);
    app.add_option ("--cycles", cycles, "Stream open-and-cancel cycles")->capture_default_str()->check (CLI::NonNegativeNumber);
    app.add_option ("--cancellers", cancellers, "Cycles run at once")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--seeder-limit", seederLimitKiB, "The seeder's upload cap in KiB/s for the fetched case (0: twice what the streams consume)")->capture_default_str();
    CLI11_PARSE (app, argc, argv);
    std::setvbuf (stdout, nullptr, _IOLBF, 0);

    const auto command = commandLineOf (argc, argv);
    std::printf ("command: %s\n", command.c_str());

    TemporaryDirectory root ("earshot-bench-load");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    std::vector<LoadTrack> tracks;
    double consumed = 0.0;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator (demoAlbum ("flac")))
        files.push_back (entry.path());
    std::sort (files.begin(), files.end());
    for (const auto& file : files)
    {
        auto& track = tracks.emplace_back();
        track.manifest = daemon.client().publish ({ file.string() }).front().manifest;
        track.bytes = readFileBytes (file);
        track.bytesPerSecond = static_cast<double> (track.manifest.fileSize) * 1000.0 / static_cast<double> (std::max<std::uint64_t> (1, track.manifest.metadata.durationMs));
        consumed += options.rate * track.bytesPerSecond;
        printTrack ("track: ", track.manifest);
    }
    if (seederLimitKiB <= 0)
        seederLimitKiB = static_cast<int> (2.0 * consumed / 1024.0);
    std::printf ("readers: a client each, playing at %.1fx the track's bitrate from a %.1f s buffer (play starts when it is half\n"
                 "         full), %.0f s of audio each (0: whole tracks), streams spread over the tracks; a stall is the buffer\n"
                 "         running dry. wait: the longest a reader waited for its next chunk. CPU: the daemon's user+system time\n"
                 "         in the case (%% of one core over the case's wall time). MB/s: bytes delivered over wall time.\n"
                 "         a stream's kB/s: its bytes over its own time, first request to last byte; flat out, the\n"
                 "         spread says whether some streams were starved while others raced.\n\n",
                 options.rate,
                 options.bufferSeconds,
                 options.audioSeconds);

    int failures = 0;
    printHeader();
    const auto streams = std::to_string (options.streams);
    failures += runCase ("complete here: 1 stream paced (baseline)", daemon, tracks, 1, true, options);
    failures += runCase (("complete here: " + streams + " streams paced").c_str(), daemon, tracks, options.streams, true, options);
    failures += runCase (("complete here: " + streams + " streams flat out").c_str(), daemon, tracks, options.streams, false, options);

    // The same tracks fetched while they are read: a fresh listener per case, one capped seeder.
    DaemonProcess seeder (root.path() / "seeder", { "--upload-limit", std::to_string (seederLimitKiB) });
    seeder.start();
    for (const auto& file : files)
        (void) seeder.client().publish ({ file.string() });
    std::printf ("fetched cases: a fresh daemon adds the tracks with one seeder (--upload-limit %d KiB/s, twice what the\n"
                 "               paced readers of all tracks consume) as their peer, and the streams start at once\n",
                 seederLimitKiB);
    for (const int count : { 1, options.streams })
    {
        DaemonProcess listener (root.path() / ("listener" + std::to_string (count)));
        listener.start();
        for (const auto& track : tracks)
            (void) listener.client().addTrack ({ track.manifest, std::nullopt, std::nullopt }, { seeder.peerAddress() });
        const auto label = "fetched: " + std::to_string (count) + (count == 1 ? " stream paced (baseline)" : " streams paced");
        failures += runCase (label.c_str(), listener, tracks, count, true, options);
    }

    if (cycles > 0)
        runCancelCycles (daemon, tracks, cycles, cancellers);
    std::printf ("\nstreams whose bytes were wrong or that failed: %d\n", failures);
    return failures == 0 ? 0 : 1;
}
