// What a listener hears from PreviewPlayer while the track streams from a loopback swarm of four
// earshotd seeders: time to first audio and seek to audio (cold trials, FLAC and Ogg Vorbis, a fresh
// listener daemon each), stalls over a full-length play when the swarm's upload is barely above the
// track's bitrate, and what the audio callback costs per block against a plain copy. The output is
// a thread of our own that calls render() in real time, as a device would. Prints figures; it never
// passes or fails.
//
// --without-seek-index plays the cold trials from manifests stripped of their seek index (and with
// the Ogg tail back in the layout), as a track from a client that makes none: the baseline the
// index is measured against, in the same build.
//
//   earshot_playback_bench [--trials N] [--seed S] [--factor F]... [--skip-full-play] [--without-seek-index]
//                          [--listener-arg=--opt=value]...

#include "Audio/PreviewPlayer.h"
#include "BenchFigures.h"
#include "CallbackCost.h"
#include "Core/ContainerLayout.h"
#include "RealTimeRenderer.h"
#include "SeederSwarm.h"
#include "Support/DaemonProcess.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <thread>

using namespace earshot;
using namespace earshot::bench;
using namespace earshot::testing;

namespace
{
    constexpr double outputRate = RealTimeRenderer::sampleRate;
    constexpr int blockFrames = RealTimeRenderer::blockFrames;

    auto settle = std::chrono::milliseconds (1000);
    PreviewPlayer::Options playerOptions;
    std::vector<std::string> listenerArguments;
    auto seekAfter = std::chrono::milliseconds (1000);
    const auto firstAudioTimeout = std::chrono::seconds (60);
    const auto seekTimeout = std::chrono::seconds (45);

    //==============================================================================
    /** Four seeder daemons on loopback, each publishing the same files, each capped at uploadLimitKiB. */
    class Swarm final
    {
    public:
        Swarm (const std::vector<std::filesystem::path>& files, int uploadLimitKiB)
            : seeders (files, std::vector<int> (4, uploadLimitKiB))
        {
        }

        [[nodiscard]] const TrackManifest& manifest (const std::filesystem::path& file) const { return seeders.manifest (file); }
        [[nodiscard]] const std::vector<std::string>& peers() const noexcept { return seeders.peers(); }

    private:
        SeederSwarm seeders;
    };

    /** A fresh listener daemon, a player on its API and a real-time output for the player; torn down
        in the right order (output, player, daemon) when this goes. */
    struct Listener
    {
        TemporaryDirectory data { "earshot-bench-listener" };
        DaemonProcess daemon { data.path(), listenerArguments };
        std::shared_ptr<DaemonClient> client;
        std::unique_ptr<PreviewPlayer> player;
        std::unique_ptr<RealTimeRenderer> output;

        Listener()
        {
            daemon.start();
            client = std::make_shared<DaemonClient> (daemon.apiAddress());
            player = std::make_unique<PreviewPlayer> (client, playerOptions);
            output = std::make_unique<RealTimeRenderer> (*player);
        }

        ~Listener()
        {
            output.reset();
            player.reset();
        }

        /** AddTrack with the seeders as peers, then play(); true once the first audio came out.
            Fills the AddTrack and play()→audio times; failure says why when it did not. */
        bool addAndPlay (const TrackManifest& manifest, const Swarm& swarm, double& addTrackMs, double& playToAudioMs, double& connectingMs, std::string& failure)
        {
            std::optional<Clock::time_point> decoding;
            const auto started = Clock::now();
            const auto id = daemon.client().addTrack ({ manifest, std::nullopt, std::nullopt }, swarm.peers()).first.id;
            const auto playCalled = Clock::now();
            player->play (id);
            const bool heard = waitUntil ([&]
                                          {
                                              if (! decoding && player->state() == PlayerState::buffering)
                                                  decoding = Clock::now(); // the header is parsed, the decoder runs
                                              return player->latestRequestToAudioMs() >= 0.0 || player->state() == PlayerState::failed; },
                                          firstAudioTimeout,
                                          std::chrono::milliseconds (1));
            if (player->state() == PlayerState::failed)
            {
                failure = std::string ("the player failed: ") + player->failureReason();
                return false;
            }
            if (! heard)
            {
                failure = std::string ("no audio within 60 s (state ") + toString (player->state()) + ")";
                return false;
            }
            addTrackMs = millisecondsBetween (started, playCalled);
            playToAudioMs = player->latestRequestToAudioMs();
            connectingMs = decoding ? millisecondsBetween (playCalled, *decoding) : playToAudioMs;
            return true;
        }
    };

