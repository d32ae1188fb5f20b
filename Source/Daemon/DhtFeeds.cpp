#include "DhtFeeds.h"

#include "ArtistNews.h"

#include "Core/Error.h"
#include "Core/FeedPointer.h"
#include "Core/Hex.h"
#include "Core/NewsRules.h"
#include "Store/NewsStore.h"
#include "Swarm/SwarmSession.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

namespace earshot
{
    namespace
    {
        const std::string salt (newsRules::feedSalt);
        constexpr std::chrono::milliseconds retryPutAfter { 30'000 };

        std::string hexOf (const PublicKey& key)
        {
            return toHex (keyBytes (key));
        }

        std::string readFile (const std::filesystem::path& path, std::size_t limit)
        {
            std::ifstream in (path, std::ios::binary);
            if (! in)
                throw Error (ErrorCode::notFound, "cannot read " + path.string());
            std::string bytes (limit + 1, '\0');
            in.read (bytes.data(), static_cast<std::streamsize> (bytes.size()));
            bytes.resize (static_cast<std::size_t> (in.gcount()));
            if (bytes.size() > limit)
                throw Error (ErrorCode::invalidArgument, "the feed file is over " + std::to_string (limit) + " bytes");
            return bytes;
        }

        /** The one file in a folder (a fetched feed's), if there is exactly one. */
        std::optional<std::filesystem::path> onlyFileIn (const std::filesystem::path& folder)
        {
            std::error_code ec;
            std::optional<std::filesystem::path> found;
            for (const auto& entry : std::filesystem::directory_iterator (folder, ec))
            {
                if (! entry.is_regular_file() || found)
                    return std::nullopt;
                found = entry.path();
            }
            return found;
        }
    } // namespace

    bool DhtFeeds::Inbox::post (std::function<void()> job)
    {
        {
            std::lock_guard lock (mutex);
            if (stopping)
                return false;
            jobs.push_back (std::move (job));
        }
        wake.notify_one();
        return true;
    }

    template <typename Result, typename Handle>
    std::function<void (std::function<Result()>)> DhtFeeds::onThisThread (Handle handle)
    {
        return [weakInbox = std::weak_ptr<Inbox> (inbox), handle = std::move (handle)] (std::function<Result()> answer)
        {
            if (auto target = weakInbox.lock())
                target->post ([handle, answer = std::move (answer)]
                              { handle (answer); });
        };
    }

    DhtFeeds::DhtFeeds (SwarmSession& swarmSession, ArtistNews& artistNews, NewsStore& newsStore, std::filesystem::path feedFolder, Options feedOptions)
        : swarm (swarmSession), news (artistNews), store (newsStore), folder (std::move (feedFolder)), options (feedOptions)
    {
        std::filesystem::create_directories (folder / "own");
        inbox->post ([this]
                     {
            seedKeptFeeds();
            if (! store.ownPosts().empty())
                publish();
            poll(); });
        thread = std::thread ([this]
                              { run(); });
    }

    DhtFeeds::~DhtFeeds()
    {
        {
            std::lock_guard lock (inbox->mutex);
            inbox->stopping = true;
        }
        inbox->wake.notify_all();
        if (thread.joinable())
            thread.join();
    }

    void DhtFeeds::feedChanged()
    {
        inbox->post ([this]
                     { publish(); });
    }

    void DhtFeeds::followsChanged()
    {
        inbox->post ([this]
                     {
            forgetUnfollowed();
            for (const auto& follow : store.follows())
                if (followed.count (follow.artistKey) == 0)
                    lookUp (follow.artistKey); });
    }

    void DhtFeeds::run()
    {
        auto nextPoll = Clock::now() + options.pollInterval;
        nextRepublish = Clock::now() + options.republishInterval;
        for (;;)
        {
            std::deque<std::function<void()>> batch;
            {
                std::unique_lock lock (inbox->mutex);
                inbox->wake.wait_until (lock, std::min (nextPoll, nextRepublish), [this]
                                        { return inbox->stopping || ! inbox->jobs.empty(); });
                if (inbox->stopping)
                    return;
                batch.swap (inbox->jobs);
            }
            for (auto& job : batch)
            {
                try
                {
                    job();
                }
                catch (const std::exception& error)
                {
                    spdlog::error ("DHT feeds: {}", error.what());
                }
            }
            const auto now = Clock::now();
            if (now >= nextPoll)
            {
                poll();
                nextPoll = now + options.pollInterval;
            }
            if (now >= nextRepublish)
            {
                putOwnItem();
                putFollowedItems();
                nextRepublish = now + options.republishInterval;
            }
        }
    }

    // ---- As the artist ----

