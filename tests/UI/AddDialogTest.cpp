// The one "Add" field: it tells a magnet link, a .torrent file (a path or a file:// URL) and a friend
// code apart as they are typed, and names what is wrong with one that cannot be added. Against real
// daemons: a .torrent file, a magnet link and a friend code added through the dialog reach the
// daemon's AddTrack and AddFriend; a malformed magnet link, a file that is not a .torrent and a
// friend code with a typo are refused with the reason in the banner or the dialog, and nothing
// changes.

#include "UI/AddDialog.h"
#include "Core/FriendCode.h"
#include "UI/EarshotView.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    /** A code with one character changed in its second group (a typo Luhn catches). */
    std::string withTypo (std::string code)
    {
        const auto at = code.find ('-') + 3;
        code[at] = code[at] == 'A' ? 'B' : 'A';
        return code;
    }
} // namespace

TEST (AddInput, TellsMagnetLinksTorrentFilesAndFriendCodesApart)
{
    TemporaryDirectory root ("earshot-ui-add-input");
    const auto torrent = root.path() / "album.torrent";
    std::ofstream (torrent) << "d4:infod4:name1:xee";
    FriendCode code;
    code.publicKey.fill (7);
    code.host = "127.0.0.1";
    code.port = 7000;
    const auto text = formatFriendCode (code);

    using Kind = AddInput::Kind;
    EXPECT_EQ (AddInput::classify ("").kind, Kind::empty);
    EXPECT_EQ (AddInput::classify ("  magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567 ").kind, Kind::magnet);
    EXPECT_TRUE (AddInput::classify ("magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567").problem.isEmpty());
    const auto noHash = AddInput::classify ("magnet:?dn=nothing");
    EXPECT_EQ (noHash.kind, Kind::magnet);
    EXPECT_TRUE (noHash.problem.contains ("no BitTorrent info-hash")) << noHash.problem;

    const auto byPath = AddInput::classify (juce::String (torrent.string()));
    EXPECT_EQ (byPath.kind, Kind::torrentFile);
    EXPECT_TRUE (byPath.problem.isEmpty()) << byPath.problem;
    EXPECT_EQ (byPath.file.getFullPathName().toStdString(), torrent.string());
    const auto byUrl = AddInput::classify (juce::URL (juce::File (torrent.string())).toString (false));
    EXPECT_EQ (byUrl.kind, Kind::torrentFile);
    EXPECT_EQ (byUrl.file.getFullPathName().toStdString(), torrent.string());
    const auto quoted = AddInput::classify ("'" + juce::String (torrent.string()) + "'");
    EXPECT_EQ (quoted.file.getFullPathName().toStdString(), torrent.string());
    const auto missing = AddInput::classify (juce::String ((root.path() / "gone.torrent").string()));
    EXPECT_EQ (missing.kind, Kind::torrentFile);
    EXPECT_TRUE (missing.problem.startsWith ("There is no file at")) << missing.problem;

    EXPECT_EQ (AddInput::classify (juce::String (text)).kind, Kind::friendCode);
    EXPECT_TRUE (AddInput::classify (juce::String (text)).problem.isEmpty());
    EXPECT_EQ (AddInput::classify (juce::String (text.substr (8))).kind, Kind::friendCode); // without "earshot:"
    const auto typo = AddInput::classify (juce::String (withTypo (text)));
    EXPECT_EQ (typo.kind, Kind::friendCode);
    EXPECT_TRUE (typo.problem.startsWith ("That friend code does not check out: ")) << typo.problem;
    EXPECT_TRUE (typo.problem.contains ("group")) << typo.problem;

    const auto nonsense = AddInput::classify ("hello there");
    EXPECT_EQ (nonsense.kind, Kind::unknown);
    EXPECT_EQ (nonsense.problem, "'hello there' is not a magnet link, a .torrent file or a friend code (earshot:...)");
}

TEST (AddDialog, SaysWhatTheFieldHoldsAndAsksAFriendsName)
{
    juce::ScopedJuceInitialiser_GUI juce;
    FriendCode code;
    code.publicKey.fill (9);
    code.host = "127.0.0.1";
    code.port = 7001;
    const auto text = juce::String (formatFriendCode (code));

    AddDialog dialog;
    EXPECT_FALSE (dialog.canAdd());
    dialog.fill ("magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567");
    EXPECT_TRUE (dialog.canAdd());
    EXPECT_TRUE (dialog.verdict().startsWith ("A magnet link")) << dialog.verdict();

    dialog.fill (text);
    EXPECT_TRUE (dialog.verdict().startsWith ("A friend code")) << dialog.verdict();
    EXPECT_FALSE (dialog.canAdd()); // no name yet
    dialog.fill (text, "Cleo");
    EXPECT_TRUE (dialog.canAdd());
    savePng (renderAt (dialog, AddDialog::preferredWidth, AddDialog::preferredHeight), "add-dialog-friend-code");

    dialog.fill (juce::String (withTypo (text.toStdString())), "Cleo");
    EXPECT_FALSE (dialog.canAdd());
    EXPECT_TRUE (dialog.verdict().startsWith ("That friend code does not check out")) << dialog.verdict();
    savePng (renderAt (dialog, AddDialog::preferredWidth, AddDialog::preferredHeight), "add-dialog-typo");

    int added = 0;
    dialog.onAdd = [&] (const AddInput&, juce::String)
    { ++added; };
    dialog.add();
    EXPECT_EQ (added, 0);
}

