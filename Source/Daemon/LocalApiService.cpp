#include "LocalApiService.h"

#include "ProtoConvert.h"
#include "Server/BearerToken.h"
#include "Server/GrpcStatus.h"
#include "WireValues.h"

#include "Core/Error.h"
#include "Core/Paging.h"
#include "Core/Version.h"
#include "Store/StoreError.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>

namespace earshot
{
    namespace
    {
        using Lane = CallRunner::Lane;

        constexpr std::size_t streamChunkBytes = 64 * 1024;
        const grpc::Status unauthenticated = missingTokenStatus();

        void toProto (const TrackView& track, v1::Track& out)
        {
            const auto& manifest = track.record.manifest;
            out.set_id (trackIdOf (manifest));
            toProto (manifest, *out.mutable_manifest());
            if (track.status)
                toProto (*track.status, *out.mutable_status());
            out.set_published (track.record.published);
            out.set_path (track.path);
            if (! manifest.infoDict.empty())
                out.set_magnet_uri (magnetUriFor (manifest, track.record.trackers));
            for (const auto& tracker : track.record.trackers)
                out.add_trackers (tracker);
        }

        /** As toProto (const TrackView&), moving the track's strings (its info dictionary, tags,
            path and trackers) into out: a page of ListTracks is built from tracks it owns. */
        void toProto (TrackView&& track, v1::Track& out)
        {
            auto& manifest = track.record.manifest;
            out.set_id (trackIdOf (manifest));
            if (! manifest.infoDict.empty())
                out.set_magnet_uri (magnetUriFor (manifest, track.record.trackers));
            if (track.status)
                toProto (*track.status, *out.mutable_status());
            out.set_published (track.record.published);
            out.set_path (std::move (track.path));
            out.mutable_trackers()->Reserve (static_cast<int> (track.record.trackers.size()));
            for (auto& tracker : track.record.trackers)
                out.add_trackers (std::move (tracker));
            toProto (std::move (manifest), *out.mutable_manifest());
        }

        double windowSecondsOf (std::uint32_t requested)
        {
            return requested == 0 ? 8.0 : static_cast<double> (std::min<std::uint32_t> (requested, 600));
        }

        //==============================================================================
        /** A server stream fed from another thread: at most one write in flight, and Finish called
            once, after the last write, whether the stream ends, fails or is cancelled. Subclasses
            say what to send next in pumpLocked(), which runs with the mutex held. */
        template <typename Message>
        class PushWriter : public grpc::ServerWriteReactor<Message>
        {
        public:
            void OnWriteDone (bool ok) override
            {
                std::lock_guard lock (mutex);
                writing = false;
                if (! ok || cancelled)
                    finishLocked (grpc::Status::CANCELLED);
                else
                    pumpLocked();
            }

            void OnCancel() override
            {
                std::lock_guard lock (mutex);
                cancelled = true;
                if (! writing)
                    finishLocked (grpc::Status::CANCELLED);
            }

        protected:
            /** Starts the next write, finishes the stream, or waits for pump() to be called again. */
            virtual void pumpLocked() = 0;

            void pump()
            {
                std::lock_guard lock (mutex);
                pumpLocked();
            }

            [[nodiscard]] bool canWrite() const noexcept { return ! finished && ! writing && ! cancelled; }

            void writeLocked()
            {
                writing = true;
                this->StartWrite (&message);
            }

            void finishLocked (const grpc::Status& status)
            {
                if (finished)
                    return;
                finished = true;
                this->Finish (status);
            }

            std::mutex mutex;
            Message message;

        private:
            bool writing = false;
            bool finished = false;
            bool cancelled = false;
        };

        //==============================================================================
        /** Sends a track's bytes as the swarm thread delivers verified pieces. */
        class StreamReactor final : public PushWriter<v1::StreamResponse>
        {
        public:
            StreamReactor (TrackLibrary& lib, const v1::StreamRequest& request)
                : library (lib)
            {
                // The swarm thread opens the stream and hands the cursor over; until then this
                // reactor outlives OnDone (see opened).
                library.openStream (request.track_id(), request.offset(), windowSecondsOf (request.window_seconds()), ! request.skip_header_and_tail(), [this] (const std::function<std::shared_ptr<StreamCursor>()>& answer)
                                    { opened (answer); });
            }

