#pragma once

#include "Daemon/HubConnection.h"
#include "Daemon/HubSender.h"
#include "Daemon/Identity.h"
#include "Daemon/IdentitySigner.h"
#include "Daemon/TrackLibrary.h"
#include "Store/HubLinkStore.h"

#include "earshot/v1/discovery.pb.h"
#include "earshot/v1/friends.pb.h"
#include "earshot/v1/hub.pb.h"
#include "earshot/v1/news.pb.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace earshot
{
    /** What this daemon tells its discovery hub, and when. Each message is signed with the
        daemon's identity when it is made and put in the durable hub outbox (HubLinkStore), which
        HubSender delivers; without a hub, messages wait for one.

        - A release of each track published here: at publish, and of every published track when a
          hub is first set or changed (with the profile, if one was set, and a seed report).
        - The artist profile, when it is set.
        - A listen report when listening to a track first passes the points' threshold
          (passRules::listenThresholdFor), once per track and UTC day; not for the daemon's own
          releases (the hub does not count an artist's own listens).
        - A landed pass: a friend's signed receipt for a pass sent from here, as it came.
        - Each post of this daemon's artist (ArtistNews's `posted` hook), and a follow report of the
          artists followed here whenever they change (`followsChanged`); a new hub gets the posts
          of the current feed and the follow report.
        - A seed report of the tracks seeded here (complete, in the swarm): once a hub is set,
          when the set changes (once it has held for one look, so a burst of completions makes one
          report), and every seedInterval (the hub stops counting a seeder after a day).

        The hub's address and the profile are kept in the daemon's database (hub_settings).
        Thread-safe; the seed watcher runs on a thread of its own (earshotd-seeds). */
    class HubReports final
    {
    public:
        struct Options
        {
            /** The daemon's --name: a release's artist when neither the profile nor the track's
                tags name one, and the profile's default name. */
            std::string daemonName;
            /** How often the seeded set is reported even when it did not change. */
            std::chrono::milliseconds seedInterval { 60 * 60 * 1000 };
            /** How often the seeded set is looked at; a change is reported once it has held for
                one look. */
            std::chrono::milliseconds seedCheck { 2000 };
        };

        /** Every reference must outlive this. Starts the sender and the seed watcher. */
        HubReports (TrackLibrary& library, HubLinkStore& store, HubConnection& connection, const Identity& identity, Options options);
        ~HubReports();

        HubReports (const HubReports&) = delete;
        HubReports& operator= (const HubReports&) = delete;

        /** At start: the hub given on the command line (set as setHub does, so it is kept and
            wins over the stored one), or else the stored one. */
        void start (const std::optional<std::string>& commandLineHub);

        /** Sets the hub (HOST:PORT), or clears it when empty; kept across restarts. A new hub
            gets a release of every published track, the profile and a seed report. Throws Error
            (invalidArgument) for an address that is not HOST:PORT. */
        void setHub (const std::string& address);
        /** The hub and how delivery to it stands. */
        [[nodiscard]] v1::GetHubResponse hub() const;

        /** Sets the profile (an empty name: the daemon's --name), signs it and queues it. Throws
            Error (invalidArgument) naming a field the hub would refuse. */
        void setProfile (const v1::ArtistProfile& profile);
        /** The profile as last set, and the daemon's key. */
        [[nodiscard]] v1::GetProfileResponse profile() const;

        /** Tracks were published here. */
        void published (const std::vector<TrackView>& tracks);
        /** The user listened to a track for listenedMs (LocalApiService's ReportListening). */
        void listened (const std::string& trackIdOrPrefix, std::int64_t listenedMs);
        /** A friend's signed receipt for a pass this daemon sent was credited. */
        void passLanded (const v1::SignedEnvelope& receipt);

        /** How the hub link meets the daemon's news (ArtistNews, HubWatcher). */
        struct NewsLink
        {
            /** The posts of this daemon's current feed, oldest first: a new hub gets them. */
            std::function<std::vector<v1::ArtistPost>()> feedPosts;
            /** The artists followed here: a new hub gets the follow report. */
            std::function<std::vector<PublicKey>()> followed;
            /** The hub was set to another one (or none). */
            std::function<void()> hubChanged;
        };

        /** Set before start(); until set, a new hub gets no news. */
        void setNews (NewsLink link);
        /** This daemon's artist made a post. */
        void posted (const v1::ArtistPost& post);
        /** The artists followed here changed: the hub hears the whole set. */
        void followsChanged (const std::vector<PublicKey>& artists);

        /** The release of a track published here, as the hub gets it. The one place a release
            is made. */
        [[nodiscard]] v1::Release releaseOf (const TrackView& track) const;

    private:
        void queue (HubLinkStore::Kind kind, const std::string& topic, const v1::HubMessage& content);
        /** For a new hub: every published track's release, the profile, and the seeded set. */
        void queueEverything();
        void queueSeeding (const std::vector<std::string>& trackIds);
        void queuePost (const v1::ArtistPost& post);
        void queueFollows (const std::vector<PublicKey>& artists);
        [[nodiscard]] std::optional<v1::ArtistProfile> storedProfile() const;
        [[nodiscard]] std::vector<std::string> seededTracks() const;
        void watchSeeding();

        TrackLibrary& library;
        HubLinkStore& store;
        HubConnection& connection;
        const Options options;
        IdentitySigner signer;
        HubSender sender;

        /** Serialises setHub and setProfile: read, compare and store as one step. */
        std::mutex settingsMutex;
        NewsLink newsLink; // guarded by settingsMutex

        std::mutex seedMutex;
        std::condition_variable seedWake;
        bool stopping = false; // guarded by seedMutex
        bool reportSeedingNow = false; // guarded by seedMutex
        std::thread seedWatcher;
    };
} // namespace earshot
