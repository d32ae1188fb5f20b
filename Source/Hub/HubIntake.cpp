#include "HubIntake.h"

#include "Core/ChartScore.h"
#include "Core/Error.h"
#include "Core/HubRules.h"
#include "Core/NewsRules.h"
#include "Core/PassRules.h"
#include "Core/QuoteInput.h"
#include "Core/TrackManifest.h"
#include "ProtoConvert.h"
#include "Swarm/TrackTorrent.h"
#include "earshot/v1/hub.pb.h"

namespace earshot
{
    namespace
    {
        [[nodiscard]] Release releaseFrom (const v1::Release& message, const PublicKey& artist, std::int64_t sentAtMs)
        {
            auto manifest = fromProto (message.manifest());
            (void) validateManifest (manifest);
            hubRules::checkRelease (message.artist_name(), message.cover().size(), message.cover_type());

            Release release;
            release.trackId = trackIdOf (manifest);
            release.artistKey = artist;
            release.title = manifest.metadata.title.empty() ? manifest.fileName : manifest.metadata.title;
            release.artistName = message.artist_name();
            release.album = manifest.metadata.album;
            release.genre = manifest.metadata.genre;
            if (manifest.bpm > 0.0)
                release.bpm = manifest.bpm;
            release.musicalKey = manifest.key;
            if (manifest.loudnessLufs < 0.0)
                release.loudnessLufs = manifest.loudnessLufs;
            release.durationMs = static_cast<std::int64_t> (manifest.metadata.durationMs);
            release.manifest = message.manifest().SerializeAsString();
            release.cover = message.cover();
            release.publishedAtMs = sentAtMs;
            return release;
        }

        [[nodiscard]] Release releaseOf (HubStore& store, const std::string& trackId)
        {
            auto release = store.release (trackId);
            if (! release)
                throw Error (ErrorCode::notFound, "no track " + quoteInput (trackId) + " was released on this hub");
            return *release;
        }

        /** The pass a receipt proves landed, after checking it is the listener's and for reporter. */
        [[nodiscard]] PassReport passFrom (const v1::PassLanded& landed, const PublicKey& reporter, const SignatureVerifier& verifier, std::int64_t atMs)
        {
            const auto& receipt = landed.receipt();
            const auto listener = publicKeyFrom (receipt.sender_key());
            if (! listener)
                throw Error (ErrorCode::invalidArgument, "the receipt's listener key is " + std::to_string (receipt.sender_key().size()) + " bytes, not 32");
            if (! verifier.verify (*listener, receipt.envelope(), receipt.signature()))
                throw Error (ErrorCode::permissionDenied, "the receipt is not signed by the listener it names");

            v1::Envelope envelope;
            if (! envelope.ParseFromString (receipt.envelope()) || envelope.content_case() != v1::Envelope::kReceipt)
                throw Error (ErrorCode::invalidArgument, "the pass report carries no listen receipt");
            if (envelope.recipient_key() != keyBytes (reporter))
                throw Error (ErrorCode::permissionDenied, "the receipt is addressed to another daemon than the one reporting it");
            if (*listener == reporter)
                throw Error (ErrorCode::invalidArgument, "a daemon cannot receipt its own pass");
            if (envelope.receipt().has_forwarded())
                throw Error (ErrorCode::invalidArgument, "a forwarded receipt does not land a pass; the pass's sender reports the receipt it got");

            PassReport pass;
            pass.receiptId = envelope.message_id();
            pass.senderKey = reporter;
            pass.recipientKey = *listener;
            pass.trackId = envelope.receipt().track_id();
            pass.points = passRules::directPoints;
            pass.atMs = atMs;
            return pass;
        }
        /** Throws Error (invalidArgument) unless each track's manifest is well formed: the first
            track of a torrent carries its info dictionary, later ones may leave it out; and
            (permissionDenied) when one is a track another key released here. */
        void checkReleaseTracks (HubStore& store, const v1::NewRelease& release, const PublicKey& artist)
        {
            for (const auto& manifest : releaseTracksOf (release))
            {
                if (manifest.infoDict.empty())
                    throw Error (ErrorCode::invalidArgument, "the release's track " + quoteInput (manifest.fileName) + " has no info dictionary, and no earlier track of its torrent carries one");
                (void) validateManifest (manifest);
                const auto trackId = trackIdOf (manifest);
                const auto earlier = store.release (trackId);
                hubRules::checkReleaser (earlier ? std::optional (earlier->artistKey) : std::nullopt, artist, trackId);
            }
        }

