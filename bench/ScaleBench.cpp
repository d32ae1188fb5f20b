// One daemon seeding many tracks (10,000 by default): a user's library at login. The first run
// writes small distinct WAV files into a cache folder and publishes them through the daemon's
// Publish API, printing the publish rate; the daemon's data folder is kept there, so later runs
// measure only restarts of the daemon on it. Each restart is timed from process start to the API
// answering and to every track seeding; then the daemon's resident memory, ListTracks read whole
// as the client reads it (every page) and one ListTracks call (one page of 1,000), and a Stream opened on a random track to its first byte.
// Prints a table with the aim beside each figure, and the CPU time a whole list costs the daemon
// and the client (wall times grow with whatever else the machine runs); it never passes or fails
// on them. Exits 1 only when a restarted daemon does not list or seed every track, or a stream's
// bytes are wrong.
//
//   earshot_scale_bench [--tracks N] [--cache DIR] [--restarts N] [--lists N] [--streams N]

#include "BenchFigures.h"
#include "ProcessFigures.h"
#include "Support/DaemonProcess.h"

#include "earshot/v1/library.grpc.pb.h"

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <random>
#include <thread>
#include <time.h>

using namespace earshot;
using namespace earshot::bench;
using namespace earshot::testing;

namespace
{
    constexpr int sampleRate = 22050;
    constexpr double trackSeconds = 0.5;
    constexpr std::size_t publishBatch = 100;

    /** A short mono 16-bit WAV whose samples come from the track's number alone: a tone and
        noise seeded by it, so no two tracks share a byte pattern (nor an info-hash). */
    void writeTrack (const std::filesystem::path& path, int number)
    {
        const auto frames = static_cast<std::uint32_t> (trackSeconds * sampleRate);
        std::string bytes;
        const auto put32 = [&] (std::uint32_t v)
        { bytes.append (reinterpret_cast<const char*> (&v), 4); };
        const auto put16 = [&] (std::uint16_t v)
        { bytes.append (reinterpret_cast<const char*> (&v), 2); };
        bytes += "RIFF";
        put32 (36 + frames * 2);
        bytes += "WAVEfmt ";
        put32 (16);
        put16 (1);
        put16 (1);
        put32 (sampleRate);
        put32 (sampleRate * 2);
        put16 (2);
        put16 (16);
        bytes += "data";
        put32 (frames * 2);
        std::mt19937 random (static_cast<unsigned> (number));
        std::uniform_real_distribution<double> noise (-0.05, 0.05);
        const double frequency = 110.0 + static_cast<double> (number % 2000);
        for (std::uint32_t i = 0; i < frames; ++i)
        {
            const auto t = static_cast<double> (i) / sampleRate;
            const auto value = 0.3 * std::sin (2.0 * std::numbers::pi * frequency * t) + noise (random);
            put16 (static_cast<std::uint16_t> (static_cast<std::int16_t> (std::lround (value * 32767.0))));
        }
        std::ofstream (path, std::ios::binary).write (bytes.data(), static_cast<std::streamsize> (bytes.size()));
    }

    /** The whole library as the client lists it (every page), and how long that took. */
    std::pair<std::vector<ClientTrack>, double> listAll (DaemonClient& client)
    {
        const auto started = Clock::now();
        auto tracks = client.listTracks();
        return { std::move (tracks), millisecondsBetween (started, Clock::now()) };
    }

    /** Every page of ListTracks read by one call each on a raw stub (no conversion to the
        client's types), adding how long each call took to pageMs. Returns the tracks given. */
    std::size_t timePages (v1::Library::Stub& library, std::vector<double>& pageMs)
    {
        v1::ListTracksRequest request;
        request.set_page_size (1000);
        std::size_t tracks = 0;
        constexpr int maxPages = 1000;
        for (int page = 0; page < maxPages; ++page)
        {
            v1::ListTracksResponse response;
            grpc::ClientContext context;
            context.set_deadline (std::chrono::system_clock::now() + std::chrono::seconds (30));
            const auto started = Clock::now();
            const auto status = library.ListTracks (&context, request, &response);
            pageMs.push_back (millisecondsBetween (started, Clock::now()));
            if (! status.ok())
                throw std::runtime_error ("ListTracks failed: " + status.error_message());
            tracks += static_cast<std::size_t> (response.tracks_size());
            if (response.next_page_token().empty())
                break;
            request.set_page_token (response.next_page_token());
        }
        return tracks;
    }

