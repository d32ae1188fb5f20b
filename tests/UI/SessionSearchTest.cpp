// The hub search as a producer uses it: BPM range and key first, against a real earshot-hub
// (SQLite) and a real earshotd linked to it, and "Matches my session" filling them from the host's
// tempo and key.

#include "ProtoConvert.h"
#include "Support/HubMessages.h"
#include "Support/HubProcess.h"
#include "UI/EarshotView.h"
#include "UI/SessionHint.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

#include <set>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

TEST (SessionHint, ABpmWindowOfFourAroundTheRoundedTempo)
{
    EXPECT_EQ (SessionHint::bpmRangeAround (124.0), (std::pair { 120.0, 128.0 }));
    EXPECT_EQ (SessionHint::bpmRangeAround (127.6), (std::pair { 124.0, 132.0 }));
    EXPECT_EQ (SessionHint::bpmRangeAround (0.0), (std::pair { 0.0, 0.0 })) << "unknown tempo: no bound";
    EXPECT_EQ (SessionHint::bpmRangeAround (-3.0), (std::pair { 0.0, 0.0 }));
}

TEST (SessionHint, EverySpellingOfAKeyBecomesThePickers)
{
    EXPECT_EQ (SessionHint::pickerKeyOf ("Am"), "Am");
    EXPECT_EQ (SessionHint::pickerKeyOf ("A minor"), "Am");
    EXPECT_EQ (SessionHint::pickerKeyOf ("a min"), "Am");
    EXPECT_EQ (SessionHint::pickerKeyOf ("C major"), "C");
    EXPECT_EQ (SessionHint::pickerKeyOf ("G#"), "Ab");
    EXPECT_EQ (SessionHint::pickerKeyOf ("Abm"), "G#m");
    EXPECT_EQ (SessionHint::pickerKeyOf ("D# minor"), "Ebm");
    EXPECT_EQ (SessionHint::pickerKeyOf ("Gb"), "F#");
    EXPECT_EQ (SessionHint::pickerKeyOf ("Bb"), "Bb");
    EXPECT_EQ (SessionHint::pickerKeyOf ("B"), "B");
    EXPECT_EQ (SessionHint::pickerKeyOf (juce::String (juce::CharPointer_UTF8 ("F\xe2\x99\xaf minor"))), "F#m");
    EXPECT_EQ (SessionHint::pickerKeyOf (""), "");
    EXPECT_EQ (SessionHint::pickerKeyOf ("H minor"), "") << "not a key";
    EXPECT_EQ (SessionHint::pickerKeyOf ("Am7"), "");
    for (const auto& name : SessionHint::keyNames())
        EXPECT_EQ (SessionHint::pickerKeyOf (name), name);
    EXPECT_EQ (SessionHint::keyNames().size(), 24);
}

namespace
{
    /** A hub with four releases of known tempo and key, and the app's view over a daemon linked
        to it, on its search page. */
    class HubWithTempos : public ::testing::Test
    {
    protected:
        void SetUp() override
        {
            hub = std::make_unique<HubProcess> ((root.path() / "hub.sqlite3").string(), root.path() / "hub.log");
            artist = std::make_unique<SigningDaemon> (root.path() / "artist");
            at124InAm = release ("excerpt.flac", "Night Bus", 124.0, "Am");
            at127InC = release ("excerpt.ogg", "Glass Steps", 127.0, "C");
            at124InC = release ("excerpt.mp3", "Low Sun", 124.0, "C");
            at140InAm = release ("excerpt.wav", "Fast Lane", 140.0, "Am");
        }

        std::string release (const std::string& media, const std::string& title, double bpm, const std::string& key)
        {
            auto manifest = hubManifestOf (media, title, "house");
            manifest.bpm = bpm;
            manifest.key = key;
            const auto status = releaseOnHub (hub->api(), *artist, manifest, "Kai Morn");
            EXPECT_TRUE (status.ok()) << status.error_message();
            return trackIdOf (manifest);
        }

        TemporaryDirectory root { "earshot-ui-session-search" };
        std::unique_ptr<HubProcess> hub;
        std::unique_ptr<SigningDaemon> artist;
        std::string at124InAm, at127InC, at124InC, at140InAm;
    };

    std::set<std::string> idsOf (const std::vector<HubChartList::Row>& rows)
    {
        std::set<std::string> ids;
        for (const auto& row : rows)
            ids.insert (row.track.trackId);
        return ids;
    }
} // namespace

