// Discover from a real discovery hub: earshot-hub on loopback (SQLite), releases and reports
// signed by real Ed25519 identities, and a real earshotd linked to it with --hub; the app's view
// reads it all through its DaemonModel, never on the message thread. The chart's rows are the
// hub's, in order; a release's cover is drawn in its row; the artist page plots the days with
// listens and passes; play adds the track from the row's manifest and plays it. Without a hub,
// Discover says how to link one; a hub that does not answer shows its error.

#include "DemoLibrary.h"
#include "ProtoConvert.h"
#include "Support/HubMessages.h"
#include "Support/HubProcess.h"
#include "UI/EarshotView.h"
#include "UiTestSupport.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <set>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    /** A cover of one colour, as a daemon sends it with a release. */
    std::string pngOf (juce::Colour colour)
    {
        juce::Image image (juce::Image::RGB, 96, 96, false);
        image.clear (image.getBounds(), colour);
        juce::MemoryOutputStream out;
        juce::PNGImageFormat().writeImageToStream (image, out);
        return { static_cast<const char*> (out.getData()), out.getDataSize() };
    }

    /** A hub with Lua Fria's two releases: Dawn Wire (ambient, a pure red cover) heard by five
        (a score of 5), Low Tide (techno, no cover) heard by one and passed once (1 + 3). */
    class HubWithReleases : public ::testing::Test
    {
    protected:
        void SetUp() override
        {
            hub = std::make_unique<HubProcess> ((root.path() / "hub.sqlite3").string(), root.path() / "hub.log");
            artist = std::make_unique<SigningDaemon> (root.path() / "artist");
            for (int i = 0; i < 5; ++i)
                listeners.push_back (std::make_unique<SigningDaemon> (root.path() / ("listener-" + std::to_string (i))));

            dawn = release (hubManifestOf ("excerpt.flac", "Dawn Wire", "ambient"), pngOf (juce::Colours::red));
            tide = release (hubManifestOf ("excerpt.ogg", "Low Tide", "techno"), {});
            for (const auto& listener : listeners)
                submit (listener->seal (listenMessage (dawn.trackId)));
            submit (listeners[0]->seal (listenMessage (tide.trackId)));
            submit (listeners[0]->seal (passLandedMessage (*listeners[0], *listeners[1], tide.trackId)));
        }

        void TearDown() override
        {
            if (HasFailure())
                std::cerr << "earshot-hub's output:\n"
                          << hub->output() << "\n";
        }

        struct Released
        {
            std::string trackId;
            TrackManifest manifest;
        };

        Released release (const TrackManifest& manifest, const std::string& cover)
        {
            v1::HubMessage message;
            toProto (manifest, *message.mutable_release()->mutable_manifest());
            message.mutable_release()->set_artist_name ("Lua Fria");
            if (! cover.empty())
            {
                message.mutable_release()->set_cover (cover);
                message.mutable_release()->set_cover_type ("image/png");
            }
            submit (artist->seal (message));
            return { trackIdOf (manifest), manifest };
        }

        void submit (const v1::SignedHubMessage& message)
        {
            grpc::ClientContext context;
            v1::SubmitResponse response;
            const auto status = hub->api().Submit (&context, message, &response);
            ASSERT_TRUE (status.ok()) << status.error_message();
        }

        /** The hub's own week chart, asked directly: the track ids in order. */
        std::vector<std::string> hubWeekChart()
        {
            grpc::ClientContext context;
            v1::GetChartRequest request;
            request.set_period (v1::CHART_PERIOD_WEEK);
            v1::GetChartResponse response;
            EXPECT_TRUE (hub->api().GetChart (&context, request, &response).ok());
            std::vector<std::string> ids;
            for (const auto& track : response.tracks())
                ids.push_back (track.track_id());
            return ids;
        }

        TemporaryDirectory root { "earshot-ui-hub" };
        std::unique_ptr<HubProcess> hub;
        std::unique_ptr<SigningDaemon> artist;
        std::vector<std::unique_ptr<SigningDaemon>> listeners;
        Released dawn, tide;
    };

    std::vector<std::string> idsOf (const std::vector<HubChartList::Row>& rows)
    {
        std::vector<std::string> ids;
        for (const auto& row : rows)
            ids.push_back (row.track.trackId);
        return ids;
    }

    /** A real earshotd started with arguments, and the app's view over it, 1280 wide. */
    struct AppOverDaemon
    {
        AppOverDaemon (const std::filesystem::path& dataDirectory, std::vector<std::string> arguments, int height)
            : daemon (dataDirectory, std::move (arguments))
        {
            daemon.start();
            client = std::make_shared<DaemonClient> (daemon.apiAddress());
            player = std::make_unique<PreviewPlayer> (client);
            view = std::make_unique<EarshotView> (client, *player);
            view->setSize (1280, height);
        }

        DaemonProcess daemon;
        std::shared_ptr<DaemonClient> client;
        std::unique_ptr<PreviewPlayer> player;
        std::unique_ptr<EarshotView> view;
    };

    juce::Colour pixelAt (const juce::Image& image, juce::Point<int> point)
    {
        return image.getPixelAt (point.getX(), point.getY());
    }
} // namespace

