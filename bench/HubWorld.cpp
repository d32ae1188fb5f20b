#include "HubWorld.h"

#include "Core/Hex.h"
#include "Core/PassRules.h"
#include "Core/TrackManifest.h"
#include "ProtoConvert.h"

#include <libtorrent/hasher.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cmath>
#include <tuple>

namespace earshot::bench
{
    namespace
    {
        constexpr std::int64_t dayMs = 24 * 60 * 60 * 1000;

        const std::vector<const char*> wordList {
            "love",
            "night",
            "light",
            "blue",
            "heart",
            "city",
            "dream",
            "fire",
            "rain",
            "summer",
            "shadow",
            "river",
            "gold",
            "silver",
            "echo",
            "midnight",
            "ocean",
            "star",
            "moon",
            "sun",
            "wild",
            "lost",
            "home",
            "road",
            "storm",
            "winter",
            "glass",
            "stone",
            "electric",
            "velvet",
            "neon",
            "paper",
            "ghost",
            "garden",
            "mirror",
            "signal",
            "orbit",
            "desert",
            "forest",
            "island",
            "harbor",
            "violet",
            "crimson",
            "amber",
            "hollow",
            "lantern",
            "thunder",
            "whisper",
            "fever",
            "sugar",
            "honey",
            "smoke",
            "dust",
            "bridge",
            "tower",
            "window",
            "distance",
            "morning",
            "evening",
            "saudade",
            "cathedral",
            "machine",
            "pulse",
            "wave",
            "tide",
            "current",
            "static",
            "radio",
            "tape",
            "vinyl",
            "groove",
            "motion",
            "circle",
            "spiral",
            "horizon",
            "skyline",
            "avenue",
            "station",
            "letters",
            "promise",
            "secret",
            "memory",
            "empire",
            "kingdom",
            "garage",
            "basement",
            "rooftop",
            "satellite",
            "comet",
            "nebula",
            "aurora",
            "prism",
            "crystal",
            "marble",
            "iron",
            "copper",
            "cotton",
            "linen",
            "lullaby",
            "anthem",
            "ballad",
            "hymn",
            "chorus",
            "sonata",
            "rhythm",
            "tempo",
            "cadence",
            "falling",
            "rising",
            "running",
            "dancing",
            "drifting",
            "burning",
            "waiting",
            "breathing",
            "shining",
            "broken",
            "golden",
            "quiet",
            "loud",
            "slow",
            "fast",
            "deep",
            "high",
            "low",
            "young",
            "old",
            "new",
            "last",
            "first",
            "little",
            "northern",
            "southern",
            "eastern",
            "western",
            "lisbon",
            "berlin",
            "tokyo",
            "lagos",
            "detroit",
            "kyoto",
            "havana",
            "oslo",
            "cairo",
            "brooklyn",
            "atlas",
            "phoenix",
            "raven",
            "wolf",
            "tiger",
            "fox",
            "sparrow",
            "heron",
            "coral",
            "jasmine",
            "orchid",
            "cedar",
            "willow",
            "maple",
            "juniper",
            "lotus",
            "sage",
        };

        struct GenreShape
        {
            const char* name;
            double bpm;
        };

        const std::array<GenreShape, 12> genreShapes { { { "techno", 130 },
                                                         { "house", 124 },
                                                         { "ambient", 80 },
                                                         { "drum and bass", 174 },
                                                         { "jazz", 110 },
                                                         { "hip hop", 92 },
                                                         { "rock", 120 },
                                                         { "folk", 100 },
                                                         { "fado", 70 },
                                                         { "metal", 150 },
                                                         { "classical", 90 },
                                                         { "pop", 116 } } };

        const std::array<const char*, 24> musicalKeys { "C", "Cm", "C#", "C#m", "D", "Dm", "Eb", "Ebm", "E", "Em", "F", "Fm", "F#", "F#m", "G", "Gm", "Ab", "Abm", "A", "Am", "Bb", "Bbm", "B", "Bm" };

        [[nodiscard]] double uniform (std::mt19937_64& random)
        {
            return std::uniform_real_distribution<double> (0.0, 1.0) (random);
        }

        [[nodiscard]] int below (std::mt19937_64& random, int n)
        {
            return std::uniform_int_distribution<int> (0, std::max (0, n - 1)) (random);
        }

        [[nodiscard]] std::string capitalised (std::string word)
        {
            if (! word.empty())
                word[0] = static_cast<char> (std::toupper (static_cast<unsigned char> (word[0])));
            return word;
        }

