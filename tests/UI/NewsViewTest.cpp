// The app's News page as data, no daemons: followed artists' releases newest first, with their
// covers' tiles and when they came out; tour dates in the order the daemon gives (the home city's
// first), a home-city date marked and a called-off one struck through; and, following nobody, how
// to follow. The page rendered inside the app's view, reached from the sidebar. The home city's
// field: Return asks the feed to set the city typed, and the daemon's refusal is shown.

#include "DemoLibrary.h"
#include "UI/EarshotLookAndFeel.h"
#include "UI/EarshotView.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    /** A feed that runs nothing: the test gives the page its news itself. */
    class SilentFeed final : public DaemonFeed
    {
    public:
        void perform (std::function<void (DaemonClient&)>, std::function<void (juce::String)>) override {}
    };

    /** A feed that keeps each action's answer; the test answers for the daemon. */
    class RecordingFeed final : public DaemonFeed
    {
    public:
        void perform (std::function<void (DaemonClient&)>, std::function<void (juce::String)> onDone) override
        {
            answers.push_back (std::move (onDone));
        }

        std::vector<std::function<void (juce::String)>> answers;
    };

    ClientNewsItem release (const std::string& title, std::vector<TrackManifest> tracks, std::int64_t postedAtMs)
    {
        ClientNewsItem item;
        item.kind = ClientNewsItem::Kind::release;
        item.artistKeyHex = std::string (64, 'a');
        item.artistName = "The Earshot Ensemble";
        item.title = title;
        item.tracks = std::move (tracks);
        item.postedAtMs = postedAtMs;
        return item;
    }

    ClientNewsItem tourDate (const std::string& date, const std::string& city, const std::string& venue, bool home, bool cancelled)
    {
        ClientNewsItem item;
        item.kind = ClientNewsItem::Kind::tourDate;
        item.artistKeyHex = std::string (64, 'a');
        item.artistName = "The Earshot Ensemble";
        item.tourDate = { date, city, venue, "https://tickets.example/" + city };
        item.inHomeCity = home;
        item.cancelled = cancelled;
        return item;
    }

    /** An album of two tracks out two days ago, a single out three hours ago (newest first, as
        the daemon lists them); three dates, Lisbon's (the home city) first, Porto's called off. */
    ClientNews ensembleNews (std::int64_t nowMs)
    {
        const auto album = demoAlbumTracks();
        ClientNews news;
        news.releases.push_back (release ("Neon Tide", { album[2].manifest }, nowMs - 3 * 3600 * 1000));
        news.releases.push_back (release ("First Light", { album[0].manifest, album[1].manifest }, nowMs - 2 * 86400 * 1000));
        news.tourDates.push_back (tourDate ("2027-03-14", "Lisbon", "Musicbox", true, false));
        news.tourDates.push_back (tourDate ("2027-02-02", "Madrid", "Sala El Sol", false, false));
        news.tourDates.push_back (tourDate ("2027-02-20", "Porto", "Hard Club", false, true));
        news.lastId = 5;
        return news;
    }

    juce::Colour pixelAt (const juce::Image& image, juce::Point<int> point)
    {
        return image.getPixelAt (point.getX(), point.getY());
    }
} // namespace

