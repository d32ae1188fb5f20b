// Following an artist through a real earshot-hub: an artist's daemon posts (a release at each
// publish, tour dates and a cancellation), a follower's daemon watches the hub and shows each post
// once, including what it missed while it was stopped, and nothing another key signed.

#include "Support/DaemonProcess.h"
#include "Support/HubMessages.h"
#include "Support/HubProcess.h"

#include "Core/ChartScore.h"
#include "Core/Hex.h"
#include "Core/NewsRules.h"
#include "Daemon/Identity.h"

#include <gtest/gtest.h>

#include <grpcpp/grpcpp.h>

#include <map>
#include <optional>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    /** How many times each post shows in a daemon's news (releases and upcoming tour dates). */
    std::map<std::string, int> postsShown (const ClientNews& news)
    {
        std::map<std::string, int> shown;
        for (const auto& item : news.releases)
            ++shown[item.postId];
        for (const auto& item : news.tourDates)
            ++shown[item.postId];
        return shown;
    }

    /** A show `days` days from today. */
    ClientTourDate showIn (int days, const std::string& city)
    {
        return { newsRules::dateOfDay (chartScore::dayOf (hubNowMs()) + days), city, "Musicbox", "https://tickets.example/" + city };
    }

    bool showsPost (DaemonProcess& daemon, const std::string& postId)
    {
        return postsShown (daemon.client().news()).count (postId) > 0;
    }

    const ClientNewsItem* tourDateOf (const ClientNews& news, const std::string& postId)
    {
        for (const auto& item : news.tourDates)
            if (item.postId == postId)
                return &item;
        return nullptr;
    }

    /** How many daemons the hub counts following the artist; nothing while it knows no artist. */
    std::optional<std::uint64_t> followersOn (HubProcess& hub, const std::string& artistKeyHex)
    {
        grpc::ClientContext context;
        context.set_deadline (std::chrono::system_clock::now() + 10s);
        v1::GetArtistRequest request;
        request.set_artist_key (fromHex (artistKeyHex));
        v1::GetArtistResponse page;
        if (! hub.api().GetArtist (&context, request, &page).ok())
            return std::nullopt;
        return page.followers();
    }

    class NewsHubTest : public ::testing::Test
    {
    protected:
        TemporaryDirectory root { "earshot-news-hub" };
    };
} // namespace

