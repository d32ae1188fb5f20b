#pragma once

#include "Core/NewsRules.h"
#include "Core/PublicKey.h"
#include "Core/TrackManifest.h"
#include "Daemon/Identity.h"
#include "Store/NewsStore.h"

#include "earshot/v1/hub.pb.h"
#include "earshot/v1/news.pb.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot
{
    /** A daemon's news desk, both ways: as an artist, it makes this daemon's posts (a release at
        each publish, tour dates and their cancellations), signed with the daemon's identity, and
        the feed that carries them on the DHT; as a fan, it keeps the artists followed here and
        files their posts, whichever way they come (the hub's WatchEvents, the artist's DHT feed),
        each once and only after checking them.

        What reaches a follower is checked here, and anything refused is logged with the reason
        and neither stored nor shown: a post or feed not signed by the followed key, a feed older
        than the one kept, a tour date in the past, a post that breaks the news rules
        (Core/NewsRules), an artist not followed.

        The transports live elsewhere and meet this class through Hooks (the hub outbox, the DHT
        feed publisher, the hub watcher, the previews' pre-buffer). Thread-safe: any thread may
        call any member (the store serialises; hooks are called on the caller's thread, after
        the store has the change). */
    class ArtistNews final
    {
    public:
        struct Hooks
        {
            /** A post of this daemon's artist was made: the hub outbox queues it. */
            std::function<void (const v1::ArtistPost&)> posted;
            /** The artist's own feed changed (a post was made): publish it again. */
            std::function<void()> feedChanged;
            /** The artists followed changed: the hub watcher and the DHT poller ask again, the
                hub hears the new follow report. */
            std::function<void()> followsChanged;
            /** A followed artist's new release was filed within newsRules::prefetchReleaseWithinMs
                of its posting: fetch its tracks' openings ahead, so it plays at once. */
            std::function<void (const std::vector<TrackManifest>&)> freshRelease;
        };

        /** store and identity must outlive this. artistName: the name this daemon's artist goes by
            now (the profile's), read at each post. */
        ArtistNews (NewsStore& store, const Identity& identity, std::function<std::string()> artistName, Hooks hooks);

        // ---- Following ----

        /** Follows an artist (name: what it is known by so far, may be empty). Throws Error
            (invalidArgument) for this daemon's own key, (resourceExhausted) past
            newsRules::maxFollows. */
        NewsStore::Follow follow (const PublicKey& artist, const std::string& name, bool& added);
        /** Stops following and forgets the artist's news; false when not followed. */
        bool unfollow (const PublicKey& artist);
        [[nodiscard]] std::vector<NewsStore::Follow> following() const;
        /** A page of following (see NewsStore::followsPage), and how many artists are followed. */
        [[nodiscard]] KeyedPage<NewsStore::Follow> followingPage (const std::optional<PageKey>& after, int limit) const;
        [[nodiscard]] std::size_t followingCount() const;
        [[nodiscard]] bool follows (const PublicKey& artist) const;

        // ---- Posting, as the artist ----

        /** A publish made a release: signs a post of it, keeps it and hands it on. title: the
            album's, or the track's for a single. */
        v1::ArtistPost postRelease (const std::string& title, const std::vector<TrackManifest>& tracks);
        /** Posts a tour date; returns its post id. Throws Error (invalidArgument) as
            newsRules::checkTourDate says. */
        std::string addTourDate (const newsRules::TourDate& date);
        /** Calls off a tour date posted here. Throws Error (notFound) when none has that id, or
            it was called off already. */
        void removeTourDate (const std::string& postId);
        /** The tour dates posted here and not called off, soonest first; past ones only when
            asked for. */
        [[nodiscard]] std::vector<v1::PostedTourDate> tourDates (bool includePast) const;
        /** A page of them (ListTourDates): strictly after the date whose
            NewsStore::ownTourDatePageKeyOf is after, at most limit; total and next_page_token set. */
        void tourDatesPage (bool includePast, const std::string& pageToken, int limit, v1::ListTourDatesResponse& out) const;

        /** The feed as it stands now, with sequence: the most recent releases (at most
            newsRules::maxReleasesInFeed, within recentReleaseMs), every upcoming tour date and
            the cancellations of upcoming dates, oldest first. */
        [[nodiscard]] v1::ArtistFeed feed (std::int64_t sequence) const;
        /** feed() with the store's next sequence, serialized and signed: the feed torrent's file.
            Throws Error (resourceExhausted) if it would exceed newsRules::maxFeedBytes (the oldest
            releases are left out first, so only a very long tour list can). */
        [[nodiscard]] v1::SignedArtistFeed signedFeed();

        /** The BEP 44 signature of a mutable item under this daemon's key: value bencoded, salt
            and seq as BEP 44 signs them. */
        [[nodiscard]] std::string signItem (std::string_view bencodedValue, std::string_view salt, std::int64_t sequence) const;
        [[nodiscard]] const PublicKey& artistKey() const noexcept;

        // ---- Receiving, as a fan ----

        /** What file() did with a post. */
        enum class Filed
        {
            filed,
            /** Filed before (it came the other way first, or again). */
            duplicate,
            /** Not from an artist followed here. */
            notFollowed,
            /** It breaks the news rules (logged with the reason). */
            refused
        };

        /** Files a post of artist that arrived under the artist's signature (the caller verified
            it: use fileSigned or fileFeed, which do). */
        Filed file (const PublicKey& artist, const v1::ArtistPost& post, NewsStore::Source source);
        /** Verifies a SignedHubMessage holding an ArtistPost (as Hub.WatchEvents hands it) and
            files it. refused when it is not signed by a followed artist or holds no post. */
        Filed fileSigned (const v1::SignedHubMessage& message, NewsStore::Source source);

        /** Holds a followed artist's post to the news rules (its header, its date against now, and
            a release's tracks' manifests), as file() does before filing it. Throws Error
            (invalidArgument) naming what is wrong. */
        static void checkPost (const v1::ArtistPost& post, std::int64_t now);

        /** The feed in a feed file (a SignedArtistFeed), checked to be artist's: within
            newsRules::maxFeedBytes, parsed, signed by artist's key, naming artist. Throws Error
            (invalidArgument or permissionDenied) naming what is wrong. */
        [[nodiscard]] static v1::ArtistFeed verifyFeed (const PublicKey& artist, std::string_view feedFile);
        /** Files every post of a verified feed; returns how many were new. */
        std::size_t fileFeed (const PublicKey& artist, const v1::ArtistFeed& feed);

        // ---- Reading ----

        /** The news (see News.ListNews): at most limit releases (capped at paging::maxPageSize)
            within paging::maxPageBytes, and the first maxListedTourDates tour dates. */
        [[nodiscard]] v1::ListNewsResponse news (std::int64_t after, std::size_t limit) const;
        /** The upcoming tour dates ListNews gives at most (its tour_dates_total counts them all). */
        static constexpr std::size_t maxListedTourDates = 1000;
        [[nodiscard]] std::string homeCity() const;
        /** Sets the listener's home city (trimmed; empty clears). Throws Error (invalidArgument)
            for one longer than hubRules::maxCityBytes. */
        void setHomeCity (const std::string& city);

    private:
        NewsStore& store;
        const Identity& identity;
        const std::function<std::string()> artistName;
        const Hooks hooks;
    };
} // namespace earshot
