#include "TrackInputStream.h"

#include "Core/StreamStall.h"

#include <algorithm>
#include <cstring>

namespace earshot
{
    namespace
    {
        /** A reader this far past what the running fetch has delivered would wait through bytes it
            does not need: the fetch is reopened at the reader instead. */
        constexpr std::uint64_t reopenDistance = 256 * 1024;
    } // namespace

    TrackInputStream::TrackInputStream (std::shared_ptr<DaemonClient> clientToUse, std::string id, std::uint64_t size, Options opts)
        : client (std::move (clientToUse))
        , trackId (std::move (id))
        , fileSize (size)
        , options (opts)
    {
        arrivals.start (ArrivalRate::Clock::now());
        if (fileSize > 0)
            startFetch (0);
    }

    TrackInputStream::TrackInputStream (std::shared_ptr<DaemonClient> clientToUse, std::string id, std::uint64_t size)
        : TrackInputStream (std::move (clientToUse), std::move (id), size, Options {})
    {
    }

    TrackInputStream::~TrackInputStream()
    {
        cancel();
        stopFetch();
    }

    juce::int64 TrackInputStream::getTotalLength()
    {
        return static_cast<juce::int64> (fileSize);
    }

    bool TrackInputStream::isExhausted()
    {
        // A stream that can give no more (cancelled, or failed) says so, or a decoder that retries
        // short reads until the end of the file (libFLAC does) would spin on it.
        std::lock_guard lock (mutex);
        return position >= fileSize || cancelled || interrupted || lastFailure.has_value();
    }

    juce::int64 TrackInputStream::getPosition()
    {
        std::lock_guard lock (mutex);
        return static_cast<juce::int64> (position);
    }

    bool TrackInputStream::setPosition (juce::int64 newPosition)
    {
        std::lock_guard lock (mutex);
        position = static_cast<std::uint64_t> (std::clamp<juce::int64> (newPosition, 0, static_cast<juce::int64> (fileSize)));
        changed.notify_all(); // a fetch held back for the old position may go on
        return true;
    }

    std::uint64_t TrackInputStream::blockLength (std::uint64_t index) const
    {
        return std::min (blockSize, fileSize - index * blockSize);
    }

    std::size_t TrackInputStream::contiguousAt (std::uint64_t offset) const
    {
        std::uint64_t at = offset;
        while (at < fileSize)
        {
            auto block = blocks.find (at / blockSize);
            if (block == blocks.end())
                break;
            const auto end = block->first * blockSize + block->second.filled;
            if (end <= at)
                break;
            at = end;
            if (block->second.filled < blockLength (block->first))
                break;
        }
        return static_cast<std::size_t> (at - offset);
    }