            void OnDone() override
            {
                {
                    std::lock_guard lock (lifetime);
                    done = true;
                    if (opening)
                        return; // opened() lets go once the swarm has answered
                }
                letGo();
            }

        private:
            /** The swarm's answer to opening the stream; on the swarm thread, or at once on the
                gRPC thread for an error found before asking it. */
            void opened (const std::function<std::shared_ptr<StreamCursor>()>& answer)
            {
                std::shared_ptr<StreamCursor> openedCursor;
                const auto status = guarded ([&]
                                             { openedCursor = answer(); });
                if (status.ok())
                {
                    {
                        std::lock_guard lock (mutex);
                        cursor = openedCursor;
                        fileSize = cursor->geometry().fileSize;
                    }
                    // Outside our mutex: the swarm thread holds the cursor's listener lock when it pumps.
                    cursor->setListener ([this]
                                         { pump(); });
                    pump();
                }
                else
                {
                    std::lock_guard lock (mutex);
                    finishLocked (status);
                }

                bool gone = false;
                {
                    std::lock_guard lock (lifetime);
                    opening = false;
                    gone = done;
                }
                if (gone)
                    letGo();
            }

            void letGo()
            {
                if (cursor)
                {
                    cursor->detach();
                    library.swarm().closeStream (cursor);
                }
                delete this;
            }

            void pumpLocked() override
            {
                if (! canWrite())
                    return;

                if (cursor->atEnd())
                {
                    finishLocked (grpc::Status::OK);
                    return;
                }

                const auto offset = cursor->position();
                bool took = false;
                const auto status = guarded ([&]
                                             { took = library.swarm().readStream (cursor, chunk, streamChunkBytes); });
                if (! status.ok())
                {
                    finishLocked (status);
                    return;
                }
                if (! took)
                    return; // the cursor's listener pumps again when a piece arrives

                message.set_offset (offset);
                message.set_data (std::move (chunk)); // take() refills it next time
                message.set_file_size (fileSize);
                writeLocked();
            }

            TrackLibrary& library;
            std::shared_ptr<StreamCursor> cursor;
            std::uint64_t fileSize = 0;
            std::string chunk;
            /** Guards opening and done: which of opened() and OnDone() comes last deletes this. */
            std::mutex lifetime;
            bool opening = true;
            bool done = false;
        };

        //==============================================================================
        /** Reports a track's status as the swarm refreshes it, no more often than asked. */
        class WatchReactor final : public PushWriter<v1::WatchTrackResponse>
        {
        public:
            WatchReactor (TrackLibrary& lib, const v1::WatchTrackRequest& request)
                : library (lib)
                , interval (std::chrono::milliseconds (request.interval_ms() == 0 ? 500 : request.interval_ms()))
            {
                std::string id;
                const auto status = guarded ([&]
                                             { id = trackIdOf (library.getTrack (request.track_id()).record.manifest); });
                if (! status.ok())
                {
                    std::lock_guard lock (mutex);
                    finishLocked (status);
                    return;
                }

                // Not under our mutex: the swarm thread calls the listener holding its own lock.
                const auto first = library.swarm().status (id);
                const int watching = library.swarm().watchStatus (id, [this] (const TrackStatus& update)
                                                                  {
                    std::lock_guard inner (mutex);
                    latest = update;
                    pumpLocked(); });

                std::lock_guard lock (mutex);
                token = watching;
                if (! latest)
                    latest = first;
                pumpLocked();
            }

            void OnDone() override
            {
                if (token != 0)
                    library.swarm().unwatchStatus (token);
                delete this;
            }

        private:
            void pumpLocked() override
            {
                if (! canWrite() || ! latest)
                    return;
                const auto now = std::chrono::steady_clock::now();
                if (now - lastSent < interval)
                    return; // the next refresh brings a newer status anyway
                lastSent = now;
                message.Clear();
                toProto (*latest, *message.mutable_status());
                latest.reset();
                writeLocked();
            }

            TrackLibrary& library;
            const std::chrono::milliseconds interval;
            int token = 0;
            std::optional<TrackStatus> latest;
            std::chrono::steady_clock::time_point lastSent {};
        };

