// Time from AddTrack to the first 64 KiB delivered by Stream, in a loopback swarm of four seeders
// each capped at 256 KiB/s upload: Earshot's deadline streaming beside libtorrent's
// sequential_download and plain rarest-first, in the same run and the same swarm, trials
// interleaved so that no strategy gets a quieter machine. Prints figures; it never passes or fails.
//
//   earshot_stream_bench [--trials N] [--track FILE]

#include "StreamStrategies.h"
#include "Support/DaemonProcess.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <span>
#include <thread>

using namespace earshot;
using namespace earshot::bench;
using namespace earshot::testing;

namespace
{
    using Clock = std::chrono::steady_clock;

    /** The first-last baseline is the swarm lab's; this bench compares the first three. */
    constexpr std::span<const Strategy> strategies (streamStrategies, 3);

    constexpr std::uint64_t firstBytes = 64 * 1024;
    auto settle = std::chrono::milliseconds (1000);

    /** One cold trial: a fresh daemon adds the track and streams from offset; milliseconds from
        AddTrack to the first 64 KiB (or to the end of the file, if less remains). */
    unsigned windowSeconds = 0;
    std::vector<std::string> daemonArguments;
    std::vector<std::string> seederArguments;

    double coldTrial (const char* strategy, const TrackManifest& manifest, const std::vector<std::string>& seeders, std::uint64_t offset)
    {
        TemporaryDirectory data ("earshot-bench-trial");
        std::vector<std::string> arguments { "--stream-strategy", strategy };
        arguments.insert (arguments.end(), daemonArguments.begin(), daemonArguments.end());
        DaemonProcess listener (data.path(), arguments);
        listener.start();

        const auto started = Clock::now();
        (void) listener.client().addTrack ({ manifest, std::nullopt, std::nullopt }, seeders);
        const auto added = Clock::now();
        std::optional<Clock::time_point> firstChunk;
        const auto wanted = std::min (firstBytes, manifest.fileSize - offset);
        std::uint64_t received = 0;
        DaemonClient::StreamOptions options;
        options.offset = offset;
        options.windowSeconds = windowSeconds;
        listener.client().stream (manifest.infoHashHex, options, [&] (std::uint64_t, std::string_view data, std::uint64_t)
                                  {
            if (! firstChunk)
                firstChunk = Clock::now();
            received += data.size();
            return received < wanted; });
        if (std::getenv ("EARSHOT_BENCH_BREAKDOWN") != nullptr && firstChunk)
            std::fprintf (stderr, "  %s @%llu: AddTrack %.0f ms, first chunk %.0f ms, 64 KiB %.0f ms\n", strategy, static_cast<unsigned long long> (offset), std::chrono::duration<double, std::milli> (added - started).count(), std::chrono::duration<double, std::milli> (*firstChunk - started).count(), std::chrono::duration<double, std::milli> (Clock::now() - started).count());
        return std::chrono::duration<double, std::milli> (Clock::now() - started).count();
    }

    double percentile (std::vector<double> values, double p)
    {
        std::sort (values.begin(), values.end());
        const auto rank = p * static_cast<double> (values.size() - 1);
        const auto low = static_cast<std::size_t> (rank);
        const auto high = std::min (low + 1, values.size() - 1);
        return values[low] + (values[high] - values[low]) * (rank - static_cast<double> (low));
    }
} // namespace

