// What the app does with its command line and with a second launch's: the arguments that are not
// the app's own options are read as magnet links, .torrent files (file:// URLs as the desktop hands
// them over) and friend codes; a second instance for the same daemon hands them to the first
// through InstanceHandoff, and the first opens them: a magnet link reaches a real daemon's library,
// a friend code opens the Add dialog holding it.

#include "UI/InstanceHandoff.h"
#include "UI/AddDialog.h"
#include "UI/EarshotView.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

TEST (InstanceHandoff, ReadsTheCommandLineSkippingTheAppsOwnOptions)
{
    TemporaryDirectory root ("earshot-ui-arguments");
    const auto torrent = root.path() / "album.torrent";
    std::ofstream (torrent) << "d4:infod4:name1:xee";
    const juce::StringArray options { "--play", "--out" };
    const auto inputs = AddInput::fromCommandLine ({ "--play", "abc123", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "--out", "x.wav", juce::URL (juce::File (torrent.string())).toString (false), "--no-such-flag", "what is this" },
                                                   options);
    ASSERT_EQ (inputs.size(), 3u);
    EXPECT_EQ (inputs[0].kind, AddInput::Kind::magnet);
    EXPECT_EQ (inputs[1].kind, AddInput::Kind::torrentFile);
    EXPECT_EQ (inputs[1].file.getFullPathName().toStdString(), torrent.string());
    EXPECT_EQ (inputs[2].kind, AddInput::Kind::unknown);
    EXPECT_TRUE (AddInput::fromCommandLine ({}, options).empty());
}

TEST (InstanceHandoff, ASecondLaunchHandsItsArgumentsToTheFirstWhichOpensThem)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-handoff");
    DaemonProcess artist (root.path() / "artist");
    DaemonProcess listener (root.path() / "listener");
    artist.start();
    listener.start();
    const auto track = artist.client().publish ({ (demoAlbum ("flac") / "03-neon-tide.flac").string() }).front();
    const auto code = artist.client().friendCode();

    const auto folder = juce::File ((root.path() / "handoff").string());
    InstanceHandoff first (folder);
    ASSERT_TRUE (first.isFirstInstance());

    auto client = std::make_shared<DaemonClient> (listener.apiAddress());
    PreviewPlayer player (client);
    EarshotView view (client, player);
    view.setSize (1200, 760);
    std::vector<juce::StringArray> received;
    first.setOnArguments ([&] (const juce::StringArray& arguments)
                          {
        received.push_back (arguments);
        view.open (AddInput::fromCommandLine (arguments, { "--play" })); });

    {
        // The second launch: it does not get the lock, so it hands over and would quit.
        InstanceHandoff second (folder);
        EXPECT_FALSE (second.isFirstInstance());
        juce::String whyNot;
        ASSERT_TRUE (second.handOver ({ juce::String (track.magnetUri) }, whyNot)) << whyNot;
        ASSERT_TRUE (second.handOver ({ "--play", "x", juce::String (code) }, whyNot)) << whyNot;
    }

    // The first one's timer picks them up, in order.
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return received.size() == 2; },
                                    10s));
    EXPECT_EQ (received[0], juce::StringArray { juce::String (track.magnetUri) });
    EXPECT_EQ (received[1][2], juce::String (code));
    EXPECT_TRUE (folder.findChildFiles (juce::File::findFiles, false, "*.args").isEmpty());

    // The magnet link is in the listener's library; the friend code waits in the Add dialog for a name.
    ASSERT_TRUE (eventually ([&]
                             {
        try
        {
            return listener.client().getTrack (track.id).id == track.id;
        }
        catch (const Error&)
        {
            return false;
        } },
                             15s));
    ASSERT_NE (view.addDialog(), nullptr);
    EXPECT_EQ (view.addDialog()->input().kind, AddInput::Kind::friendCode);
    EXPECT_EQ (view.addDialog()->input().text, juce::String (code));
    EXPECT_FALSE (view.addDialog()->canAdd());
    view.addDialog()->fill (juce::String (code), "Artist");
    view.addDialog()->add();
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.message().startsWith ("Added Artist"); },
                                    15s))
        << view.message();
    EXPECT_EQ (listener.client().listFriends().size(), 1u);

    // Something that is none of these is named, not dropped silently.
    view.open (AddInput::fromCommandLine ({ "nonsense" }, {}));
    EXPECT_TRUE (view.message().contains ("'nonsense' is not a magnet link")) << view.message();
}

TEST (InstanceHandoff, TheLockGoesWithTheFirstInstance)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-handoff-lock");
    const auto folder = juce::File ((root.path() / "handoff").string());
    {
        InstanceHandoff first (folder);
        EXPECT_TRUE (first.isFirstInstance());
        InstanceHandoff second (folder);
        EXPECT_FALSE (second.isFirstInstance());
    }
    InstanceHandoff next (folder);
    EXPECT_TRUE (next.isFirstInstance());

    // The app on another daemon has a folder of its own, and runs beside it.
    InstanceHandoff elsewhere (juce::File ((root.path() / "other").string()));
    EXPECT_TRUE (elsewhere.isFirstInstance());

    // A folder that cannot be made (a file is in the way): the app runs, alone, rather than hand
    // its arguments to nobody.
    const auto blocked = juce::File ((root.path() / "a-file").string());
    ASSERT_TRUE (blocked.replaceWithText ("not a folder"));
    InstanceHandoff unwritable (blocked.getChildFile ("handoff"));
    EXPECT_TRUE (unwritable.isFirstInstance());
    InstanceHandoff alsoUnwritable (blocked.getChildFile ("handoff"));
    EXPECT_TRUE (alsoUnwritable.isFirstInstance());
}
