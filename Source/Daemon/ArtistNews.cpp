#include "ArtistNews.h"

#include "Core/ChartScore.h"
#include "Core/Error.h"
#include "Core/Hex.h"
#include "Core/HubRules.h"
#include "Core/Paging.h"
#include "Core/QuoteInput.h"
#include "Daemon/WireValues.h"
#include "ProtoConvert.h"
#include "Swarm/TrackTorrent.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>
#include <map>

namespace earshot
{
    namespace
    {
        /** A post a daemon clock dated further ahead than this is refused: as the hub allows. */
        constexpr std::int64_t maxFutureMs = hubRules::maxClockSkewMs;

        [[nodiscard]] std::string shortKey (const PublicKey& key)
        {
            return toHex (key).substr (0, 16);
        }

        [[nodiscard]] std::string trimmed (const std::string& text)
        {
            const auto first = text.find_first_not_of (" \t\r\n");
            if (first == std::string::npos)
                return {};
            return text.substr (first, text.find_last_not_of (" \t\r\n") - first + 1);
        }

        /** Tracks of one torrent after the first leave out the info dictionary: the first's. */
        void compact (v1::NewRelease& release)
        {
            std::map<std::string, bool> seen;
            for (auto& track : *release.mutable_tracks())
                if (! seen.emplace (track.info_hash(), true).second)
                    track.clear_info_dict();
        }

        [[nodiscard]] NewsStore::Kind kindOf (const v1::ArtistPost& post)
        {
            switch (post.content_case())
            {
                case v1::ArtistPost::kTourDate:
                    return NewsStore::Kind::tourDate;
                case v1::ArtistPost::kTourDateCancelled:
                    return NewsStore::Kind::tourDateCancelled;
                case v1::ArtistPost::kRelease:
                case v1::ArtistPost::CONTENT_NOT_SET:
                    break;
            }
            return NewsStore::Kind::release;
        }

        [[nodiscard]] newsRules::TourDate tourDateOf (const v1::TourDate& date)
        {
            return { date.date(), date.city(), date.venue(), date.link() };
        }

        /** The day a tour date post is on (0 for anything else). */
        [[nodiscard]] std::int64_t tourDayOf (const v1::ArtistPost& post)
        {
            if (! post.has_tour_date())
                return 0;
            return newsRules::dayOfDate (post.tour_date().date()).value_or (0);
        }

        [[nodiscard]] std::string releaseTitleOf (const std::vector<TrackManifest>& tracks)
        {
            const auto& first = tracks.front().metadata;
            const bool oneAlbum = ! first.album.empty() && std::all_of (tracks.begin(), tracks.end(), [&] (const TrackManifest& track)
                                                                        { return track.metadata.album == first.album; });
            if (tracks.size() > 1 && oneAlbum)
                return first.album;
            const auto title = first.title.empty() ? tracks.front().fileName : first.title;
            if (tracks.size() == 1)
                return title;
            return title + " and " + std::to_string (tracks.size() - 1) + " more";
        }
    } // namespace

    ArtistNews::ArtistNews (NewsStore& newsStore, const Identity& daemonIdentity, std::function<std::string()> nameOfArtist, Hooks newsHooks)
        : store (newsStore), identity (daemonIdentity), artistName (std::move (nameOfArtist)), hooks (std::move (newsHooks))
    {
    }

    NewsStore::Follow ArtistNews::follow (const PublicKey& artist, const std::string& name, bool& added)
    {
        if (artist == identity.publicKey())
            throw Error (ErrorCode::invalidArgument, "that is this daemon's own key: an artist does not follow itself");
        hubRules::checkLength ("the artist's name", name, hubRules::maxNameBytes);
        if (! store.followOf (artist) && store.followCount() >= newsRules::maxFollows)
            throw Error (ErrorCode::resourceExhausted, "this daemon follows " + std::to_string (newsRules::maxFollows) + " artists already, the most it keeps");
        added = store.follow (artist, trimmed (name), nowMs());
        if (added)
        {
            spdlog::info ("following artist {}{}", shortKey (artist), name.empty() ? "" : " (" + quoteInput (name) + ")");
            if (hooks.followsChanged)
                hooks.followsChanged();
        }
        return *store.followOf (artist);
    }

