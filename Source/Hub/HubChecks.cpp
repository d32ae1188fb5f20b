#include "HubChecks.h"

#include "Core/Error.h"
#include "Core/HubRules.h"
#include "Core/QuoteInput.h"
#include "SearchText.h"

#include <cmath>
#include <string>

namespace earshot::hubChecks
{
    namespace
    {
        /** Far enough from the ends of int64 that day arithmetic cannot overflow. */
        constexpr std::int64_t latestTimeMs = 253402300799999; // 9999-12-31T23:59:59.999Z

        [[noreturn]] void refuse (const std::string& message)
        {
            throw Error (ErrorCode::invalidArgument, message);
        }

        void checkTime (const char* what, std::int64_t ms)
        {
            if (ms < 0 || ms > latestTimeMs)
                refuse (std::string (what) + " " + std::to_string (ms)
                        + " is not a time in milliseconds since the Unix epoch before the year 10000");
        }

        void checkText (const char* what, const std::string& text)
        {
            // PostgreSQL's text is UTF-8 without NUL, so neither backend takes anything else.
            if (text.find ('\0') != std::string::npos || ! searchText::isUtf8 (text))
                refuse (std::string ("the ") + what + " holds a NUL byte or is not UTF-8");
        }

        void checkId (const char* what, const std::string& id)
        {
            if (id.empty() || id.size() > 200)
                refuse (std::string ("the ") + what + " " + quoteInput (id) + " is empty or longer than 200 bytes");
            checkText (what, id);
        }

        void checkTrackId (const std::string& trackId)
        {
            checkId ("track id", trackId);
        }

        void checkHalfLife (const ChartWeights& weights)
        {
            if (! (weights.halfLifeDays >= 1.0 && weights.halfLifeDays <= 10000.0))
                refuse ("the half-life " + std::to_string (weights.halfLifeDays) + " is not between 1 and 10000 days");
        }

        void checkPage (int limit, int offset)
        {
            if (limit < 1 || limit > maxPageSize)
                refuse ("the page size " + std::to_string (limit) + " is not between 1 and " + std::to_string (maxPageSize));
            if (offset < 0)
                refuse ("the page offset " + std::to_string (offset) + " is negative");
        }
    } // namespace

    void check (const ArtistProfile& profile)
    {
        checkText ("artist name", profile.name);
        checkText ("artist bio", profile.bio);
        checkText ("home city", profile.homeCity);
        for (const auto& link : profile.links)
            checkText ("link", link);
        checkTime ("the profile's time", profile.updatedAtMs);
    }

    void check (const Release& release)
    {
        checkTrackId (release.trackId);
        checkText ("title", release.title);
        checkText ("artist name", release.artistName);
        checkText ("album", release.album);
        checkText ("genre", release.genre);
        checkText ("musical key", release.musicalKey);
        if (release.durationMs < 0)
            refuse ("the duration " + std::to_string (release.durationMs) + " ms is negative");
        if (release.bpm.has_value() && ! std::isfinite (*release.bpm))
            refuse ("the tempo is not a finite number");
        if (release.loudnessLufs.has_value() && ! std::isfinite (*release.loudnessLufs))
            refuse ("the loudness is not a finite number");
        checkTime ("the release's time", release.publishedAtMs);
    }

    void check (const ListenReport& report, const ListenRules& rules, const ChartWeights& weights)
    {
        checkTrackId (report.trackId);
        checkTime ("the listen's time", report.atMs);
        checkHalfLife (weights);
        if (rules.maxPerListenerPerDay < 1)
            refuse ("the daily listen cap " + std::to_string (rules.maxPerListenerPerDay) + " is below 1");
    }

    void check (const PassReport& report, const ChartWeights& weights)
    {
        checkId ("receipt id", report.receiptId);
        checkTrackId (report.trackId);
        checkTime ("the pass's time", report.atMs);
        checkHalfLife (weights);
    }

    void check (const SeedReport& report, const SeedRules& rules)
    {
        for (const auto& trackId : report.trackIds)
            checkTrackId (trackId);
        checkTime ("the seeding report's time", report.atMs);
        check (rules);
    }

    void check (const NewsPost& post)
    {
        checkId ("post id", post.postId);
        checkTime ("the post's time", post.postedAtMs);
        checkText ("tour date", post.tourDate);
        checkText ("cancelled post id", post.cancels);
        if (post.kind == PostKind::tourDateCancelled && post.cancels.empty())
            refuse ("the cancellation " + post.postId + " names no tour date");
    }

    void check (const FollowReport& report)
    {
        checkTime ("the follow report's time", report.atMs);
    }

    void check (const SeedRules& rules)
    {
        if (rules.seedFreshnessMs < 0 || rules.seedFreshnessMs > latestTimeMs)
            refuse ("the seed freshness " + std::to_string (rules.seedFreshnessMs) + " ms is negative or too long");
    }

    void checkNow (std::int64_t nowMs)
    {
        checkTime ("the query's time", nowMs);
    }

    void check (const ChartQuery& query)
    {
        if (query.genre.has_value())
        {
            hubRules::checkLength ("the genre", *query.genre, hubRules::maxQueryTextBytes);
            checkText ("genre", *query.genre);
        }
        checkTime ("the chart's time", query.nowMs);
        checkPage (query.limit, query.offset);
        checkHalfLife (query.weights);
    }

    void check (const SearchQuery& query)
    {
        // The words of the text are taken whatever else it holds (SearchText.h), up to a length.
        hubRules::checkLength ("the search text", query.text, hubRules::maxQueryTextBytes);
        hubRules::checkLength ("the genre", query.genre.value_or (""), hubRules::maxQueryTextBytes);
        hubRules::checkLength ("the musical key", query.musicalKey.value_or (""), hubRules::maxQueryTextBytes);
        checkText ("genre", query.genre.value_or (""));
        checkText ("musical key", query.musicalKey.value_or (""));
        checkPage (query.limit, query.offset);
    }

    void checkSeriesDays (int days)
    {
        if (days < 1 || days > maxSeriesDays)
            refuse ("the series length " + std::to_string (days) + " is not between 1 and " + std::to_string (maxSeriesDays)
                    + " days");
    }
} // namespace earshot::hubChecks
