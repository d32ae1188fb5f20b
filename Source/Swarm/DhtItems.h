#pragma once

#include "DhtItem.h"

#include "Swarm/CommandQueue.h"

#include <libtorrent/alert_types.hpp>
#include <libtorrent/fwd.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** BEP 44 mutable items through libtorrent's DHT: puts of items signed elsewhere (libtorrent
        only carries them; it never signs) and gets that answer once the lookup is over, or with
        the best item seen by a deadline. Every answer comes on the swarm thread, exactly once:
        the destructor answers what is still waiting with Error (unavailable). Swarm thread only. */
    class DhtItems final
    {
    public:
        using Clock = std::chrono::steady_clock;
        /** Answers a put: the number of nodes that stored the item. */
        using PutDone = std::function<void (CommandQueue::Answer<int>)>;
        /** Answers a get: the item with the highest sequence found, or nothing when no node had one. */
        using GetDone = std::function<void (CommandQueue::Answer<std::optional<DhtItem>>)>;

        explicit DhtItems (lt::session& session);
        ~DhtItems();

        DhtItems (const DhtItems&) = delete;
        DhtItems& operator= (const DhtItems&) = delete;

        /** Puts a signed item. When the DHT already holds a higher sequence under the key and
            salt, that item is put again instead (nodes would refuse the older one anyway). Throws
            Error (invalidArgument) for a key that is not 32 bytes, a signature that is not 64, or a
            value that is not bencoded. */
        void put (const DhtItem& item, PutDone done);
        /** Looks the item up; concurrent gets of one key and salt share one lookup. libtorrent
            checks each item's signature against the key before it counts. */
        void get (const std::string& publicKey, const std::string& salt, Clock::time_point deadline, GetDone done);
        /** Answers the gets whose deadline has passed with the best item seen so far. */
        void expire (Clock::time_point now);

        void onPut (const lt::dht_put_alert& put);
        void onItem (const lt::dht_mutable_item_alert& found);

    private:
        struct Waiter
        {
            Clock::time_point deadline;
            GetDone done;
        };
        struct Lookup
        {
            std::optional<DhtItem> best;
            std::vector<Waiter> waiters;
        };

        lt::session& session;
        /** By public key and salt. */
        std::map<std::pair<std::string, std::string>, Lookup> lookups;
        std::map<std::pair<std::string, std::string>, std::deque<PutDone>> puts;
    };
} // namespace earshot
