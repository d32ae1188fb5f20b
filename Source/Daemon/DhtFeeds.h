#pragma once

#include "Core/PublicKey.h"
#include "Swarm/DhtItem.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace earshot
{
    class ArtistNews;
    class NewsStore;
    class SwarmSession;

    /** Artists' news through the BitTorrent DHT, with no server at all.

        As the artist: the daemon's feed (ArtistNews::signedFeed) is written to a file under
        folder/own and seeded as a one-file torrent, and a BEP 44 mutable item under the daemon's
        key (salt newsRules::feedSalt) points to it with BEP 46's {"ih": info-hash}. The item is
        put again every republishInterval (DHT nodes forget items after two hours) and a new feed
        made at every change (feedChanged).

        As a follower: every pollInterval (and at start, and at once for a new follow) the item of
        each followed artist is looked up; one whose sequence is above the one kept has its feed
        torrent fetched (within newsRules::maxFeedBytes, into folder/<artist hex>/<sequence>),
        verified (ArtistNews::verifyFeed; its sequence must be the item's), filed, kept
        (NewsStore::recordFeed), seeded, and the artist's item put again as it came, so the feed
        outlives the artist's daemon going offline. Everything refused is logged with the reason
        and leaves nothing stored: a value that is not {"ih": 20 bytes}, a sequence not above the
        kept one, a feed over the limit or malformed, signed by another key or naming another
        artist, a sequence that is not the item's. Each artist has at most one feed fetch at a
        time; newer sequences seen meanwhile wait as one (the latest).

        Its own thread does the work; the swarm's answers come back to it as jobs (the swarm
        thread only queues them). feedChanged and followsChanged may be called from any thread. */
    class DhtFeeds final
    {
    public:
        struct Options
        {
            std::chrono::milliseconds pollInterval { 10 * 60 * 1000 };
            std::chrono::milliseconds republishInterval { 30 * 60 * 1000 };
            /** How long a lookup of an item may take before the best answer so far is taken. */
            std::chrono::milliseconds lookupTimeout { 20'000 };
            /** How long a feed torrent may take to arrive before the fetch is given up. */
            std::chrono::milliseconds fetchTimeout { 60'000 };
        };

        /** swarm, news and store must outlive this. folder: where feed files are kept. Starts at
            once: publishes the artist's feed if it has posts, seeds the feeds kept, polls. */
        DhtFeeds (SwarmSession& swarm, ArtistNews& news, NewsStore& store, std::filesystem::path folder, Options options);
        /** Stops the thread; answers the swarm still owes are dropped. */
        ~DhtFeeds();

        DhtFeeds (const DhtFeeds&) = delete;
        DhtFeeds& operator= (const DhtFeeds&) = delete;

        /** The artist's posts changed: make and publish a new feed. Any thread. */
        void feedChanged();
        /** The artists followed changed: look up the new ones at once. Any thread. */
        void followsChanged();

    private:
        using Clock = std::chrono::steady_clock;

        /** A followed artist's feed as this daemon has it, and what is under way for it. */
        struct Following
        {
            /** The feed torrent seeded now (hex), if any. */
            std::string seededInfoHash;
            bool lookingUp = false;
            /** The item whose feed is being fetched, if any. */
            std::optional<DhtItem> fetching;
            /** The newest item seen while a fetch was under way: fetched next (the fetch under
                way is given up for it: the artist seeds only its latest feed). */
            std::optional<DhtItem> waiting;
            /** The last item whose feed was refused: the DHT hands it on until a newer one comes,
                and it is not fetched again each poll. */
            std::optional<DhtItem> refused;
        };

        /** The jobs for this class's thread. Shared with the callbacks handed to the swarm, which
            may answer after this class is gone: a job posted then is dropped unrun. */
        struct Inbox
        {
            std::mutex mutex;
            std::condition_variable wake;
            std::deque<std::function<void()>> jobs;
            bool stopping = false;

            /** Queues a job; false (dropping it) once stopping. Any thread. */
            bool post (std::function<void()> job);
        };

        void run();
        /** A callback for the swarm that hands its answer to this class's thread as a job. */
        template <typename Result, typename Handle>
        std::function<void (std::function<Result()>)> onThisThread (Handle handle);

        void seedKeptFeeds();
        void publish();
        void putOwnItem();
        void poll();
        void putFollowedItems();
        void lookUp (const PublicKey& artist);
        void onItem (const PublicKey& artist, std::optional<DhtItem> item);
        void fetch (const PublicKey& artist, const DhtItem& item);
        void onFetched (const PublicKey& artist, const DhtItem& item, const std::string& infoHash, std::function<std::string()> answer);
        void accept (const PublicKey& artist, const DhtItem& item, const std::string& infoHash, const std::string& path);
        void fetchWaiting (const PublicKey& artist);
        void put (const DhtItem& item, const std::string& whose);
        void forgetUnfollowed();
        [[nodiscard]] std::filesystem::path folderOf (const PublicKey& artist) const;

        SwarmSession& swarm;
        ArtistNews& news;
        NewsStore& store;
        const std::filesystem::path folder;
        const Options options;

        // This thread's state (touched by jobs only).
        std::map<PublicKey, Following> followed;
        std::optional<DhtItem> ownItem;
        std::string ownInfoHash;
        /** When the items are put again next. */
        Clock::time_point nextRepublish {};
        std::filesystem::path ownFile;

        std::shared_ptr<Inbox> inbox = std::make_shared<Inbox>();
        std::thread thread;
    };
} // namespace earshot
