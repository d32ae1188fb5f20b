#include "DiscoverCommands.h"

#include "Core/SearchFilters.h"
#include "JsonOutput.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

namespace earshot
{
    namespace
    {
        /** What the three commands were given. */
        struct Choices
        {
            CLI::App* charts = nullptr;
            std::string chartGenre;
            std::string chartPeriod = "week";
            std::uint32_t chartLimit = 20;

            CLI::App* artist = nullptr;
            std::string artistKeyOrName;
            std::uint32_t artistDays = 14;

            CLI::App* search = nullptr;
            std::string searchText;
            std::string searchGenre;
            std::string searchBpm;
            std::string searchKey;
            std::string searchDuration;
            std::uint32_t searchPage = 1;
        };

        constexpr std::uint32_t searchPageRows = 25;

        [[nodiscard]] ChartPeriod periodNamed (const std::string& name) noexcept
        {
            if (name == "day")
                return ChartPeriod::day;
            if (name == "all")
                return ChartPeriod::allTime;
            return ChartPeriod::week;
        }

        [[nodiscard]] std::string titleOf (const ClientHubTrack& track)
        {
            const auto& metadata = track.manifest.metadata;
            return metadata.title.empty() ? track.manifest.fileName : metadata.title;
        }

        void printTrackHeader (bool ranked)
        {
            std::printf ("%s%-28s  %-20s  %-12s  %9s  %6s  %7s  %8s  %s\n", ranked ? "rank  " : "", "title", "artist", "genre", "listeners", "passes", "seeders", "score", "track");
        }

        void printTrackRow (const ClientHubTrack& track, bool ranked)
        {
            if (ranked)
                std::printf ("%4u  ", track.rank);
            std::printf ("%-28.28s  %-20.20s  %-12.12s  %9llu  %6llu  %7llu  %8.2f  %s\n",
                         titleOf (track).c_str(),
                         track.artistName.c_str(),
                         track.manifest.metadata.genre.c_str(),
                         static_cast<unsigned long long> (track.listeners),
                         static_cast<unsigned long long> (track.passes),
                         static_cast<unsigned long long> (track.seeders),
                         track.score,
                         track.trackId.c_str());
        }

        [[nodiscard]] std::string dateOf (std::int64_t daysSinceEpoch)
        {
            const std::chrono::year_month_day date { std::chrono::sys_days { std::chrono::days { daysSinceEpoch } } };
            char text[16];
            std::snprintf (text, sizeof (text), "%04d-%02u-%02u", static_cast<int> (date.year()), static_cast<unsigned> (date.month()), static_cast<unsigned> (date.day()));
            return text;
        }

        void printCharts (DaemonClient& client, const Choices& choices, bool asJson)
        {
            ClientChartRequest request;
            request.genre = choices.chartGenre;
            request.period = periodNamed (choices.chartPeriod);
            request.limit = choices.chartLimit;
            const auto rows = client.chart (request);
            if (asJson)
            {
                jsonOutput::print (jsonOutput::chart (rows, choices.chartPeriod, choices.chartGenre));
                return;
            }
            if (rows.empty())
            {
                std::printf ("the %s chart%s is empty\n", choices.chartPeriod.c_str(), choices.chartGenre.empty() ? "" : (" of " + choices.chartGenre).c_str());
                return;
            }
            printTrackHeader (true);
            for (const auto& row : rows)
                printTrackRow (row, true);
        }

        void printArtist (DaemonClient& client, const Choices& choices, bool asJson)
        {
            const auto page = client.artist (choices.artistKeyOrName, choices.artistDays);
            if (asJson)
            {
                jsonOutput::print (jsonOutput::artistPage (page));
                return;
            }
            const auto& profile = page.profile;
            std::printf ("%s%s%s\nkey %s\n", profile.name.c_str(), profile.homeCity.empty() ? "" : ", ", profile.homeCity.c_str(), page.artistKeyHex.c_str());
            if (! profile.bio.empty())
                std::printf ("\n%s\n", profile.bio.c_str());
            for (const auto& link : profile.links)
                std::printf ("%s\n", link.c_str());
            std::printf ("\nlistens %llu  listeners %llu  passes %llu  seeders %llu  fan points %llu  followers %llu\n",
                         static_cast<unsigned long long> (page.listens),
                         static_cast<unsigned long long> (page.listeners),
                         static_cast<unsigned long long> (page.passes),
                         static_cast<unsigned long long> (page.seeders),
                         static_cast<unsigned long long> (page.fanPoints),
                         static_cast<unsigned long long> (page.followers));

            std::printf ("\n%7s  %5s  ", "overall", "genre");
            printTrackHeader (false);
            for (const auto& each : page.tracks)
            {
                const auto rank = [] (std::uint32_t place)
                { return place == 0 ? std::string ("-") : std::to_string (place); };
                std::printf ("%7s  %5s  ", rank (each.overallRank).c_str(), rank (each.genreRank).c_str());
                printTrackRow (each.track, false);
            }

            // A bar per day, scaled to the busiest: the shape of the last weeks at a glance.
            std::uint64_t busiest = 1;
            for (const auto& day : page.daily)
                busiest = std::max (busiest, day.listens + day.passes);
            constexpr std::uint64_t barWidth = 40;
            std::printf ("\n%-10s  %7s  %6s\n", "day", "listens", "passes");
            for (const auto& day : page.daily)
                std::printf ("%s  %7llu  %6llu  %s\n",
                             dateOf (day.day).c_str(),
                             static_cast<unsigned long long> (day.listens),
                             static_cast<unsigned long long> (day.passes),
                             std::string ((day.listens + day.passes) * barWidth / busiest, '#').c_str());
        }