    std::size_t seedingIn (const std::vector<ClientTrack>& tracks)
    {
        return static_cast<std::size_t> (std::count_if (tracks.begin(), tracks.end(), [] (const ClientTrack& track)
                                                        { return track.status && track.status->state == TrackState::seeding; }));
    }

    /** One figure and its aim, for the table. */
    struct Row
    {
        std::string what;
        std::string value;
        std::string aim;
    };

    /** This process's CPU time, every thread's (the client's side of the calls). */
    double processCpuSeconds()
    {
        timespec now {};
        ::clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
        return static_cast<double> (now.tv_sec) + static_cast<double> (now.tv_nsec) / 1e9;
    }

    std::string format (const char* pattern, double value)
    {
        char text[64];
        std::snprintf (text, sizeof (text), pattern, value);
        return text;
    }
} // namespace

int main (int argc, char** argv)
{
    CLI::App app ("One earshotd seeding many tracks: publish rate, restart, memory, ListTracks and Stream opening");
    int trackCount = 10000;
    std::string cache;
    int restarts = 3;
    int lists = 20;
    int streams = 200;
    app.add_option ("--tracks", trackCount, "Tracks in the library")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--cache", cache, "Folder kept between runs for the audio files and the daemon's data (default: <tmp>/earshot-scale-<tracks>)");
    app.add_option ("--restarts", restarts, "Daemon restarts measured on the published library")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--lists", lists, "Whole ListTracks reads per restart")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--streams", streams, "Streams opened on random tracks per restart")->capture_default_str()->check (CLI::PositiveNumber);
    CLI11_PARSE (app, argc, argv);
    std::setvbuf (stdout, nullptr, _IOLBF, 0);

    const auto command = commandLineOf (argc, argv);
    std::printf ("command: %s\n", command.c_str());
    const std::filesystem::path root = cache.empty() ? std::filesystem::temp_directory_path() / ("earshot-scale-" + std::to_string (trackCount)) : std::filesystem::path (cache);
    const auto audio = root / "audio";
    const auto data = root / "daemon";
    std::filesystem::create_directories (audio);
    std::printf ("cache: %s (audio files and the daemon's data folder, kept between runs)\n", root.c_str());
    std::printf ("tracks: %d WAV files, %.1f s of mono 16-bit audio at %d Hz each (%.0f KiB)\n\n", trackCount, trackSeconds, sampleRate, (44 + trackSeconds * sampleRate * 2) / 1024.0);

    std::vector<Row> rows;
    int failures = 0;

    // The first run publishes; later ones find the library there and only restart on it.
    {
        DaemonProcess daemon (data);
        daemon.start();
        const auto already = daemon.client().daemonInfo().tracks;
        if (already < trackCount)
        {
            std::vector<std::string> paths;
            const auto writing = Clock::now();
            for (int i = 0; i < trackCount; ++i)
            {
                char name[32];
                std::snprintf (name, sizeof (name), "%06d.wav", i);
                const auto path = audio / name;
                if (! std::filesystem::exists (path))
                    writeTrack (path, i);
                paths.push_back (path.string());
            }
            std::printf ("wrote the audio files in %.1f s\n", millisecondsBetween (writing, Clock::now()) / 1000.0);

            const auto publishing = Clock::now();
            for (std::size_t from = 0; from < paths.size(); from += publishBatch)
            {
                const std::vector<std::string> batch (paths.begin() + static_cast<std::ptrdiff_t> (from), paths.begin() + static_cast<std::ptrdiff_t> (std::min (paths.size(), from + publishBatch)));
                (void) daemon.client().publish (batch);
                if ((from / publishBatch) % 10 == 9)
                    std::printf ("  published %zu tracks, %.0f a second\n", from + batch.size(), static_cast<double> (from + batch.size()) / (millisecondsBetween (publishing, Clock::now()) / 1000.0));
            }
            const auto seconds = millisecondsBetween (publishing, Clock::now()) / 1000.0;
            const auto rss = sampleProcess (daemon.processId()).rssKiB;
            rows.push_back ({ "first publish, tracks a second (" + std::to_string (publishBatch) + " a call)", format ("%.0f", trackCount / seconds), "-" });
            rows.push_back ({ "first publish, whole library (s)", format ("%.1f", seconds), "-" });
            rows.push_back ({ "resident memory after publishing (MB)", format ("%.0f", static_cast<double> (rss) / 1024.0), "-" });
        }
        else
        {
            std::printf ("the library holds %d tracks already: no publish this run\n", already);
        }
        (void) daemon.stop();
    }

    std::vector<double> apiMs, seedingMs, rssMb, listMs, firstByteMs, daemonListCpuMs, clientListCpuMs, idleCpuPercent, pageMs;
    std::mt19937 random (1);
    for (int restart = 0; restart < restarts; ++restart)
    {
        DaemonProcess daemon (data);
        const auto started = Clock::now();
        daemon.start();
        apiMs.push_back (millisecondsBetween (started, Clock::now()));

        // Every track seeding: listed as the client lists them, until all are.
        std::vector<ClientTrack> tracks;
        const bool seeding = waitUntil ([&]
                                        {
            tracks = daemon.client().listTracks();
            return tracks.size() >= static_cast<std::size_t> (trackCount) && seedingIn (tracks) == tracks.size(); },
                                        std::chrono::seconds (120),
                                        std::chrono::milliseconds (20));
        seedingMs.push_back (millisecondsBetween (started, Clock::now()));
        if (! seeding)
        {
            std::printf ("restart %d: after 120 s, %zu of %zu listed tracks seeding (of %d published)\n", restart + 1, seedingIn (tracks), tracks.size(), trackCount);
            ++failures;
            continue;
        }

        // Seeding and asked nothing: what 10,000 idle torrents cost the daemon by themselves.
        const auto idleFrom = sampleProcess (daemon.processId()).cpuSeconds;
        std::this_thread::sleep_for (std::chrono::seconds (5));
        idleCpuPercent.push_back ((sampleProcess (daemon.processId()).cpuSeconds - idleFrom) * 100.0 / 5.0);

        const auto daemonBefore = sampleProcess (daemon.processId()).cpuSeconds;
        const auto clientBefore = processCpuSeconds();
        for (int i = 0; i < lists; ++i)
        {
            auto [listed, ms] = listAll (daemon.client());
            listMs.push_back (ms);
            if (listed.size() != static_cast<std::size_t> (trackCount))
            {
                std::printf ("restart %d: ListTracks gave %zu tracks, not %d\n", restart + 1, listed.size(), trackCount);
                ++failures;
            }
        }

        daemonListCpuMs.push_back ((sampleProcess (daemon.processId()).cpuSeconds - daemonBefore) * 1000.0 / lists);
        clientListCpuMs.push_back ((processCpuSeconds() - clientBefore) * 1000.0 / lists);

        // One call at a time: each page of 1,000 as the daemon answers it, without the client's
        // conversion. As DaemonClient does, a channel that takes a page's 8 MiB.
        {
            grpc::ChannelArguments arguments;
            arguments.SetMaxReceiveMessageSize (64 * 1024 * 1024);
            const auto stub = v1::Library::NewStub (grpc::CreateCustomChannel (daemon.apiAddress(), grpc::InsecureChannelCredentials(), arguments));
            for (int i = 0; i < lists; ++i)
                if (const auto given = timePages (*stub, pageMs); given != static_cast<std::size_t> (trackCount))
                {
                    std::printf ("restart %d: ListTracks page by page gave %zu tracks, not %d\n", restart + 1, given, trackCount);
                    ++failures;
                }
        }

        for (int i = 0; i < streams; ++i)
        {
            const auto& track = tracks[std::uniform_int_distribution<std::size_t> (0, tracks.size() - 1) (random)];
            const auto expected = readFileBytes (track.path);
            DaemonClient::StreamOptions options;
            options.stallTimeout = std::chrono::seconds (30);
            const auto opened = Clock::now();
            std::optional<double> firstMs;
            try
            {
                (void) daemon.client().stream (track.id, options, [&] (std::uint64_t at, std::string_view bytes, std::uint64_t)
                                               {
                    if (! firstMs)
                        firstMs = millisecondsBetween (opened, Clock::now());
                    if (at != 0 || expected.compare (0, bytes.size(), bytes) != 0)
                        throw std::runtime_error ("the first bytes of " + track.id + " are not its file's");
                    return false; });
                if (firstMs)
                    firstByteMs.push_back (*firstMs);
                else
                    throw std::runtime_error ("the stream of " + track.id + " ended with no byte");
            }
            catch (const std::exception& error)
            {
                std::printf ("restart %d: a stream failed: %s\n", restart + 1, error.what());
                ++failures;
            }
        }
        rssMb.push_back (static_cast<double> (sampleProcess (daemon.processId()).rssKiB) / 1024.0);
        std::printf ("restart %d: API %.0f ms, all seeding %.0f ms, RSS %.0f MB\n", restart + 1, apiMs.back(), seedingMs.back(), rssMb.back());
        (void) daemon.stop();
    }

    const auto most = [] (const std::vector<double>& values)
    { return values.empty() ? std::nan ("") : *std::max_element (values.begin(), values.end()); };
    rows.push_back ({ "start to API answering, median of restarts (ms)", format ("%.0f", percentile (apiMs, 0.5)), "-" });
    rows.push_back ({ "start to every track seeding, median (ms)", format ("%.0f", percentile (seedingMs, 0.5)), "<= 5000" });
    rows.push_back ({ "start to every track seeding, worst (ms)", format ("%.0f", most (seedingMs)), "<= 5000" });
    rows.push_back ({ "resident memory after lists and streams, most (MB)", format ("%.0f", most (rssMb)), "<= 300" });
    rows.push_back ({ "daemon CPU while seeding idle, 5 s (% of a core)", format ("%.1f", percentile (idleCpuPercent, 0.5)), "-" });
    rows.push_back ({ "ListTracks, every page, p50 (ms)", format ("%.1f", percentile (listMs, 0.5)), "-" });
    rows.push_back ({ "ListTracks, every page, p99 (ms)", format ("%.1f", percentile (listMs, 0.99)), "<= 50" });
    rows.push_back ({ "ListTracks, one call (a page of 1,000), p50 (ms)", format ("%.1f", percentile (pageMs, 0.5)), "-" });
    rows.push_back ({ "ListTracks, one call (a page of 1,000), p99 (ms)", format ("%.1f", percentile (pageMs, 0.99)), "-" });
    rows.push_back ({ "ListTracks, every page, daemon CPU per list (ms)", format ("%.1f", percentile (daemonListCpuMs, 0.5)), "-" });
    rows.push_back ({ "ListTracks, every page, client CPU per list (ms)", format ("%.1f", percentile (clientListCpuMs, 0.5)), "-" });
    rows.push_back ({ "Stream open to first byte, random track, p50 (ms)", format ("%.1f", percentile (firstByteMs, 0.5)), "-" });
    rows.push_back ({ "Stream open to first byte, random track, p99 (ms)", format ("%.1f", percentile (firstByteMs, 0.99)), "<= 50" });

    std::printf ("\none earshotd, %d tracks: %d restart(s), %d whole lists and %d streams after each\n", trackCount, restarts, lists, streams);
    std::printf ("%-56s %10s %10s\n", "figure", "value", "aim");
    for (const auto& row : rows)
        std::printf ("%-56s %10s %10s\n", row.what.c_str(), row.value.c_str(), row.aim.c_str());
    std::printf ("\nrestarts whose tracks were not all listed and seeding, and streams that failed: %d\n", failures);
    return failures == 0 ? 0 : 1;
}
