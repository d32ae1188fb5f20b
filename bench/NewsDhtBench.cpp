// How soon an artist's tour date reaches its followers through the DHT, with no hub: real earshotd
// processes on a private loopback DHT. Each trial posts a tour date (News.AddTourDate, through
// DaemonClient) and times, for every follower, how long until its news shows it. Prints the median
// and p95 over every follower of every trial, with the poll interval used. Never fails on time; it
// exits 1 when a follower never shows a post.
//
//   cmake --build build --target earshot_news_dht_bench && build/bin/earshot_news_dht_bench --trials 10

#include "BenchFigures.h"

#include "Core/Hex.h"
#include "Core/NewsRules.h"
#include "Support/DaemonProcess.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    /** Whether the follower's news shows a tour date in city. */
    bool shows (DaemonProcess& follower, const std::string& city)
    {
        const auto news = follower.client().news();
        return std::any_of (news.tourDates.begin(), news.tourDates.end(), [&city] (const ClientNewsItem& item)
                            { return item.tourDate.city == city; });
    }

    std::string dayFromNow (int days)
    {
        const auto today = std::chrono::duration_cast<std::chrono::days> (std::chrono::system_clock::now().time_since_epoch()).count();
        return newsRules::dateOfDay (today + days);
    }
} // namespace

int main (int argc, char** argv)
{
    CLI::App app { "Earshot news benchmark: an artist's tour date to its followers' news through a private DHT" };
    int trials = 10;
    int daemonCount = 6;
    int pollMs = 300;
    int timeoutSeconds = 60;
    app.add_option ("--trials", trials, "Tour dates posted, one after another")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--daemons", daemonCount, "Daemons on the DHT: the artist and its followers")->capture_default_str()->check (CLI::Range (2, 32));
    app.add_option ("--poll-ms", pollMs, "The followers' --feed-poll-ms")->capture_default_str()->check (CLI::Range (100, 600'000));
    app.add_option ("--timeout-s", timeoutSeconds, "How long a follower may take before the post counts as lost")->capture_default_str()->check (CLI::PositiveNumber);
    CLI11_PARSE (app, argc, argv);
    std::setvbuf (stdout, nullptr, _IOLBF, 0);

    TemporaryDirectory folder ("earshot-news-dht-bench");
    std::vector<std::unique_ptr<DaemonProcess>> daemons;
    std::vector<std::string> nodes;
    for (int i = 0; i < daemonCount; ++i)
    {
        std::vector<std::string> arguments { "--dht-private", "--feed-poll-ms", std::to_string (pollMs) };
        for (const auto& node : nodes)
            arguments.insert (arguments.end(), { "--dht-node", node });
        daemons.push_back (std::make_unique<DaemonProcess> (folder.path() / ("daemon" + std::to_string (i)), arguments));
        daemons.back()->start();
        nodes.push_back (daemons.back()->peerAddress());
    }
    auto& artist = *daemons.front();
    const auto keyFile = readFileBytes (artist.dataDirectory() / "identity.key");
    const auto artistKeyHex = toHex (std::string_view (keyFile).substr (32, 32));
    for (std::size_t i = 1; i < daemons.size(); ++i)
        daemons[i]->client().follow (artistKeyHex, "Bench Artist");

    std::printf ("command: earshot_news_dht_bench --trials %d --daemons %d --poll-ms %d\n", trials, daemonCount, pollMs);
    std::printf ("%d daemons on a private loopback DHT (1 artist, %d followers), followers poll every %d ms\n", daemonCount, daemonCount - 1, pollMs);

    std::vector<double> delays;
    int lost = 0;
    for (int trial = 0; trial < trials; ++trial)
    {
        const auto city = "City " + std::to_string (trial);
        artist.client().addTourDate ({ dayFromNow (30 + trial), city, "Bench Hall", "" });
        const auto posted = bench::Clock::now();
        std::vector<bool> arrived (daemons.size(), false);
        std::vector<double> trialDelays;
        const bool all = bench::waitUntil ([&]
                                           {
            for (std::size_t i = 1; i < daemons.size(); ++i)
                if (! arrived[i] && shows (*daemons[i], city))
                {
                    arrived[i] = true;
                    trialDelays.push_back (bench::millisecondsBetween (posted, bench::Clock::now()));
                }
            return trialDelays.size() + 1 == daemons.size(); },
                                           std::chrono::seconds (timeoutSeconds),
                                           std::chrono::milliseconds (10));
        if (! all)
            lost += static_cast<int> (daemons.size() - 1 - trialDelays.size());
        delays.insert (delays.end(), trialDelays.begin(), trialDelays.end());
        std::printf ("trial %d: %zu of %zu followers, slowest %.0f ms\n", trial + 1, trialDelays.size(), daemons.size() - 1, trialDelays.empty() ? 0.0 : *std::max_element (trialDelays.begin(), trialDelays.end()));
    }

    std::printf ("post to a follower's news: median %.0f ms, p95 %.0f ms over %zu deliveries (poll interval %d ms)\n", bench::percentile (delays, 0.5), bench::percentile (delays, 0.95), delays.size(), pollMs);
    if (lost > 0)
    {
        std::printf ("%d deliveries did not arrive within %d s\n", lost, timeoutSeconds);
        return 1;
    }
    return 0;
}
