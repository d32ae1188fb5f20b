// A track played while the rest of an album downloads from the same capped seeder, beside the same
// track played alone: time to first audio and stalls over a stretch of playback, with the listener
// letting its background downloads yield to the stream (Earshot) and, as the baseline, letting them
// compete (--background-downloads compete). One seeder daemon uploads at --upload-limit KiB/s; the
// album is 18 tracks (the demo album's Ogg files under six names each, so 18 torrents). Each trial
// is a fresh listener daemon. Prints figures; it never passes or fails.
//
//   earshot_crowd_bench [--trials N] [--play-seconds S] [--upload-limit KIB]

#include "Audio/PreviewPlayer.h"
#include "BenchFigures.h"
#include "RealTimeRenderer.h"
#include "Support/DaemonProcess.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

using namespace earshot;
using namespace earshot::bench;
using namespace earshot::testing;

namespace
{
    struct Trial
    {
        double firstAudioMs = 0.0;
        int stalls = 0;
        double bufferedAtEnd = 0.0;
        std::string failure;
    };

    /** One trial: a fresh listener adds the album (crowd) or only the played track (alone), with the
        seeder as peer, then plays the track for playSeconds. */
    Trial runTrial (const std::string& seeder, const std::vector<TrackManifest>& album, bool crowd, const std::string& background, int playSeconds)
    {
        Trial trial;
        try
        {
            TemporaryDirectory data ("earshot-bench-crowd-listener");
            DaemonProcess listener (data.path(), { "--background-downloads", background });
            listener.start();
            const auto& played = album.front();
            if (crowd)
                for (std::size_t i = 1; i < album.size(); ++i)
                    (void) listener.client().addTrack ({ album[i], std::nullopt, std::nullopt }, { seeder });

            auto client = std::make_shared<DaemonClient> (listener.apiAddress());
            auto player = std::make_unique<PreviewPlayer> (client);
            auto output = std::make_unique<RealTimeRenderer> (*player);
            const auto id = listener.client().addTrack ({ played, std::nullopt, std::nullopt }, { seeder }).first.id;
            player->play (id);
            const bool heard = waitUntil ([&]
                                          { return player->latestRequestToAudioMs() >= 0.0 || player->state() == PlayerState::failed; },
                                          std::chrono::seconds (60),
                                          std::chrono::milliseconds (1));
            if (! heard || player->state() == PlayerState::failed)
            {
                trial.failure = player->state() == PlayerState::failed ? std::string ("the player failed: ") + player->failureReason() : "no audio within 60 s";
            }
            else
            {
                trial.firstAudioMs = player->latestRequestToAudioMs();
                std::this_thread::sleep_for (std::chrono::seconds (playSeconds));
                trial.stalls = player->stalls();
                trial.bufferedAtEnd = player->bufferedSeconds();
            }
            output.reset();
            player.reset();
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
    CLI::App app ("A track played while an album of 18 downloads from one capped seeder, beside the same track alone");
    int trials = 3;
    int playSeconds = 20;
    int uploadLimitKiB = 256;
    app.add_option ("--trials", trials, "Trials per case")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--play-seconds", playSeconds, "How long each trial plays after the first audio")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--upload-limit", uploadLimitKiB, "The seeder's upload cap in KiB/s")->capture_default_str()->check (CLI::PositiveNumber);
    CLI11_PARSE (app, argc, argv);

    // The album: the demo album's Ogg tracks, six copies of each under their own names.
    TemporaryDirectory root ("earshot-bench-crowd");
    const auto albumFolder = root.path() / "album";
    std::filesystem::create_directories (albumFolder);
    std::vector<std::filesystem::path> sources;
    for (const auto& entry : std::filesystem::directory_iterator (demoAlbum ("ogg")))
        if (entry.path().extension() == ".ogg")
            sources.push_back (entry.path());
    std::sort (sources.begin(), sources.end());
    int number = 0;
    for (int copy = 0; copy < 6; ++copy)
        for (const auto& source : sources)
        {
            char name[64];
            std::snprintf (name, sizeof (name), "%02d-%s-take%d.ogg", ++number, source.stem().string().c_str(), copy + 1);
            std::filesystem::copy_file (source, albumFolder / name);
        }

    DaemonProcess seeder (root.path() / "seeder", { "--upload-limit", std::to_string (uploadLimitKiB) });
    seeder.start();
    std::vector<TrackManifest> album;
    for (const auto& track : seeder.client().publish ({ albumFolder.string() }))
        album.push_back (track.manifest);
    std::printf ("one seeder at %d KiB/s, an album of %zu tracks; %d trial(s) a case, %d s of play each\n", uploadLimitKiB, album.size(), trials, playSeconds);
    printTrack ("played: ", album.front());

    struct Case
    {
        const char* name;
        bool crowd;
        const char* background;
    };
    const Case cases[] = { { "alone", false, "yield" }, { "with 17 downloading, yield (Earshot)", true, "yield" }, { "with 17 downloading, compete (baseline)", true, "compete" } };

    std::map<std::string, std::vector<Trial>> results;
    for (int t = 0; t < trials; ++t)
        for (const auto& c : cases)
        {
            auto trial = runTrial (seeder.peerAddress(), album, c.crowd, c.background, playSeconds);
            if (! trial.failure.empty())
                std::printf ("  %s, trial %d: %s\n", c.name, t + 1, trial.failure.c_str());
            results[c.name].push_back (trial);
            std::this_thread::sleep_for (std::chrono::seconds (1)); // the seeder's queues drain
        }

    double aloneMedian = 0.0;
    std::printf ("\n%-42s %14s %10s %12s %12s\n", "case", "first audio", "p95", "stalls/play", "vs alone");
    for (const auto& c : cases)
    {
        std::vector<double> firstAudio, stalls;
        for (const auto& trial : results[c.name])
            if (trial.failure.empty())
            {
                firstAudio.push_back (trial.firstAudioMs);
                stalls.push_back (trial.stalls);
            }
        const auto median = percentile (firstAudio, 0.5);
        if (! c.crowd)
            aloneMedian = median;
        std::printf ("%-42s %11.0f ms %7.0f ms %12.1f %11.2fx   (%zu of %d trials heard)\n",
                     c.name,
                     median,
                     percentile (firstAudio, 0.95),
                     percentile (stalls, 0.5),
                     aloneMedian > 0.0 ? median / aloneMedian : 0.0,
                     firstAudio.size(),
                     trials);
    }
    return 0;
}
