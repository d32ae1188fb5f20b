// The inbox given two passes from a friend as data: the unread badge counts them, drops as they are
// read, and a click marks a pass read and plays it. (EarshotViewTest reads a pass from a real
// daemon's inbox.)

#include "UI/InboxView.h"
#include "DemoLibrary.h"
#include "UI/EarshotLookAndFeel.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    /** The badge's fill, sampled inside its rounded left end (the number is drawn in its middle). */
    juce::Colour badgeFill (const juce::Image& image, juce::Rectangle<int> badge)
    {
        return image.getPixelAt (badge.getX() + badge.getHeight() / 2 - 2, badge.getCentreY());
    }

    /** Ana passed Ben First Light, then Neon Tide: unread, the newest first, as the daemon lists them. */
    std::vector<ClientInboxEntry> passesFromAna (const std::vector<ClientTrack>& album)
    {
        std::vector<ClientInboxEntry> entries;
        const std::pair<std::size_t, const char*> passes[] = { { 2, "for the drive home" }, { 0, "the bridge at 1:40" } };
        for (const auto& [index, note] : passes)
        {
            ClientInboxEntry entry;
            entry.passId = "pass-" + std::to_string (index);
            entry.from = "Ana";
            entry.senderName = "Ana";
            entry.manifest = album[index].manifest;
            entry.note = note;
            entry.receivedAtMs = 1'780'000'000'000 - static_cast<std::int64_t> (entries.size());
            entries.push_back (entry);
        }
        return entries;
    }
} // namespace

TEST (InboxView, TheBadgeCountsUnreadPassesAndDropsAsTheyAreRead)
{
    juce::ScopedJuceInitialiser_GUI juce;
    const auto album = demoAlbumTracks();

    EarshotLookAndFeel lookAndFeel;
    InboxView inbox;
    inbox.setLookAndFeel (&lookAndFeel);
    auto entries = passesFromAna (album);
    inbox.setEntries (entries);
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

    // Reading one (the next snapshot from the daemon says so) takes the badge to 1.
    entries[1].read = true;
    inbox.setEntries (entries);
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
    EXPECT_EQ (played, std::vector<std::string> { album[2].id });
    EXPECT_EQ (inbox.badgeCount(), 0);
    EXPECT_TRUE (inbox.badgeBounds().isEmpty());

    // Opening a read pass plays it again without marking anything.
    inbox.open (1);
    EXPECT_EQ (markedRead.size(), 1u);
    EXPECT_EQ (played.size(), 2u);

    savePng (renderAt (inbox, 1100, 520), "inbox-all-read-1100");
    inbox.setLookAndFeel (nullptr);
}