        void printSearch (DaemonClient& client, const Choices& choices, bool asJson)
        {
            ClientSearchRequest request;
            request.text = choices.searchText;
            request.genre = choices.searchGenre;
            request.key = choices.searchKey;
            if (! choices.searchBpm.empty())
            {
                const auto bpm = searchFilters::parseBpmRange (choices.searchBpm);
                request.bpmMin = bpm.min;
                request.bpmMax = bpm.max;
            }
            if (! choices.searchDuration.empty())
            {
                const auto duration = searchFilters::parseDurationRange (choices.searchDuration);
                request.durationMinMs = duration.min;
                request.durationMaxMs = duration.max;
            }
            request.limit = searchPageRows;
            request.offset = (choices.searchPage - 1) * searchPageRows;
            const auto results = client.search (request);
            if (asJson)
            {
                jsonOutput::print (jsonOutput::searchResults (results, choices.searchPage, request.offset));
                return;
            }
            if (! results.tracks.empty())
            {
                printTrackHeader (false);
                for (const auto& row : results.tracks)
                    printTrackRow (row, false);
            }
            const auto first = static_cast<unsigned long long> (request.offset) + (results.tracks.empty() ? 0 : 1);
            std::printf ("%llu to %llu of %llu matches (page %u)\n",
                         first,
                         static_cast<unsigned long long> (request.offset + results.tracks.size()),
                         static_cast<unsigned long long> (results.total),
                         choices.searchPage);
        }
    } // namespace

    std::function<bool (DaemonClient&)> addDiscoverCommands (CLI::App& app, bool& asJson)
    {
        auto choices = std::make_shared<Choices>();

        choices->charts = app.add_subcommand ("charts", "The hub's chart, overall or for a genre (through earshotd's hub)");
        choices->charts->add_option ("--genre", choices->chartGenre, "Only this genre");
        choices->charts->add_option ("--period", choices->chartPeriod, "day, week or all (every day, older ones weighing less)")->check (CLI::IsMember ({ "day", "week", "all" }))->capture_default_str();
        choices->charts->add_option ("--limit", choices->chartLimit, "Rows, 1 to 100")->check (CLI::Range (1, 100))->capture_default_str();

        choices->artist = app.add_subcommand ("artist", "An artist's page on the hub: profile, figures, tracks and their ranks, and the last days");
        choices->artist->add_option ("artist", choices->artistKeyOrName, "The artist's key (64 hex digits) or name")->required();
        choices->artist->add_option ("--days", choices->artistDays, "Days of the daily series, 1 to 365")->check (CLI::Range (1, 365))->capture_default_str();

        choices->search = app.add_subcommand ("search", "Search the hub's tracks by title, artist and album, and filters");
        choices->search->add_option ("text", choices->searchText, "Words to find (empty: filters only)");
        choices->search->add_option ("--genre", choices->searchGenre, "Only this genre");
        choices->search->add_option ("--bpm", choices->searchBpm, "Tempo: 120-128, 120 (exactly), 120- (at least) or -128 (at most)");
        choices->search->add_option ("--key", choices->searchKey, "Musical key, e.g. Am or F#");
        choices->search->add_option ("--duration", choices->searchDuration, "Length: 2m-5m, 90s-, -3:15 (units h, m, s, or M:SS)");
        choices->search->add_option ("--page", choices->searchPage, "Page of 25 results, from 1")->check (CLI::Range (1, 10000))->capture_default_str();

        for (auto* each : { choices->charts, choices->artist, choices->search })
            each->add_flag ("--json", asJson, jsonOutput::flagHelp);

        return [choices, &asJson] (DaemonClient& client)
        {
            if (choices->charts->parsed())
                printCharts (client, *choices, asJson);
            else if (choices->artist->parsed())
                printArtist (client, *choices, asJson);
            else if (choices->search->parsed())
                printSearch (client, *choices, asJson);
            else
                return false;
            return true;
        };
    }
} // namespace earshot