int main (int argc, char** argv)
{
    CLI::App app { "Earshot stream start-up benchmark" };
    int trials = 20;
    std::string trackPath;
    app.add_option ("--trials", trials, "Cold trials per strategy and kind")->check (CLI::PositiveNumber);
    app.add_option ("--window", windowSeconds, "Stream window in seconds of audio (0: the daemon's default)");
    std::vector<std::string> only;
    int settleMs = 1000;
    app.add_option ("--settle-ms", settleMs, "Pause before each trial, for the seeders to go quiet")->capture_default_str();
    app.add_option ("--seeder-arg", seederArguments, "Extra earshotd option for the seeders")->allow_extra_args (false);
    app.add_option ("--daemon-arg", daemonArguments, "Extra earshotd option for the listeners, e.g. --daemon-arg=--deadline-horizon-ms=1000")->allow_extra_args (false);
    app.add_option ("--only", only, "Run only these strategies (deadlines, sequential, rarest-first)");
    app.add_option ("--track", trackPath, "The audio file the swarm seeds (default: the demo album's first FLAC track)");
    CLI11_PARSE (app, argc, argv);
    settle = std::chrono::milliseconds (settleMs);

    if (trackPath.empty())
    {
        std::vector<std::filesystem::path> album;
        for (const auto& entry : std::filesystem::directory_iterator (demoAlbum ("flac")))
            album.push_back (entry.path());
        std::sort (album.begin(), album.end());
        trackPath = album.front().string(); // the demo album's first track
    }

    TemporaryDirectory root ("earshot-bench");
    std::vector<std::unique_ptr<DaemonProcess>> seeders;
    std::vector<std::string> seederAddresses;
    TrackManifest manifest;
    for (int i = 0; i < 4; ++i)
    {
        std::vector<std::string> arguments { "--upload-limit", "256" };
        arguments.insert (arguments.end(), seederArguments.begin(), seederArguments.end());
        seeders.push_back (std::make_unique<DaemonProcess> (root.path() / ("seeder" + std::to_string (i)), arguments));
        seeders.back()->start();
        // Publishing the same bytes gives every seeder the same track.
        manifest = seeders.back()->client().publish ({ trackPath }).front().manifest;
        seederAddresses.push_back (seeders.back()->peerAddress());
    }

    std::printf ("swarm: 4 seeders on loopback, 256 KiB/s upload each\n");
    std::printf ("track: %s, %.1f MB, %s, %u kbit/s, piece length %s\n",
                 manifest.fileName.c_str(),
                 static_cast<double> (manifest.fileSize) / 1e6,
                 audioFormatName (manifest.format).data(),
                 manifest.metadata.bitrateKbps,
                 manifest.infoDict.substr (manifest.infoDict.find ("12:piece lengthi") + 16, 5).c_str());
    std::printf ("measure: AddTrack -> first 64 KiB delivered by Stream, %d cold trials each (a fresh daemon per trial,\n"
                 "         strategies in a shuffled order, %d ms apart, after one untimed warm-up trial each); seeks go to a random offset in 10-90%%\n\n",
                 trials,
                 settleMs);

    // One untimed trial per strategy first: the seeders' first connections and first reads would
    // otherwise land on whichever strategy runs first.
    for (const auto& strategy : strategies)
        (void) coldTrial (strategy.flag, manifest, seederAddresses, 0);

    std::map<std::string, std::vector<double>> start, seek;
    std::mt19937_64 random (42);
    for (int trial = 0; trial < trials; ++trial)
    {
        const auto offset = std::uniform_int_distribution<std::uint64_t> (manifest.fileSize / 10, manifest.fileSize * 9 / 10) (random);
        // A fresh order each trial, and a quiet swarm before each: what ran just before (a baseline
        // that kept every seeder busy for seconds) must not decide the next strategy's figure.
        auto order = std::vector<Strategy> (std::begin (strategies), std::end (strategies));
        std::shuffle (order.begin(), order.end(), random);
        for (const auto& strategy : order)
        {
            if (! only.empty() && std::find (only.begin(), only.end(), strategy.flag) == only.end())
                continue;
            std::this_thread::sleep_for (settle);
            start[strategy.name].push_back (coldTrial (strategy.flag, manifest, seederAddresses, 0));
            std::this_thread::sleep_for (settle);
            seek[strategy.name].push_back (coldTrial (strategy.flag, manifest, seederAddresses, offset));
        }
        std::fprintf (stderr, "\rtrial %d/%d", trial + 1, trials);
    }
    std::fprintf (stderr, "\n");

    const auto earshotStart = percentile (start[strategies[0].name], 0.5);
    const auto earshotSeek = percentile (seek[strategies[0].name], 0.5);
    std::printf ("%-22s %14s %14s %14s %14s %16s %16s\n", "strategy", "start median", "start p95", "seek median", "seek p95", "start median /", "seek median /");
    std::printf ("%-22s %14s %14s %14s %14s %16s %16s\n", "", "(ms)", "(ms)", "(ms)", "(ms)", "earshot's", "earshot's");
    for (const auto& strategy : strategies)
    {
        if (start[strategy.name].empty())
            continue;
        const auto& s = start[strategy.name];
        const auto& k = seek[strategy.name];
        std::printf ("%-22s %14.0f %14.0f %14.0f %14.0f %15.2fx %15.2fx\n",
                     strategy.name,
                     percentile (s, 0.5),
                     percentile (s, 0.95),
                     percentile (k, 0.5),
                     percentile (k, 0.95),
                     percentile (s, 0.5) / earshotStart,
                     percentile (k, 0.5) / earshotSeek);
    }
    return 0;
}
