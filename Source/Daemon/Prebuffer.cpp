#include "Prebuffer.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace earshot
{
    namespace
    {
        /** How long one track's opening is waited for before the next is taken. */
        constexpr auto patience = std::chrono::seconds (60);
        constexpr std::size_t chunkBytes = 256 * 1024;

        /** A stream of the swarm, closed (its listener detached first) however the fetch ends. */
        struct OpenStream
        {
            SwarmSession& swarm;
            std::shared_ptr<StreamCursor> cursor;

            ~OpenStream()
            {
                cursor->detach();
                try
                {
                    swarm.closeStream (cursor);
                }
                catch (const std::exception& error)
                {
                    spdlog::warn ("closing the pre-buffer's stream of {} failed: {}", cursor->trackId(), error.what());
                }
            }
        };
    } // namespace

    Prebuffer::Prebuffer (TrackLibrary& lib)
        : library (lib)
    {
        thread = std::thread ([this]
                              { run(); });
    }

    Prebuffer::~Prebuffer()
    {
        {
            std::lock_guard lock (mutex);
            stopping = true;
        }
        woken.notify_all();
        thread.join();
    }

    void Prebuffer::add (const std::string& trackId)
    {
        {
            std::lock_guard lock (mutex);
            arrivals.push_back (trackId);
        }
        woken.notify_all();
    }

    void Prebuffer::run()
    {
        for (;;)
        {
            std::string trackId;
            {
                std::unique_lock lock (mutex);
                woken.wait (lock, [this]
                            { return stopping || ! arrivals.empty(); });
                if (stopping)
                    return;
                trackId = arrivals.front();
                arrivals.pop_front();
            }
            fetchOpening (trackId);
        }
    }

    void Prebuffer::fetchOpening (const std::string& trackId)
    {
        try
        {
            const auto track = library.getTrack (trackId);
            const auto bytesPerSecond = std::max<std::uint64_t> (1, bytesPerSecondOfAudio (track.record.manifest));
            const auto wanted = std::min<std::uint64_t> (track.record.manifest.fileSize, static_cast<std::uint64_t> (seconds * static_cast<double> (bytesPerSecond)));
            const OpenStream stream { library.swarm(), library.swarm().openStream (trackId, 0, seconds, true) };
            const auto& cursor = stream.cursor;

            // The swarm calls the listener (on its thread) whenever a piece may be waiting; the
            // flag keeps a call that comes between a take and the wait from being missed.
            cursor->setListener ([this]
                                 {
                {
                    std::lock_guard lock (mutex);
                    streamReady = true;
                }
                woken.notify_all(); });

            std::string chunk;
            std::uint64_t got = 0;
            const auto until = std::chrono::steady_clock::now() + patience;
            while (got < wanted)
            {
                {
                    std::lock_guard lock (mutex);
                    if (stopping)
                        break;
                    streamReady = false;
                }
                chunk.clear();
                if (library.swarm().readStream (cursor, chunk, chunkBytes))
                {
                    got += chunk.size();
                    continue;
                }
                std::unique_lock lock (mutex);
                if (! woken.wait_until (lock, until, [this]
                                        { return stopping || streamReady; }))
                    break; // out of patience
            }
            spdlog::info ("pre-buffered {} bytes of {}", got, track.record.manifest.fileName);
        }
        catch (const std::exception& error)
        {
            spdlog::warn ("pre-buffering {} failed: {}", trackId, error.what());
        }
    }
} // namespace earshot
