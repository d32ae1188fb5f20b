// A daemon that has served many Stream calls that were cancelled (by the reader stopping, by a
// cancellation from another thread, by the client going away) holds no more file descriptors than
// before them: a player that seeks and skips all day must not run the daemon out of them.

#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <thread>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    int openFileDescriptors (int pid)
    {
        int count = 0;
        for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator ("/proc/" + std::to_string (pid) + "/fd"))
            ++count;
        return count;
    }

    /** Opens a Stream at offset and ends it the way `how` says: 0 cancels it from another thread at
        once, 1 stops after the first chunk, 2 stops after 256 KiB. */
    void openAndCancel (DaemonClient& client, const std::string& trackId, std::uint64_t offset, int how)
    {
        DaemonClient::StreamOptions options;
        options.offset = offset;
        options.cancellation = std::make_shared<StreamCancellation>();
        std::thread canceller;
        if (how == 0)
            canceller = std::thread ([cancellation = options.cancellation]
                                     { cancellation->cancel(); });
        std::uint64_t read = 0;
        const bool reachedEnd = client.stream (trackId, options, [&] (std::uint64_t, std::string_view data, std::uint64_t)
                                               {
            read += data.size();
            return how == 2 && read < 256 * 1024; });
        if (canceller.joinable())
            canceller.join();
        EXPECT_FALSE (reachedEnd);
    }
} // namespace

TEST (StreamCancel, ManyCancelledStreamsLeaveTheDaemonNoMoreFileDescriptorsThanBefore)
{
    TemporaryDirectory root ("earshot-stream-cancel");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto track = daemon.client().publish ({ testMedia ("excerpt.flac").string() }).front();
    const auto size = track.manifest.fileSize;

    // One stream read to its end first, so that the track's file is open as it stays while served.
    DaemonClient shared (daemon.apiAddress());
    ASSERT_EQ (streamBytes (shared, track.id, 0).size(), size);
    const int before = openFileDescriptors (daemon.processId());

    std::vector<std::thread> players;
    for (int player = 0; player < 4; ++player)
        players.emplace_back ([&, player]
                              {
            for (int cycle = 0; cycle < 60; ++cycle)
            {
                const auto offset = (size / 7) * static_cast<std::uint64_t> ((cycle + player) % 7);
                if (cycle % 2 == 0)
                {
                    openAndCancel (shared, track.id, offset, cycle % 3);
                }
                else
                {
                    DaemonClient own (daemon.apiAddress()); // a player that comes and goes
                    openAndCancel (own, track.id, offset, cycle % 3);
                }
            } });
    for (auto& player : players)
        player.join();

    // The daemon closes a departed client's connection when it notices; then it holds what it held.
    EXPECT_TRUE (eventually ([&]
                             { return openFileDescriptors (daemon.processId()) <= before; },
                             30s))
        << "before: " << before << " file descriptors, after 240 cancelled streams: " << openFileDescriptors (daemon.processId());
    // And it still serves a whole stream.
    EXPECT_EQ (streamBytes (shared, track.id, 0), readFileBytes (testMedia ("excerpt.flac")));
}