TEST_F (NewsHubTest, AFollowerGetsEachPostOnceThroughTheHubIncludingWhatItMissedWhileStopped)
{
    HubProcess hub ((root.path() / "hub.sqlite3").string(), root.path() / "hub.log");
    DaemonProcess artist { root.path() / "artist", { "--name", "Ana", "--hub", hub.address() } };
    DaemonProcess fan { root.path() / "fan", { "--name", "Rui", "--hub", hub.address() } };
    artist.start();
    fan.start();
    const auto artistKey = toHex (Identity::loadOrCreate (root.path() / "artist").publicKey());

    ASSERT_TRUE (fan.client().follow (artistKey).second);
    (void) artist.client().publish ({ demoAlbum ("ogg").string() });
    const auto lisbon = artist.client().addTourDate (showIn (20, "Lisbon"));

    ClientNews news;
    ASSERT_TRUE (eventually ([&]
                             {
                                 news = fan.client().news();
                                 return news.releases.size() == 1 && tourDateOf (news, lisbon) != nullptr; },
                             60s))
        << "the follower's news: " << news.releases.size() << " releases, " << news.tourDates.size() << " dates\n"
        << fan.log();
    EXPECT_TRUE (eventually ([&]
                             { return followersOn (hub, artistKey) == 1u; },
                             30s))
        << "the follower's follow report reached the hub";
    EXPECT_EQ (news.releases.front().tracks.size(), 3u);
    EXPECT_EQ (news.releases.front().artistKeyHex, artistKey);
    const auto firstRelease = news.releases.front().postId;

    // While the follower is stopped: a release, a tour date, and the first date called off.
    ASSERT_EQ (fan.stop(), 0);
    (void) artist.client().publish ({ testMedia ("excerpt.flac").string() });
    const auto porto = artist.client().addTourDate (showIn (30, "Porto"));
    artist.client().removeTourDate (lisbon);
    ASSERT_TRUE (eventually ([&]
                             { return artist.client().hub().messagesWaiting == 0; },
                             30s));

    // A post signed by another key: the hub refuses a forgery outright, and another artist's own
    // post is not news of this one.
    const SigningDaemon stranger (root.path() / "stranger");
    v1::HubMessage strangerPost;
    strangerPost.mutable_post()->set_post_id ("stranger-date");
    strangerPost.mutable_post()->set_posted_at_ms (hubNowMs());
    strangerPost.mutable_post()->set_artist_name ("Ana");
    auto& date = *strangerPost.mutable_post()->mutable_tour_date();
    date.set_date (newsRules::dateOfDay (chartScore::dayOf (hubNowMs()) + 5));
    date.set_city ("Lisbon");
    date.set_venue ("Elsewhere");
    auto forged = stranger.seal (strangerPost);
    forged.set_signer_key (fromHex (artistKey));
    EXPECT_EQ (submitToHub (hub.api(), forged).error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_TRUE (submitToHub (hub.api(), stranger.seal (strangerPost)).ok());

    fan.start();
    ASSERT_TRUE (eventually ([&]
                             {
                                 news = fan.client().news();
                                 const auto* called = tourDateOf (news, lisbon);
                                 return news.releases.size() == 2 && tourDateOf (news, porto) != nullptr && called != nullptr && called->cancelled; },
                             60s))
        << fan.log();
    auto shown = postsShown (news);
    for (const auto& [postId, times] : shown)
        EXPECT_EQ (times, 1) << postId;
    EXPECT_EQ (shown.size(), 4u);
    EXPECT_EQ (shown.count (firstRelease), 1u);

    // Started again, the follower files nothing twice: the next post it shows is the only new one.
    const auto lastId = news.lastId;
    ASSERT_EQ (fan.stop(), 0);
    fan.start();
    const auto faro = artist.client().addTourDate (showIn (40, "Faro"));
    ASSERT_TRUE (eventually ([&]
                             { return showsPost (fan, faro); },
                             60s))
        << fan.log();
    const auto after = fan.client().news (lastId);
    EXPECT_EQ (after.releases.size(), 0u);
    ASSERT_EQ (after.tourDates.size(), 1u);
    EXPECT_EQ (after.tourDates.front().postId, faro);
    EXPECT_GT (after.lastId, lastId);
    EXPECT_EQ (postsShown (fan.client().news()).count ("stranger-date"), 0u);
}

TEST_F (NewsHubTest, OnANewHubTheArtistsFeedAndTheFollowsArriveAndTheFollowerWatchesThere)
{
    HubProcess first ((root.path() / "first.sqlite3").string(), root.path() / "first.log");
    HubProcess second ((root.path() / "second.sqlite3").string(), root.path() / "second.log");
    DaemonProcess artist { root.path() / "artist", { "--name", "Ana", "--hub", first.address() } };
    DaemonProcess fan { root.path() / "fan", { "--name", "Rui", "--hub", first.address() } };
    artist.start();
    fan.start();
    const auto artistKey = toHex (Identity::loadOrCreate (root.path() / "artist").publicKey());
    (void) fan.client().follow (artistKey);
    (void) artist.client().publish ({ testMedia ("excerpt.ogg").string() });
    const auto braga = artist.client().addTourDate (showIn (15, "Braga"));
    ASSERT_TRUE (eventually ([&]
                             { return showsPost (fan, braga) && fan.client().news().releases.size() == 1; },
                             60s))
        << fan.log();

    // Both move to a hub that has never heard of them: it gets the artist's release, its feed and
    // the follow.
    artist.client().setHub (second.address());
    fan.client().setHub (second.address());
    EXPECT_TRUE (eventually ([&]
                             { return followersOn (second, artistKey) == 1u; },
                             30s))
        << artist.log();

    // The second hub numbers its posts from 1; the follower's cursors start over there, and what
    // it had already is not filed again.
    const auto lastId = fan.client().news().lastId;
    const auto evora = artist.client().addTourDate (showIn (16, "Evora"));
    ASSERT_TRUE (eventually ([&]
                             { return showsPost (fan, evora); },
                             60s))
        << fan.log();
    const auto after = fan.client().news (lastId);
    EXPECT_EQ (after.releases.size(), 0u);
    ASSERT_EQ (after.tourDates.size(), 1u);
    EXPECT_EQ (after.tourDates.front().postId, evora);
    for (const auto& [postId, times] : postsShown (fan.client().news()))
        EXPECT_EQ (times, 1) << postId;
}