    //==============================================================================
    struct ColdTrial
    {
        double addTrackMs = 0.0;
        double playToAudioMs = 0.0;
        double connectingMs = 0.0; // play() until the player left Connecting (its header read)
        double seekTargetSeconds = 0.0;
        double bufferedAtSeek = 0.0; // seconds in the FIFO when seek() was called
        double seekPlayerMs = 0.0; // latestRequestToAudioMs() after the seek
        double seekObservedMs = 0.0; // seek() to the first audible block from the seek's target
        std::string failure;
    };

    /** One cold trial: a fresh listener adds the track, plays it, and seeks to seekFraction of it. */
    ColdTrial coldTrial (const TrackManifest& manifest, const Swarm& swarm, double seekFraction)
    {
        ColdTrial trial;
        try
        {
            Listener listener;
            if (! listener.addAndPlay (manifest, swarm, trial.addTrackMs, trial.playToAudioMs, trial.connectingMs, trial.failure))
                return trial;

            auto& player = *listener.player;
            std::this_thread::sleep_for (seekAfter);
            trial.seekTargetSeconds = seekFraction * player.durationSeconds();
            listener.output->watchForAudio (trial.seekTargetSeconds - 0.5, trial.seekTargetSeconds + 30.0);
            trial.bufferedAtSeek = player.bufferedSeconds();
            const auto seekCalled = Clock::now();
            player.seek (trial.seekTargetSeconds);
            const bool reported = waitUntil ([&]
                                             { return player.latestRequestToAudioMs() >= 0.0 || player.state() == PlayerState::failed; },
                                             seekTimeout);
            const bool observed = waitUntil ([&]
                                             { return listener.output->audioSeen().has_value() || player.state() == PlayerState::failed; },
                                             seekTimeout);
            if (player.state() == PlayerState::failed)
                trial.failure = std::string ("the player failed after the seek: ") + player.failureReason();
            else if (! reported || ! observed)
                trial.failure = std::string ("no audio within 45 s of the seek (state ") + toString (player.state()) + ")";
            else
            {
                trial.seekPlayerMs = player.latestRequestToAudioMs();
                trial.seekObservedMs = millisecondsBetween (seekCalled, *listener.output->audioSeen());
            }
        }
        catch (const std::exception& error)
        {
            trial.failure = error.what();
        }
        return trial;
    }

    //==============================================================================
    struct FullPlay
    {
        double factor = 0.0;
        int uploadLimitKiB = 0;
        double effectiveFactor = 0.0;
        double firstAudioMs = 0.0;
        int stalls = 0;
        double starvingSeconds = 0.0;
        double firstAudioToEndSeconds = 0.0;
        std::string end; // how it ended: the state, or "(dry)" (see below)
        // Where the swarm stood, from the listener's status every 250 ms: how far the verified bytes
        // from the start ran ahead of the play position when each stall began, in seconds of audio,
        // and when the whole file was in.
        std::vector<double> leadAtStalls;
        std::optional<double> downloadedAfterSeconds; // after first audio
        std::string failure;
    };

    /** Seconds of audio covered by the verified pieces from the file's start. */
    double verifiedPrefixSeconds (const TrackStatus& status, std::uint64_t bytesPerSecond)
    {
        if (status.pieces.empty() || bytesPerSecond == 0)
            return 0.0;
        const auto pieceLength = (status.totalBytes + status.pieces.size() - 1) / status.pieces.size();
        const auto prefix = static_cast<std::uint64_t> (std::find (status.pieces.begin(), status.pieces.end(), false) - status.pieces.begin());
        return static_cast<double> (std::min (status.totalBytes, prefix * pieceLength)) / static_cast<double> (bytesPerSecond);
    }

