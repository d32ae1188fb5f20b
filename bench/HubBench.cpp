// HubBench: the discovery hub at scale. Loads a catalogue (100,000 releases by 5,000 artists over
// 12 genres) and a month of reports (1,000,000 listens by 50,000 listeners, passes, seed reports)
// into SQLite and PostgreSQL side by side, then measures how fast reports are filed (through the
// store in batches, through HubIntake message by message with real Ed25519 signatures, and over
// gRPC into a real earshot-hub) and how long charts, searches and artist pages take (through the
// store and over gRPC). Prints figures; never passes or fails on time.

#include "BenchFigures.h"
#include "Core/ChartScore.h"
#include "Hub/HubIntake.h"
#include "HubWorld.h"
#include "ProtoConvert.h"
#include "Support/HubProcess.h"
#include "Support/PostgresCluster.h"
#include "Swarm/Ed25519Verifier.h"

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include <array>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sys/utsname.h>
#include <unistd.h>

using namespace earshot;
using namespace earshot::bench;

namespace
{
    struct Options
    {
        HubWorldSize size;
        int sample = 0;
        int grpcSubmits = 0;
        int grpcThreads = 4;
        int queries = 300;
        std::string backends = "both";
        std::uint64_t seed = 1;
    };

    /** Figures by row, one column per backend, in the order they were first recorded. */
    class Table final
    {
    public:
        void record (int backend, const std::string& what, const std::string& unit, double value)
        {
            auto row = std::find_if (rows.begin(), rows.end(), [&] (const Row& r)
                                     { return r.what == what; });
            if (row == rows.end())
                row = rows.insert (rows.end(), Row { what, unit, { std::nan (""), std::nan ("") } });
            row->values[static_cast<std::size_t> (backend)] = value;
        }

        void print() const
        {
            std::printf ("\n%-58s %-10s %12s %12s %10s\n", "", "", "SQLite", "PostgreSQL", "PG/SQLite");
            for (const auto& row : rows)
            {
                const auto [sqlite, postgres] = row.values;
                std::printf ("%-58s %-10s %12s %12s %10s\n", row.what.c_str(), row.unit.c_str(), number (sqlite).c_str(), number (postgres).c_str(), std::isnan (sqlite) || std::isnan (postgres) || sqlite == 0.0 ? "" : number (postgres / sqlite, 2).c_str());
            }
        }

    private:
        struct Row
        {
            std::string what;
            std::string unit;
            std::array<double, 2> values;
        };

        static std::string number (double value, int decimals = -1)
        {
            if (std::isnan (value))
                return "-";
            if (decimals < 0)
                decimals = value >= 100.0 ? 0 : (value >= 10.0 ? 1 : (value >= 1.0 ? 2 : 3));
            char text[32];
            std::snprintf (text, sizeof (text), "%.*f", decimals, value);
            return text;
        }

        std::vector<Row> rows;
    };

    [[nodiscard]] std::int64_t wallClockMs()
    {
        return std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count();
    }

    void check (bool condition, const std::string& what)
    {
        if (! condition)
            throw std::runtime_error ("the hub answered wrongly: " + what);
    }

    /** Runs each of items' work in store batches of batchSize; returns items per second. */
    template <typename Item, typename Work>
    double inBatches (HubStore& store, const std::vector<Item>& items, std::size_t batchSize, Work&& work)
    {
        const auto start = Clock::now();
        for (std::size_t first = 0; first < items.size(); first += batchSize)
            store.batch ([&]
                         {
                             for (auto i = first; i < std::min (items.size(), first + batchSize); ++i)
                                 work (items[i]); });
        return static_cast<double> (items.size()) / std::max (1e-9, millisecondsBetween (start, Clock::now()) / 1000.0);
    }

    /** Times each of count calls of query (given its index); records p50 and p99. */
    void latencies (Table& table, int backend, const std::string& what, int count, const std::function<void (int)>& query)
    {
        std::vector<double> times;
        for (int i = 0; i < count; ++i)
        {
            const auto start = Clock::now();
            query (i);
            times.push_back (millisecondsBetween (start, Clock::now()));
        }
        table.record (backend, what + " p50", "ms", percentile (times, 0.5));
        table.record (backend, what + " p99", "ms", percentile (times, 0.99));
    }

    const std::array<std::pair<ChartPeriod, const char*>, 3> periods { { { ChartPeriod::day, "day" }, { ChartPeriod::week, "week" }, { ChartPeriod::allTime, "all time" } } };

