#pragma once

#include "Client/DaemonClient.h"
#include "Core/ArrivalRate.h"

#include <juce_core/juce_core.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace earshot
{
    /** A juce::InputStream over a track's bytes as earshotd streams them (the Library's Stream call).

        The stream starts fetching from the track's first byte as soon as it is made. read() blocks the
        calling thread (a decoder's, never an audio thread) until the bytes it asks for have arrived,
        the stream is cancelled, or nothing has arrived for Options::readTimeout. setPosition() to a
        spot whose bytes are not here reopens the daemon's stream there (a seek, which moves the
        daemon's deadlines). Bytes already received stay in a bounded cache of fixed blocks, so short
        backward seeks, and a decoder probing the header again, do not fetch anything twice.

        A read that cannot be satisfied returns fewer bytes than asked, as at the end of a file, and
        failure() then says why (the daemon went away, the time-out passed, the stream was cancelled).
        Decoders run C code (libFLAC, libvorbis) that cannot carry a C++ exception, so nothing here
        throws out of read(). */
    class TrackInputStream final : public juce::InputStream
    {
    public:
        struct Options
        {
            /** Seconds of audio ahead of the reader the daemon fetches with deadlines; 0: its default. */
            unsigned windowSeconds = 0;
            /** Most bytes kept in memory; the oldest-used blocks go first. */
            std::size_t cacheBytes = 16 * 1024 * 1024;
            /** How far ahead of the reader the fetch may run before it waits for the reader. */
            std::size_t readAheadBytes = 4 * 1024 * 1024;
            /** A read that gets no new byte for this long gives up with a failure that says why
                nothing comes, from the daemon's status of the track (describeStall). Zero: never. */
            std::chrono::milliseconds readTimeout { 20000 };
        };

        /** fileSize: the track's size from its manifest. The client must outlive the stream. */
        TrackInputStream (std::shared_ptr<DaemonClient> client, std::string trackId, std::uint64_t fileSize, Options options);
        TrackInputStream (std::shared_ptr<DaemonClient> client, std::string trackId, std::uint64_t fileSize);
        ~TrackInputStream() override;

        juce::int64 getTotalLength() override;
        bool isExhausted() override;
        int read (void* destBuffer, int maxBytesToRead) override;
        juce::int64 getPosition() override;
        bool setPosition (juce::int64 newPosition) override;

        /** With short reads on, read() returns as soon as some of the bytes asked for are here
            instead of all of them. libFLAC and libvorbisfile read like fread and ask for 64 KiB at
            a time, so this lets them parse a header after the first piece instead of the fourth.
            JUCE's own WAV and MP3 parsers take a short read for the end of the file: keep it off
            for them (the default). */
        void setShortReads (bool allowed);

        /** Makes a waiting read, and every read after it, return at once with what is here (and
            isExhausted() say true) until resumeReads(): how a player gets its decoder back from a
            wait to serve a seek. Unlike cancel(), the stream stays open. */
        void interruptReads();
        void resumeReads();

        /** Makes every waiting and future read return at once; the daemon's stream is cancelled. */
        void cancel();
        /** Why the last short read was short, if not the end of the file. */
        [[nodiscard]] std::optional<Error> failure() const;

        /** How many times the daemon's stream was (re)opened: 1 plus the seeks that needed bytes not here. */
        [[nodiscard]] int fetchesStarted() const;
        /** Bytes now held in the cache. */
        [[nodiscard]] std::size_t cachedBytes() const;
        /** Bytes here from the read position on, in one run: what a reader can take without waiting. */
        [[nodiscard]] std::uint64_t bytesReadyAhead() const;
        /** How fast the track's bytes have been arriving lately (ArrivalRate: the wait for the
            first byte counts until the bytes have come for 2 s), in bytes per second; nothing until it can be measured. */
        [[nodiscard]] std::optional<double> arrivalBytesPerSecond() const;
        /** Blocks the calling thread until the first count bytes are here (or the stream fails): for
            prefetching a track's opening before it is played. */
        bool waitForOpening (std::uint64_t count, std::chrono::milliseconds timeout);

        /** The cache's unit; a fetch begins at the first byte missing from the block that holds
            the byte wanted. 16 KiB, libtorrent's smallest piece: a seek's fetch then begins in
            the piece that holds its first byte (64 KiB blocks made it wait for up to three
            pieces before that one, in order, 0.3 s and more on a seek). */
        static constexpr std::uint64_t blockSize = 16 * 1024;

    private:
        struct Block
        {
            std::unique_ptr<char[]> data;
            std::size_t filled = 0; // bytes present from the block's start
            std::uint64_t lastUse = 0;
        };

        void startFetch (std::uint64_t offset);
        void stopFetch();
        void fetch (std::uint64_t offset, std::shared_ptr<StreamCancellation> cancellation, int generation);
        bool accept (std::uint64_t offset, std::string_view data, int generation);
        [[nodiscard]] std::size_t contiguousAt (std::uint64_t offset) const;
        [[nodiscard]] std::uint64_t blockLength (std::uint64_t index) const;
        void evictIfNeeded();

        const std::shared_ptr<DaemonClient> client;
        const std::string trackId;
        const std::uint64_t fileSize;
        const Options options;

        mutable std::mutex mutex;
        std::condition_variable changed;
        std::map<std::uint64_t, Block> blocks;
        std::size_t bytesCached = 0;
        std::uint64_t useCounter = 0;
        ArrivalRate arrivals;

        std::uint64_t position = 0;
        std::uint64_t fetchFrom = 0; // where the running fetch began
        std::uint64_t fetchedTo = 0; // the running fetch has delivered every byte before this
        bool fetchRunning = false;
        int fetchGeneration = 0;
        int fetchCount = 0;
        bool cancelled = false;
        bool shortReads = false;
        bool interrupted = false;
        bool stalled = false; // a read timed out: lastFailure says why
        std::optional<Error> fetchError;
        std::optional<Error> lastFailure;

        std::shared_ptr<StreamCancellation> cancellation;
        std::thread fetcher;

        JUCE_DECLARE_NON_COPYABLE (TrackInputStream)
    };
} // namespace earshot