    bool ArtistNews::unfollow (const PublicKey& artist)
    {
        const bool removed = store.unfollow (artist);
        if (removed)
        {
            spdlog::info ("no longer following artist {}", shortKey (artist));
            if (hooks.followsChanged)
                hooks.followsChanged();
        }
        return removed;
    }

    std::vector<NewsStore::Follow> ArtistNews::following() const
    {
        return store.follows();
    }

    KeyedPage<NewsStore::Follow> ArtistNews::followingPage (const std::optional<PageKey>& after, int limit) const
    {
        return store.followsPage (after, limit);
    }

    std::size_t ArtistNews::followingCount() const
    {
        return store.followCount();
    }

    bool ArtistNews::follows (const PublicKey& artist) const
    {
        return store.followOf (artist).has_value();
    }

    namespace
    {
        [[nodiscard]] v1::ArtistPost newPost (const std::string& artistName)
        {
            v1::ArtistPost post;
            post.set_post_id (newMessageId());
            post.set_posted_at_ms (nowMs());
            post.set_artist_name (artistName.substr (0, hubRules::maxNameBytes));
            return post;
        }
    } // namespace

    v1::ArtistPost ArtistNews::postRelease (const std::string& title, const std::vector<TrackManifest>& tracks)
    {
        auto post = newPost (artistName());
        auto& release = *post.mutable_release();
        const auto count = std::min (tracks.size(), newsRules::maxReleaseTracks);
        release.set_title ((title.empty() && ! tracks.empty() ? releaseTitleOf (tracks) : title).substr (0, newsRules::maxTitleBytes));
        for (std::size_t i = 0; i < count; ++i)
            toProto (tracks[i], *release.add_tracks());
        compact (release);
        newsRules::checkRelease (release.title(), static_cast<std::size_t> (release.tracks_size()));

        store.addOwnPost ({ post.post_id(), NewsStore::Kind::release, post.SerializeAsString(), post.posted_at_ms(), 0, {}, false });
        spdlog::info ("posted a new release to followers: {}", release.title());
        if (hooks.posted)
            hooks.posted (post);
        if (hooks.feedChanged)
            hooks.feedChanged();
        return post;
    }

    std::string ArtistNews::addTourDate (const newsRules::TourDate& date)
    {
        newsRules::TourDate cleaned { trimmed (date.date), trimmed (date.city), trimmed (date.venue), trimmed (date.link) };
        newsRules::checkTourDate (cleaned, nowMs());
        auto post = newPost (artistName());
        auto& tourDate = *post.mutable_tour_date();
        tourDate.set_date (cleaned.date);
        tourDate.set_city (cleaned.city);
        tourDate.set_venue (cleaned.venue);
        tourDate.set_link (cleaned.link);

        store.addOwnPost ({ post.post_id(), NewsStore::Kind::tourDate, post.SerializeAsString(), post.posted_at_ms(), tourDayOf (post), {}, false });
        spdlog::info ("posted a tour date to followers: {} {} {}", cleaned.date, cleaned.city, cleaned.venue);
        if (hooks.posted)
            hooks.posted (post);
        if (hooks.feedChanged)
            hooks.feedChanged();
        return post.post_id();
    }

    void ArtistNews::removeTourDate (const std::string& postId)
    {
        auto post = newPost (artistName());
        post.set_tour_date_cancelled (postId);
        if (! store.cancelOwnTourDate ({ post.post_id(), NewsStore::Kind::tourDateCancelled, post.SerializeAsString(), post.posted_at_ms(), 0, postId, false }))
            throw Error (ErrorCode::notFound, "no tour date " + quoteInput (postId) + " is posted here (or it was called off already); earshot tour list shows them");
        spdlog::info ("called off tour date {}", postId);
        if (hooks.posted)
            hooks.posted (post);
        if (hooks.feedChanged)
            hooks.feedChanged();
    }

    void ArtistNews::tourDatesPage (bool includePast, const std::string& pageToken, int limit, v1::ListTourDatesResponse& out) const
    {
        constexpr auto list = "tour dates";
        const auto after = paging::keyOf (list, pageToken, NewsStore::ownTourDatePageKeyShape);
        // Not past: as newsRules::isPast says, a date stays until it is over everywhere.
        const auto fromDay = includePast ? std::numeric_limits<std::int64_t>::min() : chartScore::dayOf (nowMs()) - 1;
        const auto page = store.ownTourDatesPage (fromDay, after, limit);
        for (const auto& own : page.entries)
        {
            v1::ArtistPost post;
            auto& posted = *out.add_dates();
            posted.set_post_id (own.postId);
            if (post.ParseFromString (own.post))
                *posted.mutable_date() = post.tour_date();
            posted.set_posted_at_ms (own.postedAtMs);
        }
        if (page.more && ! page.entries.empty())
            out.set_next_page_token (paging::tokenOf (list, NewsStore::ownTourDatePageKeyOf (page.entries.back())));
        out.set_total (static_cast<std::uint32_t> (store.ownTourDateCount (fromDay)));
    }