        /** Sends the inbox's first page at once and again whenever the inbox changes. */
        class InboxReactor final : public PushWriter<v1::WatchInboxResponse>
        {
        public:
            explicit InboxReactor (Passes& passesToWatch)
                : passes (passesToWatch)
            {
                const int watching = passes.watchInbox ([this]
                                                        {
                    std::lock_guard inner (mutex);
                    dirty = true;
                    pumpLocked(); });
                std::lock_guard lock (mutex);
                token = watching;
                pumpLocked();
            }

            void OnDone() override
            {
                passes.unwatchInbox (token);
                delete this;
            }

        private:
            void pumpLocked() override
            {
                if (! canWrite() || ! dirty)
                    return;
                dirty = false;
                message.Clear();
                const auto status = guarded ([&]
                                             { passes.firstInboxPage (message); });
                if (! status.ok())
                {
                    finishLocked (status);
                    return;
                }
                writeLocked();
            }

            Passes& passes;
            int token = 0;
            bool dirty = true;
        };

        template <typename Message>
        class RefusedWriter final : public grpc::ServerWriteReactor<Message>
        {
        public:
            explicit RefusedWriter (const grpc::Status& status) { this->Finish (status); }
            void OnDone() override { delete this; }
        };
    } // namespace

    //==============================================================================
    LocalApiService::LocalApiService (TrackLibrary& lib, Friendships& friendsOfThisDaemon, Passes& passesOfThisDaemon, const Presence& presenceOfFriends, HubReports& hubReports, ArtistNews& artistNews, std::string accessToken, CallRunner& callRunner)
        : library (lib)
        , friendships (friendsOfThisDaemon)
        , passes (passesOfThisDaemon)
        , presence (presenceOfFriends)
        , hub (hubReports)
        , news (artistNews)
        , token (std::move (accessToken))
        , calls (callRunner)
    {
    }

    bool LocalApiService::authorised (const grpc::CallbackServerContext* context) const
    {
        return carriesToken (*context, token);
    }

    template <typename Request, typename Response, typename Fn>
    grpc::ServerUnaryReactor* LocalApiService::unaryAsync (grpc::CallbackServerContext* context, const Request* request, Response* response, CallRunner::Lane lane, Fn body)
    {
        if (! authorised (context))
        {
            auto* reactor = context->DefaultReactor();
            reactor->Finish (unauthenticated);
            return reactor;
        }
        return calls.start (context, request, response, lane, [body = std::move (body)] (const Request& in, Response& out, const CallRunner::Completion& done)
                            {
            const auto status = guarded ([&]
                                         { body (&in, &out, done); });
            if (! status.ok())
                done (status); });
    }

    template <typename Request, typename Response, typename Fn>
    grpc::ServerUnaryReactor* LocalApiService::unary (grpc::CallbackServerContext* context, const Request* request, Response* response, CallRunner::Lane lane, Fn body)
    {
        return unaryAsync (context, request, response, lane, [body = std::move (body)] (const Request* in, Response* out, const CallRunner::Completion& done)
                           { done (guarded ([&]
                                            { body (in, out); })); });
    }

