#pragma once

#include "Swarm/SwarmSession.h"

#include <libtorrent/kademlia/ed25519.hpp>
#include <libtorrent/kademlia/item.hpp>

#include <memory>
#include <string>
#include <vector>

namespace earshot
{
    /** Swarm sessions in this process forming a DHT of their own on loopback (SwarmSettings::
        privateDht), each told of every other. */
    struct PrivateDht
    {
        std::vector<std::unique_ptr<SwarmSession>> nodes;

        explicit PrivateDht (int size)
        {
            for (int i = 0; i < size; ++i)
                add();
        }

        /** Starts one more node and tells it and the others of each other. */
        SwarmSession& add()
        {
            SwarmSettings settings;
            settings.listenInterfaces = "127.0.0.1:0";
            settings.privateDht = true;
            auto node = std::make_unique<SwarmSession> (settings, SwarmEvents {});
            for (const auto& other : nodes)
            {
                if (other == nullptr)
                    continue;
                node->addDhtNode (endpointOf (*other));
                other->addDhtNode (endpointOf (*node));
            }
            nodes.push_back (std::move (node));
            return *nodes.back();
        }

        /** Stops and removes node i (its slot stays, empty). */
        void stop (std::size_t i) { nodes[i].reset(); }

        static std::string endpointOf (const SwarmSession& node) { return "127.0.0.1:" + std::to_string (node.listenPort()); }
    };

    /** An Ed25519 key pair that signs BEP 44 items, as an artist's daemon does. */
    struct ItemSigner
    {
        lt::dht::public_key publicKey;
        lt::dht::secret_key secretKey;

        explicit ItemSigner (char seedByte)
        {
            std::array<char, 32> seed {};
            seed.fill (seedByte);
            std::tie (publicKey, secretKey) = lt::dht::ed25519_create_keypair (seed);
        }

        [[nodiscard]] std::string key() const { return { publicKey.bytes.begin(), publicKey.bytes.end() }; }

        [[nodiscard]] DhtItem sign (const std::string& salt, const std::string& value, std::int64_t sequence) const
        {
            const auto signature = lt::dht::sign_mutable_item (value, salt, lt::dht::sequence_number (sequence), publicKey, secretKey);
            return { key(), salt, value, sequence, { signature.bytes.begin(), signature.bytes.end() } };
        }
    };
} // namespace earshot
