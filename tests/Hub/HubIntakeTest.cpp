#include "Hub/HubIntake.h"
#include "../Core/FakeSigner.h"
#include "Core/Error.h"
#include "Core/PassRules.h"
#include "Core/TrackManifest.h"
#include "ProtoConvert.h"
#include "Swarm/TrackTorrent.h"
#include "earshot/v1/hub.pb.h"

#include "ErrorCodeOf.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <unistd.h>

using namespace earshot;
using earshot::test::codeOf;

namespace
{
    constexpr std::int64_t now = 1'790'000'000'000;

    /** A hub on a real SQLite file, and daemons (fake signers) sending it messages. */
    class HubIntakeTest : public ::testing::Test
    {
    protected:
        void SetUp() override
        {
            folder = std::filesystem::temp_directory_path() / ("earshot-intake-" + std::to_string (::getpid()));
            std::filesystem::create_directories (folder);
            store = openHubStore ((folder / "hub.sqlite").string());
            intake = std::make_unique<HubIntake> (*store, verifier, HubIntake::Rules {});
            manifest = manifestOf ("song.wav", "Saudade", 240'000);
        }
        void TearDown() override
        {
            intake.reset();
            store.reset();
            std::filesystem::remove_all (folder);
        }

        /** The manifest of a real torrent of a small file. */
        TrackManifest manifestOf (const std::string& name, const std::string& title, std::uint64_t durationMs) const
        {
            const auto file = folder / name;
            std::ofstream (file, std::ios::binary) << std::string (100'000, static_cast<char> (name.size()));
            TrackManifest made;
            copyTorrentFields (createTrackTorrent (file), made);
            made.metadata.title = title;
            made.metadata.genre = "fado";
            made.metadata.durationMs = durationMs;
            return made;
        }

        static v1::SignedHubMessage seal (const FakeSigner& signer, v1::HubMessage message, std::int64_t sentAtMs = now)
        {
            if (message.message_id().empty())
                message.set_message_id ("m-" + std::to_string (++messages));
            message.set_sent_at_ms (sentAtMs);
            v1::SignedHubMessage sealed;
            sealed.set_message (message.SerializeAsString());
            sealed.set_signer_key (keyBytes (signer.publicKey()));
            sealed.set_signature (signer.sign (sealed.message()));
            return sealed;
        }

        bool releaseBy (const FakeSigner& artist, const TrackManifest& track)
        {
            v1::HubMessage message;
            toProto (track, *message.mutable_release()->mutable_manifest());
            message.mutable_release()->set_artist_name ("Ana");
            return intake->submit (seal (artist, message), now);
        }

        bool listen (const FakeSigner& listener, const std::string& trackId, std::uint64_t ms = 60'000, const std::string& network = "203.0.113.0/24")
        {
            v1::HubMessage message;
            message.mutable_listen()->set_track_id (trackId);
            message.mutable_listen()->set_listened_ms (ms);
            return intake->submit (seal (listener, message), now, network);
        }

        /** The receipt listener signs for a pass of trackId that sender sent them. */
        static v1::SignedEnvelope receipt (const FakeSigner& listener, const FakeSigner& sender, const std::string& trackId, const std::string& passId)
        {
            v1::Envelope envelope;
            envelope.set_message_id (passRules::receiptIdFor (passId));
            envelope.set_sent_at_ms (now);
            envelope.set_recipient_key (keyBytes (sender.publicKey()));
            envelope.mutable_receipt()->set_pass_id (passId);
            envelope.mutable_receipt()->set_track_id (trackId);
            envelope.mutable_receipt()->set_listened_ms (40'000);
            v1::SignedEnvelope sealed;
            sealed.set_envelope (envelope.SerializeAsString());
            sealed.set_sender_key (keyBytes (listener.publicKey()));
            sealed.set_signature (listener.sign (sealed.envelope()));
            return sealed;
        }

        bool reportPass (const FakeSigner& reporter, const v1::SignedEnvelope& proof)
        {
            v1::HubMessage message;
            *message.mutable_pass_landed()->mutable_receipt() = proof;
            return intake->submit (seal (reporter, message), now);
        }

        ChartRow topOfTheDay()
        {
            ChartQuery query;
            query.nowMs = now;
            const auto rows = store->chart (query);
            EXPECT_EQ (rows.size(), 1u);
            return rows.empty() ? ChartRow {} : rows.front();
        }

        static inline int messages = 0;
        std::filesystem::path folder;
        FakeSigner verifier { 0 };
        std::unique_ptr<HubStore> store;
        std::unique_ptr<HubIntake> intake;
        TrackManifest manifest;
        const FakeSigner artist { 1 }, fan { 2 }, friendOfFan { 3 }, forger { 4 };
    };
} // namespace

TEST_F (HubIntakeTest, AReleaseSignedByItsArtistIsFiledUnderTheArtistsKey)
{
    EXPECT_TRUE (releaseBy (artist, manifest));
    const auto filed = store->release (trackIdOf (manifest));
    ASSERT_TRUE (filed.has_value());
    EXPECT_EQ (filed->artistKey, artist.publicKey());
    EXPECT_EQ (filed->title, "Saudade");
    EXPECT_EQ (filed->genre, "fado");
    EXPECT_EQ (filed->durationMs, 240'000);
    EXPECT_FALSE (filed->loudnessLufs.has_value()) << "the manifest did not say";
}

TEST_F (HubIntakeTest, AReleaseCarriesTheLoudnessItsPublisherMeasured)
{
    auto measured = manifest;
    measured.loudnessLufs = -14.5;
    measured.bpm = 121.3;
    measured.bpmEstimated = true;
    ASSERT_TRUE (releaseBy (artist, measured));
    const auto filed = store->release (trackIdOf (measured));
    ASSERT_TRUE (filed.has_value());
    EXPECT_EQ (filed->loudnessLufs, -14.5);
    EXPECT_EQ (filed->bpm, 121.3);
}

TEST_F (HubIntakeTest, AForgedSignatureIsRefusedAndNothingIsFiled)
{
    v1::HubMessage message;
    toProto (manifest, *message.mutable_release()->mutable_manifest());
    message.mutable_release()->set_artist_name ("Ana");
    auto forged = seal (artist, message);
    forged.set_signature (forger.sign (forged.message()));
    EXPECT_EQ (codeOf ([&]
                       { intake->submit (forged, now); }),
               ErrorCode::permissionDenied);
    EXPECT_FALSE (store->release (trackIdOf (manifest)).has_value());
}

TEST_F (HubIntakeTest, OnlyTheFirstArtistMayReleaseATrackAgain)
{
    ASSERT_TRUE (releaseBy (artist, manifest));
    auto claimed = manifest;
    claimed.metadata.title = "Stolen";
    EXPECT_EQ (codeOf ([&]
                       { releaseBy (forger, claimed); }),
               ErrorCode::permissionDenied);
    EXPECT_EQ (store->release (trackIdOf (manifest))->title, "Saudade");

    EXPECT_TRUE (releaseBy (artist, claimed));
    EXPECT_EQ (store->release (trackIdOf (manifest))->title, "Stolen");
}

TEST_F (HubIntakeTest, AManifestWhoseDictionaryIsNotItsInfoHashIsRefused)
{
    auto tampered = manifest;
    tampered.infoHashHex = std::string (40, 'a');
    EXPECT_EQ (codeOf ([&]
                       { releaseBy (artist, tampered); }),
               ErrorCode::invalidArgument);
}

TEST_F (HubIntakeTest, AListenCountsOncePerDayFromTheThresholdAndNotFromTheArtist)
{
    ASSERT_TRUE (releaseBy (artist, manifest));
    const auto track = trackIdOf (manifest);
    EXPECT_EQ (codeOf ([&]
                       { listen (fan, track, 29'999); }),
               ErrorCode::invalidArgument);
    EXPECT_TRUE (listen (fan, track));
    EXPECT_FALSE (listen (fan, track));
    EXPECT_FALSE (listen (artist, track));
    EXPECT_TRUE (listen (friendOfFan, track));
    const auto row = topOfTheDay();
    EXPECT_EQ (row.listeners, 2);
    // The row carries what a player needs to fetch the track at once.
    v1::TrackManifest carried;
    ASSERT_TRUE (carried.ParseFromString (row.manifest));
    EXPECT_EQ (fromProto (carried), manifest);
    EXPECT_FALSE (row.hasCover);
    EXPECT_EQ (codeOf ([&]
                       { listen (fan, std::string (40, 'b')); }),
               ErrorCode::notFound);
}

TEST_F (HubIntakeTest, APassLandsOnceWithTheListenersReceiptAddressedToTheReporter)
{
    ASSERT_TRUE (releaseBy (artist, manifest));
    const auto track = trackIdOf (manifest);
    const auto proof = receipt (friendOfFan, fan, track, "pass-1");

    EXPECT_EQ (codeOf ([&]
                       { reportPass (forger, proof); }),
               ErrorCode::permissionDenied);
    auto unsigned_ = proof;
    unsigned_.set_signature (forger.sign (proof.envelope()));
    EXPECT_EQ (codeOf ([&]
                       { reportPass (fan, unsigned_); }),
               ErrorCode::permissionDenied);
    EXPECT_EQ (codeOf ([&]
                       { reportPass (fan, receipt (fan, fan, track, "pass-2")); }),
               ErrorCode::invalidArgument);

    EXPECT_TRUE (reportPass (fan, proof));
    EXPECT_FALSE (reportPass (fan, proof));
    EXPECT_EQ (topOfTheDay().passes, 1);
}

TEST_F (HubIntakeTest, AStaleOrEmptyMessageIsRefused)
{
    v1::HubMessage message;
    message.mutable_profile()->set_name ("Ana");
    EXPECT_EQ (codeOf ([&]
                       { intake->submit (seal (artist, message, now - 4 * 86'400'000LL), now); }),
               ErrorCode::invalidArgument);
    EXPECT_EQ (codeOf ([&]
                       { intake->submit (seal (artist, v1::HubMessage {}), now); }),
               ErrorCode::invalidArgument);
    EXPECT_FALSE (store->profile (artist.publicKey()).has_value());
}

TEST_F (HubIntakeTest, AProfileIsFiledAndOneWithAScriptLinkIsRefused)
{
    v1::HubMessage message;
    message.mutable_profile()->set_name ("Ana Moura");
    message.mutable_profile()->set_home_city ("Lisbon");
    message.mutable_profile()->add_links ("https://example.org/ana");
    EXPECT_TRUE (intake->submit (seal (artist, message), now));
    EXPECT_EQ (store->profile (artist.publicKey())->homeCity, "Lisbon");

    message.mutable_profile()->add_links ("javascript:alert(1)");
    message.mutable_profile()->set_home_city ("Porto");
    EXPECT_EQ (codeOf ([&]
                       { intake->submit (seal (artist, message), now + 1); }),
               ErrorCode::invalidArgument);
    EXPECT_EQ (store->profile (artist.publicKey())->homeCity, "Lisbon");
}

TEST_F (HubIntakeTest, FreshKeysFromOneNetworkCountOnlyUpToItsDailySeats)
{
    ASSERT_TRUE (releaseBy (artist, manifest));
    const auto trackId = trackIdOf (manifest);
    const auto seats = HubIntake::Rules {}.listens.maxReportersPerNetworkPerDay;
    const std::string puppetNetwork = "198.51.100.0/24";

    // One machine making a new key for every listen: only the network's seats count.
    std::vector<FakeSigner> puppets;
    for (int i = 0; i < seats + 30; ++i)
        puppets.emplace_back (static_cast<std::uint8_t> (100 + i));
    int counted = 0;
    for (const auto& key : puppets)
        counted += listen (key, trackId, 60'000, puppetNetwork) ? 1 : 0;
    EXPECT_EQ (counted, seats);
    EXPECT_EQ (topOfTheDay().listeners, std::int64_t { seats });

    // A key that took a seat keeps it for the day: its listen of another track counts.
    const auto other = manifestOf ("other.wav", "Lua", 200'000);
    ASSERT_TRUE (releaseBy (artist, other));
    EXPECT_TRUE (listen (puppets.front(), trackIdOf (other), 60'000, puppetNetwork));
    // A late puppet counts for nothing, not even a seed report; listeners elsewhere still count.
    v1::HubMessage seeding;
    seeding.mutable_seeding()->add_track_ids (trackId);
    EXPECT_FALSE (intake->submit (seal (puppets.back(), seeding), now, puppetNetwork));
    EXPECT_TRUE (listen (fan, trackId, 60'000, "192.0.2.0/24"));
    EXPECT_TRUE (listen (friendOfFan, trackId, 60'000, "2001:db8:1::/48"));

    ChartQuery query;
    query.nowMs = now;
    const auto rows = store->chart (query);
    ASSERT_EQ (rows.size(), 2u);
    EXPECT_EQ (rows.front().trackId, trackId);
    EXPECT_EQ (rows.front().listeners, std::int64_t { seats + 2 });
    EXPECT_EQ (rows.front().seeders, 0);

    // The next day the network's seats open again.
    v1::HubMessage tomorrow;
    tomorrow.mutable_listen()->set_track_id (trackId);
    tomorrow.mutable_listen()->set_listened_ms (60'000);
    EXPECT_TRUE (intake->submit (seal (puppets.back(), tomorrow, now + 86'400'000), now + 86'400'000, puppetNetwork));
}
