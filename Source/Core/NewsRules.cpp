#include "NewsRules.h"

#include "ChartScore.h"
#include "Error.h"
#include "HubRules.h"
#include "QuoteInput.h"

#include <chrono>
#include <cstdio>

namespace earshot::newsRules
{
    std::optional<std::int64_t> dayOfDate (std::string_view date)
    {
        if (date.size() != 10 || date[4] != '-' || date[7] != '-')
            return std::nullopt;
        int parts[3] {};
        const std::size_t starts[3] { 0, 5, 8 };
        const std::size_t lengths[3] { 4, 2, 2 };
        for (std::size_t part = 0; part < 3; ++part)
        {
            for (std::size_t i = 0; i < lengths[part]; ++i)
            {
                const char digit = date[starts[part] + i];
                if (digit < '0' || digit > '9')
                    return std::nullopt;
                parts[part] = parts[part] * 10 + (digit - '0');
            }
        }
        const std::chrono::year_month_day day { std::chrono::year (parts[0]), std::chrono::month (static_cast<unsigned> (parts[1])), std::chrono::day (static_cast<unsigned> (parts[2])) };
        if (! day.ok())
            return std::nullopt;
        return std::chrono::sys_days (day).time_since_epoch().count();
    }

    std::string dateOfDay (std::int64_t day)
    {
        const std::chrono::year_month_day date { std::chrono::sys_days (std::chrono::days (day)) };
        char text[16];
        std::snprintf (text, sizeof (text), "%04d-%02u-%02u", static_cast<int> (date.year()), static_cast<unsigned> (date.month()), static_cast<unsigned> (date.day()));
        return text;
    }

    bool isPast (std::string_view date, std::int64_t nowMs)
    {
        const auto day = dayOfDate (date);
        return ! day || chartScore::dayOf (nowMs) >= *day + 2;
    }

    void checkTourDate (const TourDate& date, std::int64_t nowMs)
    {
        if (! dayOfDate (date.date))
            throw Error (ErrorCode::invalidArgument, "the date " + quoteInput (date.date, 20) + " is not a date as YYYY-MM-DD");
        if (isPast (date.date, nowMs))
            throw Error (ErrorCode::invalidArgument, "the date " + quoteInput (date.date) + " is in the past");
        if (date.city.empty())
            throw Error (ErrorCode::invalidArgument, "a tour date needs a city");
        if (date.venue.empty())
            throw Error (ErrorCode::invalidArgument, "a tour date needs a venue");
        hubRules::checkLength ("the city", date.city, hubRules::maxCityBytes);
        hubRules::checkLength ("the venue", date.venue, maxVenueBytes);
        hubRules::checkLength ("the link", date.link, hubRules::maxLinkBytes);
        if (! date.link.empty() && ! hubRules::isWebAddress (date.link))
            throw Error (ErrorCode::invalidArgument, "the link " + quoteInput (date.link) + " is not a web address (http:// or https://)");
    }

    void checkPostHeader (const std::string& postId, const std::string& artistName)
    {
        if (postId.empty() || postId.size() > maxPostIdBytes)
            throw Error (ErrorCode::invalidArgument, "the post has no usable id");
        hubRules::checkLength ("the artist name", artistName, hubRules::maxNameBytes);
    }

    void checkRelease (const std::string& title, std::size_t trackCount)
    {
        if (trackCount == 0)
            throw Error (ErrorCode::invalidArgument, "a release post carries no track");
        if (trackCount > maxReleaseTracks)
            throw Error (ErrorCode::invalidArgument, "a release post carries " + std::to_string (trackCount) + " tracks; at most " + std::to_string (maxReleaseTracks) + " are taken");
        hubRules::checkLength ("the release title", title, maxTitleBytes);
    }
} // namespace earshot::newsRules
