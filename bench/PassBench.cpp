// From `earshot pass` to the recipient's first audio, when the recipient presses play as soon as
// the pass is in their inbox, beside the same kind of recipient's time to first audio for a track
// nobody passed them. Each trial is cold: a sender daemon (Ana) publishes the demo album's first
// FLAC track with its upload capped, a fresh recipient daemon (Ben) and Ana add each other as
// friends, and a PreviewPlayer on Ben's API plays into a thread that calls render() in real time,
// as a device would. The two kinds are shuffled within each round so that they share the machine's
// conditions. Prints figures; it never passes or fails.
//
//   earshot_pass_bench [--trials N] [--seed S] [--upload-limit KiB/s] [--settle-ms MS]

#include "BenchFigures.h"
#include "FirstAudioListener.h"
#include "Support/DaemonProcess.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <thread>

using namespace earshot;
using namespace earshot::bench;
using namespace earshot::testing;

namespace
{
    const auto inboxTimeout = std::chrono::seconds (30);
    const auto firstAudioTimeout = std::chrono::seconds (60);
    constexpr auto inboxPoll = std::chrono::milliseconds (5);

    enum class Kind
    {
        passed, ///< Ana passes the track to Ben; Ben plays it as soon as it is in his inbox
        baseline ///< nobody passes it: Ben adds the track with Ana as its peer and plays it at once
    };

    const char* toString (Kind kind) noexcept { return kind == Kind::passed ? "passed" : "baseline"; }

    /** One trial's figures, in milliseconds; t0 is just before SendPass (passed) or AddTrack (baseline). */
    struct Trial
    {
        Kind kind = Kind::passed;
        double firstAudioMs = -1.0; // t0 -> the first audible block out of render()
        double requestMs = -1.0; // passed: SendPass's own time; baseline: AddTrack's own time
        double toInboxMs = -1.0; // passed: t0 -> the pass seen in Ben's inbox
        double inboxToAudioMs = -1.0; // passed: the pass seen -> first audio
        double playToAudioMs = -1.0; // play() -> first audio
        double connectingMs = -1.0; // play() until the player left Connecting (its header read)
        double playerMs = -1.0; // the player's own latestRequestToAudioMs(), a check on playToAudioMs
        std::string failure;
    };

    /** Ana, who publishes the track with her upload capped, and Ben, a fresh recipient; friends of
        each other. A player on Ben's API renders in real time. Torn down in the right order (the
        listener, then the daemons, stopped) when this goes. */
    struct Friends
    {
        TemporaryDirectory root { "earshot-bench-pass" };
        DaemonProcess ana;
        DaemonProcess ben;
        ClientTrack track;
        std::unique_ptr<FirstAudioListener> listener;

        Friends (const std::filesystem::path& file, int uploadLimitKiB)
            : ana (root.path() / "ana", { "--name", "Ana", "--upload-limit", std::to_string (uploadLimitKiB) })
            , ben (root.path() / "ben", { "--name", "Ben" })
        {
            ana.start();
            ben.start();
            (void) ana.client().addFriend (ben.client().friendCode(), "Ben");
            (void) ben.client().addFriend (ana.client().friendCode(), "Ana");
            track = ana.client().publish ({ file.string() }).front();
            listener = std::make_unique<FirstAudioListener> (ben.apiAddress(), firstAudioTimeout);
        }

        ~Friends()
        {
            listener.reset();
            ben.stop();
            ana.stop();
        }

        Friends (const Friends&) = delete;
        Friends& operator= (const Friends&) = delete;

        /** play() at once and waits for the first audible block out of render(); fills the play()
            figures of trial, and its failure when no audio came. Returns when the audio came out. */
        std::optional<Clock::time_point> playAndListen (const std::string& trackId, Trial& trial)
        {
            const auto heard = listener->playAndListen (trackId);
            trial.failure = heard.failure;
            trial.playToAudioMs = heard.playToAudioMs;
            trial.connectingMs = heard.connectingMs;
            trial.playerMs = heard.playerMs;
            return heard.audio;
        }
    };

    /** With --after-opening, a passed track is played only once Ben holds its opening (the first
        four seconds of audio, within what his pre-buffer fetches): how soon a pass is heard when
        its recipient presses play later. */
    bool afterOpening = false;