        /** A single-file torrent's info dictionary and its SHA-1, as a daemon publishes one. */
        void fillTorrent (TrackManifest& manifest, std::mt19937_64& random)
        {
            constexpr std::uint64_t pieceLength = 4 * 1024 * 1024;
            const auto pieces = (manifest.fileSize + pieceLength - 1) / pieceLength;
            std::string hashes;
            for (std::uint64_t i = 0; i < pieces * 20; ++i)
                hashes.push_back (static_cast<char> (random() & 0xff));
            manifest.infoDict = "d6:lengthi" + std::to_string (manifest.fileSize) + "e4:name" + std::to_string (manifest.fileName.size()) + ":"
                                + manifest.fileName + "12:piece lengthi" + std::to_string (pieceLength) + "e6:pieces"
                                + std::to_string (hashes.size()) + ":" + hashes + "e";
            const auto hash = lt::hasher (manifest.infoDict.data(), static_cast<int> (manifest.infoDict.size())).final();
            manifest.infoHashHex = toHex (std::string_view (hash.data(), hash.size()));
        }
    } // namespace

    SigningKey SigningKey::fromNumber (std::uint64_t n)
    {
        std::array<char, 32> seed {};
        for (std::size_t i = 0; i < 8; ++i)
            seed[i] = static_cast<char> ((n >> (8 * i)) & 0xff);
        seed[31] = 'e';
        SigningKey key;
        std::tie (key.ltPublic, key.ltSecret) = lt::dht::ed25519_create_keypair (seed);
        std::transform (key.ltPublic.bytes.begin(), key.ltPublic.bytes.end(), key.publicKey.begin(), [] (char c)
                        { return static_cast<std::uint8_t> (c); });
        return key;
    }

    std::string SigningKey::sign (std::string_view message) const
    {
        const auto signature = lt::dht::ed25519_sign ({ message.data(), static_cast<std::ptrdiff_t> (message.size()) }, ltPublic, ltSecret);
        return { signature.bytes.begin(), signature.bytes.end() };
    }

    v1::SignedHubMessage SigningKey::seal (v1::HubMessage message, std::int64_t sentAtMs) const
    {
        static std::atomic<std::uint64_t> sent { 0 };
        message.set_message_id ("bench-" + std::to_string (sentAtMs) + "-" + std::to_string (++sent));
        message.set_sent_at_ms (sentAtMs);
        v1::SignedHubMessage sealed;
        sealed.set_message (message.SerializeAsString());
        sealed.set_signer_key (keyBytes (publicKey));
        sealed.set_signature (sign (sealed.message()));
        return sealed;
    }

    HubWorld::HubWorld (const HubWorldSize& size, std::int64_t now, std::uint64_t seed)
        : worldSize (size), nowMs (now), worldSeed (seed)
    {
        for (int i = 0; i < size.artists; ++i)
            artistKeys.push_back (SigningKey::fromNumber (seed * 1'000'003 + static_cast<std::uint64_t> (i)));
        for (int i = 0; i < size.listeners; ++i)
        {
            listenerKeys.push_back (SigningKey::fromNumber (seed * 1'000'003 + 500'000'000 + static_cast<std::uint64_t> (i)));
            listenerIndex.emplace (keyBytes (listenerKeys.back().publicKey), i);
        }

        std::mt19937_64 random (seed);
        for (int i = 0; i < size.artists; ++i)
        {
            ArtistProfile profile;
            profile.artistKey = artistKeys[static_cast<std::size_t> (i)].publicKey;
            profile.name = artistName (i);
            profile.homeCity = capitalised (word (random));
            profile.bio = "Songs about " + word (random) + " and " + word (random) + ".";
            profile.links = { "https://example.org/" + std::to_string (i) };
            profile.updatedAtMs = now - dayMs * 200;
            artistProfiles.push_back (std::move (profile));
        }

        for (int i = 0; i < size.tracks; ++i)
            releasedTrackIds.push_back (release (i).trackId);

        // Zipf (s = 1) over ranks, the ranks shuffled over tracks so that hits fall in every genre.
        double total = 0.0;
        for (int rank = 1; rank <= size.tracks; ++rank)
            popularity.push_back (total += 1.0 / rank);
        trackOfRank.resize (static_cast<std::size_t> (size.tracks));
        for (int i = 0; i < size.tracks; ++i)
            trackOfRank[static_cast<std::size_t> (i)] = i;
        std::shuffle (trackOfRank.begin(), trackOfRank.end(), random);
    }

