#pragma once

#include "Core/Error.h"
#include "HubRecords.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** What the discovery hub keeps: artists' profiles and releases, and the counts that the
        daemons' reports add up to, kept so that a chart never reads the reports themselves.

        Records arrive already verified (signatures are checked above the store). Every operation
        is atomic: it happens entirely or not at all. Times are milliseconds since the Unix epoch;
        a "day" is a UTC day, counted from 1970-01-01.

        Errors: Error, whose code says why: invalidArgument, permissionDenied (a track of another artist), notFound, unavailable (the database server cannot be reached; the next call tries again), internal.

        Threading: every implementation is thread-safe; operations on one store run one at a time. */
    class HubStore
    {
    public:
        virtual ~HubStore() = default;

        /** Stores the artist's profile, replacing any older one (a profile older than the stored
            one is ignored). */
        virtual void putProfile (const ArtistProfile& profile) = 0;

        /** The keys of the artists who go by name (in their profile or a release), ASCII letters'
            case ignored, in key order. */
        [[nodiscard]] virtual std::vector<PublicKey> artistsNamed (const std::string& name) = 0;

        /** The artist's profile, if the hub has one. */
        [[nodiscard]] virtual std::optional<ArtistProfile> profile (const PublicKey& artistKey) = 0;

        /** Adds a new track, or updates one its artist released before. Throws Error
            (wrongArtist) and changes nothing when the track id belongs to another artist. */
        virtual void putRelease (const Release& release) = 0;

        /** The release of a track, if known. */
        [[nodiscard]] virtual std::optional<Release> release (const std::string& trackId) = 0;

        /** Counts a listen: once per listener, track and UTC day, and at most
            rules.maxPerListenerPerDay counted listens per listener and day. A counted listen moves
            the charts at once. weights.halfLifeDays sets how much it weighs in all-time charts. */
        virtual ListenOutcome addListen (const ListenReport& report, const ListenRules& rules, const ChartWeights& weights) = 0;

        /** Whether reports signed by reporterKey, arriving from network (Core's networkOfPeer) on
            day, may count: the first `cap` keys a network brings in a day are admitted and stay
            admitted for that day; the rest are not. */
        [[nodiscard]] virtual bool admitReporter (const std::string& network, const PublicKey& reporterKey, std::int64_t day, int cap) = 0;

        /** Counts a pass that landed, once per receipt id. */
        virtual PassOutcome addPass (const PassReport& report, const ChartWeights& weights) = 0;

        /** Replaces the set of tracks the seeder seeds (tracks the hub does not know yet count once
            they are released). Seeders whose last report is older than report.atMs minus
            rules.seedFreshnessMs stop counting (see expireSeeders). */
        virtual SeedOutcome setSeeding (const SeedReport& report, const SeedRules& rules) = 0;

        /** Stops counting the seeders whose last report is older than nowMs minus
            rules.seedFreshnessMs. The hub calls it on a timer, so that a seeder that went quiet
            leaves the charts without a chart query having to look at the reports. */
        virtual void expireSeeders (std::int64_t nowMs, const SeedRules& rules) = 0;

        /** A page of a chart, best first, ties in track id order. Day: the counted listens and
            passes of nowMs's UTC day; week: the last 7 UTC days, each decayed by its age; all time:
            every day, decayed by age. Seeders add seederWeight each. Day and week charts hold the
            tracks with activity in the period. Reads only the aggregates. */
        [[nodiscard]] virtual std::vector<ChartRow> chart (const ChartQuery& query) = 0;

        /** Releases matching the text (every word, the last one also as a prefix, taken
            literally whatever punctuation it holds) and the filters, in title order. */
        [[nodiscard]] virtual SearchResult search (const SearchQuery& query) = 0;

        /** The artist's profile, tracks, totals and the daily series of the last `days` UTC days up
            to nowMs's. Throws Error (notFound) for an artist with neither profile nor
            release. */
        [[nodiscard]] virtual ArtistPage artistPage (const PublicKey& artistKey, std::int64_t nowMs, int days) = 0;

        /** Files an artist's post under the next hub-wide sequence and returns it; nothing, and no
            change, when a post with its id was filed before. */
        virtual std::optional<std::uint64_t> putPost (const NewsPost& post) = 0;

        /** A post filed here, by its id. */
        [[nodiscard]] virtual std::optional<NewsPost> post (const std::string& postId) = 0;

        /** What a watcher of the artist gets first, oldest first: with after 0, the releases
            posted within newsRules::recentReleaseMs of nowMs, the tour dates not past at nowMs
            (newsRules::isPast; the newsRules::maxTourDatesInFeed soonest) and the cancellations
            of those; otherwise every post filed after
            sequence `after`. With the artist's highest sequence at the time of reading. */
        [[nodiscard]] virtual NewsBacklog news (const PublicKey& artistKey, std::uint64_t after, std::int64_t nowMs) = 0;

        /** Replaces the set of artists the follower follows; false, and no change, when the
            follower reported something newer before. */
        virtual bool setFollows (const FollowReport& report) = 0;

        /** Runs work, whose operations on this store then happen in one transaction rather than
            one each: for filing many records at once (an import, a load), where a commit per
            record would cost more than the records. Everything work did is kept when it returns,
            and nothing when it or any operation in it throws (even one that work caught). Other
            threads' operations wait until the batch ends. */
        virtual void batch (const std::function<void()>& work) = 0;
    };

    /** Whether openHubStore takes location for PostgreSQL (a postgresql:// or postgres:// URI, or a
        libpq connection string holding '='); otherwise it is a SQLite file's path. */
    [[nodiscard]] bool isPostgresLocation (const std::string& location);

    /** Opens (creating and migrating) the hub's store at location: a PostgreSQL URI
        ("postgresql://..." or "postgres://...") or libpq connection string (one holding '='),
        otherwise the path of a SQLite file (its folder must exist). Throws Error. */
    [[nodiscard]] std::unique_ptr<HubStore> openHubStore (const std::string& location);
} // namespace earshot