    int TrackInputStream::read (void* destBuffer, int maxBytesToRead)
    {
        std::unique_lock lock (mutex);
        if (maxBytesToRead <= 0 || position >= fileSize)
            return 0;

        const auto want = static_cast<std::size_t> (std::min<std::uint64_t> (static_cast<std::uint64_t> (maxBytesToRead), fileSize - position));
        auto available = contiguousAt (position);
        auto lastProgress = std::chrono::steady_clock::now();

        // A stalled stream stays failed (isExhausted() says so): a decoder that reads again, as JUCE
        // does when it tries format after format on a stalled opening, gets what is here at once
        // instead of waiting out the time-out again for each format.
        while (available < want && ! cancelled && ! interrupted && ! stalled && ! (shortReads && available > 0))
        {
            const auto missing = position + available;
            const bool fetchWillBringIt = fetchRunning && missing >= fetchFrom && missing <= fetchedTo + reopenDistance;
            if (! fetchWillBringIt)
            {
                if (fetchError && fetchRunning == false && missing >= fetchFrom && missing <= fetchedTo + reopenDistance)
                    break; // the fetch that was to bring these bytes failed; say why below
                // Blocks fill from their start, so the fetch begins at the first byte the block
                // holding `missing` lacks (at most one block before it).
                const auto block = blocks.find (missing / blockSize);
                const auto from = (missing / blockSize) * blockSize + (block != blocks.end() ? block->second.filled : 0);
                lock.unlock();
                stopFetch();
                startFetch (std::min (from, missing));
                lock.lock();
                continue;
            }

            changed.wait_for (lock, std::chrono::milliseconds (100));
            const auto now = std::chrono::steady_clock::now();
            const auto nowAvailable = contiguousAt (position);
            if (nowAvailable != available)
            {
                available = nowAvailable;
                lastProgress = now;
            }
            else if (options.readTimeout.count() > 0 && now - lastProgress > options.readTimeout)
            {
                // Ask the daemon why nothing comes (no peers, banned ones, none with the piece...),
                // without holding the lock through the call.
                StreamStall stall;
                stall.trackId = trackId;
                stall.byteOffset = missing;
                stall.fileSize = fileSize;
                stall.waited = options.readTimeout;
                lock.unlock();
                try
                {
                    stall.status = client->getTrack (trackId).status;
                    if (! stall.status)
                        stall.statusError = "the daemon has no swarm status for the track yet";
                }
                catch (const Error& error)
                {
                    stall.statusError = error.what();
                }
                lock.lock();
                if (contiguousAt (position) != available || cancelled || interrupted)
                    continue; // bytes came after all, or the reader is wanted elsewhere
                lastFailure = Error (ErrorCode::unavailable, describeStall (stall));
                stalled = true;
                break;
            }
        }

        if (available < want && ! interrupted && ! (shortReads && available > 0))
        {
            if (cancelled)
                lastFailure = Error (ErrorCode::unavailable, "the stream of track " + trackId + " was cancelled");
            else if (! lastFailure && fetchError)
                lastFailure = fetchError;
        }

        const auto count = std::min (available, want);
        auto* out = static_cast<char*> (destBuffer);
        std::size_t copied = 0;
        while (copied < count)
        {
            auto& block = blocks.at ((position + copied) / blockSize);
            const auto within = static_cast<std::size_t> ((position + copied) % blockSize);
            const auto take = std::min (count - copied, block.filled - within);
            std::memcpy (out + copied, block.data.get() + within, take);
            block.lastUse = ++useCounter;
            copied += take;
        }
        position += count;
        changed.notify_all();
        return static_cast<int> (count);
    }

    void TrackInputStream::startFetch (std::uint64_t offset)
    {
        std::lock_guard lock (mutex);
        if (cancelled)
            return;
        ++fetchGeneration;
        ++fetchCount;
        fetchFrom = offset;
        fetchedTo = offset;
        fetchRunning = true;
        fetchError.reset();
        cancellation = std::make_shared<StreamCancellation>();
        fetcher = std::thread ([this, offset, token = cancellation, generation = fetchGeneration]
                               { fetch (offset, token, generation); });
    }

    void TrackInputStream::stopFetch()
    {
        std::shared_ptr<StreamCancellation> running;
        std::thread thread;
        {
            std::lock_guard lock (mutex);
            ++fetchGeneration; // any data still on its way is dropped
            fetchRunning = false;
            running = std::move (cancellation);
            thread = std::move (fetcher);
            changed.notify_all();
        }
        if (running)
            running->cancel();
        if (thread.joinable())
            thread.join();
    }

    void TrackInputStream::fetch (std::uint64_t offset, std::shared_ptr<StreamCancellation> token, int generation)
    {
        std::optional<Error> error;
        try
        {
            DaemonClient::StreamOptions streamOptions;
            streamOptions.offset = offset;
            streamOptions.windowSeconds = options.windowSeconds;
            streamOptions.cancellation = std::move (token);
            client->stream (trackId, streamOptions, [this, generation] (std::uint64_t at, std::string_view data, std::uint64_t)
                            { return accept (at, data, generation); });
        }
        catch (const Error& e)
        {
            error = e.code() == ErrorCode::unavailable ? Error (ErrorCode::unavailable, std::string ("daemon unavailable: ") + e.what()) : e;
        }
        catch (const std::exception& e)
        {
            error = Error (ErrorCode::internal, e.what());
        }

        std::lock_guard lock (mutex);
        if (generation == fetchGeneration)
        {
            fetchRunning = false;
            fetchError = error;
            changed.notify_all();
        }
    }