    void DhtFeeds::publish()
    {
        const auto signedFeed = news.signedFeed();
        v1::ArtistFeed feed;
        feed.ParseFromString (signedFeed.feed());
        const auto sequence = feed.sequence();
        const auto file = folder / "own" / ("feed-" + std::to_string (sequence) + ".bin");
        {
            std::ofstream out (file, std::ios::binary | std::ios::trunc);
            signedFeed.SerializeToOstream (&out);
        }
        swarm.seedDocument (file.string(), onThisThread<std::string> ([this, file, sequence] (const std::function<std::string()>& answer)
                                                                      {
            std::string infoHash;
            try
            {
                infoHash = answer();
            }
            catch (const Error& error)
            {
                spdlog::error ("cannot seed this artist's feed {}: {}", sequence, error.what());
                return;
            }
            if (ownItem && ownItem->sequence > sequence)
                return; // a newer feed was seeded meanwhile
            if (! ownInfoHash.empty() && ownInfoHash != infoHash)
            {
                swarm.dropDocument (ownInfoHash, true);
            }
            ownInfoHash = infoHash;
            ownFile = file;
            DhtItem item;
            item.publicKey = keyBytes (news.artistKey());
            item.salt = salt;
            item.value = feedPointer::encode (fromHex (infoHash));
            item.sequence = sequence;
            item.signature = news.signItem (item.value, salt, sequence);
            ownItem = item;
            spdlog::info ("this artist's feed {} is seeded as {}; putting its DHT item", sequence, infoHash);
            putOwnItem(); }));
    }

    void DhtFeeds::putOwnItem()
    {
        if (ownItem)
            put (*ownItem, "this artist's");
    }

    void DhtFeeds::put (const DhtItem& item, const std::string& whose)
    {
        swarm.putDhtItem (item, onThisThread<int> ([this, whose, sequence = item.sequence] (const std::function<int()>& answer)
                                                   {
            int stored = 0;
            try
            {
                stored = answer();
                spdlog::debug ("{} DHT feed item {} stored on {} nodes", whose, sequence, stored);
            }
            catch (const Error& error)
            {
                spdlog::warn ("{} DHT feed item {} was not put: {}", whose, sequence, error.what());
            }
            // No node took it (the DHT was still joining, say): try again soon, not a whole
            // republish interval later.
            if (stored == 0)
                nextRepublish = std::min (nextRepublish, Clock::now() + std::min (options.republishInterval, retryPutAfter)); }));
    }

    // ---- As a follower ----

    std::filesystem::path DhtFeeds::folderOf (const PublicKey& artist) const
    {
        return folder / hexOf (artist);
    }

    void DhtFeeds::seedKeptFeeds()
    {
        for (const auto& follow : store.follows())
        {
            if (follow.feedSequence == 0)
                continue;
            const auto kept = onlyFileIn (folderOf (follow.artistKey) / std::to_string (follow.feedSequence));
            if (! kept)
                continue;
            const auto artist = follow.artistKey;
            swarm.seedDocument (kept->string(), onThisThread<std::string> ([this, artist, expected = follow.feedInfoHash] (const std::function<std::string()>& answer)
                                                                           {
                try
                {
                    const auto infoHash = answer();
                    if (infoHash != expected)
                        spdlog::warn ("the kept DHT feed of artist {} seeds as {}, not {} as fetched", hexOf (artist), infoHash, expected);
                    followed[artist].seededInfoHash = infoHash;
                }
                catch (const Error& error)
                {
                    spdlog::warn ("cannot seed the kept DHT feed of artist {}: {}", hexOf (artist), error.what());
                } }));
        }
    }

    void DhtFeeds::poll()
    {
        forgetUnfollowed();
        for (const auto& follow : store.follows())
            lookUp (follow.artistKey);
    }

    void DhtFeeds::putFollowedItems()
    {
        for (const auto& follow : store.follows())
        {
            if (follow.feedSequence == 0 || follow.feedItemValue.empty())
                continue;
            put ({ keyBytes (follow.artistKey), salt, follow.feedItemValue, follow.feedSequence, follow.feedItemSignature }, "artist " + hexOf (follow.artistKey) + "'s");
        }
    }

    void DhtFeeds::forgetUnfollowed()
    {
        for (auto it = followed.begin(); it != followed.end();)
        {
            if (store.followOf (it->first))
            {
                ++it;
                continue;
            }
            if (! it->second.seededInfoHash.empty())
                swarm.dropDocument (it->second.seededInfoHash, true);
            std::error_code ignored;
            std::filesystem::remove_all (folderOf (it->first), ignored);
            it = followed.erase (it);
        }
    }

    void DhtFeeds::lookUp (const PublicKey& artist)
    {
        auto& following = followed[artist];
        if (following.lookingUp)
            return;
        following.lookingUp = true;
        swarm.getDhtItem (keyBytes (artist), salt, options.lookupTimeout, onThisThread<std::optional<DhtItem>> ([this, artist] (const std::function<std::optional<DhtItem>()>& answer)
                                                                                                                {
            followed[artist].lookingUp = false;
            try
            {
                onItem (artist, answer());
            }
            catch (const Error& error)
            {
                spdlog::warn ("the DHT lookup of artist {}'s feed failed: {}", hexOf (artist), error.what());
            } }));
    }

