#include "Core/QuoteInput.h"
#include "Core/StreamStall.h"
#include "DaemonClientImpl.h"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace earshot
{
    namespace
    {
        /** Cancels a Stream call that has waited stallTimeout for its next byte (time its caller
            spends with a byte does not count). Zero: never. */
        class StallWatch final
        {
        public:
            StallWatch (grpc::ClientContext& contextToCancel, std::chrono::milliseconds timeout)
                : context (contextToCancel), stallTimeout (timeout)
            {
                if (stallTimeout.count() > 0)
                    watcher = std::thread ([this]
                                           { watch(); });
            }

            ~StallWatch() { (void) finish(); }

            /** The caller has a byte: the clock stops until restart(). */
            void pause()
            {
                std::lock_guard lock (mutex);
                waiting = false;
            }

            /** The call waits for the next byte from now. */
            void restart()
            {
                {
                    std::lock_guard lock (mutex);
                    waiting = true;
                    waitingSince = std::chrono::steady_clock::now();
                }
                wake.notify_one();
            }

            /** Stops watching; true when the call was cancelled for a stall. */
            bool finish()
            {
                {
                    std::lock_guard lock (mutex);
                    finished = true;
                }
                wake.notify_one();
                if (watcher.joinable())
                    watcher.join();
                std::lock_guard lock (mutex);
                return stalled;
            }

        private:
            void watch()
            {
                std::unique_lock lock (mutex);
                while (! finished)
                {
                    if (! waiting)
                    {
                        wake.wait (lock);
                        continue;
                    }
                    const auto due = waitingSince + stallTimeout;
                    if (std::chrono::steady_clock::now() >= due)
                    {
                        stalled = true;
                        context.TryCancel();
                        return;
                    }
                    wake.wait_until (lock, due);
                }
            }

            grpc::ClientContext& context;
            const std::chrono::milliseconds stallTimeout;
            std::mutex mutex;
            std::condition_variable wake;
            bool waiting = true;
            std::chrono::steady_clock::time_point waitingSince = std::chrono::steady_clock::now();
            bool finished = false;
            bool stalled = false;
            std::thread watcher;
        };
    } // namespace

    bool DaemonClient::stream (const std::string& idOrPrefix, const StreamOptions& options, const std::function<bool (std::uint64_t, std::string_view, std::uint64_t)>& onData)
    {
        v1::StreamRequest request;
        request.set_track_id (idOrPrefix);
        request.set_offset (options.offset);
        request.set_window_seconds (options.windowSeconds);
        request.set_skip_header_and_tail (options.skipHeaderAndTail);
        impl->connect ([&options]
                       { return options.cancellation && options.cancellation->cancelled(); });
        grpc::ClientContext context;
        impl->prepare (context);
        if (options.timeout.count() > 0)
            context.set_deadline (std::chrono::system_clock::now() + options.timeout);
        if (options.cancellation)
        {
            std::lock_guard lock (options.cancellation->mutex);
            if (options.cancellation->isCancelled)
                return false;
            options.cancellation->cancelCall = [&context]
            { context.TryCancel(); };
        }
        // The cancellation must not call into this context once the call has returned.
        struct Unregister
        {
            StreamCancellation* cancellation;
            ~Unregister()
            {
                if (cancellation != nullptr)
                {
                    std::lock_guard lock (cancellation->mutex);
                    cancellation->cancelCall = nullptr;
                }
            }
        } unregister { options.cancellation.get() };

        auto reader = impl->stub->Stream (&context, request);
        v1::StreamResponse response;
        bool stopped = false;
        std::uint64_t nextOffset = options.offset;
        std::uint64_t fileSize = 0;
        StallWatch watch (context, options.stallTimeout);
        while (reader->Read (&response))
        {
            if (response.data().empty())
                continue; // no new byte: the stall clock runs on
            nextOffset = response.offset() + response.data().size();
            fileSize = response.file_size();
            watch.pause();
            if (! onData (response.offset(), response.data(), response.file_size()))
            {
                stopped = true;
                context.TryCancel();
                break;
            }
            watch.restart();
        }
        const bool stalled = watch.finish();
        const auto status = reader->Finish();
        if ((stopped || (options.cancellation && options.cancellation->cancelled())) && status.error_code() == grpc::StatusCode::CANCELLED)
            return false;
        if (stalled && status.error_code() == grpc::StatusCode::CANCELLED)
        {
            StreamStall stall;
            stall.trackId = idOrPrefix;
            stall.byteOffset = nextOffset;
            stall.fileSize = fileSize;
            stall.waited = options.stallTimeout;
            try
            {
                const auto track = getTrack (idOrPrefix);
                stall.trackId = track.id;
                stall.fileSize = track.manifest.fileSize;
                stall.status = track.status;
                if (! stall.status)
                    stall.statusError = "the daemon has no swarm status for the track yet";
            }
            catch (const Error& error)
            {
                stall.statusError = error.what();
            }
            throw Error (ErrorCode::failedPrecondition, describeStall (stall));
        }
        if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
            throw Error (ErrorCode::unavailable, "track " + quoteInput (idOrPrefix) + " did not arrive within " + std::to_string (options.timeout.count()) + " ms: no peer is sending it fast enough");
        impl->check (status);
        return ! stopped;
    }

    void StreamCancellation::cancel()
    {
        std::lock_guard lock (mutex);
        isCancelled = true;
        if (cancelCall)
            cancelCall();
    }

    bool StreamCancellation::cancelled() const
    {
        std::lock_guard lock (mutex);
        return isCancelled;
    }
} // namespace earshot
