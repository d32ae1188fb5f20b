#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace earshot
{
    /** The rules an artist's news is held to, wherever it travels (the hub, the DHT feed) and
        wherever it is checked (the artist's daemon before signing, the hub before filing, a
        follower before showing). Each check throws Error (invalidArgument) with a message that
        says what was wrong. Pure functions: time is always passed in. */
    namespace newsRules
    {
        /** The BEP 44 salt of an artist's feed item: one key can hold other items beside it. */
        constexpr std::string_view feedSalt = "earshot-feed";
        /** Largest feed file (a SignedArtistFeed) a follower fetches; a feed torrent whose
            metadata says more is dropped before any of it is downloaded. */
        constexpr std::size_t maxFeedBytes = 256 * 1024;
        /** The releases a feed carries: the most recent ones, within recentReleaseMs. */
        constexpr std::size_t maxReleasesInFeed = 10;
        /** Upcoming tour dates a feed (and the hub, for a new follower) carries at most. */
        constexpr std::size_t maxTourDatesInFeed = 100;
        /** A release older than this is not news: it leaves the feed, and the hub does not hand
            it to a new follower. */
        constexpr std::int64_t recentReleaseMs = 90LL * 24 * 60 * 60 * 1000;
        /** A followed artist's release filed within this long of its posting has its opening
            fetched ahead, so it plays at once. */
        constexpr std::int64_t prefetchReleaseWithinMs = 14LL * 24 * 60 * 60 * 1000;
        /** Artists one daemon follows at most. */
        constexpr std::size_t maxFollows = 10'000;
        constexpr std::size_t maxPostIdBytes = 80;
        constexpr std::size_t maxVenueBytes = 200;
        constexpr std::size_t maxTitleBytes = 300;
        /** Tracks one release post carries at most (an album's). */
        constexpr std::size_t maxReleaseTracks = 100;

        /** A show, as a tour date post carries it. */
        struct TourDate
        {
            /** YYYY-MM-DD, the day where the show is. */
            std::string date;
            std::string city;
            std::string venue;
            /** http(s), or empty. */
            std::string link;
        };

        /** The day of a YYYY-MM-DD date, as days since the Unix epoch; nothing for any other text
            or an impossible date (2027-02-30). */
        [[nodiscard]] std::optional<std::int64_t> dayOfDate (std::string_view date);
        /** The YYYY-MM-DD of a day since the Unix epoch. */
        [[nodiscard]] std::string dateOfDay (std::int64_t day);

        /** Whether a show on date is over at nowMs. A date is where the show is, so it stays
            upcoming until the UTC day after it has ended everywhere: it is past once the UTC day
            is two days after it. An unreadable date counts as past. */
        [[nodiscard]] bool isPast (std::string_view date, std::int64_t nowMs);

        /** Throws Error (invalidArgument) for a tour date whose date is not YYYY-MM-DD or is past
            (isPast), without a city or a venue, with a field longer than its limit, or with a link
            that is not an http(s) address. */
        void checkTourDate (const TourDate& date, std::int64_t nowMs);

        /** Throws Error (invalidArgument) for a post id that is empty or longer than
            maxPostIdBytes, or an artist name longer than hubRules::maxNameBytes. */
        void checkPostHeader (const std::string& postId, const std::string& artistName);

        /** Throws Error (invalidArgument) for a release without tracks, with more than
            maxReleaseTracks, or a title longer than maxTitleBytes. */
        void checkRelease (const std::string& title, std::size_t trackCount);
    } // namespace newsRules
} // namespace earshot
