#include "HubCommands.h"

#include "JsonOutput.h"
#include "LocalTime.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace earshot
{
    namespace
    {
        /** What the hub and profile commands were given. */
        struct HubCommandOptions
        {
            CLI::App* hubSet = nullptr;
            CLI::App* hubShow = nullptr;
            CLI::App* profileSet = nullptr;
            CLI::App* profileShow = nullptr;
            std::string hubAddress;
            std::optional<std::string> name;
            std::optional<std::string> bio;
            std::optional<std::string> city;
            std::vector<std::string> links;
        };

        void showHub (DaemonClient& client, bool asJson)
        {
            const auto hub = client.hub();
            if (asJson)
            {
                jsonOutput::print (jsonOutput::hub (hub));
                return;
            }
            if (hub.address.empty())
                std::printf ("hub       none (set one with `earshot hub set HOST:PORT`)\n");
            else
                std::printf ("hub       %s (%s)\n", hub.address.c_str(), hub.reachable ? "answers" : "not answering");
            std::printf ("waiting   %llu message(s)\ndelivered %llu since the daemon started\nlast contact %s\n",
                         static_cast<unsigned long long> (hub.messagesWaiting),
                         static_cast<unsigned long long> (hub.messagesDelivered),
                         localTime (hub.lastContactMs).c_str());
            if (! hub.lastError.empty())
                std::printf ("last error %s\n", hub.lastError.c_str());
        }

        void showProfile (DaemonClient& client, bool asJson)
        {
            const auto [profile, keyHex] = client.profile();
            if (asJson)
            {
                jsonOutput::print (jsonOutput::profile (profile, keyHex));
                return;
            }
            std::printf ("name  %s\nbio   %s\ncity  %s\n", profile.name.c_str(), profile.bio.c_str(), profile.homeCity.c_str());
            for (const auto& link : profile.links)
                std::printf ("link  %s\n", link.c_str());
            std::printf ("key   %s\n", keyHex.c_str());
        }
    } // namespace

    CommandRun addHubLinkCommands (CLI::App& app, bool& asJson)
    {
        auto given = std::make_shared<HubCommandOptions>();

        auto* hub = app.add_subcommand ("hub", "The discovery hub this daemon reports releases, listens, passes and seeding to");
        hub->require_subcommand (1);
        given->hubSet = hub->add_subcommand ("set", "Report to this hub (kept across restarts); `none` stops reporting (messages wait)");
        given->hubSet->add_option ("address", given->hubAddress, "HOST:PORT, or none")->required();
        given->hubShow = hub->add_subcommand ("show", "The hub, whether it answers, the last error, messages waiting and delivered");
        for (auto* each : { given->hubSet, given->hubShow })
            each->add_flag ("--json", asJson, jsonOutput::flagHelp);

        auto* profile = app.add_subcommand ("profile", "Your artist profile, as the hub shows it");
        profile->require_subcommand (1);
        given->profileSet = profile->add_subcommand ("set", "Change the profile (what is not given stays as it was) and send it to the hub");
        given->profileSet->add_option ("--name", given->name, "The name you publish under");
        given->profileSet->add_option ("--bio", given->bio, "A few lines about you");
        given->profileSet->add_option ("--city", given->city, "Where you are based");
        given->profileSet->add_option ("--link", given->links, "A web address (https://...); repeatable, replaces the links")->multi_option_policy (CLI::MultiOptionPolicy::TakeAll);
        given->profileShow = profile->add_subcommand ("show", "The profile and your artist key");
        for (auto* each : { given->profileSet, given->profileShow })
            each->add_flag ("--json", asJson, jsonOutput::flagHelp);

        return [given, &asJson] (DaemonClient& client) -> std::optional<int>
        {
            if (given->hubSet->parsed())
            {
                client.setHub (given->hubAddress == "none" ? std::string() : given->hubAddress);
                showHub (client, asJson);
            }
            else if (given->hubShow->parsed())
            {
                showHub (client, asJson);
            }
            else if (given->profileSet->parsed())
            {
                auto changed = client.profile().first;
                changed.name = given->name.value_or (changed.name);
                changed.bio = given->bio.value_or (changed.bio);
                changed.homeCity = given->city.value_or (changed.homeCity);
                if (! given->links.empty())
                    changed.links = given->links;
                client.setProfile (changed);
                showProfile (client, asJson);
            }
            else if (given->profileShow->parsed())
            {
                showProfile (client, asJson);
            }
            else
            {
                return std::nullopt;
            }
            return 0;
        };
    }
} // namespace earshot
