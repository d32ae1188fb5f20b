// The friends page given a daemon's code and one friend as data: the code, the friend with a dot
// lit while their daemon answers and out once it is gone, and the add-a-friend form handing over
// what was typed. (The daemons' presence checks are tested in Integration/FriendsTest.)

#include "UI/FriendsView.h"
#include "DemoLibrary.h"
#include "UI/EarshotLookAndFeel.h"
#include "UI/Formatting.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

TEST (FriendsView, ShowsTheCodeAndEachFriendWithAnOnlineDot)
{
    juce::ScopedJuceInitialiser_GUI juce;
    const std::string bensCode = "earshot:AEDSB3NCODE7Q";
    auto ana = friendAna();
    ana.lastSeenMs = 1'780'000'000'000;

    EarshotLookAndFeel lookAndFeel;
    FriendsView view;
    view.setLookAndFeel (&lookAndFeel);
    view.setFriendCode (juce::String (bensCode));
    view.setFriends ({ ana });
    EXPECT_EQ (view.friendCode().toStdString(), bensCode);
    ASSERT_EQ (view.friends().size(), 1u);
    EXPECT_EQ (view.friends()[0].name, "Ana");

    for (const auto& [width, height] : { std::pair { 600, 420 }, std::pair { 1200, 600 } })
    {
        const auto image = renderAt (view, width, height);
        const auto dot = view.onlineDotBounds (0);
        ASSERT_FALSE (dot.isEmpty());
        EXPECT_EQ (image.getPixelAt (dot.getCentreX(), dot.getCentreY()).getARGB(), FriendsView::dotColour (true).getARGB());
        savePng (image, "friends-" + juce::String (width));
    }

    // Ana's daemon goes away: once Ben's notices, her dot goes out.
    ana.online = false;
    view.setFriends ({ ana });
    EXPECT_GT (view.friends()[0].lastSeenMs, 0);
    const auto offline = renderAt (view, 600, 420);
    const auto dot = view.onlineDotBounds (0);
    EXPECT_EQ (offline.getPixelAt (dot.getCentreX(), dot.getCentreY()).getARGB(), FriendsView::dotColour (false).getARGB());
    EXPECT_NE (FriendsView::dotColour (false).getARGB(), FriendsView::dotColour (true).getARGB());
    savePng (offline, "friends-offline-600");

    // The form hands over the code and the name; a missing name sends nothing.
    std::vector<std::pair<juce::String, juce::String>> added;
    view.onAddFriend = [&] (juce::String code, juce::String name)
    { added.emplace_back (code, name); };
    view.fillAddForm ("earshot:ABCD", "");
    view.submitAddForm();
    EXPECT_TRUE (added.empty());
    view.fillAddForm ("  earshot:ABCD ", "Cleo");
    view.submitAddForm();
    ASSERT_EQ (added.size(), 1u);
    EXPECT_EQ (added[0].first, "earshot:ABCD");
    EXPECT_EQ (added[0].second, "Cleo");
    view.setLookAndFeel (nullptr);
}