        /** The post a message carries, checked against the news rules at nowMs. */
        [[nodiscard]] NewsPost postFrom (HubStore& store, const v1::ArtistPost& post, const PublicKey& artist, std::int64_t nowMs)
        {
            newsRules::checkPostHeader (post.post_id(), post.artist_name());
            if (post.posted_at_ms() < 0 || post.posted_at_ms() > nowMs + hubRules::maxClockSkewMs)
                throw Error (ErrorCode::invalidArgument, "the post " + quoteInput (post.post_id()) + " is dated in the future");

            NewsPost filed;
            filed.artistKey = artist;
            filed.postId = post.post_id();
            filed.postedAtMs = post.posted_at_ms();
            switch (post.content_case())
            {
                case v1::ArtistPost::kRelease:
                    newsRules::checkRelease (post.release().title(), static_cast<std::size_t> (post.release().tracks_size()));
                    checkReleaseTracks (store, post.release(), artist);
                    filed.kind = PostKind::release;
                    return filed;
                case v1::ArtistPost::kTourDate:
                {
                    const auto& date = post.tour_date();
                    newsRules::checkTourDate ({ date.date(), date.city(), date.venue(), date.link() }, nowMs);
                    filed.kind = PostKind::tourDate;
                    filed.tourDate = date.date();
                    return filed;
                }
                case v1::ArtistPost::kTourDateCancelled:
                    if (post.tour_date_cancelled().empty() || post.tour_date_cancelled().size() > newsRules::maxPostIdBytes)
                        throw Error (ErrorCode::invalidArgument, "the cancellation " + quoteInput (post.post_id()) + " names no tour date post");
                    filed.kind = PostKind::tourDateCancelled;
                    filed.cancels = post.tour_date_cancelled();
                    return filed;
                case v1::ArtistPost::CONTENT_NOT_SET:
                    break;
            }
            throw Error (ErrorCode::invalidArgument, "the post " + quoteInput (post.post_id()) + " carries neither a release, a tour date nor a cancellation");
        }

        [[nodiscard]] FollowReport followsFrom (const v1::FollowReport& follows, const PublicKey& follower, std::int64_t atMs)
        {
            if (static_cast<std::size_t> (follows.artist_keys_size()) > newsRules::maxFollows)
                throw Error (ErrorCode::invalidArgument, "the follow report names " + std::to_string (follows.artist_keys_size()) + " artists, more than " + std::to_string (newsRules::maxFollows));
            FollowReport report { follower, {}, atMs };
            for (const auto& key : follows.artist_keys())
            {
                const auto artist = publicKeyFrom (key);
                if (! artist)
                    throw Error (ErrorCode::invalidArgument, "the follow report names a key of " + std::to_string (key.size()) + " bytes, not 32");
                report.artistKeys.push_back (*artist);
            }
            return report;
        }
    } // namespace

    HubIntake::HubIntake (HubStore& storeToFill, const SignatureVerifier& signatureVerifier, Rules rules)
        : store (storeToFill), verifier (signatureVerifier), hubRules (rules)
    {
    }

