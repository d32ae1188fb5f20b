#pragma once

// The catalogue and the traffic HubBench loads into a hub: artists, releases, listeners and their
// reports, made up from a seed so that every backend gets the same.

#include "Hub/HubRecords.h"
#include "earshot/v1/hub.pb.h"

#include <libtorrent/kademlia/ed25519.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace earshot::bench
{
    /** An Ed25519 key pair, as a daemon's Identity holds one, made from a number. */
    struct SigningKey
    {
        PublicKey publicKey {};
        lt::dht::public_key ltPublic;
        lt::dht::secret_key ltSecret;

        [[nodiscard]] static SigningKey fromNumber (std::uint64_t n);
        [[nodiscard]] std::string sign (std::string_view message) const;
        /** message with an id and a time, signed by this key, as a daemon sends it. */
        [[nodiscard]] v1::SignedHubMessage seal (v1::HubMessage message, std::int64_t sentAtMs) const;
    };

    /** How much there is. */
    struct HubWorldSize
    {
        int tracks = 100'000;
        int artists = 5'000;
        int listeners = 50'000;
        int listens = 1'000'000;
        int passes = 20'000;
        int seeders = 2'000;
        /** Listens and passes spread over this many UTC days, today last. */
        int days = 30;
    };

    /** Twelve genres, titles, artists and albums made of words from one list (so full-text search
        finds something), BPM, keys and lengths spread as a genre has them; listens with Zipf-like
        popularity over tracks, so that charts have a head and a long tail. */
    class HubWorld final
    {
    public:
        HubWorld (const HubWorldSize& size, std::int64_t nowMs, std::uint64_t seed);

        [[nodiscard]] const HubWorldSize& size() const noexcept { return worldSize; }
        [[nodiscard]] std::int64_t now() const noexcept { return nowMs; }

        /** The index-th release; indices from size().tracks on are further tracks, for intake. */
        [[nodiscard]] Release release (int index) const;
        /** The same release as its artist signs it. */
        [[nodiscard]] v1::SignedHubMessage signedRelease (int index, std::int64_t sentAtMs) const;

        [[nodiscard]] const std::vector<SigningKey>& artists() const noexcept { return artistKeys; }
        [[nodiscard]] const std::vector<SigningKey>& listeners() const noexcept { return listenerKeys; }
        [[nodiscard]] const std::vector<ArtistProfile>& profiles() const noexcept { return artistProfiles; }
        [[nodiscard]] const std::vector<std::string>& trackIds() const noexcept { return releasedTrackIds; }

        /** Listens over the days, oldest first. */
        [[nodiscard]] std::vector<ListenReport> listens (std::uint64_t seed) const;
        [[nodiscard]] std::vector<PassReport> passes (std::uint64_t seed) const;
        [[nodiscard]] std::vector<SeedReport> seeding (std::uint64_t seed) const;

        /** count signed listens of popular tracks sent in the hour before sentBeforeMs. */
        [[nodiscard]] std::vector<v1::SignedHubMessage> signedListens (int count, std::int64_t sentBeforeMs, std::uint64_t seed) const;
        /** count signed reports of passes that landed, each with its listener's receipt. */
        [[nodiscard]] std::vector<v1::SignedHubMessage> signedPasses (int count, std::int64_t sentBeforeMs, std::uint64_t seed) const;
        /** count signed seed reports of 50 tracks each. */
        [[nodiscard]] std::vector<v1::SignedHubMessage> signedSeeding (int count, std::int64_t sentBeforeMs, std::uint64_t seed) const;

        /** The network a listener reports from: ten listeners a /24. */
        [[nodiscard]] static std::string networkOf (int listener);
        /** Which listener signed a message (its index), for networkOf. */
        [[nodiscard]] int listenerOf (const v1::SignedHubMessage& message) const;

        /** What users look for. */
        [[nodiscard]] SearchQuery textQuery (std::mt19937_64& random) const;
        [[nodiscard]] SearchQuery textAndFilterQuery (std::mt19937_64& random) const;
        [[nodiscard]] SearchQuery filterQuery (std::mt19937_64& random) const;
        [[nodiscard]] std::string genre (std::mt19937_64& random) const;

        [[nodiscard]] static const std::vector<std::string>& genres();

    private:
        [[nodiscard]] int popularTrack (std::mt19937_64& random) const;
        [[nodiscard]] int anyListener (std::mt19937_64& random) const;
        [[nodiscard]] std::string word (std::mt19937_64& random) const;
        [[nodiscard]] std::string artistName (int artist) const;
        [[nodiscard]] int artistOf (int track) const;

        HubWorldSize worldSize;
        std::int64_t nowMs;
        std::uint64_t worldSeed;
        std::vector<SigningKey> artistKeys;
        std::vector<SigningKey> listenerKeys;
        std::vector<ArtistProfile> artistProfiles;
        std::vector<std::string> releasedTrackIds;
        /** The cumulative weights of tracks by popularity rank, and which track holds each rank. */
        std::vector<double> popularity;
        std::vector<int> trackOfRank;
        std::unordered_map<std::string, int> listenerIndex;
    };
} // namespace earshot::bench
