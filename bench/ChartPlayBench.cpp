// First audio from a chart row whose opening earshotd prefetched (PrefetchOpenings, as the app
// asks for the rows on screen), beside a cold AddTrack of the same track. Each trial is cold: a
// fresh artist daemon publishes the demo album's first FLAC track with its upload capped, and a
// fresh listener daemon plays it through a PreviewPlayer rendered in real time, as a device
// would. The two kinds are shuffled within each round. Prints figures; it never passes or fails.
//
//   earshot_chart_play_bench [--trials N] [--seed S] [--upload-limit KiB/s]

#include "BenchFigures.h"
#include "FirstAudioListener.h"
#include "Support/DaemonProcess.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

using namespace earshot;
using namespace earshot::bench;
using namespace earshot::testing;

namespace
{
    enum class Kind
    {
        prefetched, ///< the row was on screen: its opening was prefetched before the press
        cold ///< nothing was prefetched: AddTrack and play at once
    };

    const char* toString (Kind kind) noexcept { return kind == Kind::prefetched ? "prefetched" : "cold"; }

    struct Trial
    {
        double firstAudioMs = -1.0; // just before AddTrack -> the first audible block out of render()
        double prefetchMs = -1.0; // prefetched: PrefetchOpenings -> the opening here
        std::string failure;
    };

    Trial coldTrial (Kind kind, const std::filesystem::path& file, int uploadLimitKiB)
    {
        Trial trial;
        try
        {
            TemporaryDirectory root ("earshot-bench-chart");
            DaemonProcess artist (root.path() / "artist", { "--upload-limit", std::to_string (uploadLimitKiB) });
            DaemonProcess listener (root.path() / "listener");
            artist.start();
            listener.start();
            const auto track = artist.client().publish ({ file.string() }).front();
            const std::vector<std::string> peers { artist.peerAddress() };
            FirstAudioListener output (listener.apiAddress());

            if (kind == Kind::prefetched)
            {
                // The opening the daemon's pre-buffer fetches: its first eight seconds.
                const auto openingBytes = track.manifest.fileSize * 8000 / std::max<std::uint64_t> (track.manifest.metadata.durationMs, 8000);
                const auto asked = Clock::now();
                (void) listener.client().prefetchOpenings ({ track.manifest });
                (void) listener.client().connectPeer (peers.front(), track.id);
                if (! waitUntil ([&]
                                 {
                                     const auto status = listener.client().getTrack (track.id).status;
                                     return status && holdsFirstBytes (*status, openingBytes); },
                                 std::chrono::seconds (60),
                                 std::chrono::milliseconds (20)))
                {
                    trial.failure = "the opening was not here within 60 s of PrefetchOpenings";
                    return trial;
                }
                trial.prefetchMs = millisecondsBetween (asked, Clock::now());
            }

            // The row is pressed: the app's AddTrack (manifest) + Stream path.
            const auto t0 = Clock::now();
            const auto id = listener.client().addTrack ({ track.manifest, std::nullopt, std::nullopt }, peers).first.id;
            const auto heard = output.playAndListen (id);
            trial.failure = heard.failure;
            if (heard.audio)
                trial.firstAudioMs = millisecondsBetween (t0, *heard.audio);
        }
        catch (const std::exception& error)
        {
            trial.failure = error.what();
        }
        return trial;
    }
} // namespace

int main (int argc, char** argv)
{
    CLI::App app { "Earshot chart benchmark: first audio from a chart row with its opening prefetched, beside a cold AddTrack" };
    int trials = 10;
    unsigned seed = 42;
    int uploadLimitKiB = 256;
    app.add_option ("--trials", trials, "Cold trials of each kind (prefetched, cold)")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--seed", seed, "Seed for the order of the kinds within each round")->capture_default_str();
    app.add_option ("--upload-limit", uploadLimitKiB, "The artist's upload cap, KiB/s")->capture_default_str()->check (CLI::PositiveNumber);
    CLI11_PARSE (app, argc, argv);
    std::setvbuf (stdout, nullptr, _IOLBF, 0);

    const auto flacFile = demoAlbum ("flac") / "01-first-light.flac";
    std::printf ("== first audio from a chart row: its opening prefetched (PrefetchOpenings) beside a cold AddTrack\n");
    std::printf ("swarm: per trial, a fresh artist (--upload-limit %d KiB/s) publishing %s and a fresh listener, both\n"
                 "       earshotd on loopback; the artist is the listener's only peer\n",
                 uploadLimitKiB,
                 flacFile.filename().c_str());
    std::printf ("measure: %d trials of each kind, shuffled each round (seed %u); t0 just before the listener's AddTrack\n"
                 "         (manifest, the artist as peer), play() at once; first audio: the first audible block out of a\n"
                 "         PreviewPlayer rendered in real time. prefetched: PrefetchOpenings, then the first 8 s of the\n"
                 "         file verified here, before t0\n\n",
                 trials,
                 seed);

    std::mt19937_64 random (seed);
    std::map<Kind, std::vector<double>> firstAudio;
    std::vector<double> prefetch;
    std::map<Kind, int> failures;
    for (int round = 0; round < trials; ++round)
    {
        std::vector<Kind> order { Kind::prefetched, Kind::cold };
        std::shuffle (order.begin(), order.end(), random);
        for (const auto kind : order)
        {
            const auto trial = coldTrial (kind, flacFile, uploadLimitKiB);
            if (! trial.failure.empty())
            {
                ++failures[kind];
                std::fprintf (stderr, "\n  trial %d, %s: %s\n", round + 1, toString (kind), trial.failure.c_str());
                continue;
            }
            firstAudio[kind].push_back (trial.firstAudioMs);
            if (trial.prefetchMs >= 0.0)
                prefetch.push_back (trial.prefetchMs);
        }
        std::fprintf (stderr, "\rround %d/%d", round + 1, trials);
    }
    std::fprintf (stderr, "\n");

    const auto row = [] (const char* label, const std::vector<double>& values)
    { std::printf ("%-52s %11.0f %9.0f %7zu\n", label, percentile (values, 0.5), percentile (values, 0.95), values.size()); };
    std::printf ("%-52s %11s %9s %7s\n", "figure", "median (ms)", "p95 (ms)", "trials");
    row ("prefetched: AddTrack -> first audio", firstAudio[Kind::prefetched]);
    row ("cold:       AddTrack -> first audio", firstAudio[Kind::cold]);
    row ("prefetched: PrefetchOpenings -> opening here (before)", prefetch);
    const auto ratio = [&] (double p)
    { return percentile (firstAudio[Kind::prefetched], p) / percentile (firstAudio[Kind::cold], p); };
    std::printf ("%-52s %10.2fx %8.2fx\n", "prefetched / cold, AddTrack -> first audio", ratio (0.5), ratio (0.95));
    std::printf ("failed trials: prefetched %d, cold %d\n", failures[Kind::prefetched], failures[Kind::cold]);
    return 0;
}
