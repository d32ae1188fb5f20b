// The inbox with real passes between two friends' daemons: the unread badge counts them, drops as
// they are read, and a click marks a pass read and plays it.

#include "UI/InboxView.h"
#include "UI/EarshotLookAndFeel.h"
#include "UI/LibraryModel.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    /** The badge's fill, sampled inside its rounded left end (the number is drawn in its middle). */
    juce::Colour badgeFill (const juce::Image& image, juce::Rectangle<int> badge)
    {
        return image.getPixelAt (badge.getX() + badge.getHeight() / 2 - 2, badge.getCentreY());
    }
} // namespace

TEST (InboxView, TheBadgeCountsUnreadPassesAndDropsAsTheyAreRead)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-inbox");
    TwoFriends friends (root.path());
    (void) friends.ana.client().sendPass (friends.album[0].id, "Ben", "the bridge at 1:40");
    (void) friends.ana.client().sendPass (friends.album[2].id, "Ben", "for the drive home");
    ASSERT_TRUE (eventually ([&]
                             { return friends.ben.client().listInbox().first.size() == 2; },
                             30s));

    EarshotLookAndFeel lookAndFeel;
    InboxView inbox;
    inbox.setLookAndFeel (&lookAndFeel);
    auto snapshot = LibrarySnapshot::fetch (friends.ben.client());
    ASSERT_TRUE (snapshot.connected) << snapshot.error;
    ASSERT_EQ (snapshot.unread, 2);
    inbox.setEntries (snapshot.inbox);
    EXPECT_EQ (inbox.badgeCount(), 2);

    for (const auto& [width, height] : { std::pair { 600, 360 }, std::pair { 1100, 520 } })
    {
        const auto image = renderAt (inbox, width, height);
        const auto badge = inbox.badgeBounds();
        ASSERT_FALSE (badge.isEmpty());
        EXPECT_EQ (badgeFill (image, badge).getARGB(), InboxView::badgeColour().getARGB());
        savePng (image, "inbox-" + juce::String (width));
    }
    // Newest first: the second pass, from Ana, with its note.
    EXPECT_EQ (inbox.entries()[0].note, "for the drive home");
    EXPECT_EQ (inbox.entries()[0].from, "Ana");

    // Reading one (as the app does, through the daemon) takes the badge to 1.
    friends.ben.client().markRead (inbox.entries()[1].passId);
    inbox.setEntries (LibrarySnapshot::fetch (friends.ben.client()).inbox);
    EXPECT_EQ (inbox.badgeCount(), 1);
    auto image = renderAt (inbox, 600, 360);
    EXPECT_EQ (badgeFill (image, inbox.badgeBounds()).getARGB(), InboxView::badgeColour().getARGB());
    savePng (image, "inbox-one-read-600");

    // A click on the other marks it read at once and asks to play its track.
    std::vector<std::string> markedRead, played;
    inbox.onMarkRead = [&] (const ClientInboxEntry& pass)
    { markedRead.push_back (pass.passId); };
    inbox.onPlay = [&] (const ClientInboxEntry& pass)
    { played.push_back (trackIdOf (pass.manifest)); };
    inbox.open (0);
    EXPECT_EQ (markedRead, std::vector<std::string> { inbox.entries()[0].passId });
    EXPECT_EQ (played, std::vector<std::string> { friends.album[2].id });
    EXPECT_EQ (inbox.badgeCount(), 0);
    EXPECT_TRUE (inbox.badgeBounds().isEmpty());

    // Opening a read pass plays it again without marking anything.
    inbox.open (1);
    EXPECT_EQ (markedRead.size(), 1u);
    EXPECT_EQ (played.size(), 2u);

    // The daemon agrees once it is told.
    friends.ben.client().markRead (markedRead[0]);
    EXPECT_EQ (LibrarySnapshot::fetch (friends.ben.client()).unread, 0);
    savePng (renderAt (inbox, 1100, 520), "inbox-all-read-1100");
    inbox.setLookAndFeel (nullptr);
}