    bool HubIntake::submit (const v1::SignedHubMessage& signedMessage, std::int64_t nowMs, const std::string& network)
    {
        const auto signer = hubRules::signerOf (signedMessage.ByteSizeLong(), signedMessage.signer_key());
        hubRules::checkSignature (verifier, signer, signedMessage.message(), signedMessage.signature());

        v1::HubMessage message;
        if (! message.ParseFromString (signedMessage.message()))
            throw Error (ErrorCode::invalidArgument, "the signed bytes are not a hub message");
        hubRules::checkFresh (message.message_id(), message.sent_at_ms(), nowMs);
        const auto sentAtMs = message.sent_at_ms();
        // Checked only once the message proved valid, so forgeries take no seat of a network.
        const auto reporterAdmitted = [&]
        { return store.admitReporter (network, signer, chartScore::dayOf (sentAtMs), hubRules.listens.maxReportersPerNetworkPerDay); };

        switch (message.content_case())
        {
            case v1::HubMessage::kRelease:
            {
                auto release = releaseFrom (message.release(), signer, sentAtMs);
                const auto earlier = store.release (release.trackId);
                hubRules::checkReleaser (earlier ? std::optional (earlier->artistKey) : std::nullopt, signer, release.trackId);
                if (earlier)
                    release.publishedAtMs = earlier->publishedAtMs;
                store.putRelease (release);
                return true;
            }
            case v1::HubMessage::kProfile:
            {
                const auto& profile = message.profile();
                hubRules::Profile checked { profile.name(), profile.bio(), profile.home_city(), { profile.links().begin(), profile.links().end() } };
                hubRules::checkProfile (checked);
                store.putProfile ({ signer, checked.name, checked.bio, checked.homeCity, checked.links, sentAtMs });
                return true;
            }
            case v1::HubMessage::kListen:
            {
                const auto& listen = message.listen();
                const auto release = releaseOf (store, listen.track_id());
                hubRules::checkListen (listen.listened_ms(), release.durationMs, listen.track_id());
                if (release.artistKey == signer || ! reporterAdmitted())
                    return false;
                return store.addListen ({ signer, listen.track_id(), sentAtMs }, hubRules.listens, hubRules.weights) == ListenOutcome::counted;
            }
            case v1::HubMessage::kPassLanded:
            {
                const auto pass = passFrom (message.pass_landed(), signer, verifier, sentAtMs);
                (void) releaseOf (store, pass.trackId);
                if (! reporterAdmitted())
                    return false;
                return store.addPass (pass, hubRules.weights) == PassOutcome::counted;
            }
            case v1::HubMessage::kSeeding:
            {
                const auto& seeding = message.seeding();
                hubRules::checkSeeding (static_cast<std::size_t> (seeding.track_ids_size()));
                if (! reporterAdmitted())
                    return false;
                return store.setSeeding ({ signer, { seeding.track_ids().begin(), seeding.track_ids().end() }, sentAtMs }, hubRules.seeding) == SeedOutcome::replaced;
            }
            case v1::HubMessage::kPost:
                return filePost (postFrom (store, message.post(), signer, nowMs), signedMessage);
            case v1::HubMessage::kFollows:
                return store.setFollows (followsFrom (message.follows(), signer, sentAtMs));
            case v1::HubMessage::CONTENT_NOT_SET:
                break;
        }
        throw Error (ErrorCode::invalidArgument, "the hub message carries nothing the hub knows");
    }

    bool HubIntake::filePost (NewsPost post, const v1::SignedHubMessage& signedMessage)
    {
        if (store.post (post.postId).has_value())
            return false;
        if (post.kind == PostKind::tourDateCancelled)
        {
            const auto cancelled = store.post (post.cancels);
            if (! cancelled || cancelled->artistKey != post.artistKey || cancelled->kind != PostKind::tourDate)
                throw Error (ErrorCode::notFound, "the cancellation " + quoteInput (post.postId) + " names " + quoteInput (post.cancels) + ", which is no tour date this artist posted on this hub");
            post.tourDate = cancelled->tourDate;
        }
        post.signedMessage = signedMessage.SerializeAsString();
        const auto sequence = store.putPost (post);
        if (! sequence)
            return false;

        v1::HubEvent event;
        event.set_sequence (*sequence);
        *event.mutable_post() = signedMessage;
        posts.published (post.artistKey, event);
        return true;
    }
} // namespace earshot