TEST_F (HubWithTempos, BpmAndKeyFiltersReturnOnlyMatchingTracksAndTheSessionFillsThem)
{
    juce::ScopedJuceInitialiser_GUI juce;
    DaemonProcess daemon (root.path() / "daemon", { "--hub", hub->address() });
    daemon.start();
    auto client = std::make_shared<DaemonClient> (daemon.apiAddress());
    PreviewPlayer player (client);
    EarshotView view (client, player);
    view.setSize (1280, 820);
    view.showPage (Page::discover);
    auto& discover = view.discover();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return discover.mode() == DiscoverView::Mode::charts; },
                                    30s))
        << discover.notice();
    discover.showSearch();
    auto& bar = discover.searchBar();

    // The app has no session: the toggle is not shown.
    EXPECT_FALSE (bar.sessionButton().isVisible());

    int searches = 0;
    const auto previousOnSearch = bar.onSearch;
    bar.onSearch = [&] (const ClientSearchRequest& request)
    {
        ++searches;
        previousOnSearch (request);
    };
    const auto searchNow = [&]
    {
        const auto before = searches;
        bar.search();
        EXPECT_EQ (searches, before + 1);
        // A new search empties the list at once; wait for its rows.
        EXPECT_TRUE (discover.searchResults().rows().empty());
        EXPECT_TRUE (pumpMessagesUntil ([&]
                                        { return ! discover.searchResults().rows().empty(); },
                                        30s));
        return idsOf (discover.searchResults().rows());
    };

    // BPM and key typed in: only the tracks in the range and in the key.
    ClientSearchRequest fields;
    fields.bpmMin = 120.0;
    fields.bpmMax = 128.0;
    fields.key = "Am";
    bar.setFields (fields);
    EXPECT_EQ (searchNow(), std::set<std::string> { at124InAm });
    fields.key = "C";
    bar.setFields (fields);
    EXPECT_EQ (searchNow(), (std::set<std::string> { at127InC, at124InC }));
    fields.bpmMin = 0.0;
    fields.bpmMax = 0.0;
    fields.key = "Am";
    bar.setFields (fields);
    EXPECT_EQ (searchNow(), (std::set<std::string> { at124InAm, at140InAm }));

    // The key picker offers "Any key" and the 24 keys; picking one searches in it.
    EXPECT_EQ (bar.keyPicker().getNumItems(), 25);
    bar.setFields ({});
    bar.keyPicker().setText ("C", juce::dontSendNotification);
    EXPECT_EQ (bar.request().key, "C");
    EXPECT_EQ (searchNow(), (std::set<std::string> { at127InC, at124InC }));

    // In the plugin: the host at 124.3 BPM in A minor fills 120-128 and Am, and finds the one track.
    SessionHint session { 124.3, "A minor" };
    bar.setSessionHint ([&session]
                        { return session; });
    EXPECT_TRUE (bar.sessionButton().isVisible());
    bar.setMatchesSession (true);
    auto request = bar.request();
    EXPECT_EQ (request.bpmMin, 120.0);
    EXPECT_EQ (request.bpmMax, 128.0);
    EXPECT_EQ (request.key, "Am");
    EXPECT_EQ (bar.sessionNote(), "Host at 124.3 BPM, Am");
    EXPECT_EQ (searchNow(), std::set<std::string> { at124InAm });
    savePng (renderAt (view, 1280, 820), "discover-search-matches-session");

    // The host moves to 127 BPM in C: the next search reads the session again.
    session = { 127.0, "C major" };
    EXPECT_EQ (searchNow(), (std::set<std::string> { at127InC, at124InC }));
    request = bar.request();
    EXPECT_EQ (request.bpmMin, 123.0);
    EXPECT_EQ (request.bpmMax, 131.0);
    EXPECT_EQ (request.key, "C");

    // A host that has not told its tempo: only the key is filled, and the note says why.
    session = { 0.0, "Am" };
    EXPECT_EQ (searchNow(), (std::set<std::string> { at124InAm, at140InAm }));
    EXPECT_EQ (bar.request().bpmMin, 0.0);
    EXPECT_EQ (bar.sessionNote(), "The host has not told its tempo yet, Am");

    // Off: the session's filters go.
    bar.setMatchesSession (false);
    request = bar.request();
    EXPECT_EQ (request.bpmMin, 0.0);
    EXPECT_EQ (request.bpmMax, 0.0);
    EXPECT_EQ (request.key, "");
}