    [[nodiscard]] v1::SearchRequest searchRequest (const SearchQuery& query)
    {
        v1::SearchRequest request;
        request.set_text (query.text);
        request.set_genre (query.genre.value_or (""));
        request.set_bpm_min (query.bpmMin.value_or (0.0));
        request.set_bpm_max (query.bpmMax.value_or (0.0));
        request.set_key (query.musicalKey.value_or (""));
        request.set_duration_min_ms (static_cast<std::uint64_t> (query.durationMinMs.value_or (0)));
        request.set_duration_max_ms (static_cast<std::uint64_t> (query.durationMaxMs.value_or (0)));
        request.set_limit (static_cast<std::uint32_t> (query.limit));
        return request;
    }

    /** Loads the catalogue and the month of reports through the store's own API, in batches. */
    void load (HubStore& store, const HubWorld& world, Table& table, int backend, const char* name)
    {
        const auto& size = world.size();
        const HubIntake::Rules rules {};
        std::vector<Release> releases;
        for (int i = 0; i < size.tracks; ++i)
            releases.push_back (world.release (i));

        auto start = Clock::now();
        (void) inBatches (store, world.profiles(), 1000, [&] (const ArtistProfile& profile)
                          { store.putProfile (profile); });
        const auto releasesPerSecond = inBatches (store, releases, 2000, [&] (const Release& release)
                                                  { store.putRelease (release); });
        table.record (backend, "load: releases (store, batches of 2,000)", "records/s", releasesPerSecond);
        std::printf ("%s: %d profiles and %d releases loaded in %.1f s\n", name, size.artists, size.tracks, millisecondsBetween (start, Clock::now()) / 1000.0);
        std::fflush (stdout);

        const auto listens = world.listens (11);
        std::int64_t counted = 0;
        start = Clock::now();
        const auto listensPerSecond = inBatches (store, listens, 10'000, [&] (const ListenReport& report)
                                                 { counted += store.addListen (report, rules.listens, rules.weights) == ListenOutcome::counted ? 1 : 0; });
        table.record (backend, "load: listens (store, batches of 10,000)", "reports/s", listensPerSecond);
        std::printf ("%s: %zu listens (%lld counted, the rest repeats) loaded in %.1f s\n", name, listens.size(), static_cast<long long> (counted), millisecondsBetween (start, Clock::now()) / 1000.0);
        check (counted > static_cast<std::int64_t> (listens.size()) / 2, "fewer than half the listens counted");

        const auto passes = world.passes (12);
        table.record (backend, "load: passes landed (store, batches of 5,000)", "reports/s", inBatches (store, passes, 5000, [&] (const PassReport& report)
                                                                                                        { (void) store.addPass (report, rules.weights); }));
        const auto seeding = world.seeding (13);
        table.record (backend, "load: seed reports of 20-100 tracks (store)", "reports/s", inBatches (store, seeding, 500, [&] (const SeedReport& report)
                                                                                                      { (void) store.setSeeding (report, rules.seeding); }));
        std::printf ("%s: %zu passes and %zu seed reports loaded\n", name, passes.size(), seeding.size());
        std::fflush (stdout);
    }

    /** Files pre-signed messages through HubIntake one by one (a transaction each), or in batches
        of batchSize; returns messages per second and how many counted. */
    std::pair<double, int> intakeRate (HubStore& store, HubIntake& intake, const HubWorld& world, const std::vector<v1::SignedHubMessage>& messages, std::size_t batchSize = 0)
    {
        int counted = 0;
        const auto file = [&] (const v1::SignedHubMessage& message)
        { counted += intake.submit (message, world.now(), HubWorld::networkOf (world.listenerOf (message))) ? 1 : 0; };
        const auto start = Clock::now();
        if (batchSize == 0)
            std::for_each (messages.begin(), messages.end(), file);
        else
            (void) inBatches (store, messages, batchSize, file);
        return { static_cast<double> (messages.size()) / std::max (1e-9, millisecondsBetween (start, Clock::now()) / 1000.0), counted };
    }