TEST (AddDialog, AddsATorrentFileAMagnetLinkAndAFriendAndRefusesWhatIsMalformed)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-ui-add");
    DaemonProcess ana (root.path() / "ana");
    DaemonProcess ben (root.path() / "ben");
    ana.start();
    ben.start();
    const auto first = ana.client().publish ({ (demoAlbum ("flac") / "01-first-light.flac").string() }).front();
    const auto second = ana.client().publish ({ (demoAlbum ("flac") / "02-paper-lanterns.flac").string() }).front();
    const auto torrent = root.path() / "first-light.torrent";
    std::ofstream (torrent, std::ios::binary) << ana.client().torrentFile (first.id);

    auto client = std::make_shared<DaemonClient> (ben.apiAddress());
    PreviewPlayer player (client);
    EarshotView view (client, player);
    view.setSize (1200, 760);
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.snapshot().connected; },
                                    15s));

    const auto addThroughTheDialog = [&] (const juce::String& text, const juce::String& name = {})
    {
        view.libraryActions().addButton().triggerClick();
        pumpMessagesUntil ([&]
                           { return view.addDialog() != nullptr; },
                           2s);
        if (view.addDialog() == nullptr)
            return false;
        view.addDialog()->fill (text, name);
        view.addDialog()->add();
        return pumpMessagesUntil ([&]
                                  { return view.addDialog() == nullptr; },
                                  2s);
    };

    // A .torrent file, by path.
    ASSERT_TRUE (addThroughTheDialog (juce::String (torrent.string())));
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.message().startsWith ("Added 1 track from first-light.torrent"); },
                                    15s))
        << view.message();
    EXPECT_EQ (ben.client().getTrack (first.id).manifest.infoHashHex, first.id);

    // A magnet link.
    ASSERT_TRUE (addThroughTheDialog (juce::String (second.magnetUri)));
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.message().startsWith ("Added the magnet link"); },
                                    15s))
        << view.message();
    EXPECT_EQ (ben.client().getTrack (second.id).id, second.id);

    // A friend code, with the friend's name.
    ASSERT_TRUE (addThroughTheDialog (juce::String (ana.client().friendCode()), "Ana"));
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.message().startsWith ("Added Ana"); },
                                    15s))
        << view.message();
    ASSERT_EQ (ben.client().listFriends().size(), 1u);
    EXPECT_EQ (ben.client().listFriends()[0].name, "Ana");

    // Malformed: a magnet link libtorrent cannot read, and a file that is not a .torrent. The
    // daemon's reason is shown, and the library stays as it was.
    const auto before = ben.client().listTracks().size();
    ASSERT_TRUE (addThroughTheDialog ("magnet:?xt=urn:btih:nothex"));
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.message().startsWith ("Could not add the magnet link: "); },
                                    15s))
        << view.message();
    EXPECT_TRUE (view.message().contains ("not a valid magnet link")) << view.message();
    savePng (renderAt (view, 1200, 760), "add-bad-magnet-1200x760");

    const auto notATorrent = root.path() / "notes.torrent";
    std::ofstream (notATorrent) << "these are liner notes, not a torrent";
    ASSERT_TRUE (addThroughTheDialog (juce::String (notATorrent.string())));
    ASSERT_TRUE (pumpMessagesUntil ([&]
                                    { return view.message().startsWith ("Could not add notes.torrent: "); },
                                    15s))
        << view.message();
    EXPECT_EQ (ben.client().listTracks().size(), before);

    // A friend code with a typo never leaves the dialog.
    view.showAddDialog (juce::String (withTypo (ana.client().friendCode())));
    ASSERT_NE (view.addDialog(), nullptr);
    view.addDialog()->fill (view.addDialog()->input().text, "Someone");
    EXPECT_FALSE (view.addDialog()->canAdd());
    EXPECT_TRUE (view.addDialog()->verdict().contains ("does not check out")) << view.addDialog()->verdict();
    savePng (renderAt (view, 1200, 760), "add-dialog-over-view-1200x760");
    view.closeDialog();
    EXPECT_EQ (ben.client().listFriends().size(), 1u);
}