    bool TrackInputStream::accept (std::uint64_t offset, std::string_view data, int generation)
    {
        std::unique_lock lock (mutex);
        // Hold the fetch back while it is far enough ahead of the reader; the daemon's stream waits.
        changed.wait (lock, [&]
                      { return cancelled || generation != fetchGeneration || offset < position || offset - position <= options.readAheadBytes; });
        if (cancelled || generation != fetchGeneration)
            return false;

        std::uint64_t at = offset;
        std::size_t used = 0;
        while (used < data.size())
        {
            const auto index = at / blockSize;
            auto& block = blocks[index];
            if (! block.data)
            {
                block.data = std::make_unique<char[]> (blockLength (index));
                bytesCached += blockLength (index);
            }
            const auto within = static_cast<std::size_t> (at % blockSize);
            const auto room = static_cast<std::size_t> (blockLength (index)) - within;
            const auto take = std::min (room, data.size() - used);
            if (within <= block.filled) // contiguous with what the block holds (or overlapping it)
            {
                std::memcpy (block.data.get() + within, data.data() + used, take);
                block.filled = std::max (block.filled, within + take);
            }
            block.lastUse = ++useCounter;
            at += take;
            used += take;
        }
        fetchedTo = at;
        arrivals.add (data.size(), ArrivalRate::Clock::now());
        evictIfNeeded();
        changed.notify_all();
        return true;
    }

    std::uint64_t TrackInputStream::bytesReadyAhead() const
    {
        std::lock_guard lock (mutex);
        return contiguousAt (position);
    }

    std::optional<double> TrackInputStream::arrivalBytesPerSecond() const
    {
        std::lock_guard lock (mutex);
        return arrivals.bytesPerSecond (ArrivalRate::Clock::now());
    }

    void TrackInputStream::evictIfNeeded()
    {
        const auto keepFrom = position / blockSize;
        const auto keepTo = fetchedTo / blockSize;
        while (bytesCached > options.cacheBytes)
        {
            auto oldest = blocks.end();
            for (auto it = blocks.begin(); it != blocks.end(); ++it)
                if ((it->first < keepFrom || it->first > keepTo) && (oldest == blocks.end() || it->second.lastUse < oldest->second.lastUse))
                    oldest = it;
            if (oldest == blocks.end())
                return;
            bytesCached -= blockLength (oldest->first);
            blocks.erase (oldest);
        }
    }

    void TrackInputStream::setShortReads (bool allowed)
    {
        std::lock_guard lock (mutex);
        shortReads = allowed;
    }

    void TrackInputStream::interruptReads()
    {
        std::lock_guard lock (mutex);
        interrupted = true;
        changed.notify_all();
    }

    void TrackInputStream::resumeReads()
    {
        std::lock_guard lock (mutex);
        interrupted = false;
    }

    void TrackInputStream::cancel()
    {
        std::shared_ptr<StreamCancellation> running;
        {
            std::lock_guard lock (mutex);
            cancelled = true;
            running = cancellation;
            changed.notify_all();
        }
        if (running)
            running->cancel();
    }

    std::optional<Error> TrackInputStream::failure() const
    {
        std::lock_guard lock (mutex);
        return lastFailure;
    }

    int TrackInputStream::fetchesStarted() const
    {
        std::lock_guard lock (mutex);
        return fetchCount;
    }

    std::size_t TrackInputStream::cachedBytes() const
    {
        std::lock_guard lock (mutex);
        return bytesCached;
    }

    bool TrackInputStream::waitForOpening (std::uint64_t count, std::chrono::milliseconds timeout)
    {
        std::unique_lock lock (mutex);
        const auto wanted = static_cast<std::size_t> (std::min (count, fileSize));
        return changed.wait_for (lock, timeout, [&]
                                 { return cancelled || contiguousAt (0) >= wanted || (! fetchRunning && fetchError); })
               && contiguousAt (0) >= wanted;
    }
} // namespace earshot