    void measureIntake (HubStore& store, const HubWorld& world, const Options& options, Table& table, int backend)
    {
        const Ed25519Verifier verifier;
        HubIntake intake (store, verifier, {});
        const auto sample = options.sample;
        const auto seed = options.seed * 100 + static_cast<std::uint64_t> (backend);

        std::vector<v1::SignedHubMessage> releases;
        for (int i = 0; i < std::max (20, sample / 20); ++i)
            releases.push_back (world.signedRelease (world.size().tracks + backend * 1'000'000 + i, world.now() - 1000));
        const auto [releaseRate, releasesFiled] = intakeRate (store, intake, world, releases);
        check (releasesFiled == static_cast<int> (releases.size()), "a signed release was not filed");
        table.record (backend, "intake: release, verified, 1 transaction each", "msgs/s", releaseRate);

        const auto listens = world.signedListens (sample, world.now(), seed);
        const auto [listenRate, listensCounted] = intakeRate (store, intake, world, listens);
        check (listensCounted > 0, "no signed listen counted");
        table.record (backend, "intake: listen, verified, 1 transaction each", "msgs/s", listenRate);

        const auto batched = world.signedListens (sample, world.now(), seed + 7);
        table.record (backend, "intake: listen, verified, batches of 1,000", "msgs/s", intakeRate (store, intake, world, batched, 1000).first);

        const auto passes = world.signedPasses (std::max (10, sample / 10), world.now(), seed);
        const auto [passRate, passesCounted] = intakeRate (store, intake, world, passes);
        check (passesCounted > 0, "no signed pass counted");
        table.record (backend, "intake: pass landed (2 signatures), 1 transaction each", "msgs/s", passRate);

        const auto seeding = world.signedSeeding (std::max (10, sample / 100), world.now(), seed);
        table.record (backend, "intake: seed report of 50 tracks, 1 transaction each", "msgs/s", intakeRate (store, intake, world, seeding).first);
    }

    /** Charts, searches and artist pages through the store. */
    void measureStoreQueries (HubStore& store, const HubWorld& world, const Options& options, Table& table, int backend)
    {
        std::mt19937_64 random (options.seed + 20);
        const auto n = options.queries;
        for (const auto& [period, periodName] : periods)
        {
            latencies (table, backend, std::string ("store: chart, all genres, ") + periodName, n, [&] (int i)
                       { check (! store.chart ({ std::nullopt, period, world.now(), 100, (i % 3) * 100, {} }).empty() || i % 3 != 0, "an empty chart"); });
            latencies (table, backend, std::string ("store: chart, one genre, ") + periodName, n, [&] (int)
                       { (void) store.chart ({ world.genre (random), period, world.now(), 100, 0, {} }); });
        }
        latencies (table, backend, "store: search, text", n, [&] (int)
                   { check (store.search (world.textQuery (random)).total > 0, "a title's word found nothing"); });
        latencies (table, backend, "store: search, text and a filter", n, [&] (int)
                   { (void) store.search (world.textAndFilterQuery (random)); });
        latencies (table, backend, "store: search, filters only", n, [&] (int)
                   { (void) store.search (world.filterQuery (random)); });
        latencies (table, backend, "store: artist page, 30 days", n, [&] (int)
                   {
                       const auto made = world.release (std::uniform_int_distribution<int> (0, world.size().tracks - 1) (random));
                       check (! store.artistPage (made.artistKey, world.now(), 30).tracks.empty(), "an artist page without tracks"); });
    }