    /** A whole play of file from a fresh swarm whose four seeders together upload factor times the
        file's bytes per second of audio. */
    FullPlay fullPlay (const std::filesystem::path& file, double factor, std::uint64_t bytesPerSecond)
    {
        FullPlay result;
        result.factor = factor;
        result.uploadLimitKiB = std::max (1, static_cast<int> (std::lround (factor * static_cast<double> (bytesPerSecond) / 4.0 / 1024.0)));
        result.effectiveFactor = 4.0 * result.uploadLimitKiB * 1024.0 / static_cast<double> (bytesPerSecond);
        try
        {
            Swarm swarm ({ file }, result.uploadLimitKiB);
            const auto& manifest = swarm.manifest (file);
            Listener listener;
            double addTrackMs = 0.0, playToAudioMs = 0.0, connectingMs = 0.0;
            const auto started = Clock::now();
            if (! listener.addAndPlay (manifest, swarm, addTrackMs, playToAudioMs, connectingMs, result.failure))
                return result;
            result.firstAudioMs = addTrackMs + playToAudioMs;
            const auto firstAudio = started + std::chrono::duration_cast<Clock::duration> (std::chrono::duration<double, std::milli> (result.firstAudioMs));

            auto& player = *listener.player;
            // Bounded: three times the track's length, plus two minutes.
            const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration> (std::chrono::duration<double> (player.durationSeconds() * 3.0 + 120.0));
            auto lastPoll = Clock::now();
            auto nextReport = lastPoll + std::chrono::seconds (10);
            auto nextStatus = lastPoll;
            double prefixSeconds = 0.0;
            int stallsSeen = 0;
            for (;;)
            {
                std::this_thread::sleep_for (std::chrono::milliseconds (10));
                const auto now = Clock::now();
                const auto state = player.state();
                const auto stalls = player.stalls();

                if (now >= nextStatus)
                {
                    if (const auto status = listener.daemon.client().getTrack (manifest.infoHashHex).status)
                    {
                        prefixSeconds = verifiedPrefixSeconds (*status, bytesPerSecond);
                        if (! result.downloadedAfterSeconds && status->totalBytes > 0 && status->bytesDone >= status->totalBytes)
                            result.downloadedAfterSeconds = std::chrono::duration<double> (now - firstAudio).count();
                    }
                    nextStatus = now + std::chrono::milliseconds (250);
                }

                // A safety net, should the player not say Ended at the track's end (as it did not before
                // c1d7e03: its decode thread went to sleep before marking the decode finished, and
                // render() ran dry and counted a stall): the whole track has been heard once the
                // position is at its length with nothing left in the FIFO, and that dry-up is no stall.
                const bool heardAll = player.durationSeconds() > 0.0 && player.positionSeconds() >= player.durationSeconds() - 0.05 && player.bufferedSeconds() <= 0.0;
                if (state == PlayerState::ended || state == PlayerState::failed || heardAll || now >= deadline)
                {
                    result.end = state == PlayerState::ended || ! heardAll ? toString (state) : "(dry)";
                    result.stalls = state == PlayerState::starving && heardAll && stalls > stallsSeen ? stalls - 1 : stalls;
                    if (state == PlayerState::failed)
                        result.failure = std::string ("the player failed: ") + player.failureReason();
                    else if (state != PlayerState::ended && ! heardAll)
                        result.failure = "the play did not end in time (at " + std::to_string (player.positionSeconds()) + " s)";
                    result.firstAudioToEndSeconds = std::chrono::duration<double> (now - firstAudio).count();
                    break;
                }

                if (stalls > stallsSeen)
                {
                    result.leadAtStalls.push_back (prefixSeconds - player.positionSeconds());
                    stallsSeen = stalls;
                }
                if (state == PlayerState::starving)
                    result.starvingSeconds += std::chrono::duration<double> (now - lastPoll).count();
                lastPoll = now;
                if (now >= nextReport)
                {
                    std::fprintf (stderr, "\r  %.2fx: %5.1f / %.1f s, %s, stalls %d   ", factor, player.positionSeconds(), player.durationSeconds(), toString (state), stalls);
                    nextReport = now + std::chrono::seconds (10);
                }
            }
            std::fprintf (stderr, "\n");
        }
        catch (const std::exception& error)
        {
            result.failure = error.what();
        }
        return result;
    }