    std::vector<v1::PostedTourDate> ArtistNews::tourDates (bool includePast) const
    {
        const auto now = nowMs();
        std::vector<std::pair<std::int64_t, v1::PostedTourDate>> dates;
        for (const auto& own : store.ownPosts())
        {
            if (own.kind != NewsStore::Kind::tourDate || own.cancelled)
                continue;
            v1::ArtistPost post;
            if (! post.ParseFromString (own.post))
                continue;
            if (! includePast && newsRules::isPast (post.tour_date().date(), now))
                continue;
            v1::PostedTourDate posted;
            posted.set_post_id (own.postId);
            *posted.mutable_date() = post.tour_date();
            posted.set_posted_at_ms (own.postedAtMs);
            dates.emplace_back (own.tourDay, std::move (posted));
        }
        std::stable_sort (dates.begin(), dates.end(), [] (const auto& a, const auto& b)
                          { return a.first < b.first; });
        std::vector<v1::PostedTourDate> result;
        for (auto& date : dates)
            result.push_back (std::move (date.second));
        return result;
    }

    v1::ArtistFeed ArtistNews::feed (std::int64_t sequence) const
    {
        const auto now = nowMs();
        const auto own = store.ownPosts();

        std::vector<const NewsStore::OwnPost*> releases;
        std::vector<const NewsStore::OwnPost*> dates;
        std::map<std::string, const NewsStore::OwnPost*> upcoming;
        for (const auto& post : own)
        {
            if (post.kind == NewsStore::Kind::release && now - post.postedAtMs <= newsRules::recentReleaseMs)
                releases.push_back (&post);
            if (post.kind == NewsStore::Kind::tourDate && chartScore::dayOf (now) < post.tourDay + 2)
            {
                dates.push_back (&post);
                upcoming.emplace (post.postId, &post);
            }
        }
        if (releases.size() > newsRules::maxReleasesInFeed)
            releases.erase (releases.begin(), releases.end() - static_cast<std::ptrdiff_t> (newsRules::maxReleasesInFeed));
        std::stable_sort (dates.begin(), dates.end(), [] (const auto* a, const auto* b)
                          { return a->tourDay < b->tourDay; });
        if (dates.size() > newsRules::maxTourDatesInFeed)
            dates.resize (newsRules::maxTourDatesInFeed);

        std::vector<const NewsStore::OwnPost*> chosen (releases.begin(), releases.end());
        chosen.insert (chosen.end(), dates.begin(), dates.end());
        for (const auto& post : own)
            if (post.kind == NewsStore::Kind::tourDateCancelled && upcoming.count (post.cancels) > 0)
                chosen.push_back (&post);
        std::stable_sort (chosen.begin(), chosen.end(), [] (const auto* a, const auto* b)
                          { return a->postedAtMs < b->postedAtMs; });

        v1::ArtistFeed feed;
        feed.set_artist_key (keyBytes (identity.publicKey()));
        feed.set_sequence (sequence);
        feed.set_updated_at_ms (now);
        for (const auto* post : chosen)
            if (! feed.add_posts()->ParseFromString (post->post))
                feed.mutable_posts()->RemoveLast();
        return feed;
    }

    v1::SignedArtistFeed ArtistNews::signedFeed()
    {
        auto current = feed (store.nextFeedSequence());
        // Room for the signature and the envelope's framing.
        constexpr std::size_t envelopeBytes = 128;
        while (current.ByteSizeLong() + envelopeBytes > newsRules::maxFeedBytes)
        {
            const auto release = std::find_if (current.posts().begin(), current.posts().end(), [] (const v1::ArtistPost& post)
                                               { return post.has_release(); });
            if (release == current.posts().end())
                throw Error (ErrorCode::resourceExhausted, "the feed's tour dates alone take more than the " + std::to_string (newsRules::maxFeedBytes) + " bytes a feed may hold");
            current.mutable_posts()->erase (release);
        }
        v1::SignedArtistFeed signedFeed;
        signedFeed.set_feed (current.SerializeAsString());
        signedFeed.set_signature (identity.sign (signedFeed.feed()));
        return signedFeed;
    }