    /** A real earshot-hub on the same database: Submits from several client threads, then queries. */
    void measureGrpc (const std::string& location, const std::filesystem::path& folder, const HubWorld& world, const Options& options, Table& table, int backend)
    {
        testing::HubProcess hub (location, folder / ("hub-" + std::to_string (backend) + ".log"), { "--max-reporters-per-network", "1000000" });
        auto& api = hub.api();

        // Signed now, by the hub's clock, outside the timed part.
        const auto messages = world.signedListens (options.grpcSubmits, wallClockMs(), options.seed * 1000 + static_cast<std::uint64_t> (backend));
        std::atomic<std::size_t> next { 0 };
        std::atomic<int> failed { 0 };
        std::string firstFailure;
        std::vector<std::thread> clients;
        const auto start = Clock::now();
        for (int t = 0; t < options.grpcThreads; ++t)
            clients.emplace_back ([&]
                                  {
                                      for (auto i = next++; i < messages.size(); i = next++)
                                      {
                                          grpc::ClientContext context;
                                          v1::SubmitResponse response;
                                          const auto status = api.Submit (&context, messages[i], &response);
                                          if (! status.ok() && failed++ == 0)
                                              firstFailure = status.error_message();
                                      } });
        for (auto& client : clients)
            client.join();
        const auto seconds = millisecondsBetween (start, Clock::now()) / 1000.0;
        check (failed == 0, std::to_string (failed.load()) + " Submits failed, the first with: " + firstFailure);
        table.record (backend, "gRPC: Submit listen, " + std::to_string (options.grpcThreads) + " client threads", "msgs/s", static_cast<double> (messages.size()) / std::max (1e-9, seconds));

        std::mt19937_64 random (options.seed + 30);
        const auto n = options.queries;
        const auto call = [] (auto method, const auto& request, auto& response)
        {
            grpc::ClientContext context;
            const auto status = method (&context, request, &response);
            check (status.ok(), "a query failed: " + status.error_message());
        };
        for (const auto& [period, periodName] : periods)
        {
            latencies (table, backend, std::string ("gRPC: GetChart, all genres, ") + periodName, n, [&] (int i)
                       {
                           v1::GetChartRequest request;
                           request.set_period (toProto (period));
                           request.set_offset (static_cast<std::uint32_t> ((i % 3) * 100));
                           v1::GetChartResponse response;
                           call ([&] (auto* c, const auto& q, auto* r) { return api.GetChart (c, q, r); }, request, response); });
            latencies (table, backend, std::string ("gRPC: GetChart, one genre, ") + periodName, n, [&] (int)
                       {
                           v1::GetChartRequest request;
                           request.set_period (toProto (period));
                           request.set_genre (world.genre (random));
                           v1::GetChartResponse response;
                           call ([&] (auto* c, const auto& q, auto* r) { return api.GetChart (c, q, r); }, request, response); });
        }
        const auto search = [&] (const SearchQuery& query)
        {
            v1::SearchResponse response;
            call ([&] (auto* c, const auto& q, auto* r)
                  { return api.Search (c, q, r); },
                  searchRequest (query),
                  response);
            return response;
        };
        latencies (table, backend, "gRPC: Search, text", n, [&] (int)
                   { check (search (world.textQuery (random)).total() > 0, "a title's word found nothing"); });
        latencies (table, backend, "gRPC: Search, text and a filter", n, [&] (int)
                   { (void) search (world.textAndFilterQuery (random)); });
        latencies (table, backend, "gRPC: Search, filters only", n, [&] (int)
                   { (void) search (world.filterQuery (random)); });
        latencies (table, backend, "gRPC: GetArtist, 30 days", n, [&] (int)
                   {
                       v1::GetArtistRequest request;
                       request.set_artist_key (keyBytes (world.release (std::uniform_int_distribution<int> (0, world.size().tracks - 1) (random)).artistKey));
                       request.set_days (30);
                       v1::GetArtistResponse response;
                       call ([&] (auto* c, const auto& q, auto* r) { return api.GetArtist (c, q, r); }, request, response);
                       check (response.tracks_size() > 0, "an artist page without tracks"); });
    }

    void runBackend (int backend, const std::string& location, const std::filesystem::path& folder, const HubWorld& world, const Options& options, Table& table)
    {
        const auto name = backend == 0 ? "SQLite" : "PostgreSQL";
        const auto start = Clock::now();
        {
            auto store = openHubStore (location);
            load (*store, world, table, backend, name);
            measureIntake (*store, world, options, table, backend);
            measureStoreQueries (*store, world, options, table, backend);
        }
        measureGrpc (location, folder, world, options, table, backend);
        std::printf ("%s: done in %.0f s\n", name, millisecondsBetween (start, Clock::now()) / 1000.0);
        std::fflush (stdout);
    }