    /** Ana passes the track to Ben; Ben's inbox is polled every 5 ms and the pass played as soon as it is there. */
    void passedTrial (Friends& friends, Trial& trial)
    {
        const auto t0 = Clock::now();
        (void) friends.ana.client().sendPass (friends.track.id, "Ben", "from the pass bench");
        trial.requestMs = millisecondsBetween (t0, Clock::now());

        std::optional<ClientInboxEntry> arrived;
        const bool delivered = waitUntil ([&]
                                          {
                                              auto inbox = friends.ben.client().listInbox().first;
                                              if (inbox.empty())
                                                  return false;
                                              arrived = inbox.front();
                                              return true; },
                                          inboxTimeout,
                                          inboxPoll);
        const auto seen = Clock::now();
        if (! delivered)
        {
            const auto outbox = friends.ana.client().listOutbox();
            trial.failure = "the pass was not in Ben's inbox within 30 s (Ana's outbox: " + (outbox.empty() ? std::string ("empty") : outbox.front().state + ", " + outbox.front().lastError) + ")";
            return;
        }
        trial.toInboxMs = millisecondsBetween (t0, seen);

        if (afterOpening)
        {
            const auto& manifest = arrived->manifest;
            const auto openingBytes = manifest.metadata.durationMs == 0 ? manifest.fileSize : manifest.fileSize * 4000 / manifest.metadata.durationMs;
            const bool held = waitUntil ([&]
                                         {
                                             const auto status = friends.ben.client().getTrack (manifest.infoHashHex).status;
                                             return status && holdsFirstBytes (*status, openingBytes); },
                                         firstAudioTimeout,
                                         inboxPoll);
            if (! held)
            {
                trial.failure = "Ben did not hold the passed track's opening within 60 s";
                return;
            }
        }
        const auto audio = friends.playAndListen (arrived->manifest.infoHashHex, trial);
        if (! audio)
            return;
        trial.inboxToAudioMs = millisecondsBetween (seen, *audio);
        trial.firstAudioMs = millisecondsBetween (t0, *audio);
    }

    /** Nobody passes the track: Ben adds it with Ana as its peer and plays it at once. */
    void baselineTrial (Friends& friends, Trial& trial)
    {
        const std::vector<std::string> peers { friends.ana.peerAddress() };
        const auto t0 = Clock::now();
        const auto id = friends.ben.client().addTrack ({ friends.track.manifest, std::nullopt, std::nullopt }, peers).first.id;
        trial.requestMs = millisecondsBetween (t0, Clock::now());

        const auto audio = friends.playAndListen (id, trial);
        if (! audio)
            return;
        trial.firstAudioMs = millisecondsBetween (t0, *audio);
    }

    Trial coldTrial (Kind kind, const std::filesystem::path& file, int uploadLimitKiB)
    {
        Trial trial;
        trial.kind = kind;
        try
        {
            Friends friends (file, uploadLimitKiB);
            if (kind == Kind::passed)
                passedTrial (friends, trial);
            else
                baselineTrial (friends, trial);
        }
        catch (const std::exception& error)
        {
            trial.failure = error.what();
        }
        return trial;
    }

    /** Collected figures of one kind, by name. */
    struct Figures
    {
        std::map<std::string, std::vector<double>> values;
        int failures = 0;
        int playerFigureOff = 0; // trials where the player's own figure was more than 50 ms from what was heard

        void add (const char* name, double value)
        {
            if (value >= 0.0)
                values[name].push_back (value);
        }
    };
} // namespace