TEST_F (HubWithReleases, DiscoverShowsTheHubsChartWithCoversAndPlaysARowAtOnce)
{
    juce::ScopedJuceInitialiser_GUI juce;
    AppOverDaemon app (root.path() / "daemon", { "--hub", hub->address() }, 820);
    auto& daemon = app.daemon;
    auto& view = *app.view;
    std::vector<std::string> played;
    EarshotView::Transport transport;
    transport.play = [&] (const std::string& trackId)
    { played.push_back (trackId); };
    view.setTransport (transport);
    view.showPage (Page::discover);

    auto& discover = view.discover();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return discover.chart().rows().size() == 2; },
                                    30s))
        << discover.notice();
    EXPECT_EQ (discover.mode(), DiscoverView::Mode::charts);
    EXPECT_EQ (discover.hubAddress(), juce::String (hub->address()));
    EXPECT_TRUE (discover.notice().isEmpty()) << discover.notice();
    const auto expected = hubWeekChart();
    EXPECT_EQ (expected, (std::vector<std::string> { dawn.trackId, tide.trackId }));
    EXPECT_EQ (idsOf (discover.chart().rows()), expected);
    EXPECT_EQ (discover.chart().rows()[0].track.listeners, 5u);
    EXPECT_EQ (discover.chart().rows()[1].track.passes, 1u);
    EXPECT_TRUE (discover.genres().count ("ambient") == 1 && discover.genres().count ("techno") == 1);

    // The chart of one genre is that genre's alone.
    discover.setGenre ("techno");
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return discover.chart().rows().size() == 1; },
                                    30s));
    EXPECT_EQ (discover.chart().rows()[0].track.trackId, tide.trackId);
    discover.setGenre ({});
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return discover.chart().rows().size() == 2; },
                                    30s));

    // Dawn Wire's red cover comes through the daemon from the hub and is drawn in its row;
    // Low Tide keeps its letter tile.
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.covers().find (dawn.trackId).isValid(); },
                                    30s));
    const auto image = renderAt (view, 1280, 820);
    savePng (image, "discover-hub-chart");
    const auto& list = discover.chart();
    const auto coverCentre = [&] (int row)
    { return view.getLocalPoint (&list, list.coverBounds (row).getCentre()); };
    const auto red = pixelAt (image, coverCentre (0));
    EXPECT_TRUE (red.getRed() > 200 && red.getGreen() < 50 && red.getBlue() < 50) << red.toDisplayString (true);
    const auto tile = pixelAt (image, coverCentre (1));
    EXPECT_FALSE (tile.getRed() > 200 && tile.getGreen() < 50 && tile.getBlue() < 50);

    // Play on a row: the daemon adds the track from the row's manifest, then it plays.
    discover.chart().play (1);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return ! played.empty(); },
                                    30s))
        << view.message();
    EXPECT_EQ (played, std::vector<std::string> { tide.trackId });
    const auto library = daemon.client().listTracks();
    EXPECT_TRUE (std::any_of (library.begin(), library.end(), [&] (const ClientTrack& track)
                              { return track.id == tide.trackId; }));
}

