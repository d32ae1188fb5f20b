// How soon a follower sees an artist's post through the discovery hub: an artist daemon, a
// follower daemon and an earshot-hub on loopback; each trial, the artist posts a tour date
// (AddTourDate) and the follower's ListNews is polled every 5 ms until it shows. The path: the
// artist's hub outbox (HubSender's Submit), the hub's intake and WatchEvents stream, the follower's
// HubWatcher filing the post. Prints figures; it fails only when a post never arrives.
//
//   earshot_news_hub_bench [--trials N]

#include "BenchFigures.h"
#include "Support/DaemonProcess.h"
#include "Support/HubMessages.h"
#include "Support/HubProcess.h"

#include "Core/ChartScore.h"
#include "Core/Hex.h"
#include "Core/NewsRules.h"
#include "Daemon/Identity.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <optional>
#include <vector>

using namespace earshot;
using namespace earshot::bench;
using namespace earshot::testing;

namespace
{
    bool shows (DaemonProcess& daemon, const std::string& postId)
    {
        for (const auto& item : daemon.client().news().tourDates)
            if (item.postId == postId)
                return true;
        return false;
    }

    /** The times from AddTourDate called, and returning, to the follower's news showing it. */
    struct Delivery
    {
        double fromCallMs = 0.0;
        double fromReturnMs = 0.0;
    };

    /** Posts a tour date `days` ahead; nothing when the follower did not show it within a minute. */
    std::optional<Delivery> trial (DaemonProcess& artist, DaemonProcess& follower, int days)
    {
        const ClientTourDate date { newsRules::dateOfDay (chartScore::dayOf (hubNowMs()) + days), "Lisbon", "Musicbox", "" };
        const auto called = Clock::now();
        const auto postId = artist.client().addTourDate (date);
        const auto posted = Clock::now();
        if (! waitUntil ([&]
                         { return shows (follower, postId); },
                         std::chrono::seconds (60),
                         std::chrono::milliseconds (5)))
            return std::nullopt;
        const auto shown = Clock::now();
        return Delivery { millisecondsBetween (called, shown), millisecondsBetween (posted, shown) };
    }
} // namespace

int main (int argc, char** argv)
{
    CLI::App app { "Earshot news benchmark: an artist's post through the hub to a follower's news" };
    int trials = 10;
    app.add_option ("--trials", trials, "Posts timed")->capture_default_str()->check (CLI::Range (1, 300));
    CLI11_PARSE (app, argc, argv);
    std::setvbuf (stdout, nullptr, _IOLBF, 0);

    TemporaryDirectory root ("earshot-bench-news");
    HubProcess hub ((root.path() / "hub.sqlite3").string(), root.path() / "hub.log");
    DaemonProcess artist (root.path() / "artist", { "--name", "Ana", "--hub", hub.address() });
    DaemonProcess follower (root.path() / "follower", { "--name", "Rui", "--hub", hub.address() });
    artist.start();
    follower.start();
    (void) follower.client().follow (toHex (Identity::loadOrCreate (root.path() / "artist").publicKey()));

    std::printf ("== an artist's post through the hub to a follower's news\n");
    std::printf ("command: earshot_news_hub_bench --trials %d\n", trials);
    std::printf ("setup: earshot-hub (SQLite), an artist and a follower earshotd, all on loopback\n");
    std::printf ("measure: %d tour dates posted one after another; from AddTourDate returning on the artist (and\n"
                 "         from its call: the post leaves through the hub outbox while the call returns) to the\n"
                 "         follower's ListNews showing the post (polled every 5 ms); one untimed post first, so\n"
                 "         the follower's watch is open\n\n",
                 trials);

    if (! trial (artist, follower, 1).has_value())
    {
        std::fprintf (stderr, "the first post never reached the follower\n%s\n%s\n", follower.log().c_str(), hub.output().c_str());
        return 1;
    }
    std::vector<double> fromReturn;
    std::vector<double> fromCall;
    int lost = 0;
    for (int i = 0; i < trials; ++i)
    {
        if (const auto delivery = trial (artist, follower, 2 + i))
        {
            fromReturn.push_back (delivery->fromReturnMs);
            fromCall.push_back (delivery->fromCallMs);
        }
        else
            ++lost;
        std::fprintf (stderr, "\rpost %d/%d", i + 1, trials);
    }
    std::fprintf (stderr, "\n");

    std::printf ("%-44s %11s %9s %7s\n", "figure", "median (ms)", "p95 (ms)", "posts");
    const auto row = [] (const char* label, const std::vector<double>& values)
    { std::printf ("%-44s %11.1f %9.1f %7zu\n", label, percentile (values, 0.5), percentile (values, 0.95), values.size()); };
    row ("AddTourDate returned -> in follower's news", fromReturn);
    row ("AddTourDate called -> in follower's news", fromCall);
    std::printf ("posts that never arrived (within 60 s): %d\n", lost);
    return lost == 0 ? 0 : 1;
}