    void DhtFeeds::onItem (const PublicKey& artist, std::optional<DhtItem> item)
    {
        const auto follow = store.followOf (artist);
        if (! follow)
            return;
        if (! item)
        {
            spdlog::debug ("no DHT feed item of artist {} yet", hexOf (artist));
            return;
        }
        auto& following = followed[artist];
        if (following.refused && following.refused->sequence == item->sequence && following.refused->value == item->value)
            return; // refused already, and said so
        if (! feedPointer::decode (item->value))
        {
            spdlog::warn ("refused the DHT feed item of artist {} (sequence {}): its value is not {{\"ih\": 20-byte info-hash}}", hexOf (artist), item->sequence);
            following.refused = item;
            return;
        }
        if (item->sequence < follow->feedSequence)
        {
            spdlog::warn ("refused the DHT feed item of artist {}: sequence {} is older than the {} kept (a replay)", hexOf (artist), item->sequence, follow->feedSequence);
            following.refused = item;
            return;
        }
        if (item->sequence == follow->feedSequence)
            return; // the feed kept
        if (following.fetching)
        {
            if (item->sequence > following.fetching->sequence && (! following.waiting || following.waiting->sequence < item->sequence))
            {
                const auto fetchingHash = toHex (*feedPointer::decode (following.fetching->value));
                if (! following.waiting && fetchingHash != following.seededInfoHash)
                    swarm.dropDocument (fetchingHash, true);
                following.waiting = item;
            }
            return;
        }
        fetch (artist, *item);
    }

    void DhtFeeds::fetch (const PublicKey& artist, const DhtItem& item)
    {
        const auto infoHash = toHex (*feedPointer::decode (item.value));
        followed[artist].fetching = item;
        DocumentFetch what;
        what.infoHash = infoHash;
        what.folder = (folderOf (artist) / std::to_string (item.sequence)).string();
        what.maxBytes = newsRules::maxFeedBytes;
        what.timeout = options.fetchTimeout;
        spdlog::info ("fetching DHT feed {} of artist {} ({})", item.sequence, hexOf (artist), infoHash);
        swarm.fetchDocument (what, onThisThread<std::string> ([this, artist, item, infoHash] (const std::function<std::string()>& answer)
                                                              { onFetched (artist, item, infoHash, answer); }));
    }

    void DhtFeeds::onFetched (const PublicKey& artist, const DhtItem& item, const std::string& infoHash, std::function<std::string()> answer)
    {
        followed[artist].fetching.reset();
        const auto fetchedFolder = folderOf (artist) / std::to_string (item.sequence);
        try
        {
            accept (artist, item, infoHash, answer());
        }
        catch (const Error& error)
        {
            const auto& waiting = followed[artist].waiting;
            if (waiting && waiting->sequence > item.sequence)
                spdlog::info ("gave up DHT feed {} of artist {} for the newer {}: {}", item.sequence, hexOf (artist), waiting->sequence, error.what());
            else
                spdlog::warn ("refused DHT feed {} of artist {}: {}", item.sequence, hexOf (artist), error.what());
            // A fetch that timed out is tried again at the next poll; a feed that was wrong stays so.
            if (error.code() == ErrorCode::invalidArgument || error.code() == ErrorCode::permissionDenied)
                followed[artist].refused = item;
            // An item may point to the feed kept (an older feed under a newer sequence): that
            // one seeds on.
            if (infoHash != followed[artist].seededInfoHash)
            {
                swarm.dropDocument (infoHash, true);
                std::error_code ignored;
                std::filesystem::remove_all (fetchedFolder, ignored);
            }
        }
        fetchWaiting (artist);
    }

    void DhtFeeds::accept (const PublicKey& artist, const DhtItem& item, const std::string& infoHash, const std::string& path)
    {
        const auto feed = ArtistNews::verifyFeed (artist, readFile (path, newsRules::maxFeedBytes));
        if (feed.sequence() != item.sequence)
            throw Error (ErrorCode::invalidArgument, "the feed says sequence " + std::to_string (feed.sequence()) + " but its DHT item " + std::to_string (item.sequence));
        if (! store.recordFeed (artist, item.sequence, infoHash, item.value, item.signature))
            throw Error (ErrorCode::failedPrecondition, "a feed as new or newer is kept already, or the artist is no longer followed");
        const auto filed = news.fileFeed (artist, feed);
        spdlog::info ("DHT feed {} of artist {}: {} new posts filed", item.sequence, hexOf (artist), filed);

        auto& following = followed[artist];
        const auto previous = std::exchange (following.seededInfoHash, infoHash);
        if (! previous.empty() && previous != infoHash)
            swarm.dropDocument (previous, true);
        // Only the feed kept stays on disk.
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator (folderOf (artist), ec))
            if (entry.path().filename() != std::to_string (item.sequence))
                std::filesystem::remove_all (entry.path(), ec);
        put (item, "artist " + hexOf (artist) + "'s");
    }

    void DhtFeeds::fetchWaiting (const PublicKey& artist)
    {
        auto& following = followed[artist];
        auto waiting = std::exchange (following.waiting, std::nullopt);
        if (waiting)
            onItem (artist, std::move (waiting));
    }
} // namespace earshot
