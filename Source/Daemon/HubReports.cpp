#include "HubReports.h"

#include "ProtoConvert.h"
#include "WireValues.h"

#include "Core/ChartScore.h"
#include "Core/Error.h"
#include "Core/HubRules.h"
#include "Core/PassRules.h"
#include "Core/QuoteInput.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <pthread.h>
#include <utility>

namespace earshot
{
    namespace
    {
        constexpr auto addressSetting = "address";
        constexpr auto profileSetting = "profile";

        /** Throws Error (invalidArgument) unless address is HOST:PORT (a port from 1 to 65535). */
        void checkHubAddress (const std::string& address)
        {
            const auto colon = address.rfind (':');
            const auto port = colon == std::string::npos ? std::string() : address.substr (colon + 1);
            const bool digits = ! port.empty() && port.size() <= 5 && std::all_of (port.begin(), port.end(), [] (char c)
                                                                                   { return c >= '0' && c <= '9'; });
            if (colon == 0 || ! digits || std::stoi (port) < 1 || std::stoi (port) > 65535)
                throw Error (ErrorCode::invalidArgument, "the hub's address is HOST:PORT, e.g. hub.example.org:47100 (or none to clear it); got " + quoteInput (address));
        }

        [[nodiscard]] hubRules::Profile coreProfileOf (const v1::ArtistProfile& profile)
        {
            return { profile.name(), profile.bio(), profile.home_city(), { profile.links().begin(), profile.links().end() } };
        }
    } // namespace

    HubReports::HubReports (TrackLibrary& lib, HubLinkStore& outbox, HubConnection& hubConnection, const Identity& identity, Options reportOptions)
        : library (lib)
        , store (outbox)
        , connection (hubConnection)
        , options (std::move (reportOptions))
        , signer (identity)
        , sender (outbox, hubConnection, signer)
    {
        seedWatcher = std::thread ([this]
                                   {
            pthread_setname_np (pthread_self(), "earshotd-seeds");
            watchSeeding(); });
    }

    HubReports::~HubReports()
    {
        {
            const std::scoped_lock lock (seedMutex);
            stopping = true;
        }
        seedWake.notify_all();
        seedWatcher.join();
    }

    //==============================================================================
    void HubReports::start (const std::optional<std::string>& commandLineHub)
    {
        if (commandLineHub)
        {
            setHub (*commandLineHub);
            return;
        }
        const auto stored = store.setting (addressSetting).value_or ("");
        connection.setAddress (stored);
        if (! stored.empty())
            spdlog::info ("reporting to the hub {}", stored);
        sender.wake();
    }

    void HubReports::setHub (const std::string& address)
    {
        if (! address.empty())
            checkHubAddress (address);
        std::function<void()> hubChanged;
        {
            const std::scoped_lock lock (settingsMutex);
            const auto before = store.setting (addressSetting).value_or ("");
            if (address != before)
                hubChanged = newsLink.hubChanged;
            store.setSetting (addressSetting, address);
            connection.setAddress (address);
            if (address.empty())
                spdlog::info ("no hub: reports wait until one is set");
            else
                spdlog::info ("reporting to the hub {}", address);
            if (! address.empty() && address != before)
                queueEverything();
        }
        sender.wake();
        if (hubChanged)
            hubChanged();
    }

    v1::GetHubResponse HubReports::hub() const
    {
        const auto state = connection.state();
        v1::GetHubResponse out;
        out.set_address (state.address);
        out.set_reachable (state.reachable);
        out.set_last_error (state.lastError);
        out.set_messages_waiting (store.waiting());
        out.set_messages_delivered (sender.delivered());
        out.set_last_contact_ms (state.lastContactMs);
        return out;
    }

    //==============================================================================
    std::optional<v1::ArtistProfile> HubReports::storedProfile() const
    {
        const auto bytes = store.setting (profileSetting);
        v1::ArtistProfile profile;
        if (! bytes || ! profile.ParseFromString (*bytes))
            return std::nullopt;
        return profile;
    }

    void HubReports::setProfile (const v1::ArtistProfile& given)
    {
        auto profile = given;
        if (profile.name().empty())
            profile.set_name (options.daemonName);
        hubRules::checkProfile (coreProfileOf (profile));

        v1::HubMessage content;
        *content.mutable_profile() = profile;
        {
            const std::scoped_lock lock (settingsMutex);
            store.setSetting (profileSetting, profile.SerializeAsString());
            queue (HubLinkStore::Kind::profile, "profile", content);
        }
        sender.wake();
    }

    v1::GetProfileResponse HubReports::profile() const
    {
        v1::GetProfileResponse out;
        if (const auto stored = storedProfile())
            *out.mutable_profile() = *stored;
        else
            out.mutable_profile()->set_name (options.daemonName);
        out.set_artist_key (keyBytes (signer.publicKey()));
        return out;
    }

    //==============================================================================
    v1::Release HubReports::releaseOf (const TrackView& track) const
    {
        const auto& manifest = track.record.manifest;
        v1::Release release;
        toProto (manifest, *release.mutable_manifest());
        // The artist is who the user says they are, then who the track's tags say, then --name.
        const auto profile = storedProfile();
        if (profile && ! profile->name().empty())
            release.set_artist_name (profile->name());
        else if (! manifest.metadata.artist.empty())
            release.set_artist_name (manifest.metadata.artist);
        else
            release.set_artist_name (options.daemonName);
        if (auto cover = library.coverOf (trackIdOf (manifest)))
        {
            release.set_cover (std::move (cover->bytes));
            release.set_cover_type (std::move (cover->mimeType));
        }
        return release;
    }

