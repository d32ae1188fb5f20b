// Following from the app, end to end: a real earshot-hub on loopback (SQLite); an artist's real
// earshotd linked to it that publishes a track and posts tour dates; a fan's real earshotd linked to
// it, and the app's view over the fan's daemon through its DaemonModel. The artist page's Follow
// button follows; the artist's news comes to the fan's daemon through the hub, and the News page
// shows the release and the tour dates, the home city's first and marked, the called-off one
// struck through. The page's home city field sets the daemon's city and the dates re-order.
// Pressing the release plays its track; Following stops following.

#include "Support/NewsDaemons.h"
#include "UI/EarshotView.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

TEST (NewsFollow, TheFollowButtonFollowsAndTheNewsPageShowsTheArtistsReleaseAndTourDates)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-follow");
    ArtistAndFan daemons (root.path());
    auto& artist = daemons.artist;
    auto& fan = daemons.fan;
    const auto& artistKey = daemons.artistKey;
    const auto published = artist.client().publish ({ testMedia ("excerpt.flac").string() }).front();
    (void) artist.client().addTourDate ({ dateFromToday (20), "Porto", "Hard Club", "" });
    (void) artist.client().addTourDate ({ dateFromToday (90), "Lisbon", "Musicbox", "https://musicbox.example/tickets" });
    const auto madrid = artist.client().addTourDate ({ dateFromToday (40), "Madrid", "Sala El Sol", "" });
    artist.client().removeTourDate (madrid);
    fan.client().setHomeCity ("Lisbon");
    // The hub knows the artist once their release has reached it.
    ASSERT_TRUE (eventually ([&]
                             {
        try
        {
            return ! fan.client().artist (artistKey).tracks.empty();
        }
        catch (const Error&)
        {
            return false;
        } },
                             60s))
        << artist.log();

    auto client = std::make_shared<DaemonClient> (fan.apiAddress());
    PreviewPlayer player (client);
    EarshotView view (client, player);
    std::vector<std::string> played;
    EarshotView::Transport transport;
    transport.play = [&] (const std::string& trackId)
    { played.push_back (trackId); };
    view.setTransport (transport);
    view.setSize (1280, 900);

    // Following nobody, News says how to follow.
    view.showPage (Page::news);
    auto& news = view.news();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return news.notice().isNotEmpty(); },
                                    30s))
        << news.notice();
    EXPECT_TRUE (news.notice().startsWith ("Following 0 artists.")) << news.notice();
    EXPECT_TRUE (news.showsFollowHint());

    // The artist's page: Follow.
    view.showPage (Page::discover);
    auto& discover = view.discover();
    auto& page = discover.artistPage();
    discover.showArtist (artistKey);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return page.following().has_value(); },
                                    30s))
        << page.status();
    const auto pageName = page.page().profile.name;
    EXPECT_FALSE (pageName.empty());
    EXPECT_TRUE (page.followButton().isVisible());
    EXPECT_EQ (page.followButton().getButtonText(), "Follow");
    savePng (renderAt (view, 1280, 900), "news-artist-follow");
    page.followButton().triggerClick();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return page.following().value_or (false); },
                                    30s))
        << page.status();
    EXPECT_EQ (page.followButton().getButtonText(), "Following");
    const auto followed = fan.client().following();
    ASSERT_EQ (followed.size(), 1u);
    EXPECT_EQ (followed[0].artistKeyHex, artistKey);

    // The news comes through the hub: the release, and the dates with Lisbon's first.
    view.showPage (Page::news);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return news.releases().rows().size() == 1 && news.tourDates().dates().size() == 3; },
                                    60s))
        << news.notice() << "\n"
        << fan.log();
    EXPECT_FALSE (news.showsFollowHint());
    EXPECT_EQ (fan.client().following()[0].name, "Lua Fria"); // as the artist's posts name them
    const auto& release = news.releases().rows()[0];
    EXPECT_EQ (release.track.trackId, published.id);
    EXPECT_EQ (release.track.artistName, "Lua Fria");
    const auto& dates = news.tourDates();
    EXPECT_EQ (dates.dates()[0].tourDate.city, "Lisbon");
    EXPECT_TRUE (dates.dates()[0].inHomeCity);
    EXPECT_EQ (TourDateList::labelOf (dates.dates()[0]), "Home city");
    std::vector<std::string> others { dates.dates()[1].tourDate.city, dates.dates()[2].tourDate.city };
    EXPECT_EQ (others, (std::vector<std::string> { "Porto", "Madrid" })); // by date after the home city's
    EXPECT_FALSE (dates.dates()[1].cancelled);
    EXPECT_TRUE (dates.dates()[2].cancelled);
    const auto image = renderAt (view, 1280, 900);
    savePng (image, "news-from-the-hub");
    const auto strike = dates.strikeBounds (2);
    ASSERT_FALSE (strike.isEmpty());
    const auto at = view.getLocalPoint (&dates, strike.getCentre());
    EXPECT_EQ (image.getPixelAt (at.getX(), at.getY()), juce::Colour (EarshotLookAndFeel::Palette::textFaint));

    // The page's home city field, filled with the daemon's city: cleared, the dates come by date;
    // set to Lisbon, the daemon has it and Lisbon's date comes first again.
    auto& cityField = news.homeCityField();
    EXPECT_EQ (cityField.getText(), "Lisbon");
    const auto setCity = [&] (const juce::String& city)
    {
        cityField.setText (city);
        cityField.keyPressed (juce::KeyPress (juce::KeyPress::returnKey));
    };
    const auto citiesShown = [&]
    {
        std::vector<std::string> cities;
        for (const auto& date : dates.dates())
            cities.push_back (date.tourDate.city);
        return cities;
    };
    setCity ({});
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return citiesShown() == std::vector<std::string> { "Porto", "Madrid", "Lisbon" }; },
                                    30s))
        << news.notice();
    EXPECT_EQ (fan.client().homeCity(), "");
    EXPECT_FALSE (dates.dates()[2].inHomeCity);
    setCity ("Lisbon");
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return citiesShown() == std::vector<std::string> { "Lisbon", "Porto", "Madrid" }; },
                                    30s))
        << news.notice();
    EXPECT_EQ (fan.client().homeCity(), "Lisbon");
    EXPECT_TRUE (dates.dates()[0].inHomeCity);
    EXPECT_TRUE (news.notice().contains ("Lisbon, your home city")) << news.notice();

    // A city the daemon refuses (over 100 bytes): its error shows where the page's errors do, and
    // the daemon keeps Lisbon.
    setCity (juce::String::repeatedString ("x", 101));
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return news.noticeIsAnError(); },
                                    30s))
        << news.notice();
    EXPECT_TRUE (news.notice().startsWith ("The home city could not be set: ")) << news.notice();
    EXPECT_EQ (fan.client().homeCity(), "Lisbon");

    // Pressing the release plays its track: the fan's daemon adds it from the post's manifest.
    news.releases().play (0);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return ! played.empty(); },
                                    30s))
        << view.message();
    EXPECT_EQ (played, std::vector<std::string> { published.id });
    const auto library = fan.client().listTracks();
    EXPECT_TRUE (std::any_of (library.begin(), library.end(), [&] (const ClientTrack& track)
                              { return track.id == published.id; }));

    // Following, pressed on the artist's page, stops following.
    view.showPage (Page::discover);
    page.followButton().triggerClick();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return page.following() == std::optional<bool> (false); },
                                    30s))
        << page.status();
    EXPECT_TRUE (fan.client().following().empty());
}
