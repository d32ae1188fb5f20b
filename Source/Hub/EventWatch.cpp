#include "EventWatch.h"

#include "Core/Error.h"
#include "Core/NewsRules.h"
#include "Server/GrpcStatus.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

namespace earshot
{
    namespace
    {
        [[nodiscard]] std::int64_t nowMs()
        {
            return std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count();
        }

        using ArtistEvent = std::pair<PublicKey, v1::HubEvent>;
    } // namespace

    /** What the watch has to send and where it is, shared by the reactor, the worker reading the
        backlog and the threads filing posts. The lock is recursive: gRPC may run a reaction
        inline from StartWrite. */
    class EventWatch::Sink final : public NewsNotifier::Watcher
    {
    public:
        explicit Sink (EventWatch& owner)
            : reactor (&owner) {}

        void deliver (const PublicKey& artist, const v1::HubEvent& event) override
        {
            const std::scoped_lock lock (mutex);
            if (reactor == nullptr || finished)
                return;
            if (! backlogQueued)
                early.emplace_back (artist, event);
            else if (take (artist, event))
                pump();
            if (queue.size() + early.size() > maxQueued)
                end ({ grpc::StatusCode::RESOURCE_EXHAUSTED, "the watcher fell more than " + std::to_string (maxQueued) + " events behind; watch again from the last sequence of each artist" });
        }

        /** The backlog was read (events oldest first, and each artist's cursor after it): send
            it, then the live posts that came meanwhile and were not in it. */
        void backlogRead (std::vector<ArtistEvent> events, std::map<PublicKey, std::uint64_t> read)
        {
            const std::scoped_lock lock (mutex);
            if (reactor == nullptr || finished)
                return;
            for (auto& [artist, event] : events)
                queue.push_back (std::move (event));
            cursors = std::move (read);
            for (const auto& [artist, event] : early)
                (void) take (artist, event);
            early.clear();
            backlogQueued = true;
            pump();
        }

        void written (bool ok)
        {
            const std::scoped_lock lock (mutex);
            writing = false;
            if (reactor == nullptr)
                return;
            if (pendingFinish)
            {
                reactor->Finish (*pendingFinish);
                pendingFinish.reset();
                return;
            }
            if (! ok)
                end ({ grpc::StatusCode::CANCELLED, "the watcher hung up" });
            else
                pump();
        }

        /** Ends the call with status once no write is in flight; later calls do nothing. */
        void end (const grpc::Status& status)
        {
            const std::scoped_lock lock (mutex);
            if (reactor == nullptr || finished)
                return;
            finished = true;
            queue.clear();
            early.clear();
            if (writing)
                pendingFinish = status;
            else
                reactor->Finish (status);
        }

        void done()
        {
            const std::scoped_lock lock (mutex);
            reactor = nullptr;
        }

        [[nodiscard]] bool isDone()
        {
            const std::scoped_lock lock (mutex);
            return reactor == nullptr || finished;
        }

    private:
        /** Queues a live event unless the artist's cursor has it already. */
        bool take (const PublicKey& artist, const v1::HubEvent& event)
        {
            auto& cursor = cursors[artist];
            if (event.sequence() <= cursor)
                return false;
            cursor = event.sequence();
            queue.push_back (event);
            return true;
        }

        void pump()
        {
            if (writing || finished || queue.empty() || reactor == nullptr)
                return;
            current = std::move (queue.front());
            queue.pop_front();
            writing = true;
            reactor->StartWrite (&current);
        }

        std::recursive_mutex mutex;
        EventWatch* reactor;
        std::deque<v1::HubEvent> queue;
        std::vector<ArtistEvent> early;
        std::map<PublicKey, std::uint64_t> cursors;
        v1::HubEvent current;
        std::optional<grpc::Status> pendingFinish;
        bool backlogQueued = false;
        bool writing = false;
        bool finished = false;
    };

    EventWatch::EventWatch (const v1::WatchEventsRequest& request, HubStore& store, NewsNotifier& newsNotifier, CallRunner& calls)
        : sink (std::make_shared<Sink> (*this)), notifier (newsNotifier)
    {
        if (static_cast<std::size_t> (request.artists_size()) > newsRules::maxFollows)
        {
            sink->end ({ grpc::StatusCode::INVALID_ARGUMENT, "a watch asks for " + std::to_string (request.artists_size()) + " artists, more than " + std::to_string (newsRules::maxFollows) });
            return;
        }
        std::vector<std::pair<PublicKey, std::uint64_t>> asked;
        for (const auto& each : request.artists())
        {
            const auto artist = publicKeyFrom (each.artist_key());
            if (! artist)
            {
                sink->end ({ grpc::StatusCode::INVALID_ARGUMENT, "a watched artist's key is " + std::to_string (each.artist_key().size()) + " bytes, not 32" });
                return;
            }
            asked.emplace_back (*artist, each.after());
            artists.push_back (*artist);
        }

        // Subscribed before the backlog is read, so no post filed meanwhile is missed.
        notifier.subscribe (sink, artists);
        const auto started = calls.run ([owned = sink, &store, asked = std::move (asked)]
                                        {
                                            if (owned->isDone())
                                                return;
                                            std::vector<ArtistEvent> events;
                                            std::map<PublicKey, std::uint64_t> cursors;
                                            const auto status = guarded ([&]
                                                                         {
                                                                             const auto now = nowMs();
                                                                             for (const auto& [artist, after] : asked)
                                                                             {
                                                                                 auto backlog = store.news (artist, after, now);
                                                                                 cursors[artist] = std::max (after, backlog.lastSequence);
                                                                                 for (const auto& post : backlog.posts)
                                                                                 {
                                                                                     v1::HubEvent event;
                                                                                     event.set_sequence (post.sequence);
                                                                                     if (! event.mutable_post()->ParseFromString (post.signedMessage))
                                                                                         throw Error (ErrorCode::internal, "the post " + post.postId + " filed here does not parse");
                                                                                     events.emplace_back (artist, std::move (event));
                                                                                 }
                                                                             } });
                                            if (! status.ok())
                                            {
                                                owned->end (status);
                                                return;
                                            }
                                            std::stable_sort (events.begin(), events.end(), [] (const ArtistEvent& a, const ArtistEvent& b)
                                                              { return a.second.sequence() < b.second.sequence(); });
                                            owned->backlogRead (std::move (events), std::move (cursors)); });
        if (! started)
            sink->end (CallRunner::stoppingStatus());
    }

    void EventWatch::OnWriteDone (bool ok)
    {
        sink->written (ok);
    }

    void EventWatch::OnCancel()
    {
        sink->end ({ grpc::StatusCode::CANCELLED, "the watcher hung up" });
    }

    void EventWatch::OnDone()
    {
        sink->done();
        notifier.unsubscribe (*sink, artists);
        delete this;
    }
} // namespace earshot
