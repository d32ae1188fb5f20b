// earshot-hub: the Earshot discovery hub. Takes the signed releases and reports of daemons and
// serves charts, artist pages and search over earshot.v1.Hub. See docs/ARCHITECTURE.md.

#include "HubIntake.h"
#include "HubService.h"
#include "HubStore.h"

#include "Core/DefaultLocations.h"
#include "Core/Error.h"
#include "Core/HubRules.h"
#include "Core/Version.h"
#include "Server/CallRunner.h"
#include "Server/StopSignals.h"
#include "Server/TcpServer.h"
#include "Swarm/Ed25519Verifier.h"

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <iostream>
#include <mutex>
#include <thread>

namespace
{
    using namespace earshot;

    /** Stops counting seeders that went quiet, every interval, until stopped: so that a chart
        query never has to look at when each seeder last reported. */
    class SeederExpiry final
    {
    public:
        SeederExpiry (HubStore& store, SeedRules rules, std::chrono::milliseconds interval)
            : thread ([this, &store, rules, interval]
                      { run (store, rules, interval); })
        {
        }

        ~SeederExpiry()
        {
            {
                const std::scoped_lock lock (mutex);
                stopping = true;
            }
            wake.notify_all();
            thread.join();
        }

    private:
        void run (HubStore& store, SeedRules rules, std::chrono::milliseconds interval)
        {
            std::unique_lock lock (mutex);
            while (! wake.wait_for (lock, interval, [this]
                                    { return stopping; }))
            {
                lock.unlock();
                try
                {
                    const auto now = std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count();
                    store.expireSeeders (now, rules);
                }
                catch (const Error& error)
                {
                    spdlog::warn ("expiring quiet seeders: {}", error.what());
                }
                lock.lock();
            }
        }

        std::mutex mutex;
        std::condition_variable wake;
        bool stopping = false;
        std::thread thread;
    };
} // namespace

int main (int argc, char** argv)
{
    CLI::App app { "earshot-hub: the Earshot discovery hub. Takes the releases and reports daemons sign, and serves charts, artist pages and search." };
    app.set_version_flag ("--version", std::string ("earshot-hub ") + projectVersion);

    std::string listen = "127.0.0.1:7780";
    std::string database = (defaultDataDirectory().parent_path() / "earshot-hub" / "hub.sqlite3").string();
    int maxListensPerDay = ListenRules {}.maxPerListenerPerDay;
    int maxReportersPerNetwork = ListenRules {}.maxReportersPerNetworkPerDay;
    int threads = 4;
    app.add_option ("--listen", listen, "HOST:PORT to serve earshot.v1.Hub on")->capture_default_str();
    app.add_option ("--database", database, "a SQLite file (created if missing), or a PostgreSQL URI (postgresql://user@host/dbname) for several hubs sharing one catalogue")->capture_default_str();
    app.add_option ("--max-listens-per-day", maxListensPerDay, "the most tracks one listener's listens count for in a UTC day")->capture_default_str()->check (CLI::Range (1, 100000));
    app.add_option ("--max-reporters-per-network", maxReportersPerNetwork, "the most keys whose reports count from one network (IPv4 /24, IPv6 /48) in a UTC day")->capture_default_str()->check (CLI::Range (1, 1000000));
    app.add_option ("--threads", threads, "calls answered side by side")->capture_default_str()->check (CLI::Range (1, 64));
    CLI11_PARSE (app, argc, argv);

    // Taken by waitForStopSignal below; every thread started from here on inherits the mask.
    blockStopSignals();

    try
    {
        if (! isPostgresLocation (database))
            std::filesystem::create_directories (std::filesystem::path (database).parent_path());
        const auto store = openHubStore (database);

        HubIntake::Rules rules;
        rules.listens.maxPerListenerPerDay = maxListensPerDay;
        rules.listens.maxReportersPerNetworkPerDay = maxReportersPerNetwork;
        const Ed25519Verifier verifier;
        HubIntake intake (*store, verifier, rules);
        CallRunner calls { "earshot-hub", threads };
        HubService service (*store, intake, calls);

        auto [server, port] = serveOnTcp (listen, service, v1::Hub::service_full_name(), hubRules::maxMessageBytes, "the hub", "--listen");

        const SeederExpiry expiry (*store, rules.seeding, std::chrono::minutes (10));
        const auto host = listen.substr (0, listen.rfind (':'));
        std::cout << "earshot-hub ready: api " << host << ":" << port << ", database " << (isPostgresLocation (database) ? std::string ("PostgreSQL") : database) << std::endl;

        const int received = waitForStopSignal();
        spdlog::info ("stopping (signal {})", received);
        calls.stop();
        server->Shutdown (std::chrono::system_clock::now() + std::chrono::milliseconds (250));
        return 0;
    }
    catch (const std::exception& error) // Error, and anything else that names what failed
    {
        std::cerr << "earshot-hub: " << error.what() << "\n";
        return 1;
    }
}