    grpc::ServerUnaryReactor* LocalApiService::Publish (grpc::CallbackServerContext* context, const v1::PublishRequest* grpcRequest, v1::PublishResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::slow, [this] (const auto* request, auto* response)
                      {
            const std::vector<std::string> paths (request->paths().begin(), request->paths().end());
            const std::vector<std::string> trackers (request->trackers().begin(), request->trackers().end());
            const auto published = library.publish (paths, trackers);
            if (! published.empty())
            {
                std::vector<TrackManifest> manifests;
                for (const auto& track : published)
                    manifests.push_back (track.record.manifest);
                // The release reaches followers however it goes; a publish never fails over it.
                try
                {
                    (void) news.postRelease ({}, manifests);
                }
                catch (const std::exception& error)
                {
                    spdlog::warn ("published, but the release post could not be made: {}", error.what());
                }
            }
            // The releases go to the hub after the post: when the hub refuses them (tracks another
            // key released, which refuses the post as well), their refusal is what GetHub shows.
            hub.published (published);
            for (const auto& track : published)
                toProto (track, *response->add_tracks()); });
    }

    grpc::ServerUnaryReactor* LocalApiService::AddTrack (grpc::CallbackServerContext* context, const v1::AddTrackRequest* grpcRequest, v1::AddTrackResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, grpcRequest->source_case() == v1::AddTrackRequest::kMagnetUri ? Lane::quick : Lane::slow, [this] (const auto* request, auto* response)
                      {
            TrackSource source;
            switch (request->source_case())
            {
                case v1::AddTrackRequest::kManifest:
                    source.manifest = fromProto (request->manifest());
                    break;
                case v1::AddTrackRequest::kTorrentFile:
                    source.torrentFile = request->torrent_file();
                    break;
                case v1::AddTrackRequest::kMagnetUri:
                    source.magnetUri = request->magnet_uri();
                    break;
                default:
                    throw Error (ErrorCode::invalidArgument, "AddTrack needs a manifest, a .torrent file or a magnet link");
            }
            const std::vector<std::string> peers (request->peers().begin(), request->peers().end());
            auto [tracks, created] = library.addTrack (source, peers);
            toProto (tracks.front(), *response->mutable_track());
            // A magnet link's placeholder is not one of the torrent's tracks: those come with its metadata.
            if (! source.magnetUri || ! tracks.front().record.manifest.infoDict.empty())
                for (const auto& track : tracks)
                    toProto (track, *response->add_tracks());
            response->set_created (created); });
    }

    grpc::ServerUnaryReactor* LocalApiService::ListTracks (grpc::CallbackServerContext* context, const v1::ListTracksRequest* grpcRequest, v1::ListTracksResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response)
                      {
            constexpr auto list = "tracks";
            auto page = library.listPage (paging::keyOf (list, request->page_token(), TrackStore::pageKeyShape), paging::pageSizeOf (request->page_size()));
            // A track carries its torrent's dictionary and piece maps: the page stops at a byte budget.
            std::size_t bytes = 0;
            std::size_t given = 0;
            response->mutable_tracks()->Reserve (static_cast<int> (page.entries.size()));
            for (; given < page.entries.size() && (given == 0 || bytes < paging::maxPageBytes); ++given)
            {
                auto& track = *response->add_tracks();
                toProto (std::move (page.entries[given]), track);
                bytes += track.ByteSizeLong();
            }
            if (given > 0 && (page.more || given < page.entries.size()))
            {
                // The last track's strings moved into the page: its key (TrackStore::pageKeyOf)
                // is read back from there.
                const auto& last = response->tracks (static_cast<int> (given - 1));
                const auto& tags = last.manifest().metadata();
                const PageKey key { tags.album(), static_cast<std::int64_t> (tags.track_number()), tags.title(), last.id() };
                response->set_next_page_token (paging::tokenOf (list, key));
            }
            response->set_total (static_cast<std::uint32_t> (library.trackCount())); });
    }

    grpc::ServerUnaryReactor* LocalApiService::GetTrack (grpc::CallbackServerContext* context, const v1::GetTrackRequest* grpcRequest, v1::GetTrackResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response)
                      {
            const auto track = library.getTrack (request->track_id());
            toProto (track, *response->mutable_track());
            if (! track.record.manifest.infoDict.empty())
                response->set_torrent_file (torrentFileFor (track.record.manifest, track.record.trackers)); });
    }

    grpc::ServerWriteReactor<v1::WatchTrackResponse>* LocalApiService::WatchTrack (grpc::CallbackServerContext* context, const v1::WatchTrackRequest* request)
    {
        if (! authorised (context))
            return new RefusedWriter<v1::WatchTrackResponse> (unauthenticated);
        return new WatchReactor (library, *request);
    }

    grpc::ServerWriteReactor<v1::StreamResponse>* LocalApiService::Stream (grpc::CallbackServerContext* context, const v1::StreamRequest* request)
    {
        if (! authorised (context))
            return new RefusedWriter<v1::StreamResponse> (unauthenticated);
        return new StreamReactor (library, *request);
    }

    grpc::ServerUnaryReactor* LocalApiService::RemoveTrack (grpc::CallbackServerContext* context, const v1::RemoveTrackRequest* grpcRequest, v1::RemoveTrackResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, grpcRequest->delete_files() ? Lane::slow : Lane::quick, [this] (const auto* request, auto*)
                      { library.removeTrack (request->track_id(), request->delete_files()); });
    }

    grpc::ServerUnaryReactor* LocalApiService::FetchNow (grpc::CallbackServerContext* context, const v1::FetchNowRequest* grpcRequest, v1::FetchNowResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response)
                      { toProto (library.fetchNow (request->track_id(), ! request->normal_pace()), *response->mutable_track()); });
    }

    grpc::ServerUnaryReactor* LocalApiService::ConnectPeer (grpc::CallbackServerContext* context, const v1::ConnectPeerRequest* grpcRequest, v1::ConnectPeerResponse* grpcResponse)
    {
        // Resolved on a call worker; the swarm thread's answer finishes the call.
        return unaryAsync (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response, const CallRunner::Completion& done)
                           { library.connectPeer (request->endpoint(), request->track_id(), [response, done] (const std::function<int()>& answer)
                                                  { done (guarded ([&]
                                                                   { response->set_tracks (static_cast<std::uint32_t> (answer())); })); }); });
    }

    grpc::ServerUnaryReactor* LocalApiService::GetDaemonInfo (grpc::CallbackServerContext* context, const v1::GetDaemonInfoRequest* grpcRequest, v1::GetDaemonInfoResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto*, auto* response)
                      {
            response->set_version (projectVersion);
            response->set_bittorrent_port (static_cast<std::uint32_t> (library.swarm().listenPort()));
            response->set_data_dir (library.dataDirectory().string());
            response->set_tracks (static_cast<std::uint32_t> (library.trackCount())); });
    }

    namespace
    {
        void toProto (const TransferSettings& from, v1::DaemonSettings& to)
        {
            to.set_upload_limit_bytes_per_second (from.uploadBytesPerSecond);
            to.set_download_limit_bytes_per_second (from.downloadBytesPerSecond);
            to.set_listen_port (from.listenPort);
        }
    } // namespace

    grpc::ServerUnaryReactor* LocalApiService::GetSettings (grpc::CallbackServerContext* context, const v1::GetSettingsRequest* grpcRequest, v1::GetSettingsResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto*, auto* response)
                      {
            toProto (library.transferSettings(), *response->mutable_settings());
            response->set_bound_port (static_cast<std::uint32_t> (library.swarm().listenPort())); });
    }

    grpc::ServerUnaryReactor* LocalApiService::SetSettings (grpc::CallbackServerContext* context, const v1::SetSettingsRequest* grpcRequest, v1::SetSettingsResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response)
                      {
            const auto& in = request->settings();
            TransferSettings settings;
            settings.uploadBytesPerSecond = in.upload_limit_bytes_per_second();
            settings.downloadBytesPerSecond = in.download_limit_bytes_per_second();
            settings.listenPort = in.listen_port();
            toProto (library.setTransferSettings (settings), *response->mutable_settings()); });
    }

    namespace
    {
        void toProto (const FriendStore::Friend& from, v1::Friend& to)
        {
            to.set_name (from.name);
            to.set_public_key (keyBytes (from.publicKey));
            to.set_host (from.host);
            to.set_port (from.port);
            to.set_added_at_ms (from.addedAtMs);
        }
    } // namespace

    grpc::ServerUnaryReactor* LocalApiService::GetFriendCode (grpc::CallbackServerContext* context, const v1::GetFriendCodeRequest* grpcRequest, v1::GetFriendCodeResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto*, auto* response)
                      {
            response->set_code (friendships.friendCode());
            response->set_public_key (keyBytes (friendships.publicKey())); });
    }

    grpc::ServerUnaryReactor* LocalApiService::AddFriend (grpc::CallbackServerContext* context, const v1::AddFriendRequest* grpcRequest, v1::AddFriendResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response)
                      {
            const auto [added, created] = friendships.addFriend (request->code(), request->name(), nowMs());
            toProto (added, *response->mutable_added());
            response->set_created (created); });
    }

    grpc::ServerUnaryReactor* LocalApiService::ListFriends (grpc::CallbackServerContext* context, const v1::ListFriendsRequest* grpcRequest, v1::ListFriendsResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response)
                      {
            constexpr auto list = "friends";
            const auto page = friendships.friendsPage (paging::keyOf (list, request->page_token(), FriendStore::pageKeyShape), paging::pageSizeOf (request->page_size()));
            if (page.more && ! page.entries.empty())
                response->set_next_page_token (paging::tokenOf (list, FriendStore::pageKeyOf (page.entries.back())));
            response->set_total (static_cast<std::uint32_t> (friendships.friendCount()));
            for (const auto& each : page.entries)
            {
                auto& out = *response->add_friends();
                toProto (each, out);
                out.set_uploaded_bytes (friendships.uploadedBy (each.publicKey));
                const auto status = presence.statusOf (each.publicKey);
                out.set_online (status.online);
                out.set_last_seen_ms (status.lastSeenMs);
            } });
    }

    grpc::ServerUnaryReactor* LocalApiService::RemoveFriend (grpc::CallbackServerContext* context, const v1::RemoveFriendRequest* grpcRequest, v1::RemoveFriendResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto*)
                      { friendships.removeFriend (request->name()); });
    }

    grpc::ServerUnaryReactor* LocalApiService::SendPass (grpc::CallbackServerContext* context, const v1::SendPassRequest* grpcRequest, v1::SendPassResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response)
                      { response->set_pass_id (passes.send (request->track_id(), request->to(), request->note())); });
    }

    grpc::ServerUnaryReactor* LocalApiService::ListInbox (grpc::CallbackServerContext* context, const v1::ListInboxRequest* grpcRequest, v1::ListInboxResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response)
                      { passes.listInbox (*request, *response); });
    }

    grpc::ServerUnaryReactor* LocalApiService::DeleteInboxEntries (grpc::CallbackServerContext* context, const v1::DeleteInboxEntriesRequest* grpcRequest, v1::DeleteInboxEntriesResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response)
                      { response->set_deleted (passes.deleteInboxEntries ({ request->pass_ids().begin(), request->pass_ids().end() })); });
    }

    grpc::ServerUnaryReactor* LocalApiService::ClearInbox (grpc::CallbackServerContext* context, const v1::ClearInboxRequest* grpcRequest, v1::ClearInboxResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response)
                      { response->set_deleted (passes.clearInbox (request->from(), request->all())); });
    }

    grpc::ServerUnaryReactor* LocalApiService::ListOutbox (grpc::CallbackServerContext* context, const v1::ListOutboxRequest* grpcRequest, v1::ListOutboxResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response)
                      { passes.listOutbox (*request, *response); });
    }

    grpc::ServerUnaryReactor* LocalApiService::MarkRead (grpc::CallbackServerContext* context, const v1::MarkReadRequest* grpcRequest, v1::MarkReadResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto*)
                      { passes.markRead (request->pass_id()); });
    }

    grpc::ServerUnaryReactor* LocalApiService::ReportListening (grpc::CallbackServerContext* context, const v1::ReportListeningRequest* grpcRequest, v1::ReportListeningResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response)
                      {
            const auto listenedMs = static_cast<std::int64_t> (request->listened_ms());
            (void) library.markPlayed (request->track_id()); // a preview heard joins the library
            for (const auto& id : passes.reportListening (request->track_id(), listenedMs))
                response->add_receipts_for (id);
            hub.listened (request->track_id(), listenedMs); });
    }

    grpc::ServerUnaryReactor* LocalApiService::GetPoints (grpc::CallbackServerContext* context, const v1::GetPointsRequest* grpcRequest, v1::GetPointsResponse* grpcResponse)
    {
        return unary (context, grpcRequest, grpcResponse, Lane::quick, [this] (const auto* request, auto* response)
                      { passes.points (*request, *response); });
    }

    grpc::ServerWriteReactor<v1::WatchInboxResponse>* LocalApiService::WatchInbox (grpc::CallbackServerContext* context, const v1::WatchInboxRequest*)
    {
        if (! authorised (context))
            return new RefusedWriter<v1::WatchInboxResponse> (unauthenticated);
        return new InboxReactor (passes);
    }
} // namespace earshot