    void printMachine (int argc, char** argv, const Options& options)
    {
        std::string cpu = "unknown CPU";
        std::string memory;
        std::ifstream cpuInfo ("/proc/cpuinfo");
        for (std::string line; std::getline (cpuInfo, line);)
            if (line.rfind ("model name", 0) == 0)
            {
                cpu = line.substr (line.find (':') + 2);
                break;
            }
        std::ifstream memInfo ("/proc/meminfo");
        std::getline (memInfo, memory);
        utsname system {};
        ::uname (&system);

        std::printf ("HubBench:");
        for (int i = 0; i < argc; ++i)
            std::printf (" %s", argv[i]);
        std::printf ("\nmachine: %s, %u hardware threads, %s; %s %s\n", cpu.c_str(), std::thread::hardware_concurrency(), memory.c_str(), system.sysname, system.release);
        const auto& size = options.size;
        std::printf ("N: %d releases by %d artists in %zu genres; %d listens by %d listeners over %d days (Zipf popularity); "
                     "%d passes; %d seed reports\n",
                     size.tracks,
                     size.artists,
                     HubWorld::genres().size(),
                     size.listens,
                     size.listeners,
                     size.days,
                     size.passes,
                     size.seeders);
        std::printf ("intake sample %d signed listens (and releases, passes, seed reports); %d gRPC Submits; %d queries of each kind\n",
                     options.sample,
                     options.grpcSubmits,
                     options.queries);
        std::printf ("SQLite: a file (WAL, synchronous=NORMAL); PostgreSQL 15: a throwaway cluster on a unix socket (fsync off)\n");
        std::printf ("The bulk is loaded through HubStore's own API in batched transactions (HubStore::batch); filing each "
                     "message through HubIntake, signature checked, one transaction each, is timed on the sample.\n\n");
        std::fflush (stdout);
    }
} // namespace

int main (int argc, char** argv)
{
    CLI::App app ("The discovery hub at scale: ingest rates and query latencies on SQLite and PostgreSQL");
    Options options;
    auto& size = options.size;
    int artists = 0, listeners = 0, passes = -1, seeders = -1;
    app.add_option ("--tracks", size.tracks, "releases in the catalogue")->capture_default_str()->check (CLI::Range (10, 10'000'000));
    app.add_option ("--listens", size.listens, "listen reports over the month")->capture_default_str()->check (CLI::Range (100, 100'000'000));
    app.add_option ("--artists", artists, "artist keys (default: a release in 20)");
    app.add_option ("--listeners", listeners, "listener keys (default: a listener for 20 listens)");
    app.add_option ("--passes", passes, "passes landed (default: a listen in 50)");
    app.add_option ("--seeders", seeders, "seed reports (default: a listener in 25)");
    app.add_option ("--sample", options.sample, "signed listens filed through HubIntake (default: a listen in 50, 200 to 20,000)");
    app.add_option ("--grpc-submits", options.grpcSubmits, "listens submitted to earshot-hub over gRPC (default: as --sample)");
    app.add_option ("--grpc-threads", options.grpcThreads, "client threads submitting")->capture_default_str()->check (CLI::Range (1, 64));
    app.add_option ("--queries", options.queries, "queries of each kind")->capture_default_str()->check (CLI::Range (1, 100'000));
    app.add_option ("--backends", options.backends, "sqlite, postgres or both")->capture_default_str()->check (CLI::IsMember ({ "sqlite", "postgres", "both" }));
    app.add_option ("--seed", options.seed, "what the made-up world is made from")->capture_default_str();
    CLI11_PARSE (app, argc, argv);

    size.artists = artists > 0 ? artists : std::max (1, size.tracks / 20);
    size.listeners = listeners > 0 ? listeners : std::max (20, size.listens / 20);
    size.passes = passes >= 0 ? passes : size.listens / 50;
    size.seeders = seeders >= 0 ? seeders : std::max (1, size.listeners / 25);
    if (options.sample <= 0)
        options.sample = std::clamp (size.listens / 50, 200, 20'000);
    if (options.grpcSubmits <= 0)
        options.grpcSubmits = options.sample;
    printMachine (argc, argv, options);

    const auto folder = std::filesystem::temp_directory_path() / ("earshot-hub-bench-" + std::to_string (::getpid()));
    try
    {
        std::filesystem::create_directories (folder);
        auto start = Clock::now();
        const HubWorld world (size, wallClockMs(), options.seed);
        std::printf ("made the world (%d keys, %d releases) in %.1f s\n", size.artists + size.listeners, size.tracks, millisecondsBetween (start, Clock::now()) / 1000.0);
        std::fflush (stdout);

        Table table;
        if (options.backends != "postgres")
            runBackend (0, (folder / "hub.sqlite").string(), folder, world, options, table);
        if (options.backends != "sqlite")
        {
            testing::PostgresCluster cluster;
            runBackend (1, cluster.createDatabase ("hub_bench"), folder, world, options, table);
        }
        table.print();
    }
    catch (const std::exception& error)
    {
        std::fprintf (stderr, "HubBench failed: %s\n", error.what());
        std::filesystem::remove_all (folder);
        return 1;
    }
    std::filesystem::remove_all (folder);
    return 0;
}
