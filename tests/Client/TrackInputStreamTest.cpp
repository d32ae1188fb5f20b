// TrackInputStream over one real earshotd: its cache of received bytes serves backward seeks and
// stays within its bound.

#include "Client/TrackInputStream.h"
#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

TEST (TrackInputStream, ShortBackwardSeeksAreServedFromTheCacheWithoutAnotherFetch)
{
    TemporaryDirectory root ("earshot-cache");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto track = daemon.client().publish ({ testMedia ("excerpt.wav").string() }).front();
    const auto source = readFileBytes (testMedia ("excerpt.wav"));

    auto client = std::make_shared<DaemonClient> (daemon.apiAddress());
    TrackInputStream stream (client, track.id, track.manifest.fileSize);
    std::vector<char> bytes (200'000);
    ASSERT_EQ (stream.read (bytes.data(), static_cast<int> (bytes.size())), static_cast<int> (bytes.size()));
    EXPECT_EQ (std::string (bytes.data(), bytes.size()), source.substr (0, bytes.size()));

    // Back 150 kB: still cached, nothing fetched again.
    stream.setPosition (50'000);
    std::vector<char> again (100'000);
    ASSERT_EQ (stream.read (again.data(), static_cast<int> (again.size())), static_cast<int> (again.size()));
    EXPECT_EQ (std::string (again.data(), again.size()), source.substr (50'000, again.size()));
    EXPECT_EQ (stream.fetchesStarted(), 1);

    // Far ahead: the stream reopens there and gives exactly those bytes.
    const auto far = source.size() - 10'000;
    stream.setPosition (static_cast<juce::int64> (far));
    std::vector<char> tail (20'000);
    EXPECT_EQ (stream.read (tail.data(), static_cast<int> (tail.size())), 10'000);
    EXPECT_EQ (std::string (tail.data(), 10'000), source.substr (far));
    EXPECT_TRUE (stream.isExhausted());
    EXPECT_EQ (stream.fetchesStarted(), 2);
    EXPECT_FALSE (stream.failure().has_value());
}

TEST (TrackInputStream, TheCacheStaysWithinItsBound)
{
    TemporaryDirectory root ("earshot-cache-bound");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto track = daemon.client().publish ({ demoAlbum ("flac") / "01-first-light.flac" }).front();

    TrackInputStream::Options options;
    options.cacheBytes = 1024 * 1024;
    options.readAheadBytes = 256 * 1024;
    auto client = std::make_shared<DaemonClient> (daemon.apiAddress());
    TrackInputStream stream (client, track.id, track.manifest.fileSize, options);
    std::vector<char> chunk (64 * 1024);
    std::uint64_t total = 0;
    std::size_t largest = 0;
    while (! stream.isExhausted())
    {
        const auto got = stream.read (chunk.data(), static_cast<int> (chunk.size()));
        ASSERT_GT (got, 0);
        total += static_cast<std::uint64_t> (got);
        largest = std::max (largest, stream.cachedBytes());
    }
    EXPECT_EQ (total, track.manifest.fileSize);
    EXPECT_LE (largest, options.cacheBytes + TrackInputStream::blockSize);
}

TEST (TrackInputStream, SaysWhatIsReadyAheadOfTheReaderAndHowFastItCame)
{
    // What a player decides its start on: the bytes it can read without waiting, and their rate.
    TemporaryDirectory root ("earshot-arrival");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto track = daemon.client().publish ({ testMedia ("excerpt.wav").string() }).front();
    const auto size = track.manifest.fileSize;

    auto client = std::make_shared<DaemonClient> (daemon.apiAddress());
    TrackInputStream stream (client, track.id, size);
    // The stream reads ahead of its reader up to its bound, not the whole file.
    const std::uint64_t opening = 1'000'000;
    ASSERT_GT (size, opening);
    ASSERT_TRUE (stream.waitForOpening (opening, std::chrono::seconds (20)));
    const auto ready = stream.bytesReadyAhead();
    EXPECT_GE (ready, opening);
    EXPECT_LE (ready, size);

    std::vector<char> bytes (100'000);
    ASSERT_EQ (stream.read (bytes.data(), static_cast<int> (bytes.size())), static_cast<int> (bytes.size()));
    EXPECT_GE (stream.bytesReadyAhead(), opening - bytes.size());
    EXPECT_LT (stream.bytesReadyAhead(), size);

    // A rate once it can be measured (what it comes to is Core's ArrivalRate, tested there).
    EXPECT_TRUE (eventually ([&]
                             { return stream.arrivalBytesPerSecond().has_value(); },
                             std::chrono::seconds (5)));
}
