// The friends page with two real daemons: the daemon's own code, the friend it added with a dot for
// whether they are online, and the add-a-friend form handing over what was typed.

#include "UI/FriendsView.h"
#include "UI/EarshotLookAndFeel.h"
#include "UI/Formatting.h"
#include "UI/LibraryModel.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

TEST (FriendsView, ShowsTheCodeAndEachFriendWithAnOnlineDot)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-friends");
    TwoFriends friends (root.path());

    EarshotLookAndFeel lookAndFeel;
    FriendsView view;
    view.setLookAndFeel (&lookAndFeel);
    const auto snapshot = LibrarySnapshot::fetch (friends.ben.client());
    ASSERT_TRUE (snapshot.connected) << snapshot.error;
    view.setFriendCode (snapshot.friendCode);
    view.setFriends (snapshot.friends);
    EXPECT_EQ (view.friendCode().toStdString(), friends.ben.client().friendCode());
    ASSERT_EQ (view.friends().size(), 1u);
    EXPECT_EQ (view.friends()[0].name, "Ana");

    for (const auto& [width, height] : { std::pair { 600, 420 }, std::pair { 1200, 600 } })
    {
        const auto image = renderAt (view, width, height);
        const auto dot = view.onlineDotBounds (0);
        ASSERT_FALSE (dot.isEmpty());
        EXPECT_EQ (image.getPixelAt (dot.getCentreX(), dot.getCentreY()).getARGB(), FriendsView::dotColour (formatting::isOnline (view.friends()[0])).getARGB());
        savePng (image, "friends-" + juce::String (width));
    }

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