TEST (NewsView, ReleasesAsRowsThatPlayTheirFirstTrack)
{
    const auto now = std::int64_t { 1'800'000'000'000 };
    const auto rows = NewsView::releaseRows (ensembleNews (now), now);
    const auto album = demoAlbumTracks();
    ASSERT_EQ (rows.size(), 2u);
    EXPECT_EQ (rows[0].title, "Neon Tide");
    EXPECT_EQ (rows[0].rankLabel, "3 h ago");
    EXPECT_EQ (rows[0].track.trackId, trackIdOf (album[2].manifest));
    EXPECT_EQ (rows[1].title, "First Light  (2 tracks)");
    EXPECT_EQ (rows[1].rankLabel, "2 days ago");
    EXPECT_EQ (rows[1].track.trackId, trackIdOf (album[0].manifest)); // the album's first track plays
    EXPECT_EQ (rows[1].track.artistName, "The Earshot Ensemble");
    EXPECT_EQ (rows[1].track.artistKeyHex, std::string (64, 'a'));

    EXPECT_EQ (TourDateList::dateText ("2027-03-14"), "Sun 14 Mar 2027");
    EXPECT_EQ (TourDateList::labelOf (tourDate ("2027-03-14", "Lisbon", "Musicbox", true, false)), "Home city");
    EXPECT_EQ (TourDateList::labelOf (tourDate ("2027-03-14", "Lisbon", "Musicbox", true, true)), "Cancelled");
    EXPECT_EQ (TourDateList::labelOf (tourDate ("2027-03-14", "Porto", "Hard Club", false, false)), "");
}

TEST (NewsView, ThePageShowsReleasesAndTourDatesOrSaysHowToFollow)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-news");
    auto nowhere = std::make_shared<DaemonClient> ("unix:" + (root.path() / "no-daemon.sock").string());
    PreviewPlayer player (nowhere);
    EarshotView view ([] (std::function<void (const DaemonSnapshot&)>)
                      { return std::make_unique<SilentFeed>(); },
                      player);
    view.setSize (1280, 900);

    // Reached from the sidebar.
    const auto item = view.sidebar().itemBounds (Page::news);
    ASSERT_FALSE (item.isEmpty());
    view.sidebar().onSelect (Page::news);
    EXPECT_EQ (view.page(), Page::news);
    auto& news = view.news();
    EXPECT_TRUE (news.isVisible());

    // Before the daemon answers, nothing is claimed; following nobody, how to follow and no
    // empty lists.
    EXPECT_FALSE (news.showsFollowHint());
    EXPECT_TRUE (news.notice().isEmpty());
    news.setNews ({}, {}, {});
    EXPECT_TRUE (news.showsFollowHint());
    EXPECT_TRUE (news.notice().startsWith ("Following 0 artists.")) << news.notice();
    EXPECT_FALSE (news.releases().isVisible());
    EXPECT_EQ (NewsView::followHint(), "Follow an artist from its page in Discover, or: earshot follow NAME");
    savePng (renderAt (view, 1280, 900), "news-following-nobody");

    const auto now = juce::Time::currentTimeMillis();
    ClientFollowedArtist ensemble;
    ensemble.artistKeyHex = std::string (64, 'a');
    ensemble.name = "The Earshot Ensemble";
    news.setNews (ensembleNews (now), { ensemble }, "Lisbon");
    EXPECT_EQ (news.homeCityField().getText(), "Lisbon"); // the daemon's city, set elsewhere
    EXPECT_FALSE (news.showsFollowHint());
    ASSERT_TRUE (news.releases().isVisible() && news.tourDates().isVisible());
    ASSERT_EQ (news.releases().rows().size(), 2u);
    EXPECT_EQ (news.releases().rows()[0].title, "Neon Tide");
    ASSERT_EQ (news.tourDates().dates().size(), 3u);
    EXPECT_EQ (news.tourDates().dates()[0].tourDate.city, "Lisbon");
    EXPECT_TRUE (news.notice().contains ("Lisbon, your home city")) << news.notice();

    const auto image = renderAt (view, 1280, 900);
    savePng (image, "news-releases-and-dates");
    auto& dates = news.tourDates();
    const auto at = [&] (juce::Point<int> point)
    { return pixelAt (image, view.getLocalPoint (&dates, point)); };
    // The home city's date carries its label, with the accent's dot; the others none but Porto's.
    const auto home = dates.labelBounds (0);
    ASSERT_FALSE (home.isEmpty());
    EXPECT_EQ (at ({ home.getX() + 11, home.getCentreY() }), juce::Colour (EarshotLookAndFeel::Palette::accent));
    EXPECT_TRUE (dates.labelBounds (1).isEmpty());
    const auto cancelled = dates.labelBounds (2);
    ASSERT_FALSE (cancelled.isEmpty());
    EXPECT_EQ (at ({ cancelled.getX() + 11, cancelled.getCentreY() }), juce::Colour (EarshotLookAndFeel::Palette::danger));
    // Porto's words are struck through; Madrid's are not.
    const auto strike = dates.strikeBounds (2);
    ASSERT_FALSE (strike.isEmpty());
    EXPECT_EQ (at (strike.getCentre()), juce::Colour (EarshotLookAndFeel::Palette::textFaint));
    EXPECT_TRUE (dates.strikeBounds (1).isEmpty());
    EXPECT_GE (dates.rowBounds (2).getBottom(), dates.rowBounds (0).getBottom());

    // Every release row and every date row is on screen, none cut off by the player bar.
    EXPECT_LE (view.getLocalArea (&news.releases(), news.releases().rowBounds (1)).getBottom(), view.playerBar().getY());
    EXPECT_LE (view.getLocalArea (&dates, dates.rowBounds (2)).getBottom(), view.playerBar().getY());
}

