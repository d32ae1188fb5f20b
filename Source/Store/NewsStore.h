#pragma once

#include "SharedDatabase.h"

#include "Core/Paging.h"
#include "Core/PublicKey.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** What the daemon keeps of artists' news (the news_ tables of an Earshot database): the
    artists this daemon follows, with where it is in each one's news (the hub's cursor, the DHT
    feed's sequence and the signed item to put again); the posts of followed artists filed here,
    each once; this daemon's own posts as an artist (its releases and tour dates); and settings
    (the listener's home city, the own feed's sequence).

    Posts are kept as the serialized ArtistPost they arrived as, beside the columns the lists sort
    and filter by. The store believes what it is given: signatures and the news rules are checked
    above it (ArtistNews).

    Times are milliseconds since the Unix epoch, always passed in; a tour date's day is days since
    the Unix epoch. Every method is one atomic step; StoreError when SQLite fails. Any thread (the
    SharedDatabase's mutex). */
    class NewsStore final
    {
    public:
        /** An artist followed here. */
        struct Follow
        {
            PublicKey artistKey {};
            /** The name the artist's latest post (or the hub) gave; may be empty. */
            std::string name;
            std::int64_t followedAtMs = 0;
            /** The hub's sequence of this artist's last event filed (Hub.WatchEvents's `after`). */
            std::uint64_t hubAfter = 0;
            /** The artist's feed as last fetched from the DHT: its sequence (0: none yet), the
                feed torrent's info-hash (hex), and the artist's signed BEP 44 item (the bencoded
                value and its 64-byte signature) that this daemon puts again. */
            std::int64_t feedSequence = 0;
            std::string feedInfoHash;
            std::string feedItemValue;
            std::string feedItemSignature;
            /** When a post of this artist was last filed; 0 if never. */
            std::int64_t lastNewsMs = 0;
        };

        /** What a post is. */
        enum class Kind
        {
            release,
            tourDate,
            tourDateCancelled
        };

        /** How a followed artist's post arrived first. */
        enum class Source
        {
            hub = 1,
            dht = 2
        };

        /** A followed artist's post, as filed. */
        struct NewsEntry
        {
            /** Its place in the order of filing (set by file()). */
            std::int64_t id = 0;
            PublicKey artistKey {};
            std::string postId;
            Kind kind = Kind::release;
            /** The serialized ArtistPost. */
            std::string post;
            std::int64_t postedAtMs = 0;
            /** A tour date's day and city. */
            std::int64_t tourDay = 0;
            std::string tourCity;
            /** For a cancellation: the post id of the tour date it calls off. */
            std::string cancels;
            std::int64_t receivedAtMs = 0;
            Source source = Source::hub;
            /** A tour date a later post of the same artist called off (set by the lists). */
            bool cancelled = false;
        };

        /** A post this daemon's artist made. */
        struct OwnPost
        {
            std::string postId;
            Kind kind = Kind::release;
            /** The serialized ArtistPost. */
            std::string post;
            std::int64_t postedAtMs = 0;
            /** A tour date's day (0 otherwise). */
            std::int64_t tourDay = 0;
            /** For a cancellation: the tour date it calls off. */
            std::string cancels;
            /** A tour date that was called off since. */
            bool cancelled = false;
        };

        /** Whether two city names are the same, with case ignored for ASCII letters. */
        [[nodiscard]] static bool sameCity (const std::string& a, const std::string& b);

        /** database must outlive this. */
        explicit NewsStore (SharedDatabase& database) noexcept;

        // ---- Follows ----

        /** Follows an artist; false (and only a non-empty name updated) when already followed. */
        bool follow (const PublicKey& artistKey, const std::string& name, std::int64_t nowMs);
        /** Stops following, dropping the artist's news filed here; false when not followed. */
        bool unfollow (const PublicKey& artistKey);
        [[nodiscard]] std::optional<Follow> followOf (const PublicKey& artistKey) const;
        /** Oldest follow first. */
        [[nodiscard]] std::vector<Follow> follows() const;
        [[nodiscard]] std::size_t followCount() const;
        /** Follows in follows' order strictly after the one whose followPageKeyOf is after (from
            the first when nothing), at most limit. Throws std::invalid_argument for a limit below
            1 or a key not of followPageKeyOf's shape. */
        [[nodiscard]] KeyedPage<Follow> followsPage (const std::optional<PageKey>& after, int limit) const;
        /** A follow's place in follows' order: when it began, the artist's key bytes (shape "is"). */
        [[nodiscard]] static PageKey followPageKeyOf (const Follow& follow);
        static constexpr auto followPageKeyShape = "is";
        /** Keeps the name an artist goes by (from its latest post); empty names are ignored. */
        void setArtistName (const PublicKey& artistKey, const std::string& name);
        /** Moves the artist's hub cursor forward to sequence (never back). */
        void advanceHubCursor (const PublicKey& artistKey, std::uint64_t sequence);
        /** Sets every hub cursor to 0: a new hub numbers its events its own way. */
        void resetHubCursors();
        /** Keeps a newer feed of an artist: true when sequence is above the one kept (and the
            artist is followed), false for an older or equal one, which changes nothing. */
        bool recordFeed (const PublicKey& artistKey, std::int64_t sequence, const std::string& infoHash, const std::string& itemValue, const std::string& itemSignature);

        // ---- News of followed artists ----

        /** Files a followed artist's post and returns its id; nothing, and no change, when a post
            with its id was filed before or the artist is not followed. Updates the follow's
            lastNewsMs. */
        std::optional<std::int64_t> file (const NewsEntry& entry);
        [[nodiscard]] bool isFiled (const std::string& postId) const;
        /** Releases filed after id `after`, newest post first, at most limit. */
        [[nodiscard]] std::vector<NewsEntry> releases (std::int64_t after, std::size_t limit) const;
        /** Tour dates on fromDay or later filed after id `after`, those in homeCity (case
            ignored, for ASCII letters) first, then by day; each marked cancelled when a
            cancellation of it was filed. */
        [[nodiscard]] std::vector<NewsEntry> tourDates (std::int64_t fromDay, const std::string& homeCity, std::int64_t after = 0) const;
        /** The first limit of tourDates (fromDay, homeCity, after), in its order. */
        [[nodiscard]] std::vector<NewsEntry> tourDates (std::int64_t fromDay, const std::string& homeCity, std::int64_t after, std::size_t limit) const;
        /** How many tour dates tourDates (fromDay, homeCity, after) gives. */
        [[nodiscard]] std::size_t tourDateCount (std::int64_t fromDay, std::int64_t after) const;
        /** The highest id filed; 0 when none. */
        [[nodiscard]] std::int64_t lastId() const;

        // ---- This daemon's own posts ----

        void addOwnPost (const OwnPost& post);
        /** Every own post, oldest first, tour dates marked when called off. */
        [[nodiscard]] std::vector<OwnPost> ownPosts() const;
        [[nodiscard]] std::optional<OwnPost> ownPost (const std::string& postId) const;
        /** The own tour dates on fromDay or later that were not called off, by day, then in the
            order they were posted, strictly after the one whose ownTourDatePageKeyOf is after
            (from the first when nothing), at most limit. Throws std::invalid_argument for a limit
            below 1 or a key not of ownTourDatePageKeyOf's shape. */
        [[nodiscard]] KeyedPage<OwnPost> ownTourDatesPage (std::int64_t fromDay, const std::optional<PageKey>& after, int limit) const;
        /** How many dates ownTourDatesPage lists from fromDay on, in all. */
        [[nodiscard]] std::size_t ownTourDateCount (std::int64_t fromDay) const;
        /** An own tour date's place in ownTourDatesPage's order: its day, when it was posted, its
            post id (shape "iis"). */
        [[nodiscard]] static PageKey ownTourDatePageKeyOf (const OwnPost& post);
        static constexpr auto ownTourDatePageKeyShape = "iis";
        /** Files the cancellation of an own tour date (a post whose `cancels` names it) in one
            step; false, and nothing stored, when no such tour date was posted here or it was
            called off already. */
        bool cancelOwnTourDate (const OwnPost& cancellation);
        /** The own feed's next sequence number, one above the last one given (stored, so it
            rises across restarts). */
        std::int64_t nextFeedSequence();

        // ---- Settings ----

        /** A setting ("home_city", ...), or nothing when never set or cleared. */
        [[nodiscard]] std::optional<std::string> setting (const std::string& key) const;
        /** Sets a setting; an empty value clears it. */
        void setSetting (const std::string& key, const std::string& value);

    private:
        SharedDatabase& database;
    };
} // namespace earshot