    std::string ArtistNews::signItem (std::string_view bencodedValue, std::string_view salt, std::int64_t sequence) const
    {
        // BEP 44: the signature covers the salt (when there is one), the sequence number and the
        // value, bencoded as the keys of a dictionary would be but without its braces.
        std::string signedBytes;
        if (! salt.empty())
            signedBytes += "4:salt" + std::to_string (salt.size()) + ":" + std::string (salt);
        signedBytes += "3:seqi" + std::to_string (sequence) + "e1:v";
        signedBytes += bencodedValue;
        return identity.sign (signedBytes);
    }

    const PublicKey& ArtistNews::artistKey() const noexcept
    {
        return identity.publicKey();
    }

    void ArtistNews::checkPost (const v1::ArtistPost& post, std::int64_t now)
    {
        newsRules::checkPostHeader (post.post_id(), post.artist_name());
        if (post.posted_at_ms() > now + maxFutureMs)
            throw Error (ErrorCode::invalidArgument, "the post is dated in the future");
        switch (post.content_case())
        {
            case v1::ArtistPost::kRelease:
            {
                newsRules::checkRelease (post.release().title(), static_cast<std::size_t> (post.release().tracks_size()));
                for (const auto& track : releaseTracksOf (post.release()))
                    (void) validateManifest (track);
                return;
            }
            case v1::ArtistPost::kTourDate:
                newsRules::checkTourDate (tourDateOf (post.tour_date()), now);
                return;
            case v1::ArtistPost::kTourDateCancelled:
                if (post.tour_date_cancelled().empty() || post.tour_date_cancelled().size() > newsRules::maxPostIdBytes)
                    throw Error (ErrorCode::invalidArgument, "the cancellation names no tour date");
                return;
            case v1::ArtistPost::CONTENT_NOT_SET:
                break;
        }
        throw Error (ErrorCode::invalidArgument, "the post carries nothing this daemon knows");
    }

    ArtistNews::Filed ArtistNews::file (const PublicKey& artist, const v1::ArtistPost& post, NewsStore::Source source)
    {
        const char* via = source == NewsStore::Source::dht ? "the DHT" : "the hub";
        if (! store.followOf (artist))
        {
            spdlog::info ("ignored a post from {} through {}: the artist is not followed here", shortKey (artist), via);
            return Filed::notFollowed;
        }
        const auto now = nowMs();
        try
        {
            checkPost (post, now);
        }
        catch (const Error& error)
        {
            spdlog::warn ("ignored post {} of artist {} through {}: {}", quoteInput (post.post_id()), shortKey (artist), via, error.what());
            return Filed::refused;
        }

        NewsStore::NewsEntry entry;
        entry.artistKey = artist;
        entry.postId = post.post_id();
        entry.kind = kindOf (post);
        entry.post = post.SerializeAsString();
        entry.postedAtMs = post.posted_at_ms();
        entry.tourDay = tourDayOf (post);
        if (post.has_tour_date())
            entry.tourCity = post.tour_date().city();
        if (post.has_tour_date_cancelled())
            entry.cancels = post.tour_date_cancelled();
        entry.receivedAtMs = now;
        entry.source = source;
        if (! store.file (entry))
            return store.followOf (artist) ? Filed::duplicate : Filed::notFollowed;
        store.setArtistName (artist, post.artist_name());
        spdlog::info ("news from {} through {}: post {}", post.artist_name().empty() ? shortKey (artist) : quoteInput (post.artist_name()), via, quoteInput (post.post_id()));

        if (post.has_release() && now - post.posted_at_ms() <= newsRules::prefetchReleaseWithinMs && hooks.freshRelease)
        {
            hooks.freshRelease (releaseTracksOf (post.release()));
        }
        return Filed::filed;
    }

