#include "DhtItems.h"

#include "Core/Error.h"

#include <libtorrent/bdecode.hpp>
#include <libtorrent/bencode.hpp>
#include <libtorrent/session.hpp>

#include <algorithm>
#include <array>
#include <iterator>

namespace earshot
{
    namespace
    {
        template <std::size_t size>
        std::array<char, size> arrayOf (const std::string& bytes, const char* what)
        {
            if (bytes.size() != size)
                throw Error (ErrorCode::invalidArgument, std::string ("a DHT item's ") + what + " must be " + std::to_string (size) + " bytes, not " + std::to_string (bytes.size()));
            std::array<char, size> out {};
            std::copy (bytes.begin(), bytes.end(), out.begin());
            return out;
        }

        template <std::size_t size>
        std::string stringOf (const std::array<char, size>& bytes)
        {
            return { bytes.begin(), bytes.end() };
        }

        Error stoppedError()
        {
            return Error (ErrorCode::unavailable, "earshotd is shutting down");
        }
    } // namespace

    DhtItems::DhtItems (lt::session& libtorrentSession)
        : session (libtorrentSession)
    {
    }

    DhtItems::~DhtItems()
    {
        for (auto& [key, lookup] : lookups)
            for (auto& waiter : lookup.waiters)
                waiter.done ([]() -> std::optional<DhtItem>
                             { throw stoppedError(); });
        for (auto& [key, waiting] : puts)
            for (auto& done : waiting)
                done ([]() -> int
                      { throw stoppedError(); });
    }

    void DhtItems::put (const DhtItem& item, PutDone done)
    {
        const auto key = arrayOf<32> (item.publicKey, "public key");
        const auto signature = arrayOf<64> (item.signature, "signature");
        lt::error_code ec;
        const auto decoded = lt::bdecode ({ item.value.data(), static_cast<std::ptrdiff_t> (item.value.size()) }, ec);
        if (ec)
            throw Error (ErrorCode::invalidArgument, "a DHT item's value must be bencoded: " + ec.message());
        lt::entry value (decoded);

        puts[{ item.publicKey, item.salt }].push_back (std::move (done));
        // libtorrent calls this once it has the item the DHT holds now, possibly more than once
        // (from the network thread): it must give the same answer each time.
        session.dht_put_item (
            key, [value, signature, sequence = item.sequence] (lt::entry& entry, std::array<char, 64>& sig, std::int64_t& seq, const std::string&)
            {
                if (seq > sequence)
                    return; // a newer item of the key's owner: put that one again, as it is
                entry = value;
                sig = signature;
                seq = sequence; },
            item.salt);
    }

    void DhtItems::get (const std::string& publicKey, const std::string& salt, Clock::time_point deadline, GetDone done)
    {
        const auto key = arrayOf<32> (publicKey, "public key");
        auto [slot, isNew] = lookups.try_emplace ({ publicKey, salt });
        slot->second.waiters.push_back ({ deadline, std::move (done) });
        if (isNew)
            session.dht_get_item (key, salt);
    }

    void DhtItems::expire (Clock::time_point now)
    {
        for (auto& [key, lookup] : lookups)
        {
            auto& waiters = lookup.waiters;
            auto late = std::stable_partition (waiters.begin(), waiters.end(), [now] (const Waiter& waiter)
                                               { return waiter.deadline > now; });
            std::vector<Waiter> answered (std::make_move_iterator (late), std::make_move_iterator (waiters.end()));
            waiters.erase (late, waiters.end());
            // The lookup itself goes on: its final answer is kept for no one, and a get of the
            // same item meanwhile waits for it rather than starting another.
            for (auto& waiter : answered)
                waiter.done ([best = lookup.best]
                             { return best; });
        }
    }

    void DhtItems::onPut (const lt::dht_put_alert& put)
    {
        auto found = puts.find ({ stringOf (put.public_key), put.salt });
        if (found == puts.end() || found->second.empty())
            return;
        auto done = std::move (found->second.front());
        found->second.pop_front();
        if (found->second.empty())
            puts.erase (found);
        done ([stored = put.num_success]
              { return stored; });
    }

    void DhtItems::onItem (const lt::dht_mutable_item_alert& found)
    {
        auto slot = lookups.find ({ stringOf (found.key), found.salt });
        if (slot == lookups.end())
            return;
        auto& lookup = slot->second;
        if (found.item.type() != lt::entry::undefined_t && (! lookup.best || found.seq > lookup.best->sequence))
        {
            DhtItem item;
            item.publicKey = stringOf (found.key);
            item.salt = found.salt;
            lt::bencode (std::back_inserter (item.value), found.item);
            item.sequence = found.seq;
            item.signature = stringOf (found.signature);
            lookup.best = std::move (item);
        }
        if (! found.authoritative)
            return;
        auto answered = std::move (lookup);
        lookups.erase (slot);
        for (auto& waiter : answered.waiters)
            waiter.done ([best = answered.best]
                         { return best; });
    }
} // namespace earshot