TEST_F (HubWithReleases, TheArtistPagePlotsTheDaysWithListensAndPasses)
{
    juce::ScopedJuceInitialiser_GUI juce;
    AppOverDaemon app (root.path() / "daemon", { "--hub", hub->address() }, 900);
    auto& view = *app.view;
    view.showPage (Page::discover);
    auto& discover = view.discover();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return discover.chart().rows().size() == 2; },
                                    30s))
        << discover.notice();

    // A click on the artist's name opens their page.
    discover.chart().openArtist (0);
    EXPECT_EQ (discover.mode(), DiscoverView::Mode::artist);
    auto& page = discover.artistPage();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return page.page().tracks.size() == 2; },
                                    30s))
        << page.status();
    EXPECT_EQ (page.page().profile.name, "Lua Fria");
    EXPECT_EQ (page.page().listens, 6u);
    EXPECT_EQ (page.page().listeners, 5u);
    EXPECT_EQ (page.page().passes, 1u);
    EXPECT_EQ (ArtistPageView::figuresOf (page.page())[0].first, "6");
    ASSERT_EQ (idsOf (page.tracks().rows()).size(), 2u);
    for (const auto& row : page.tracks().rows())
        EXPECT_TRUE (row.rankLabel.startsWith (row.track.trackId == dawn.trackId ? "#1" : "#2")) << row.rankLabel;

    // The plot: today (the last day) has six listens and a pass; the days before, nothing.
    auto& plot = page.plot();
    const auto& days = plot.days();
    ASSERT_GE (days.size(), 2u);
    const auto today = static_cast<int> (days.size()) - 1;
    EXPECT_EQ (days.back().listens, 6u);
    EXPECT_EQ (days.back().passes, 1u);
    const auto image = renderAt (view, 1280, 900);
    savePng (image, "discover-hub-artist");
    const auto at = [&] (juce::Rectangle<float> column)
    { return pixelAt (image, view.getLocalPoint (&plot, juce::Point<float> (column.getCentreX(), column.getBottom() - 3.0f)).roundToInt()); };
    using Series = DailySeriesPlot::Series;
    EXPECT_EQ (at (plot.barFor (Series::listens, today)), DailySeriesPlot::colourOf (Series::listens));
    EXPECT_EQ (at (plot.barFor (Series::passes, today)), DailySeriesPlot::colourOf (Series::passes));
    for (const auto day : { 0, today / 2, today - 1 })
    {
        EXPECT_NE (at (plot.slotFor (Series::listens, day)), DailySeriesPlot::colourOf (Series::listens)) << "day " << day;
        EXPECT_NE (at (plot.slotFor (Series::passes, day)), DailySeriesPlot::colourOf (Series::passes)) << "day " << day;
    }

    // Back to the chart it was opened from.
    page.onBack();
    EXPECT_EQ (discover.mode(), DiscoverView::Mode::charts);
}

TEST_F (HubWithReleases, SearchFindsByTextAndByFiltersThroughTheDaemon)
{
    juce::ScopedJuceInitialiser_GUI juce;
    AppOverDaemon app (root.path() / "daemon", { "--hub", hub->address() }, 820);
    auto& view = *app.view;
    view.showPage (Page::discover);
    auto& discover = view.discover();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return discover.mode() == DiscoverView::Mode::charts; },
                                    30s))
        << discover.notice();

    discover.showSearch();
    const auto searchFor = [&] (const ClientSearchRequest& fields)
    {
        discover.searchBar().setFields (fields);
        discover.searchBar().search();
        EXPECT_TRUE (pumpMessagesUntil ([&]
                                        { return ! discover.searchResults().rows().empty(); },
                                        30s));
        return idsOf (discover.searchResults().rows());
    };
    ClientSearchRequest byText;
    byText.text = "dawn";
    EXPECT_EQ (searchFor (byText), std::vector<std::string> { dawn.trackId });
    ClientSearchRequest byGenre;
    byGenre.genre = "techno";
    EXPECT_EQ (searchFor (byGenre), std::vector<std::string> { tide.trackId });
    ClientSearchRequest byArtist;
    byArtist.text = "lua";
    const auto both = searchFor (byArtist);
    EXPECT_EQ (std::set<std::string> (both.begin(), both.end()), (std::set<std::string> { dawn.trackId, tide.trackId }));
    savePng (renderAt (view, 1280, 820), "discover-hub-search");
}

TEST (HubDiscover, WithoutAHubDiscoverShowsTheLibraryAndSaysHowToConnectOne)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-nohub");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    (void) daemon.client().publish ({ (demoAlbum ("flac") / "01-first-light.flac").string() });
    auto client = std::make_shared<DaemonClient> (daemon.apiAddress());
    PreviewPlayer player (client);
    EarshotView view (client, player);
    view.setSize (1280, 820);
    view.showPage (Page::discover);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.discover().notice().isNotEmpty() && ! view.discover().model().shelves.empty(); },
                                    30s));
    EXPECT_EQ (view.discover().notice(), DiscoverView::connectMessage());
    EXPECT_EQ (view.discover().mode(), DiscoverView::Mode::library);
    EXPECT_EQ (view.discover().model().shelves[0].tiles[0].title, "First Light");
    savePng (renderAt (view, 1280, 820), "discover-no-hub");
}

TEST (HubDiscover, AHubThatDoesNotAnswerShowsItsError)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-hubdown");
    const auto nowhere = "127.0.0.1:" + std::to_string (freeLoopbackPort()); // nothing listens there
    AppOverDaemon app (root.path() / "daemon", { "--hub", nowhere }, 820);
    auto& view = *app.view;
    view.showPage (Page::discover);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.discover().notice().isNotEmpty(); },
                                    40s));
    EXPECT_TRUE (view.discover().notice().startsWith ("The hub at " + juce::String (nowhere) + " did not answer: ")) << view.discover().notice();
    EXPECT_EQ (view.discover().mode(), DiscoverView::Mode::charts);
    EXPECT_TRUE (view.discover().chart().rows().empty());
    savePng (renderAt (view, 1280, 820), "discover-hub-down");
}