    ArtistNews::Filed ArtistNews::fileSigned (const v1::SignedHubMessage& message, NewsStore::Source source)
    {
        const auto signer = publicKeyFrom (message.signer_key());
        if (! signer)
        {
            spdlog::warn ("ignored a post whose signer key is {} bytes, not 32", message.signer_key().size());
            return Filed::refused;
        }
        if (! Identity::verify (*signer, message.message(), message.signature()))
        {
            spdlog::warn ("ignored a post that claims to be artist {}'s: its signature is not that key's", shortKey (*signer));
            return Filed::refused;
        }
        v1::HubMessage content;
        if (! content.ParseFromString (message.message()) || ! content.has_post())
        {
            spdlog::warn ("ignored a message from artist {}: it holds no post", shortKey (*signer));
            return Filed::refused;
        }
        return file (*signer, content.post(), source);
    }

    v1::ArtistFeed ArtistNews::verifyFeed (const PublicKey& artist, std::string_view feedFile)
    {
        if (feedFile.size() > newsRules::maxFeedBytes)
            throw Error (ErrorCode::invalidArgument, "the feed is " + std::to_string (feedFile.size()) + " bytes, more than the " + std::to_string (newsRules::maxFeedBytes) + " a feed may hold");
        v1::SignedArtistFeed signedFeed;
        if (! signedFeed.ParseFromArray (feedFile.data(), static_cast<int> (feedFile.size())))
            throw Error (ErrorCode::invalidArgument, "the feed file is not a signed feed");
        if (! Identity::verify (artist, signedFeed.feed(), signedFeed.signature()))
            throw Error (ErrorCode::permissionDenied, "the feed is not signed by artist " + shortKey (artist));
        v1::ArtistFeed feed;
        if (! feed.ParseFromString (signedFeed.feed()))
            throw Error (ErrorCode::invalidArgument, "the signed feed does not hold a feed");
        if (feed.artist_key() != keyBytes (artist))
            throw Error (ErrorCode::permissionDenied, "the feed names another artist than " + shortKey (artist));
        return feed;
    }

    std::size_t ArtistNews::fileFeed (const PublicKey& artist, const v1::ArtistFeed& feed)
    {
        std::size_t filed = 0;
        for (const auto& post : feed.posts())
            if (file (artist, post, NewsStore::Source::dht) == Filed::filed)
                ++filed;
        return filed;
    }

    namespace
    {
        void fillItem (const NewsStore::NewsEntry& entry, const std::string& homeCity, v1::NewsItem& item)
        {
            item.set_id (entry.id);
            item.set_artist_key (keyBytes (entry.artistKey));
            if (item.mutable_post()->ParseFromString (entry.post) && item.post().has_release())
                fillReleaseDictionaries (*item.mutable_post()->mutable_release());
            item.set_received_at_ms (entry.receivedAtMs);
            item.set_source (entry.source == NewsStore::Source::dht ? v1::NEWS_SOURCE_DHT : v1::NEWS_SOURCE_HUB);
            item.set_cancelled (entry.cancelled);
            if (entry.kind == NewsStore::Kind::tourDate && ! homeCity.empty())
                item.set_in_home_city (NewsStore::sameCity (entry.tourCity, homeCity));
        }
    } // namespace

    v1::ListNewsResponse ArtistNews::news (std::int64_t after, std::size_t limit) const
    {
        const auto city = homeCity();
        v1::ListNewsResponse response;
        std::size_t bytes = 0;
        const auto wanted = std::min<std::size_t> (limit == 0 ? 50 : limit, paging::maxPageSize);
        for (const auto& entry : store.releases (after, wanted))
        {
            // A release carries its album's dictionaries: the newest is given whatever its size.
            if (bytes >= paging::maxPageBytes)
                break;
            auto& item = *response.add_releases();
            fillItem (entry, city, item);
            bytes += item.ByteSizeLong();
        }
        // A date stays upcoming until isPast says it is over everywhere.
        const auto fromDay = chartScore::dayOf (nowMs()) - 1;
        for (const auto& entry : store.tourDates (fromDay, city, after, maxListedTourDates))
            fillItem (entry, city, *response.add_tour_dates());
        response.set_tour_dates_total (static_cast<std::uint32_t> (store.tourDateCount (fromDay, after)));
        response.set_last_id (store.lastId());
        return response;
    }

    std::string ArtistNews::homeCity() const
    {
        return store.setting ("home_city").value_or ("");
    }

    void ArtistNews::setHomeCity (const std::string& city)
    {
        const auto cleaned = trimmed (city);
        hubRules::checkLength ("the home city", cleaned, hubRules::maxCityBytes);
        store.setSetting ("home_city", cleaned);
    }
} // namespace earshot
