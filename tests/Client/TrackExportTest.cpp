// Copying a complete track out of a real daemon through the Stream call, as the library table does
// before a track can be dragged into a host whose daemon's files are not on this machine.

#include "Client/TrackExport.h"
#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <iterator>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    std::string bytesOf (const std::filesystem::path& file)
    {
        std::ifstream in (file, std::ios::binary);
        return { std::istreambuf_iterator<char> (in), std::istreambuf_iterator<char>() };
    }
} // namespace

TEST (TrackExport, ACompleteTrackIsCopiedOutThroughTheStreamByteForByte)
{
    TemporaryDirectory root ("earshot-client-export");
    DaemonProcess artist (root.path() / "artist");
    artist.start();
    const auto source = demoAlbum ("flac") / "01-first-light.flac";
    const auto published = artist.client().publish ({ source.string() }).front();

    // As a daemon on another machine would list it: its path is not one of ours.
    auto elsewhere = artist.client().getTrack (published.id);
    elsewhere.path = (root.path() / "nowhere" / "01-first-light.flac").string();
    const auto folder = root.path() / "exports";
    EXPECT_FALSE (isExported (elsewhere, folder));

    const auto exported = exportTrack (artist.client(), elsewhere, folder);
    EXPECT_EQ (exported, exportFileFor (elsewhere, folder));
    EXPECT_TRUE (bytesOf (exported) == bytesOf (source)) << "the exported copy differs from the track";
    EXPECT_TRUE (isExported (elsewhere, folder));
    EXPECT_FALSE (std::filesystem::exists (exported.string() + ".part")) << "the partial file was left behind";
}

TEST (TrackExport, ACancelledCopyLeavesNoFileBehind)
{
    TemporaryDirectory root ("earshot-client-export-cancel");
    DaemonProcess artist (root.path() / "artist");
    artist.start();
    const auto published = artist.client().publish ({ testMedia ("excerpt.flac").string() }).front();
    const auto track = artist.client().getTrack (published.id);
    const auto folder = root.path() / "exports";

    // Cancelled as the library table's wait does, from the message thread, while the copy runs.
    std::atomic<bool> cancelled { true };
    try
    {
        (void) exportTrack (artist.client(), track, folder, &cancelled);
        ADD_FAILURE() << "a cancelled copy finished";
    }
    catch (const Error& e)
    {
        EXPECT_EQ (e.code(), ErrorCode::failedPrecondition);
        const std::string message = e.what();
        EXPECT_EQ (message.rfind ("the copy of '", 0), 0u) << message;
        EXPECT_NE (message.find ("' was cancelled"), std::string::npos) << message;
    }
    EXPECT_FALSE (std::filesystem::exists (exportFileFor (track, folder)));
    EXPECT_FALSE (std::filesystem::exists (exportFileFor (track, folder).string() + ".part")) << "the partial file was left behind";
    EXPECT_FALSE (isExported (track, folder));
}