    void HubReports::published (const std::vector<TrackView>& tracks)
    {
        for (const auto& track : tracks)
        {
            v1::HubMessage content;
            *content.mutable_release() = releaseOf (track);
            queue (HubLinkStore::Kind::release, "release:" + trackIdOf (track.record.manifest), content);
        }
        sender.wake();
    }

    void HubReports::listened (const std::string& trackIdOrPrefix, std::int64_t listenedMs)
    {
        const auto track = library.getTrack (trackIdOrPrefix);
        const auto& manifest = track.record.manifest;
        if (track.record.published)
            return; // an artist's own listens do not count
        if (listenedMs < passRules::listenThresholdFor (static_cast<std::int64_t> (manifest.metadata.durationMs)))
            return;

        const auto trackId = trackIdOf (manifest);
        v1::HubMessage content;
        content.mutable_listen()->set_track_id (trackId);
        content.mutable_listen()->set_listened_ms (static_cast<std::uint64_t> (listenedMs));
        queue (HubLinkStore::Kind::listen, "listen:" + trackId + ":" + std::to_string (chartScore::dayOf (nowMs())), content);
        sender.wake();
    }

    void HubReports::passLanded (const v1::SignedEnvelope& receipt)
    {
        v1::Envelope envelope;
        if (! envelope.ParseFromString (receipt.envelope()) || envelope.message_id().empty())
            return;
        v1::HubMessage content;
        *content.mutable_pass_landed()->mutable_receipt() = receipt;
        queue (HubLinkStore::Kind::passLanded, "pass:" + envelope.message_id(), content);
        sender.wake();
    }

    //==============================================================================
    void HubReports::setNews (NewsLink link)
    {
        const std::scoped_lock lock (settingsMutex);
        newsLink = std::move (link);
    }

    void HubReports::posted (const v1::ArtistPost& post)
    {
        queuePost (post);
        sender.wake();
    }

    void HubReports::followsChanged (const std::vector<PublicKey>& artists)
    {
        queueFollows (artists);
        sender.wake();
    }

    void HubReports::queuePost (const v1::ArtistPost& post)
    {
        v1::HubMessage content;
        *content.mutable_post() = post;
        queue (HubLinkStore::Kind::post, "post:" + post.post_id(), content);
    }

    void HubReports::queueFollows (const std::vector<PublicKey>& artists)
    {
        v1::HubMessage content;
        content.mutable_follows(); // following nobody is a report too
        for (const auto& artist : artists)
            content.mutable_follows()->add_artist_keys (keyBytes (artist));
        queue (HubLinkStore::Kind::follows, "follows", content);
    }

    //==============================================================================
    void HubReports::queue (HubLinkStore::Kind kind, const std::string& topic, const v1::HubMessage& content)
    {
        const auto sealed = HubSender::seal (content, signer);
        // Nothing goes into the outbox that the hub would refuse: it would wait there for ever.
        hubRules::checkOutgoingSize ("the hub report " + quoteInput (topic), sealed.ByteSizeLong());
        v1::HubMessage made;
        (void) made.ParseFromString (sealed.message());
        const auto result = store.enqueue ({ made.message_id(), kind, topic, sealed.SerializeAsString(), made.sent_at_ms() });
        if (result.dropped > 0)
            spdlog::warn ("the hub outbox is full: dropped its {} oldest report(s)", result.dropped);
    }

    void HubReports::queueEverything()
    {
        std::vector<TrackView> releases;
        for (auto& track : library.listTracks())
            if (track.record.published)
                releases.push_back (std::move (track));
        published (releases);
        if (const auto profile = storedProfile())
        {
            v1::HubMessage content;
            *content.mutable_profile() = *profile;
            queue (HubLinkStore::Kind::profile, "profile", content);
        }
        // Called under settingsMutex.
        if (newsLink.feedPosts)
            for (const auto& post : newsLink.feedPosts())
                queuePost (post);
        if (newsLink.followed)
            queueFollows (newsLink.followed());
        {
            const std::scoped_lock lock (seedMutex);
            reportSeedingNow = true;
        }
        seedWake.notify_all();
    }

    //==============================================================================
    std::vector<std::string> HubReports::seededTracks() const
    {
        std::vector<std::string> ids;
        for (const auto& track : library.listTracks())
            if (track.status && track.status->state == TrackState::seeding && ids.size() < hubRules::maxSeededTracks)
                ids.push_back (trackIdOf (track.record.manifest));
        std::sort (ids.begin(), ids.end());
        return ids;
    }

    void HubReports::queueSeeding (const std::vector<std::string>& trackIds)
    {
        v1::HubMessage content;
        for (const auto& id : trackIds)
            content.mutable_seeding()->add_track_ids (id);
        queue (HubLinkStore::Kind::seeding, "seeding", content);
        sender.wake();
    }

    void HubReports::watchSeeding()
    {
        std::optional<std::vector<std::string>> reported;
        std::optional<std::vector<std::string>> seen;
        auto reportedAt = std::chrono::steady_clock::now();
        for (;;)
        {
            bool now = false;
            {
                std::unique_lock lock (seedMutex);
                seedWake.wait_for (lock, options.seedCheck, [this]
                                   { return stopping || reportSeedingNow; });
                if (stopping)
                    return;
                now = std::exchange (reportSeedingNow, false);
            }
            if (connection.address().empty())
                continue; // reports start once a hub is set

            try
            {
                const auto current = seededTracks();
                const bool held = seen == current;
                seen = current;
                const bool due = std::chrono::steady_clock::now() - reportedAt >= options.seedInterval;
                if (now || ! reported || due || (held && current != *reported))
                {
                    queueSeeding (current);
                    reported = current;
                    reportedAt = std::chrono::steady_clock::now();
                }
            }
            catch (const std::exception& error)
            {
                spdlog::warn ("could not report what this daemon seeds: {}", error.what());
            }
        }
    }
} // namespace earshot
