/** Writes the seeds the code itself makes into fuzz/corpus: friend codes, torrents and magnet
    links of the test media, manifests, and signed envelopes, hub messages and artist feeds,
    signed with the fuzz targets' fixed keys so that the fuzzer starts past the signatures.
    Run once by fuzz/make-corpus; its output is committed. */

#include "FuzzHarness.h"

#include "Core/FeedPointer.h"
#include "Core/FriendCode.h"
#include "Core/HubRules.h"
#include "Daemon/CoverThumbnail.h"
#include "ProtoConvert.h"
#include "Swarm/TrackTorrent.h"

#include "earshot/v1/friends.pb.h"
#include "earshot/v1/hub.pb.h"
#include "earshot/v1/news.pb.h"

#include <stb_image_write.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

using namespace earshot;

namespace
{
    std::filesystem::path corpusRoot;

    /** Writes one seed of target; mode, when given, is the byte that picks what the target does. */
    void seed (const std::string& target, const std::string& name, const std::string& bytes, int mode = -1)
    {
        const auto folder = corpusRoot / target;
        std::filesystem::create_directories (folder);
        std::ofstream out (folder / name, std::ios::binary);
        if (mode >= 0)
            out.put (static_cast<char> (mode));
        out << bytes;
    }

    /** The same inner message as the three sealed modes take it: signed as it arrives, and as
        inner bytes the harness signs (as they are, and made fresh). */
    void sealedSeeds (const std::string& target, const std::string& name, const std::string& sealed, const std::string& inner)
    {
        seed (target, name + "-sealed", sealed, fuzz::sealedBytes);
        seed (target, name + "-signed", inner, fuzz::signedBytes);
        seed (target, name + "-fresh", inner, fuzz::freshMessage);
    }

    /** A small picture (a gradient with a few stripes) as stb_image_write writes it in each
        format it knows, and the JPEG thumbnail Earshot makes of it. */
    void covers()
    {
        constexpr int width = 24;
        constexpr int height = 16;
        std::vector<unsigned char> rgb;
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                for (int channel = 0; channel < 3; ++channel)
                    rgb.push_back (static_cast<unsigned char> (x * 10 + y * 3 * channel + (y % 4 == 0 ? 80 : 0)));
        const auto append = [] (void* out, void* bytes, int size)
        { static_cast<std::string*> (out)->append (static_cast<const char*> (bytes), static_cast<std::size_t> (size)); };
        std::string png, bmp, tga, jpeg;
        stbi_write_png_to_func (append, &png, width, height, 3, rgb.data(), width * 3);
        stbi_write_bmp_to_func (append, &bmp, width, height, 3, rgb.data());
        stbi_write_tga_to_func (append, &tga, width, height, 3, rgb.data());
        stbi_write_jpg_to_func (append, &jpeg, width, height, 3, rgb.data(), 80);
        seed ("cover", "picture.png", png);
        seed ("cover", "picture.bmp", bmp);
        seed ("cover", "picture.tga", tga);
        seed ("cover", "picture.jpg", jpeg);
        seed ("cover", "thumbnail.jpg", makeCoverThumbnail (png, hubRules::maxCoverBytes).bytes);
    }

    TrackManifest manifestOf (const std::filesystem::path& media)
    {
        TrackManifest manifest;
        copyTorrentFields (createTrackTorrent (media), manifest);
        manifest.format = audioFormatFromExtension (manifest.fileName);
        manifest.metadata = { "First Light (Excerpt)", "The Earshot Ensemble", "First Light", "Downtempo", 2026, 1, 30'000, 0, 44'100, 2 };
        manifest.bpm = 90;
        manifest.key = "Dm";
        return manifest;
    }

    void friendCodes()
    {
        PublicKey key {};
        for (std::size_t i = 0; i < key.size(); ++i)
            key[i] = static_cast<std::uint8_t> (i * 7 + 1);
        seed ("friend_code", "ipv4", formatFriendCode ({ key, "203.0.113.7", 7000 }));
        seed ("friend_code", "ipv6", formatFriendCode ({ key, "2001:db8::7", 443 }));
        seed ("friend_code", "dns", formatFriendCode ({ key, "earshot.example.org", 65535 }));
        seed ("friend_code", "typed", "earshot: aedsyulwx tpaokcrpw\nkr4z5q7ix-BUZF07FB7");
    }

