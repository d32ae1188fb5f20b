#pragma once

#include "Core/TrackManifest.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace earshot
{
    /** An artist this daemon follows. */
    struct ClientFollowedArtist
    {
        /** The artist's Ed25519 key, 64 lower-case hex digits. */
        std::string artistKeyHex;
        /** The name its latest post (or the hub) gave; empty until one is known. */
        std::string name;
        std::int64_t followedAtMs = 0;
        /** The sequence of the artist's DHT feed last fetched; 0 when none yet. */
        std::int64_t feedSequence = 0;
        /** When news of the artist last arrived; 0 if never. */
        std::int64_t lastNewsMs = 0;
    };

    /** A show. */
    struct ClientTourDate
    {
        /** YYYY-MM-DD, the day where the show is. */
        std::string date;
        std::string city;
        std::string venue;
        /** Tickets or details (http:// or https://); may be empty. */
        std::string link;
    };

    /** A tour date this daemon's artist posted. */
    struct ClientPostedTourDate
    {
        /** What removeTourDate takes. */
        std::string postId;
        ClientTourDate date;
        std::int64_t postedAtMs = 0;
    };

    /** A post of a followed artist, as filed by the daemon. */
    struct ClientNewsItem
    {
        enum class Kind
        {
            release,
            tourDate,
            tourDateCancelled
        };
        /** How the post reached the daemon first. */
        enum class Source
        {
            unknown,
            hub,
            dht
        };

        /** Its place in the order of filing (rising); news() takes it as `after`. */
        std::int64_t id = 0;
        std::string artistKeyHex;
        /** The name the artist went by when posting. */
        std::string artistName;
        std::string postId;
        Kind kind = Kind::release;
        /** A release's title (the album's, or the track's for a single). */
        std::string title;
        /** A release's tracks, in order, each whole (an album's dictionary copied to every track). */
        std::vector<TrackManifest> tracks;
        /** A tour date's show. */
        ClientTourDate tourDate;
        /** For a cancellation: the post id of the tour date it calls off. */
        std::string cancelsPostId;
        std::int64_t postedAtMs = 0;
        std::int64_t receivedAtMs = 0;
        Source source = Source::unknown;
        /** A tour date in the listener's home city. */
        bool inHomeCity = false;
        /** A tour date the artist called off since. */
        bool cancelled = false;
    };

    /** The news of followed artists. */
    struct ClientNews
    {
        /** Newest first. */
        std::vector<ClientNewsItem> releases;
        /** Upcoming ones: those in the home city first, then by date. */
        std::vector<ClientNewsItem> tourDates;
        /** Upcoming tour dates in all: more than tourDates holds when the daemon gave only its
            first 1000. */
        std::size_t tourDatesTotal = 0;
        /** The highest id filed, for the next `after`. */
        std::int64_t lastId = 0;
    };
} // namespace earshot
