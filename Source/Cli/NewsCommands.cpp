#include "NewsCommands.h"

#include "Core/QuoteInput.h"
#include "JsonOutput.h"
#include "LocalTime.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace earshot
{
    namespace
    {
        /** What the news commands were given. */
        struct NewsChoices
        {
            CLI::App* follow = nullptr;
            CLI::App* unfollow = nullptr;
            std::string artist;
            CLI::App* following = nullptr;

            CLI::App* tourAdd = nullptr;
            ClientTourDate date;
            CLI::App* tourList = nullptr;
            bool allDates = false;
            CLI::App* tourRemove = nullptr;
            std::string postId;

            CLI::App* news = nullptr;
            bool watch = false;
            std::optional<std::string> homeCity;
        };

        [[nodiscard]] std::string lowerCase (std::string text)
        {
            std::transform (text.begin(), text.end(), text.begin(), [] (unsigned char c)
                            { return static_cast<char> (std::tolower (c)); });
            return text;
        }

        [[nodiscard]] std::string nameOf (const ClientFollowedArtist& artist)
        {
            return artist.name.empty() ? std::string ("(no name yet)") : artist.name;
        }

        /** The key of an artist followed here by the name given (case ignored), or the key given. */
        [[nodiscard]] std::string followedKey (DaemonClient& client, const std::string& keyOrName)
        {
            const auto artists = client.following();
            std::vector<ClientFollowedArtist> named;
            for (const auto& each : artists)
            {
                if (lowerCase (each.artistKeyHex) == lowerCase (keyOrName))
                    return each.artistKeyHex;
                if (! each.name.empty() && lowerCase (each.name) == lowerCase (keyOrName))
                    named.push_back (each);
            }
            if (named.size() == 1)
                return named.front().artistKeyHex;
            if (named.empty())
                throw Error (ErrorCode::notFound, "no artist followed here is called " + quoteInput (keyOrName) + "; `earshot following` lists them");
            std::string keys;
            for (const auto& each : named)
                keys += " " + each.artistKeyHex;
            throw Error (ErrorCode::invalidArgument, std::to_string (named.size()) + " artists followed here are called " + quoteInput (keyOrName) + "; unfollow one by its key:" + keys);
        }

        void follow (DaemonClient& client, const std::string& keyOrName)
        {
            const auto [artist, added] = client.follow (keyOrName);
            std::printf ("%s %s\nkey %s\n", added ? "following" : "already following", nameOf (artist).c_str(), artist.artistKeyHex.c_str());
        }

        void unfollow (DaemonClient& client, const std::string& keyOrName)
        {
            const auto key = followedKey (client, keyOrName);
            if (client.unfollow (key))
                std::printf ("unfollowed %s\n", key.c_str());
            else
                std::printf ("not following %s\n", key.c_str());
        }

        void listFollowing (DaemonClient& client, bool asJson)
        {
            const auto artists = client.following();
            if (asJson)
            {
                jsonOutput::print (jsonOutput::following (artists));
                return;
            }
            if (artists.empty())
            {
                std::printf ("following nobody yet: `earshot follow NAME` (an artist on the hub) or `earshot follow KEY`\n");
                return;
            }
            std::printf ("%-24s  %-64s  %-19s  %s\n", "artist", "key", "following since", "last news");
            for (const auto& each : artists)
                std::printf ("%-24.24s  %s  %-19s  %s\n", nameOf (each).c_str(), each.artistKeyHex.c_str(), localTime (each.followedAtMs).c_str(), localTime (each.lastNewsMs).c_str());
        }

        void listTourDates (DaemonClient& client, bool all, bool asJson)
        {
            const auto dates = client.tourDates (all);
            if (asJson)
            {
                jsonOutput::print (jsonOutput::tourDates (dates));
                return;
            }
            if (dates.empty())
            {
                std::printf ("no %stour dates posted: `earshot tour add --date YYYY-MM-DD --city CITY --venue VENUE`\n", all ? "" : "upcoming ");
                return;
            }
            std::printf ("%-10s  %-20s  %-24s  %-32s  %s\n", "date", "city", "venue", "id", "link");
            for (const auto& each : dates)
                std::printf ("%-10s  %-20.20s  %-24.24s  %-32s  %s\n", each.date.date.c_str(), each.date.city.c_str(), each.date.venue.c_str(), each.postId.c_str(), each.date.link.c_str());
        }

        void printRelease (const ClientNewsItem& item)
        {
            const auto tracks = item.tracks.size();
            std::printf ("%s  %-24.24s  %s (%zu track%s)  key %s\n", localTime (item.postedAtMs).c_str(), item.artistName.c_str(), item.title.c_str(), tracks, tracks == 1 ? "" : "s", item.artistKeyHex.c_str());
        }

        void printTourDate (const ClientNewsItem& item)
        {
            const auto& date = item.tourDate;
            std::printf ("%s %-10s  %-20.20s  %-24.24s  %-24.24s  %s%s\n",
                         item.inHomeCity ? "*" : " ",
                         date.date.c_str(),
                         date.city.c_str(),
                         date.venue.c_str(),
                         item.artistName.c_str(),
                         item.cancelled ? "CANCELLED " : "",
                         date.link.c_str());
        }

        void printNews (const ClientNews& news, const std::string& homeCity)
        {
            std::printf ("new releases\n");
            if (news.releases.empty())
                std::printf ("  none yet\n");
            for (const auto& each : news.releases)
                printRelease (each);
            std::printf ("\ntour dates%s\n", homeCity.empty() ? " (no home city: set one with `earshot news --home-city CITY`)" : (" (* in " + homeCity + ", your home city)").c_str());
            if (news.tourDates.empty())
                std::printf ("  none coming up\n");
            for (const auto& each : news.tourDates)
                printTourDate (each);
        }

        /** The post ids of the tour dates called off. */
        [[nodiscard]] std::set<std::string> cancelledIn (const ClientNews& news)
        {
            std::set<std::string> ids;
            for (const auto& each : news.tourDates)
                if (each.cancelled)
                    ids.insert (each.postId);
            return ids;
        }

        /** Prints the news, then what is filed after it, about once a second until interrupted. */
        void showNews (DaemonClient& client, const NewsChoices& choices, const std::atomic<bool>& interrupted, bool asJson)
        {
            if (choices.homeCity)
                client.setHomeCity (*choices.homeCity);
            if (asJson)
            {
                jsonOutput::print (jsonOutput::news (client.news(), client.homeCity()));
                return;
            }
            if (client.following().empty())
                std::printf ("following nobody yet: `earshot follow NAME` (an artist on the hub) or `earshot follow KEY`\n\n");
            auto news = client.news();
            printNews (news, client.homeCity());
            std::fflush (stdout);
            if (! choices.watch)
                return;

            auto lastId = news.lastId;
            auto calledOff = cancelledIn (news);
            while (! interrupted.load())
            {
                for (int tick = 0; tick < 10 && ! interrupted.load(); ++tick)
                    std::this_thread::sleep_for (std::chrono::milliseconds (100));
                if (interrupted.load())
                    break;
                const auto filed = client.news (lastId);
                for (const auto& each : filed.releases)
                {
                    std::printf ("new release: ");
                    printRelease (each);
                }
                for (const auto& each : filed.tourDates)
                {
                    std::printf ("new tour date: ");
                    printTourDate (each);
                }
                // Something else was filed: a cancellation, which marks a date filed before.
                if (filed.lastId > lastId && filed.releases.empty() && filed.tourDates.empty())
                {
                    for (const auto& each : client.news().tourDates)
                        if (each.cancelled && calledOff.insert (each.postId).second)
                        {
                            std::printf ("called off: ");
                            printTourDate (each);
                        }
                }
                lastId = std::max (lastId, filed.lastId);
                std::fflush (stdout);
            }
        }
    } // namespace

    CommandRun addNewsCommands (CLI::App& app, const std::atomic<bool>& interrupted, bool& asJson)
    {
        auto choices = std::make_shared<NewsChoices>();

        choices->follow = app.add_subcommand ("follow", "Follow an artist: its new releases and tour dates come to `earshot news`");
        choices->follow->add_option ("artist", choices->artist, "The artist's key (64 hex digits), or its name on the hub")->required();
        choices->unfollow = app.add_subcommand ("unfollow", "Stop following an artist (its news here goes too)");
        choices->unfollow->add_option ("artist", choices->artist, "The artist's key, or the name of an artist followed here")->required();
        choices->following = app.add_subcommand ("following", "The artists followed here");
        choices->following->add_flag ("--json", asJson, jsonOutput::flagHelp);

        auto* tour = app.add_subcommand ("tour", "Your tour dates, as an artist: followers see them (signed with this daemon's key)");
        tour->require_subcommand (1);
        choices->tourAdd = tour->add_subcommand ("add", "Post a tour date");
        choices->tourAdd->add_option ("--date", choices->date.date, "The day of the show, YYYY-MM-DD, as it is where the show is")->required();
        choices->tourAdd->add_option ("--city", choices->date.city, "The city")->required();
        choices->tourAdd->add_option ("--venue", choices->date.venue, "The venue")->required();
        choices->tourAdd->add_option ("--link", choices->date.link, "Tickets or details (http:// or https://)");
        choices->tourList = tour->add_subcommand ("list", "Your upcoming tour dates, soonest first");
        choices->tourList->add_flag ("--all", choices->allDates, "Past ones too");
        choices->tourList->add_flag ("--json", asJson, jsonOutput::flagHelp);
        choices->tourRemove = tour->add_subcommand ("remove", "Call a tour date off: followers see it cancelled");
        choices->tourRemove->add_option ("id", choices->postId, "The id `tour add` and `tour list` print")->required();

        choices->news = app.add_subcommand ("news", "New releases and tour dates of the artists you follow (tour dates in your home city first)");
        auto* watchFlag = choices->news->add_flag ("--watch", choices->watch, "Keep printing news as it arrives, until Ctrl-C");
        choices->news->add_flag ("--json", asJson, jsonOutput::flagHelp)->excludes (watchFlag);
        choices->news->add_option ("--home-city", choices->homeCity, "Set your home city first (kept on this machine, never sent; \"\" clears it)");

        return [choices, &interrupted, &asJson] (DaemonClient& client) -> std::optional<int>
        {
            if (choices->follow->parsed())
                follow (client, choices->artist);
            else if (choices->unfollow->parsed())
                unfollow (client, choices->artist);
            else if (choices->following->parsed())
                listFollowing (client, asJson);
            else if (choices->tourAdd->parsed())
                std::printf ("posted tour date %s\n", client.addTourDate (choices->date).c_str());
            else if (choices->tourList->parsed())
                listTourDates (client, choices->allDates, asJson);
            else if (choices->tourRemove->parsed())
            {
                client.removeTourDate (choices->postId);
                std::printf ("called off tour date %s\n", choices->postId.c_str());
            }
            else if (choices->news->parsed())
                showNews (client, *choices, interrupted, asJson);
            else
                return std::nullopt;
            return 0;
        };
    }
} // namespace earshot