TEST (NewsView, TypingAHomeCityAndPressingReturnAsksTheFeedToSetIt)
{
    juce::ScopedJuceInitialiser_GUI juce;
    RecordingFeed feed;
    NewsView news;
    news.setSize (1000, 700);
    news.setFeed (&feed);
    auto& field = news.homeCityField();
    const auto pressReturn = [&]
    {
        field.keyPressed (juce::KeyPress (juce::KeyPress::returnKey));
        // The editor posts its Return to the message queue: dispatch what is there.
        while (juce::dispatchNextMessageOnSystemQueue (true))
        {
        }
    };

    // Before the daemon has said which city it has, the field sets nothing.
    news.refresh();
    ASSERT_EQ (feed.answers.size(), 1u);
    EXPECT_FALSE (field.isEnabled());
    field.setText ("Porto");
    pressReturn();
    EXPECT_EQ (feed.answers.size(), 1u);

    // The first answer fills the field with the daemon's city; Return as it is asks nothing.
    news.setNews ({}, {}, "Lisbon");
    EXPECT_TRUE (field.isEnabled());
    EXPECT_EQ (field.getText(), "Lisbon");
    pressReturn();
    EXPECT_EQ (feed.answers.size(), 1u);

    // A city typed, then Return: the feed is asked to set it, once, though the field is left too.
    field.setText ("  Porto ");
    pressReturn();
    ASSERT_EQ (feed.answers.size(), 2u);
    EXPECT_EQ (news.homeCityAsked(), "Porto");
    field.onFocusLost();
    EXPECT_EQ (feed.answers.size(), 2u);

    // The daemon's refusal is shown where the page shows errors, and stays through a refresh.
    feed.answers[1]("INVALID_ARGUMENT: the home city is longer than 100 bytes");
    EXPECT_TRUE (news.noticeIsAnError());
    EXPECT_EQ (news.notice(), "The home city could not be set: INVALID_ARGUMENT: the home city is longer than 100 bytes");
    news.setNews ({}, {}, "Lisbon");
    EXPECT_TRUE (news.noticeIsAnError()) << news.notice();
    EXPECT_EQ (field.getText(), "  Porto "); // what was typed stays to be put right

    // Tried again, it is asked again; once set, the page's answer comes with it.
    pressReturn();
    ASSERT_EQ (feed.answers.size(), 3u);
    feed.answers[2]({});
    EXPECT_FALSE (news.noticeIsAnError()) << news.notice();

    // The field sits by the heading, clear of the notice and the lists.
    const auto fieldBounds = field.getBounds();
    EXPECT_TRUE (news.getLocalBounds().contains (fieldBounds));
    EXPECT_FALSE (fieldBounds.intersects (news.releases().getBounds()));
}