    void torrents (const std::vector<TrackManifest>& manifests)
    {
        const std::vector<std::string> trackers { "udp://tracker.example.org:6969/announce", "https://tracker.example.net/announce" };
        for (const auto& manifest : manifests)
        {
            seed ("torrent", manifest.fileName + ".libtorrent.torrent", torrentFileFor (manifest, trackers));
            seed ("torrent", manifest.fileName + ".magnet", magnetUriFor (manifest, trackers));
            seed ("manifest", manifest.fileName + ".info", manifest.infoDict, 2);
            v1::TrackManifest message;
            toProto (manifest, message);
            seed ("manifest", manifest.fileName + ".manifest", message.SerializeAsString(), 0);
        }
        seed ("torrent", "bare.magnet", magnetUriFor (manifests.front()));

        v1::NewRelease release;
        release.set_title ("First Light");
        for (const auto& manifest : manifests)
            toProto (manifest, *release.add_tracks());
        fillReleaseDictionaries (release);
        seed ("manifest", "release", release.SerializeAsString(), 1);
    }

    void envelopes (const fuzz::ScratchFolder& scratch, const TrackManifest& manifest)
    {
        const auto self = fuzz::fixedIdentity (scratch, 1);
        const auto friendIdentity = fuzz::fixedIdentity (scratch, 2);
        const auto listener = fuzz::fixedIdentity (scratch, 4);
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count();

        const auto sealedBy = [] (const Identity& sender, const v1::Envelope& envelope)
        {
            v1::SignedEnvelope sealed;
            sealed.set_envelope (envelope.SerializeAsString());
            sealed.set_sender_key (keyBytes (sender.publicKey()));
            sealed.set_signature (sender.sign (sealed.envelope()));
            return sealed;
        };
        const auto envelopeTo = [now] (const Identity& recipient, const std::string& id)
        {
            v1::Envelope envelope;
            envelope.set_message_id (id);
            envelope.set_sent_at_ms (now);
            envelope.set_recipient_key (keyBytes (recipient.publicKey()));
            envelope.set_sender_peer ("203.0.113.7:6881");
            return envelope;
        };

        auto pass = envelopeTo (self, "0123456789abcdef0123456789abcdef");
        pass.mutable_pass()->set_pass_id (pass.message_id());
        toProto (manifest, *pass.mutable_pass()->mutable_manifest());
        pass.mutable_pass()->set_note ("for the long drive");
        pass.mutable_pass()->set_sender_name ("Ana");
        auto& link = *pass.mutable_pass()->add_chain();
        link.set_pass_id ("fedcba9876543210fedcba9876543210");
        link.set_sender_key (keyBytes (listener.publicKey()));
        sealedSeeds ("envelope", "pass", sealedBy (friendIdentity, pass).SerializeAsString(), pass.SerializeAsString());

        auto receipt = envelopeTo (self, "receipt-0123456789abcdef");
        receipt.mutable_receipt()->set_pass_id ("0123456789abcdef0123456789abcdef");
        receipt.mutable_receipt()->set_track_id (manifest.infoHashHex);
        receipt.mutable_receipt()->set_listened_ms (45'000);
        sealedSeeds ("envelope", "receipt", sealedBy (friendIdentity, receipt).SerializeAsString(), receipt.SerializeAsString());

        auto forwarded = envelopeTo (self, "forward-0123456789abcdef");
        forwarded.mutable_receipt()->set_pass_id ("0123456789abcdef0123456789abcdef");
        *forwarded.mutable_receipt()->mutable_forwarded() = sealedBy (listener, receipt);
        sealedSeeds ("envelope", "forwarded-receipt", sealedBy (friendIdentity, forwarded).SerializeAsString(), forwarded.SerializeAsString());

        auto probe = envelopeTo (self, "probe-0123456789abcdef");
        probe.mutable_probe();
        sealedSeeds ("envelope", "probe", sealedBy (friendIdentity, probe).SerializeAsString(), probe.SerializeAsString());

        // The hub: the same sender reports to it; its listener's receipt is the pass landing.
        const auto hubSeed = [&] (const std::string& name, v1::HubMessage message)
        {
            message.set_message_id ("hub-" + name);
            message.set_sent_at_ms (fuzz::fixedNowMs);
            v1::SignedHubMessage sealed;
            sealed.set_message (message.SerializeAsString());
            sealed.set_signer_key (keyBytes (friendIdentity.publicKey()));
            sealed.set_signature (friendIdentity.sign (sealed.message()));
            sealedSeeds ("hub_intake", name, sealed.SerializeAsString(), sealed.message());
        };
        v1::HubMessage release;
        toProto (manifest, *release.mutable_release()->mutable_manifest());
        release.mutable_release()->set_artist_name ("The Earshot Ensemble");
        hubSeed ("release", release);
        v1::HubMessage profile;
        profile.mutable_profile()->set_name ("The Earshot Ensemble");
        profile.mutable_profile()->set_home_city ("Lisbon");
        profile.mutable_profile()->add_links ("https://earshot.example.org");
        hubSeed ("profile", profile);
        v1::HubMessage listen;
        listen.mutable_listen()->set_track_id (manifest.infoHashHex);
        listen.mutable_listen()->set_listened_ms (60'000);
        hubSeed ("listen", listen);
        v1::HubMessage landed;
        auto receiptToHub = receipt;
        receiptToHub.set_recipient_key (keyBytes (friendIdentity.publicKey()));
        *landed.mutable_pass_landed()->mutable_receipt() = sealedBy (listener, receiptToHub);
        hubSeed ("pass-landed", landed);
        v1::HubMessage seeding;
        seeding.mutable_seeding()->add_track_ids (manifest.infoHashHex);
        hubSeed ("seeding", seeding);
        v1::HubMessage follows;
        follows.mutable_follows()->add_artist_keys (keyBytes (listener.publicKey()));
        hubSeed ("follows", follows);
    }

    std::vector<v1::ArtistPost> posts (const TrackManifest& manifest)
    {
        v1::ArtistPost release;
        release.set_post_id ("post-release");
        release.set_posted_at_ms (fuzz::fixedNowMs - 60'000);
        release.set_artist_name ("The Earshot Ensemble");
        release.mutable_release()->set_title ("First Light");
        toProto (manifest, *release.mutable_release()->add_tracks());

        auto show = release;
        show.set_post_id ("post-show");
        auto& date = *show.mutable_tour_date();
        date.set_date ("2026-12-01");
        date.set_city ("Lisbon");
        date.set_venue ("Musicbox");
        date.set_link ("https://earshot.example.org/shows");

        auto cancelled = release;
        cancelled.set_post_id ("post-cancelled");
        cancelled.set_tour_date_cancelled ("post-show");
        return { release, show, cancelled };
    }

    void news (const fuzz::ScratchFolder& scratch, const TrackManifest& manifest)
    {
        const auto artist = fuzz::fixedIdentity (scratch, 3);
        v1::ArtistFeed feed;
        feed.set_artist_key (keyBytes (artist.publicKey()));
        feed.set_sequence (7);
        feed.set_updated_at_ms (fuzz::fixedNowMs);
        for (const auto& post : posts (manifest))
            *feed.add_posts() = post;
        v1::SignedArtistFeed sealed;
        sealed.set_feed (feed.SerializeAsString());
        sealed.set_signature (artist.sign (sealed.feed()));
        sealedSeeds ("news", "feed", sealed.SerializeAsString(), sealed.feed());

        const std::string infoHash (20, '\x5a');
        seed ("news", "feed-pointer", feedPointer::encode (infoHash), fuzz::sealedModeCount);
        v1::HubMessage post;
        *post.mutable_post() = posts (manifest).front();
        post.set_message_id ("hub-post");
        post.set_sent_at_ms (fuzz::fixedNowMs);
        v1::SignedHubMessage hubSealed;
        hubSealed.set_message (post.SerializeAsString());
        hubSealed.set_signer_key (keyBytes (artist.publicKey()));
        hubSealed.set_signature (artist.sign (hubSealed.message()));
        seed ("hub_intake", "post-by-artist-sealed", hubSealed.SerializeAsString(), fuzz::sealedBytes);
    }
} // namespace

int main (int argc, char** argv)
{
    if (argc != 3)
    {
        std::cerr << "usage: fuzz_corpus_maker TEST_MEDIA_DIR CORPUS_DIR\n";
        return 2;
    }
    const std::filesystem::path media (argv[1]);
    corpusRoot = argv[2];

    std::vector<TrackManifest> manifests;
    for (const auto* file : { "excerpt.flac", "excerpt.ogg", "excerpt.mp3", "excerpt.wav" })
        manifests.push_back (manifestOf (media / file));

    const fuzz::ScratchFolder scratch;
    friendCodes();
    covers();
    torrents (manifests);
    envelopes (scratch, manifests.front());
    news (scratch, manifests.front());
    return 0;
}