    std::string HubWorld::word (std::mt19937_64& random) const
    {
        // Some words are far commoner than others, as in real titles.
        const auto u = uniform (random);
        return wordList[static_cast<std::size_t> (u * u * static_cast<double> (wordList.size()))];
    }

    std::string HubWorld::artistName (int artist) const
    {
        std::mt19937_64 random (worldSeed ^ (0x5eed'a71'57ULL * static_cast<std::uint64_t> (artist + 1)));
        auto name = capitalised (word (random));
        if (uniform (random) < 0.6)
            name += " " + capitalised (word (random));
        if (uniform (random) < 0.2)
            name = "The " + name;
        // Names repeat across thousands of artists; the page is asked for by key.
        return name;
    }

    int HubWorld::artistOf (int track) const
    {
        // A few prolific artists, many with a handful of tracks.
        std::mt19937_64 random (worldSeed ^ (0x7ac'4ULL * static_cast<std::uint64_t> (track + 1)));
        const auto u = uniform (random);
        return std::min (worldSize.artists - 1, static_cast<int> (u * u * worldSize.artists));
    }

    Release HubWorld::release (int index) const
    {
        std::mt19937_64 random (worldSeed ^ (0x9e37'79b9'7f4a'7c15ULL * static_cast<std::uint64_t> (index + 1)));
        const auto artist = artistOf (index);
        const auto& shape = genreShapes[static_cast<std::size_t> (uniform (random) < 0.85 ? artist % 12 : below (random, 12))];

        TrackManifest manifest;
        auto& tags = manifest.metadata;
        const auto titleWords = 1 + below (random, 3);
        for (int i = 0; i < titleWords; ++i)
            tags.title += (i == 0 ? "" : " ") + capitalised (word (random));
        tags.artist = artistName (artist);
        tags.album = capitalised (word (random)) + " " + capitalised (word (random));
        tags.genre = shape.name;
        tags.durationMs = static_cast<std::uint64_t> (std::clamp (std::normal_distribution<double> (240'000, 80'000) (random), 60'000.0, 900'000.0));
        tags.bitrateKbps = 900;
        tags.sampleRate = 44'100;
        tags.channels = 2;
        if (uniform (random) < 0.9)
            manifest.bpm = std::round (std::normal_distribution<double> (shape.bpm, 6.0) (random) * 10.0) / 10.0;
        if (uniform (random) < 0.85)
            manifest.key = musicalKeys[static_cast<std::size_t> (below (random, 24))];
        manifest.format = AudioFormat::flac;
        manifest.fileName = std::to_string (index) + " " + tags.title + ".flac";
        manifest.fileSize = tags.durationMs * 110;
        fillTorrent (manifest, random);

        v1::TrackManifest message;
        toProto (manifest, message);

        Release made;
        made.trackId = trackIdOf (manifest);
        made.artistKey = artistKeys[static_cast<std::size_t> (artist)].publicKey;
        made.title = tags.title;
        made.artistName = tags.artist;
        made.album = tags.album;
        made.genre = tags.genre;
        if (manifest.bpm > 0.0)
            made.bpm = manifest.bpm;
        made.musicalKey = manifest.key;
        made.durationMs = static_cast<std::int64_t> (tags.durationMs);
        made.manifest = message.SerializeAsString();
        made.publishedAtMs = nowMs - dayMs * 365 + static_cast<std::int64_t> (uniform (random) * dayMs * 300);
        return made;
    }

    v1::SignedHubMessage HubWorld::signedRelease (int index, std::int64_t sentAtMs) const
    {
        const auto made = release (index);
        v1::HubMessage message;
        (void) message.mutable_release()->mutable_manifest()->ParseFromString (made.manifest);
        message.mutable_release()->set_artist_name (made.artistName);
        return artistKeys[static_cast<std::size_t> (artistOf (index))].seal (message, sentAtMs);
    }

    int HubWorld::popularTrack (std::mt19937_64& random) const
    {
        const auto target = uniform (random) * popularity.back();
        const auto rank = std::lower_bound (popularity.begin(), popularity.end(), target) - popularity.begin();
        return trackOfRank[static_cast<std::size_t> (std::min<std::ptrdiff_t> (rank, worldSize.tracks - 1))];
    }

    int HubWorld::anyListener (std::mt19937_64& random) const
    {
        // Some listen every day, most now and then.
        return std::min (worldSize.listeners - 1, static_cast<int> (std::pow (uniform (random), 1.5) * worldSize.listeners));
    }

    std::vector<ListenReport> HubWorld::listens (std::uint64_t seed) const
    {
        std::mt19937_64 random (seed);
        std::vector<ListenReport> result;
        result.reserve (static_cast<std::size_t> (worldSize.listens));
        const auto today = nowMs / dayMs;
        for (int day = 0; day < worldSize.days; ++day)
        {
            const auto dayStart = (today - worldSize.days + 1 + day) * dayMs;
            const auto dayLength = std::min (dayMs, nowMs - dayStart);
            const auto first = result.size();
            const auto count = worldSize.listens / worldSize.days + (day < worldSize.listens % worldSize.days ? 1 : 0);
            for (int i = 0; i < count; ++i)
                result.push_back ({ listenerKeys[static_cast<std::size_t> (anyListener (random))].publicKey,
                                    releasedTrackIds[static_cast<std::size_t> (popularTrack (random))],
                                    dayStart + static_cast<std::int64_t> (uniform (random) * static_cast<double> (dayLength)) });
            std::sort (result.begin() + static_cast<std::ptrdiff_t> (first), result.end(), [] (const ListenReport& a, const ListenReport& b)
                       { return a.atMs < b.atMs; });
        }
        return result;
    }

    std::vector<PassReport> HubWorld::passes (std::uint64_t seed) const
    {
        std::mt19937_64 random (seed);
        std::vector<PassReport> result;
        for (int i = 0; i < worldSize.passes; ++i)
        {
            const auto sender = anyListener (random);
            const auto recipient = (sender + 1 + below (random, worldSize.listeners - 1)) % worldSize.listeners;
            result.push_back ({ "bulk-receipt-" + std::to_string (seed) + "-" + std::to_string (i),
                                listenerKeys[static_cast<std::size_t> (sender)].publicKey,
                                listenerKeys[static_cast<std::size_t> (recipient)].publicKey,
                                releasedTrackIds[static_cast<std::size_t> (popularTrack (random))],
                                passRules::directPoints,
                                nowMs - static_cast<std::int64_t> (uniform (random) * dayMs * worldSize.days) });
        }
        std::sort (result.begin(), result.end(), [] (const PassReport& a, const PassReport& b)
                   { return a.atMs < b.atMs; });
        return result;
    }

    std::vector<SeedReport> HubWorld::seeding (std::uint64_t seed) const
    {
        std::mt19937_64 random (seed);
        std::vector<SeedReport> result;
        for (int i = 0; i < std::min (worldSize.seeders, worldSize.listeners); ++i)
        {
            SeedReport report { listenerKeys[static_cast<std::size_t> (i)].publicKey, {}, nowMs - static_cast<std::int64_t> (uniform (random) * dayMs / 2) };
            const auto tracks = 20 + below (random, 80);
            for (int t = 0; t < tracks; ++t)
                report.trackIds.push_back (releasedTrackIds[static_cast<std::size_t> (popularTrack (random))]);
            result.push_back (std::move (report));
        }
        return result;
    }

    std::vector<v1::SignedHubMessage> HubWorld::signedListens (int count, std::int64_t sentBeforeMs, std::uint64_t seed) const
    {
        std::mt19937_64 random (seed);
        std::vector<v1::SignedHubMessage> result;
        for (int i = 0; i < count; ++i)
        {
            v1::HubMessage message;
            message.mutable_listen()->set_track_id (releasedTrackIds[static_cast<std::size_t> (popularTrack (random))]);
            message.mutable_listen()->set_listened_ms (static_cast<std::uint64_t> (passRules::listenThresholdMs + below (random, 120'000)));
            const auto sentAt = sentBeforeMs - static_cast<std::int64_t> (uniform (random) * 3'600'000);
            result.push_back (listenerKeys[static_cast<std::size_t> (below (random, worldSize.listeners))].seal (message, sentAt));
        }
        return result;
    }

    std::vector<v1::SignedHubMessage> HubWorld::signedPasses (int count, std::int64_t sentBeforeMs, std::uint64_t seed) const
    {
        std::mt19937_64 random (seed);
        std::vector<v1::SignedHubMessage> result;
        for (int i = 0; i < count; ++i)
        {
            const auto sender = below (random, worldSize.listeners);
            const auto listener = (sender + 1 + below (random, worldSize.listeners - 1)) % worldSize.listeners;
            const auto sentAt = sentBeforeMs - static_cast<std::int64_t> (uniform (random) * 3'600'000);
            const auto passId = "bench-pass-" + std::to_string (seed) + "-" + std::to_string (i);

            v1::Envelope envelope;
            envelope.set_message_id (passRules::receiptIdFor (passId));
            envelope.set_sent_at_ms (sentAt);
            envelope.set_recipient_key (keyBytes (listenerKeys[static_cast<std::size_t> (sender)].publicKey));
            envelope.mutable_receipt()->set_pass_id (passId);
            envelope.mutable_receipt()->set_track_id (releasedTrackIds[static_cast<std::size_t> (popularTrack (random))]);
            envelope.mutable_receipt()->set_listened_ms (static_cast<std::uint64_t> (passRules::listenThresholdMs));

            v1::HubMessage message;
            auto& receipt = *message.mutable_pass_landed()->mutable_receipt();
            receipt.set_envelope (envelope.SerializeAsString());
            receipt.set_sender_key (keyBytes (listenerKeys[static_cast<std::size_t> (listener)].publicKey));
            receipt.set_signature (listenerKeys[static_cast<std::size_t> (listener)].sign (receipt.envelope()));
            result.push_back (listenerKeys[static_cast<std::size_t> (sender)].seal (message, sentAt));
        }
        return result;
    }

    std::vector<v1::SignedHubMessage> HubWorld::signedSeeding (int count, std::int64_t sentBeforeMs, std::uint64_t seed) const
    {
        std::mt19937_64 random (seed);
        std::vector<v1::SignedHubMessage> result;
        for (int i = 0; i < count; ++i)
        {
            v1::HubMessage message;
            for (int t = 0; t < 50; ++t)
                message.mutable_seeding()->add_track_ids (releasedTrackIds[static_cast<std::size_t> (popularTrack (random))]);
            const auto seeder = below (random, worldSize.listeners);
            result.push_back (listenerKeys[static_cast<std::size_t> (seeder)].seal (message, sentBeforeMs - below (random, 3'600'000)));
        }
        return result;
    }

    std::string HubWorld::networkOf (int listener)
    {
        return "10." + std::to_string ((listener / 2560) % 256) + "." + std::to_string ((listener / 10) % 256) + ".0/24";
    }

    int HubWorld::listenerOf (const v1::SignedHubMessage& message) const
    {
        const auto found = listenerIndex.find (message.signer_key());
        return found == listenerIndex.end() ? 0 : found->second;
    }

    const std::vector<std::string>& HubWorld::genres()
    {
        static const std::vector<std::string> names = []
        {
            std::vector<std::string> result;
            for (const auto& shape : genreShapes)
                result.emplace_back (shape.name);
            return result;
        }();
        return names;
    }

    std::string HubWorld::genre (std::mt19937_64& random) const
    {
        return genres()[static_cast<std::size_t> (below (random, 12))];
    }

    SearchQuery HubWorld::textQuery (std::mt19937_64& random) const
    {
        SearchQuery query;
        query.limit = 25;
        const auto made = release (below (random, worldSize.tracks));
        const auto titleWord = made.title.substr (0, made.title.find (' '));
        if (uniform (random) < 0.5)
            // A word of a title as it is being typed: the last word is a prefix.
            query.text = titleWord.substr (0, std::max<std::size_t> (3, titleWord.size() - static_cast<std::size_t> (below (random, 3))));
        else
            query.text = titleWord + " " + made.artistName.substr (made.artistName.rfind (' ') + 1);
        return query;
    }

    SearchQuery HubWorld::textAndFilterQuery (std::mt19937_64& random) const
    {
        auto query = textQuery (random);
        query.text = query.text.substr (0, query.text.find (' '));
        if (uniform (random) < 0.5)
        {
            query.genre = genre (random);
        }
        else
        {
            query.bpmMin = 80.0 + below (random, 80);
            query.bpmMax = *query.bpmMin + 10.0;
        }
        return query;
    }

    SearchQuery HubWorld::filterQuery (std::mt19937_64& random) const
    {
        SearchQuery query;
        query.limit = 25;
        const auto u = uniform (random);
        if (u < 0.4)
        {
            query.genre = genre (random);
            query.bpmMin = genreShapes[static_cast<std::size_t> (below (random, 12))].bpm - 4.0;
            query.bpmMax = *query.bpmMin + 8.0;
        }
        else if (u < 0.7)
        {
            query.musicalKey = musicalKeys[static_cast<std::size_t> (below (random, 24))];
            query.durationMinMs = 180'000 + below (random, 60) * 1000;
            query.durationMaxMs = *query.durationMinMs + 60'000;
        }
        else
        {
            query.genre = genre (random);
        }
        return query;
    }
} // namespace earshot::bench