int main (int argc, char** argv)
{
    CLI::App app { "Earshot pass benchmark: earshot pass to the recipient's first audio" };
    int trials = 10;
    unsigned seed = 42;
    int uploadLimitKiB = 256;
    int settleMs = 1000;
    app.add_option ("--trials", trials, "Cold trials of each kind (passed, baseline)")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--seed", seed, "Seed for the order of the kinds within each round")->capture_default_str();
    app.add_option ("--upload-limit", uploadLimitKiB, "The sender's upload cap, KiB/s")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--settle-ms", settleMs, "Pause before each trial")->capture_default_str();
    app.add_flag ("--after-opening", afterOpening, "Play a passed track only once the recipient holds its opening (its play() -> audio is then the figure)");
    CLI11_PARSE (app, argc, argv);
    std::setvbuf (stdout, nullptr, _IOLBF, 0);

    const auto command = commandLineOf (argc, argv);

    const auto flacFile = demoAlbum ("flac") / "01-first-light.flac";
    TrackManifest manifest;
    {
        // The track as Ana publishes it, for the header; from a throwaway daemon.
        TemporaryDirectory data ("earshot-bench-manifest");
        DaemonProcess daemon (data.path());
        daemon.start();
        manifest = daemon.client().publish ({ flacFile.string() }).front().manifest;
    }

    std::printf ("command: %s\n", command.c_str());
    std::printf ("output: a thread calling PreviewPlayer::render() in real time, 512-frame stereo blocks at 48 kHz (no device)\n\n");
    std::printf ("== earshot pass -> the recipient's first audio, beside a track nobody passed\n");
    std::printf ("swarm: per trial, a fresh sender (Ana, --upload-limit %d KiB/s) publishing the track and a fresh recipient\n"
                 "       (Ben), friends of each other, both earshotd on loopback; Ana is Ben's only peer\n",
                 uploadLimitKiB);
    printTrack ("track: ", manifest);
    std::printf ("measure: %d cold trials of each kind, the two kinds in a shuffled order each round (seed %u), %d ms apart,\n"
                 "         after one untimed warm-up of each. first audio: the first audible block out of render(), as the\n"
                 "         output thread saw it.\n"
                 "  passed:   t0 just before Ana's SendPass to Ben; Ben's ListInbox polled every %lld ms; play() the moment\n"
                 "            the pass is listed. This includes the delivery through the Friends API (Ana's outbox courier ->\n"
                 "            Ben's Friends service), and Ben's daemon adds a passed track with Ana as its peer and pre-buffers\n"
                 "            its opening seconds as soon as it arrives, so part of the fetch may be under way before play().\n"
                 "  baseline: t0 just before Ben's AddTrack of the same manifest with Ana as its peer; play() at once (the\n"
                 "            time to first audio earshot_playback_bench measures, from one capped seeder here)\n\n",
                 trials,
                 seed,
                 settleMs,
                 static_cast<long long> (inboxPoll.count()));

    for (const auto kind : { Kind::passed, Kind::baseline })
    {
        const auto warmUp = coldTrial (kind, flacFile, uploadLimitKiB);
        if (! warmUp.failure.empty())
            std::fprintf (stderr, "warm-up, %s: %s\n", toString (kind), warmUp.failure.c_str());
    }

    std::mt19937_64 random (seed);
    std::map<Kind, Figures> figures;
    for (int round = 0; round < trials; ++round)
    {
        std::vector<Kind> order { Kind::passed, Kind::baseline };
        std::shuffle (order.begin(), order.end(), random);
        for (const auto kind : order)
        {
            std::this_thread::sleep_for (std::chrono::milliseconds (settleMs));
            const auto trial = coldTrial (kind, flacFile, uploadLimitKiB);
            auto& kindFigures = figures[kind];
            if (! trial.failure.empty())
            {
                ++kindFigures.failures;
                std::fprintf (stderr, "\n  trial %d, %s: %s\n", round + 1, toString (kind), trial.failure.c_str());
            }
            kindFigures.add ("first", trial.firstAudioMs);
            kindFigures.add ("request", trial.requestMs);
            kindFigures.add ("inbox", trial.toInboxMs);
            kindFigures.add ("inboxToAudio", trial.inboxToAudioMs);
            kindFigures.add ("play", trial.playToAudioMs);
            kindFigures.add ("connecting", trial.connectingMs);
            if (trial.playToAudioMs >= 0.0 && std::abs (trial.playerMs - trial.playToAudioMs) > 50.0)
                ++kindFigures.playerFigureOff;
            if (std::getenv ("EARSHOT_BENCH_BREAKDOWN") != nullptr)
                std::fprintf (stderr, "\n  %s: first audio %.0f ms; request %.0f ms, inbox %.0f ms, inbox -> audio %.0f ms, play -> audio %.0f ms (connecting %.0f ms, player says %.0f ms)\n", toString (kind), trial.firstAudioMs, trial.requestMs, trial.toInboxMs, trial.inboxToAudioMs, trial.playToAudioMs, trial.connectingMs, trial.playerMs);
        }
        std::fprintf (stderr, "\rround %d/%d", round + 1, trials);
    }
    std::fprintf (stderr, "\n");

    const auto row = [&] (const char* label, Kind kind, const char* name)
    {
        const auto& values = figures[kind].values[name];
        std::printf ("%-46s %11.0f %9.0f %7zu\n", label, percentile (values, 0.5), percentile (values, 0.95), values.size());
    };
    std::printf ("%-46s %11s %9s %7s\n", "figure", "median (ms)", "p95 (ms)", "trials");
    row ("passed:   SendPass -> pass in Ben's inbox", Kind::passed, "inbox");
    row ("            of which SendPass's own time", Kind::passed, "request");
    row ("passed:   pass in inbox -> first audio", Kind::passed, "inboxToAudio");
    row ("            of which play() -> first audio", Kind::passed, "play");
    row ("            of which play() -> Connecting left", Kind::passed, "connecting");
    row ("passed:   SendPass -> first audio", Kind::passed, "first");
    row ("baseline: AddTrack -> first audio", Kind::baseline, "first");
    row ("            of which AddTrack's own time", Kind::baseline, "request");
    row ("            of which play() -> first audio", Kind::baseline, "play");
    row ("            of which play() -> Connecting left", Kind::baseline, "connecting");

    const auto ratio = [&] (const char* name, double p)
    { return percentile (figures[Kind::passed].values[name], p) / percentile (figures[Kind::baseline].values[name], p); };
    std::printf ("%-46s %10.2fx %8.2fx\n", "passed / baseline, t0 -> first audio", ratio ("first", 0.5), ratio ("first", 0.95));
    std::printf ("%-46s %10.2fx %8.2fx\n", "passed / baseline, play() -> first audio", ratio ("play", 0.5), ratio ("play", 0.95));
    std::printf ("failed trials: passed %d, baseline %d. the player's own play() -> audio figure was more than 50 ms from what\n"
                 "the output thread heard in %d passed and %d baseline trials\n",
                 figures[Kind::passed].failures,
                 figures[Kind::baseline].failures,
                 figures[Kind::passed].playerFigureOff,
                 figures[Kind::baseline].playerFigureOff);
    return 0;
}
