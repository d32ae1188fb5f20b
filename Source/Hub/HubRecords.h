#pragma once

#include "Core/ChartScore.h"
#include "Core/PublicKey.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** An artist's signed profile, as the hub shows it on the artist page. */
    struct ArtistProfile
    {
        PublicKey artistKey {};
        std::string name;
        std::string bio;
        std::string homeCity;
        std::vector<std::string> links;
        /** When the artist signed this version; a newer one replaces it. */
        std::int64_t updatedAtMs = 0;

        bool operator== (const ArtistProfile&) const = default;
    };

    /** An artist's signed release of one track. The manifest is kept as it came (opaque bytes). */
    struct Release
    {
        std::string trackId;
        PublicKey artistKey {};
        std::string title;
        std::string artistName;
        std::string album;
        std::string genre;
        std::optional<double> bpm;
        /** As the track's INITIALKEY tag says it ("Am"); blank when unknown. */
        std::string musicalKey;
        std::int64_t durationMs = 0;
        std::optional<double> loudnessLufs;
        std::string manifest;
        /** A small JPEG or PNG thumbnail; may be empty. */
        std::string cover;
        std::int64_t publishedAtMs = 0;

        bool operator== (const Release&) const = default;
    };

    /** A daemon's report that its user listened to a track past the listen threshold. */
    struct ListenReport
    {
        PublicKey listenerKey {};
        std::string trackId;
        std::int64_t atMs = 0;
    };

    /** A pass that landed: the recipient's receipt, by its id, for a track the sender passed. */
    struct PassReport
    {
        std::string receiptId;
        PublicKey senderKey {};
        PublicKey recipientKey {};
        std::string trackId;
        /** The points the sender earned with this pass. */
        std::int64_t points = 0;
        std::int64_t atMs = 0;
    };

    /** The whole set of tracks a daemon seeds at atMs; it replaces the seeder's previous report. */
    struct SeedReport
    {
        PublicKey seederKey {};
        std::vector<std::string> trackIds;
        std::int64_t atMs = 0;
    };

    /** How long a seeder's report keeps counting. */
    struct SeedRules
    {
        /** A seeder whose last report is older than this stops counting. */
        std::int64_t seedFreshnessMs = 24 * 60 * 60 * 1000;
    };

    struct ChartQuery
    {
        /** Only this genre's tracks (exact match); all tracks when empty. */
        std::optional<std::string> genre;
        ChartPeriod period = ChartPeriod::day;
        /** The moment the chart is for: its UTC day is "today". */
        std::int64_t nowMs = 0;
        /** At most 100 rows a page. */
        int limit = 100;
        int offset = 0;
        ChartWeights weights;
    };

    /** One chart row, with the inputs of its score. */
    struct ChartRow
    {
        /** 1 for the top of the chart (offset counts). */
        int rank = 0;
        std::string trackId;
        std::string title;
        std::string artistName;
        PublicKey artistKey {};
        std::string genre;
        /** The release's manifest, as it came, so a chart row can be played at once. */
        std::string manifest;
        /** Whether the release has a cover thumbnail. */
        bool hasCover = false;
        /** Counted listens in the period: a listener counts once per track per UTC day. */
        std::int64_t listeners = 0;
        /** Passes that landed in the period. */
        std::int64_t passes = 0;
        /** Distinct fresh seeders now. */
        std::int64_t seeders = 0;
        double score = 0.0;

        bool operator== (const ChartRow&) const = default;
    };

    struct SearchQuery
    {
        /** Free text over title, artist name and album, taken literally; empty for filters only. */
        std::string text;
        std::optional<std::string> genre;
        std::optional<double> bpmMin;
        std::optional<double> bpmMax;
        std::optional<std::string> musicalKey;
        std::optional<std::int64_t> durationMinMs;
        std::optional<std::int64_t> durationMaxMs;
        int limit = 50;
        int offset = 0;
    };

    /** A page of search results (title order) and how many releases match in all. */
    struct SearchResult
    {
        std::vector<Release> releases;
        std::int64_t total = 0;
    };

    /** A track on its artist's page, with what the hub counted for it over all time. */
    struct ArtistTrack
    {
        Release release;
        std::int64_t listens = 0;
        std::int64_t listeners = 0;
        std::int64_t passes = 0;
        std::int64_t seeders = 0;
    };

    /** One UTC day of an artist's series. day counts days since 1970-01-01. */
    struct ArtistDay
    {
        std::int64_t day = 0;
        std::int64_t listens = 0;
        std::int64_t passes = 0;

        bool operator== (const ArtistDay&) const = default;
    };

    struct ArtistPage
    {
        /** Nothing when the artist has releases but never sent a profile. */
        std::optional<ArtistProfile> profile;
        /** Newest release first. */
        std::vector<ArtistTrack> tracks;
        std::int64_t listens = 0;
        /** Distinct listeners of any of the artist's tracks, over all time. */
        std::int64_t listeners = 0;
        std::int64_t passes = 0;
        /** Distinct fresh seeders of any of the artist's tracks. */
        std::int64_t seeders = 0;
        /** Points fans earned passing the artist's tracks. */
        std::int64_t pointsEarnedByFans = 0;
        /** Daemons whose latest follow report names the artist. */
        std::int64_t followers = 0;
        /** The last `days` UTC days, oldest first, today last, zero-filled. */
        std::vector<ArtistDay> series;
    };

    /** What an artist's post is. */
    enum class PostKind
    {
        release = 0,
        tourDate = 1,
        tourDateCancelled = 2
    };

    /** A post an artist signed (a release, a tour date, a cancelled date), as the hub files it for
        the artist's followers. The signed message is kept as it came: watchers verify it. */
    struct NewsPost
    {
        /** The hub's order of filing, rising across all artists (set by putPost). */
        std::uint64_t sequence = 0;
        PublicKey artistKey {};
        std::string postId;
        PostKind kind = PostKind::release;
        std::int64_t postedAtMs = 0;
        /** A tour date's date (YYYY-MM-DD); for a cancellation, the cancelled date's. */
        std::string tourDate;
        /** For a cancellation: the post id of the tour date it calls off. */
        std::string cancels;
        /** The serialized SignedHubMessage holding the post. */
        std::string signedMessage;

        bool operator== (const NewsPost&) const = default;
    };

    /** What a watcher of an artist gets first (see HubStore::news). */
    struct NewsBacklog
    {
        /** Oldest first. */
        std::vector<NewsPost> posts;
        /** The artist's highest sequence when it was read (0: no post yet): later ones come live. */
        std::uint64_t lastSequence = 0;
    };

    /** The whole set of artists a daemon follows at atMs; it replaces the follower's previous
        report. */
    struct FollowReport
    {
        PublicKey followerKey {};
        std::vector<PublicKey> artistKeys;
        std::int64_t atMs = 0;
    };

    enum class ListenOutcome
    {
        counted,
        repeated,
        overDailyCap,
        unknownTrack
    };

    enum class PassOutcome
    {
        counted,
        repeated,
        unknownTrack
    };

    enum class SeedOutcome
    {
        replaced,
        /** The seeder already reported something newer; nothing changed. */
        outdated
    };
} // namespace earshot