    /** The manifest as a client that makes no seek index would publish it. */
    void withoutIndex (TrackManifest& manifest, const std::filesystem::path& file)
    {
        std::ifstream in (file, std::ios::binary);
        const std::vector<std::uint8_t> bytes { std::istreambuf_iterator<char> (in), std::istreambuf_iterator<char>() };
        manifest.seekIndex = {};
        manifest.layout = probeContainerLayout (manifest.format, bytes, bytes, bytes.size());
    }
} // namespace

int main (int argc, char** argv)
{
    CLI::App app { "Earshot playback benchmark" };
    int trials = 20;
    unsigned seed = 42;
    std::vector<double> factors { 1.5, 1.1 };
    bool skipFullPlay = false;
    int settleMs = 1000;
    int seekAfterMs = 1000;
    int calls = 20000;
    bool withoutSeekIndex = false;
    app.add_option ("--trials", trials, "Cold trials per format")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--seed", seed, "Seed for the seek positions and the trial order")->capture_default_str();
    app.add_option ("--factor", factors, "Full plays: the swarm's total upload as a multiple of the FLAC track's bytes per second of audio (repeatable)")->capture_default_str()->allow_extra_args (false)->check (CLI::PositiveNumber);
    app.add_flag ("--skip-full-play", skipFullPlay, "Leave out the full-length plays (about 2.5 min each)");
    app.add_option ("--settle-ms", settleMs, "Pause before each cold trial, for the seeders to go quiet")->capture_default_str();
    app.add_option ("--seek-after-ms", seekAfterMs, "How long each trial plays before it seeks")->capture_default_str();
    app.add_option ("--calls", calls, "Timed render() calls for the callback cost")->capture_default_str()->check (CLI::PositiveNumber);
    bool fixedThresholds = false;
    app.add_flag ("--fixed-thresholds", fixedThresholds, "Start and resume at the player's fixed 0.1 s and 0.5 s, not at what the arrival rate asks for (the baseline)");
    app.add_flag ("--without-seek-index", withoutSeekIndex, "Cold trials from manifests without a seek index (the baseline)");
    app.add_option ("--listener-arg", listenerArguments, "Extra earshotd option for the listeners, e.g. --listener-arg=--no-lookahead-priorities")->allow_extra_args (false);
    CLI11_PARSE (app, argc, argv);
    settle = std::chrono::milliseconds (settleMs);
    playerOptions.followArrivalRate = ! fixedThresholds;
    seekAfter = std::chrono::milliseconds (seekAfterMs);

    const auto flacFile = demoAlbum ("flac") / "01-first-light.flac";
    const auto oggFile = demoAlbum ("ogg") / "01-first-light.ogg";
    std::setvbuf (stdout, nullptr, _IOLBF, 0);

    std::printf ("output: a thread calling PreviewPlayer::render() in real time, 512-frame stereo blocks at 48 kHz (no device)\n\n");

    //==============================================================================
    // The callback's cost first, while no swarm is running.
    {
        const auto cost = callbackCost (flacFile, calls);
        const auto renderMedian = percentile (cost.renderNs, 0.5), renderP99 = percentile (cost.renderNs, 0.99);
        const auto copyMedian = percentile (cost.copyNs, 0.5), copyP99 = percentile (cost.copyNs, 0.99);
        std::printf ("== audio callback cost per 512-frame stereo block (%zu timed calls, Playing, FIFO never below 1 s;\n"
                     "   %d untimed refills, %d rewinds; the track from a local daemon that has it whole)\n",
                     cost.renderNs.size(),
                     cost.refills,
                     cost.rewinds);
        std::printf ("%-34s %12s %12s\n", "callback", "median (ns)", "p99 (ns)");
        std::printf ("%-34s %12.0f %12.0f\n", "PreviewPlayer::render()", renderMedian, renderP99);
        std::printf ("%-34s %12.0f %12.0f\n", "baseline: memcpy 512x2 floats", copyMedian, copyP99);
        std::printf ("%-34s %11.1fx %11.1fx\n", "render() / baseline", renderMedian / copyMedian, renderP99 / copyP99);
        std::printf ("(a 512-frame block lasts %.0f ns at 48 kHz)\n\n", blockFrames / outputRate * 1e9);
    }

    //==============================================================================
    std::mt19937_64 random (seed);
    {
        Swarm swarm ({ flacFile, oggFile }, 256);
        TrackManifest formats[] = { swarm.manifest (flacFile), swarm.manifest (oggFile) };
        if (withoutSeekIndex)
            for (auto& manifest : formats)
                withoutIndex (manifest, manifest.format == AudioFormat::flac ? flacFile : oggFile);
        std::printf ("== time to first audio and seek to audio\n");
        std::printf ("swarm: 4 seeders on loopback, 256 KiB/s upload each, each seeding both tracks\n");
        for (const auto& manifest : formats)
            printTrack ("track: ", manifest);
        std::printf ("seek index: %s\n", withoutSeekIndex ? "none (--without-seek-index; Ogg tail fetched first, as before the index)" : "the publisher's");
        std::printf ("measure: %d cold trials per format (a fresh listener daemon each, formats in a shuffled order, %d ms apart,\n"
                     "         after one untimed warm-up trial each). first audio: AddTrack -> first audible sample out of render()\n"
                     "         (AddTrack's own time + the player's latestRequestToAudioMs()). seek: %d ms after first audio, to a\n"
                     "         random 10-90%% of the track (seed %u); 'player' is latestRequestToAudioMs(), 'heard' is seek() -> the first\n"
                     "         audible block rendered at the seek's target position, as the output thread saw it\n\n",
                     trials,
                     settleMs,
                     seekAfterMs,
                     seed);

        for (const auto& manifest : formats)
            (void) coldTrial (manifest, swarm, 0.5);

        std::map<AudioFormat, std::vector<double>> firstAudio, addTrack, playToAudio, connecting, seekPlayer, seekHeard;
        std::map<AudioFormat, int> failures, earlySeekFigures;
        for (int trial = 0; trial < trials; ++trial)
        {
            const auto seekFraction = std::uniform_real_distribution<double> (0.1, 0.9) (random);
            std::vector<TrackManifest> order (std::begin (formats), std::end (formats));
            std::shuffle (order.begin(), order.end(), random);
            for (const auto& manifest : order)
            {
                std::this_thread::sleep_for (settle);
                const auto result = coldTrial (manifest, swarm, seekFraction);
                if (! result.failure.empty())
                {
                    ++failures[manifest.format];
                    std::fprintf (stderr, "\n  trial %d, %s: %s\n", trial + 1, manifest.fileName.c_str(), result.failure.c_str());
                    if (result.playToAudioMs <= 0.0)
                        continue;
                }
                addTrack[manifest.format].push_back (result.addTrackMs);
                playToAudio[manifest.format].push_back (result.playToAudioMs);
                connecting[manifest.format].push_back (result.connectingMs);
                firstAudio[manifest.format].push_back (result.addTrackMs + result.playToAudioMs);
                if (result.failure.empty())
                {
                    seekPlayer[manifest.format].push_back (result.seekPlayerMs);
                    seekHeard[manifest.format].push_back (result.seekObservedMs);
                    if (result.seekPlayerMs < result.seekObservedMs - 50.0)
                        ++earlySeekFigures[manifest.format];
                }
                if (std::getenv ("EARSHOT_BENCH_BREAKDOWN") != nullptr)
                    std::fprintf (stderr, "\n  %s: AddTrack %.0f ms, play -> audio %.0f ms (connecting %.0f ms); seek to %.1f s with %.2f s buffered: player %.0f ms, heard %.0f ms\n", manifest.fileName.c_str(), result.addTrackMs, result.playToAudioMs, result.connectingMs, result.seekTargetSeconds, result.bufferedAtSeek, result.seekPlayerMs, result.seekObservedMs);
            }
            std::fprintf (stderr, "\rtrial %d/%d", trial + 1, trials);
        }
        std::fprintf (stderr, "\n");

        const char* header[][11] = {
            { "format", "first", "first", "AddTrack", "play ->", "of which", "seek", "seek", "seek", "seek", "failed" },
            { "", "audio", "audio", "median", "audio", "Connecting", "player", "player", "heard", "heard", "trials" },
            { "", "median", "p95", "(ms)", "median", "median", "median", "p95", "median", "p95", "" },
            { "", "(ms)", "(ms)", "", "(ms)", "(ms)", "(ms)", "(ms)", "(ms)", "(ms)", "" },
        };
        for (const auto& row : header)
            std::printf ("%-8s %9s %9s %9s %9s %11s %9s %9s %9s %9s %7s\n", row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10]);
        for (const auto& manifest : formats)
        {
            const auto format = manifest.format;
            std::printf ("%-8s %9.0f %9.0f %9.0f %9.0f %11.0f %9.0f %9.0f %9.0f %9.0f %7d\n",
                         audioFormatName (format).data(),
                         percentile (firstAudio[format], 0.5),
                         percentile (firstAudio[format], 0.95),
                         percentile (addTrack[format], 0.5),
                         percentile (playToAudio[format], 0.5),
                         percentile (connecting[format], 0.5),
                         percentile (seekPlayer[format], 0.5),
                         percentile (seekPlayer[format], 0.95),
                         percentile (seekHeard[format], 0.5),
                         percentile (seekHeard[format], 0.95),
                         failures[format]);
        }
        for (const auto& manifest : formats)
            std::printf ("%s: the player's seek figure was more than 50 ms below what was heard in %d of %zu seeks\n",
                         audioFormatName (manifest.format).data(),
                         earlySeekFigures[manifest.format],
                         seekHeard[manifest.format].size());
        std::printf ("\n");
    }

    //==============================================================================
    if (! skipFullPlay && ! factors.empty())
    {
        TrackManifest flac;
        {
            // The FLAC track's rate, from a throwaway daemon's manifest.
            TemporaryDirectory data ("earshot-bench-manifest");
            DaemonProcess daemon (data.path());
            daemon.start();
            flac = daemon.client().publish ({ flacFile.string() }).front().manifest;
        }
        const auto bytesPerSecond = flac.fileSize * 1000 / std::max<std::uint64_t> (1, flac.metadata.durationMs);
        std::printf ("== stalls during a full-length play, real time\n");
        printTrack ("track: ", flac);
        std::printf ("swarm: 4 fresh seeders on loopback per factor, each --upload-limit round(factor x %.1f KiB/s / 4); a fresh listener;\n"
                     "       state() polled every 10 ms; 'starving' is the time it read Starving\n\n",
                     static_cast<double> (bytesPerSecond) / 1024.0);
        std::vector<FullPlay> plays;
        for (const auto factor : factors)
        {
            plays.push_back (fullPlay (flacFile, factor, static_cast<std::uint64_t> (bytesPerSecond)));
            if (! plays.back().failure.empty())
                std::fprintf (stderr, "  %.2fx: %s\n", factor, plays.back().failure.c_str());
        }
        const char* header[][10] = {
            { "factor", "upload/", "swarm", "first", "stalls", "starving", "first audio", "ended", "lead at", "file in" },
            { "", "seeder", "total", "audio", "", "(s)", "-> end", "as", "stalls", "after (s)" },
            { "", "(KiB/s)", "(x rate)", "(ms)", "", "", "(s)", "", "median (s)", "" },
        };
        for (const auto& row : header)
            std::printf ("%-7s %8s %9s %8s %7s %9s %12s %9s %11s %10s\n", row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9]);
        for (const auto& play : plays)
        {
            char downloaded[32] = "-";
            if (play.downloadedAfterSeconds)
                std::snprintf (downloaded, sizeof (downloaded), "%.1f", *play.downloadedAfterSeconds);
            std::printf ("%-7.2f %8d %8.2fx %8.0f %7d %9.1f %12.1f %9s %11.1f %10s\n",
                         play.factor,
                         play.uploadLimitKiB,
                         play.effectiveFactor,
                         play.firstAudioMs,
                         play.stalls,
                         play.starvingSeconds,
                         play.firstAudioToEndSeconds,
                         play.end.empty() ? "-" : play.end.c_str(),
                         percentile (play.leadAtStalls, 0.5),
                         downloaded);
        }
        std::printf ("(the track lasts %.1f s: first audio -> end beyond that is silence, starving or rebuffering. 'lead at stalls':\n"
                     " seconds of audio the verified pieces from the start ran ahead of the position when a stall began (status every\n"
                     " 250 ms). '(dry)': the player never said Ended; the play ends when the whole track has been heard)\n",
                     static_cast<double> (flac.metadata.durationMs) / 1000.0);
    }
    return 0;
}
