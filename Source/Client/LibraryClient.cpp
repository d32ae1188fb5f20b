#include "LibraryClient.h"

#include "Core/Hex.h"
#include "Core/StreamStall.h"
#include "ProtoConvert.h"
#include "earshot/v1/library.grpc.pb.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <grpcpp/grpcpp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace earshot
{
    namespace
    {
        ErrorCode codeOf (grpc::StatusCode code)
        {
            switch (code)
            {
                case grpc::StatusCode::INVALID_ARGUMENT:
                    return ErrorCode::invalidArgument;
                case grpc::StatusCode::NOT_FOUND:
                    return ErrorCode::notFound;
                case grpc::StatusCode::ALREADY_EXISTS:
                    return ErrorCode::alreadyExists;
                case grpc::StatusCode::OUT_OF_RANGE:
                    return ErrorCode::outOfRange;
                case grpc::StatusCode::FAILED_PRECONDITION:
                    return ErrorCode::failedPrecondition;
                case grpc::StatusCode::PERMISSION_DENIED:
                case grpc::StatusCode::UNAUTHENTICATED:
                    return ErrorCode::permissionDenied;
                case grpc::StatusCode::UNAVAILABLE:
                case grpc::StatusCode::DEADLINE_EXCEEDED:
                    return ErrorCode::unavailable;
                default:
                    return ErrorCode::internal;
            }
        }

        /** Asks the kernel, not gRPC, whether anything listens on the unix socket at path: 0 when
            something does (it took the connection, or its queue is full: a busy daemon), else the
            errno of connecting, which comes at once: ENOENT for no socket file, ECONNREFUSED for a
            file nobody accepts on (what a killed daemon leaves). */
        int listenerErrorAt (const std::string& path)
        {
            const int fd = ::socket (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0)
                return errno;
            sockaddr_un address {};
            address.sun_family = AF_UNIX;
            if (path.size() >= sizeof (address.sun_path))
            {
                ::close (fd);
                return ENAMETOOLONG;
            }
            std::memcpy (address.sun_path, path.c_str(), path.size());
            int error = 0;
            if (::connect (fd, reinterpret_cast<sockaddr*> (&address), sizeof (address)) != 0)
                error = errno;
            ::close (fd);
            return error == EAGAIN || error == EINPROGRESS ? 0 : error;
        }

        ClientTrack fromProto (const v1::Track& track)
        {
            ClientTrack out;
            out.id = track.id();
            out.manifest = earshot::fromProto (track.manifest());
            if (track.has_status())
                out.status = earshot::fromProto (track.status());
            out.published = track.published();
            out.path = track.path();
            out.magnetUri = track.magnet_uri();
            out.trackers.assign (track.trackers().begin(), track.trackers().end());
            return out;
        }
    } // namespace

    struct LibraryClient::Impl
    {
        std::string address;
        std::string token;
        std::shared_ptr<grpc::Channel> channel;
        std::unique_ptr<v1::Library::Stub> stub;

        void prepare (grpc::ClientContext& context) const
        {
            if (! token.empty())
                context.AddMetadata ("authorization", "Bearer " + token);
        }

        /** 0 when something listens at the address, else why not (an errno). Only a unix socket can
            be asked; for TCP this is called once gRPC has failed to connect, and as its connect
            timeout is long, that means the connection was refused or broken, not slow. */
        [[nodiscard]] int listenerError() const
        {
            if (address.rfind ("unix:", 0) == 0)
                return listenerErrorAt (address.substr (5));
            return ECONNREFUSED;
        }

        [[nodiscard]] std::string notRunning (int error) const
        {
            if (error == ECONNREFUSED || error == ENOENT || error == ENOTDIR)
                return "earshotd is not running at " + address + " (nothing listens there); start it with `earshot daemon`";
            return "cannot reach earshotd at " + address + ": " + std::strerror (error);
        }

        [[nodiscard]] std::string notAnswering (std::chrono::milliseconds patience) const
        {
            return "earshotd at " + address + " is listening but has not answered for " + std::to_string (patience.count() / 1000) + " s: is it stopped or overloaded?";
        }

        /** Connects unless connected: see LibraryClient::reach. error says why it is not running. */
        Reach reach (std::chrono::milliseconds patience, const std::function<bool()>& stop, int& error)
        {
            const auto deadline = std::chrono::steady_clock::now() + patience;
            auto state = channel->GetState (true);
            for (;;)
            {
                if (state == GRPC_CHANNEL_READY)
                    return Reach::answering;
                // gRPC gives up on a connection quickly only when it was refused or broken; the
                // kernel says whether that was because nothing listens (a busy daemon that refused
                // for a full queue is still there: the channel retries within a second).
                if (state == GRPC_CHANNEL_TRANSIENT_FAILURE || state == GRPC_CHANNEL_SHUTDOWN)
                {
                    error = listenerError();
                    if (error != 0)
                        return Reach::notRunning;
                }
                const auto now = std::chrono::steady_clock::now();
                if (now >= deadline || (stop && stop()))
                    return Reach::notAnswering;
                const auto wait = std::min<std::chrono::steady_clock::duration> (deadline - now, std::chrono::milliseconds (100));
                (void) channel->WaitForStateChange (state, std::chrono::system_clock::now() + wait);
                state = channel->GetState (true);
            }
        }

        /** Before a call: throws Error (unavailable) unless the daemon answers. */
        void connect (const std::function<bool()>& stop = {})
        {
            int error = 0;
            switch (reach (connectPatience, stop, error))
            {
                case Reach::answering:
                    return;
                case Reach::notRunning:
                    throw Error (ErrorCode::unavailable, notRunning (error));
                case Reach::notAnswering:
                    if (stop && stop())
                        return; // the caller gave up waiting; its call is cancelled
                    throw Error (ErrorCode::unavailable, notAnswering (connectPatience));
            }
        }

        void check (const grpc::Status& status) const
        {
            if (status.ok())
                return;
            if (status.error_code() == grpc::StatusCode::UNAVAILABLE && status.error_message().find ("earshotd") == std::string::npos)
            {
                // The daemon went away during the call, or was in the middle of going.
                if (const int error = listenerError(); error != 0)
                    throw Error (ErrorCode::unavailable, notRunning (error) + " (" + status.error_message() + ")");
                throw Error (ErrorCode::unavailable, "earshotd at " + address + " is not answering (" + status.error_message() + ")");
            }
            throw Error (codeOf (status.error_code()), status.error_message());
        }

        /** Calls a unary method within the call time limit (none when timeout is zero). */
        template <typename Request, typename Response, typename Method>
        Response unary (Method method, const Request& request, std::chrono::milliseconds timeout)
        {
            connect();
            grpc::ClientContext context;
            prepare (context);
            const auto deadline = std::chrono::system_clock::now() + timeout;
            if (timeout.count() > 0)
                context.set_deadline (deadline);
            Response response;
            const auto status = (stub.get()->*method) (&context, request, &response);
            if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED && timeout.count() > 0 && std::chrono::system_clock::now() >= deadline)
                throw Error (ErrorCode::unavailable, notAnsweringCall (callName (Request::descriptor()->name()), timeout));
            check (status);
            return response;
        }

        template <typename Request, typename Response, typename Method>
        Response unary (Method method, const Request& request)
        {
            return unary<Request, Response> (method, request, callTimeout.load());
        }

        /** The RPC a request message is for: GetTrackRequest is GetTrack's. */
        static std::string callName (const std::string& requestName)
        {
            constexpr std::string_view suffix = "Request";
            return requestName.ends_with (suffix) ? requestName.substr (0, requestName.size() - suffix.size()) : requestName;
        }

        [[nodiscard]] std::string notAnsweringCall (const std::string& call, std::chrono::milliseconds timeout) const
        {
            char seconds[32];
            std::snprintf (seconds, sizeof (seconds), "%g", static_cast<double> (timeout.count()) / 1000.0);
            return "earshotd at " + address + " did not answer " + call + " within " + seconds + " s: is it stopped or overloaded?";
        }

        std::atomic<std::chrono::milliseconds> callTimeout { LibraryClient::defaultCallTimeout };
    };

    LibraryClient::LibraryClient (std::string address, std::string token)
        : impl (std::make_unique<Impl>())
    {
        impl->address = std::move (address);
        impl->token = std::move (token);
        grpc::ChannelArguments arguments;
        arguments.SetMaxReceiveMessageSize (64 * 1024 * 1024);
        // The daemon is local: when it is starting or restarting, try again within a tenth of a second
        // rather than after gRPC's default second-and-growing backoff.
        arguments.SetInt (GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
        arguments.SetInt (GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
        // gRPC also uses the minimum backoff as the time a connection attempt (connect and HTTP/2
        // handshake) may take. At 100 ms a daemon busy with other clients was given up on as if it
        // were not there; a daemon that is not there refuses at once anyway.
        arguments.SetInt (GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, static_cast<int> (connectPatience.count()));
        impl->channel = grpc::CreateCustomChannel (impl->address, grpc::InsecureChannelCredentials(), arguments);
        impl->stub = v1::Library::NewStub (impl->channel);
    }

    LibraryClient::~LibraryClient() = default;

    const std::string& LibraryClient::address() const noexcept
    {
        return impl->address;
    }

    double progressOf (const ClientTrack& track) noexcept
    {
        if (track.published)
            return 1.0;
        if (! track.status)
            return 0.0;
        if (track.status->state == TrackState::seeding)
            return 1.0;
        return std::clamp (track.status->progress, 0.0, 1.0);
    }

    bool isComplete (const ClientTrack& track) noexcept { return progressOf (track) >= 1.0; }

    bool LibraryClient::waitUntilReady (std::chrono::milliseconds timeout)
    {
        return impl->channel->WaitForConnected (std::chrono::system_clock::now() + timeout);
    }

    void LibraryClient::setCallTimeout (std::chrono::milliseconds timeout) noexcept
    {
        impl->callTimeout.store (timeout);
    }

    LibraryClient::Reach LibraryClient::reach (std::chrono::milliseconds patience)
    {
        int error = 0;
        return impl->reach (patience, {}, error);
    }

    DaemonInfo LibraryClient::daemonInfo()
    {
        auto response = impl->unary<v1::GetDaemonInfoRequest, v1::GetDaemonInfoResponse> (&v1::Library::Stub::GetDaemonInfo, {});
        return { response.version(), static_cast<int> (response.bittorrent_port()), response.data_dir(), static_cast<int> (response.tracks()) };
    }

    std::vector<ClientTrack> LibraryClient::publish (const std::vector<std::string>& paths, const std::vector<std::string>& trackers)
    {
        v1::PublishRequest request;
        for (const auto& path : paths)
            request.add_paths (path);
        for (const auto& tracker : trackers)
            request.add_trackers (tracker);
        // No time limit: the daemon hashes every file before it answers.
        auto response = impl->unary<v1::PublishRequest, v1::PublishResponse> (&v1::Library::Stub::Publish, request, std::chrono::milliseconds (0));
        std::vector<ClientTrack> tracks;
        for (const auto& track : response.tracks())
            tracks.push_back (fromProto (track));
        return tracks;
    }

    AddedTracks LibraryClient::addTracks (const AddSource& source, const std::vector<std::string>& peers)
    {
        v1::AddTrackRequest request;
        if (source.manifest)
            toProto (*source.manifest, *request.mutable_manifest());
        else if (source.torrentFile)
            request.set_torrent_file (*source.torrentFile);
        else if (source.magnetUri)
            request.set_magnet_uri (*source.magnetUri);
        for (const auto& peer : peers)
            request.add_peers (peer);
        auto response = impl->unary<v1::AddTrackRequest, v1::AddTrackResponse> (&v1::Library::Stub::AddTrack, request);
        AddedTracks added;
        added.created = response.created();
        added.track = fromProto (response.track());
        for (const auto& track : response.tracks())
            added.tracks.push_back (fromProto (track));
        return added;
    }

    std::pair<ClientTrack, bool> LibraryClient::addTrack (const AddSource& source, const std::vector<std::string>& peers)
    {
        auto added = addTracks (source, peers);
        return { added.track, added.created };
    }

    std::vector<ClientTrack> LibraryClient::listTracks()
    {
        auto response = impl->unary<v1::ListTracksRequest, v1::ListTracksResponse> (&v1::Library::Stub::ListTracks, {});
        std::vector<ClientTrack> tracks;
        for (const auto& track : response.tracks())
            tracks.push_back (fromProto (track));
        return tracks;
    }

    ClientTrack LibraryClient::getTrack (const std::string& idOrPrefix)
    {
        v1::GetTrackRequest request;
        request.set_track_id (idOrPrefix);
        return fromProto (impl->unary<v1::GetTrackRequest, v1::GetTrackResponse> (&v1::Library::Stub::GetTrack, request).track());
    }

    std::string LibraryClient::torrentFile (const std::string& idOrPrefix)
    {
        v1::GetTrackRequest request;
        request.set_track_id (idOrPrefix);
        return impl->unary<v1::GetTrackRequest, v1::GetTrackResponse> (&v1::Library::Stub::GetTrack, request).torrent_file();
    }

    void LibraryClient::removeTrack (const std::string& idOrPrefix, bool deleteFiles)
    {
        v1::RemoveTrackRequest request;
        request.set_track_id (idOrPrefix);
        request.set_delete_files (deleteFiles);
        (void) impl->unary<v1::RemoveTrackRequest, v1::RemoveTrackResponse> (&v1::Library::Stub::RemoveTrack, request);
    }

    int LibraryClient::connectPeer (const std::string& endpoint, const std::string& idOrPrefix)
    {
        v1::ConnectPeerRequest request;
        request.set_endpoint (endpoint);
        request.set_track_id (idOrPrefix);
        return static_cast<int> (impl->unary<v1::ConnectPeerRequest, v1::ConnectPeerResponse> (&v1::Library::Stub::ConnectPeer, request).tracks());
    }

    namespace
    {
        ClientFriend fromProto (const v1::Friend& proto)
        {
            ClientFriend result;
            result.name = proto.name();
            result.publicKeyHex = toHex (proto.public_key());
            result.host = proto.host();
            result.port = static_cast<std::uint16_t> (proto.port());
            result.addedAtMs = proto.added_at_ms();
            result.uploadedBytes = proto.uploaded_bytes();
            result.online = proto.online();
            result.lastSeenMs = proto.last_seen_ms();
            return result;
        }
    } // namespace

    namespace
    {
        std::vector<ClientInboxEntry> inboxFrom (const google::protobuf::RepeatedPtrField<v1::InboxEntry>& passes)
        {
            std::vector<ClientInboxEntry> entries;
            for (const auto& each : passes)
            {
                ClientInboxEntry entry;
                entry.passId = each.pass_id();
                entry.from = each.from();
                entry.senderName = each.sender_name();
                entry.manifest = earshot::fromProto (each.manifest());
                entry.note = each.note();
                entry.receivedAtMs = each.received_at_ms();
                entry.read = each.read();
                entry.listenedMs = each.listened_ms();
                entries.push_back (std::move (entry));
            }
            return entries;
        }
    } // namespace

    std::string LibraryClient::friendCode()
    {
        return impl->unary<v1::GetFriendCodeRequest, v1::GetFriendCodeResponse> (&v1::Library::Stub::GetFriendCode, {}).code();
    }

    std::pair<ClientFriend, bool> LibraryClient::addFriend (const std::string& code, const std::string& name)
    {
        v1::AddFriendRequest request;
        request.set_code (code);
        request.set_name (name);
        const auto response = impl->unary<v1::AddFriendRequest, v1::AddFriendResponse> (&v1::Library::Stub::AddFriend, request);
        return { fromProto (response.added()), response.created() };
    }

    std::vector<ClientFriend> LibraryClient::listFriends()
    {
        std::vector<ClientFriend> friends;
        const auto response = impl->unary<v1::ListFriendsRequest, v1::ListFriendsResponse> (&v1::Library::Stub::ListFriends, {});
        for (const auto& each : response.friends())
            friends.push_back (fromProto (each));
        return friends;
    }

    void LibraryClient::removeFriend (const std::string& name)
    {
        v1::RemoveFriendRequest request;
        request.set_name (name);
        (void) impl->unary<v1::RemoveFriendRequest, v1::RemoveFriendResponse> (&v1::Library::Stub::RemoveFriend, request);
    }

    std::string LibraryClient::sendPass (const std::string& trackIdOrPrefix, const std::string& to, const std::string& note)
    {
        v1::SendPassRequest request;
        request.set_track_id (trackIdOrPrefix);
        request.set_to (to);
        request.set_note (note);
        return impl->unary<v1::SendPassRequest, v1::SendPassResponse> (&v1::Library::Stub::SendPass, request).pass_id();
    }

    std::pair<std::vector<ClientInboxEntry>, int> LibraryClient::listInbox()
    {
        const auto response = impl->unary<v1::ListInboxRequest, v1::ListInboxResponse> (&v1::Library::Stub::ListInbox, {});
        return { inboxFrom (response.passes()), static_cast<int> (response.unread()) };
    }

    void LibraryClient::watchInbox (const std::function<bool (const std::vector<ClientInboxEntry>&, int unread)>& onInbox)
    {
        impl->connect();
        grpc::ClientContext context;
        impl->prepare (context);
        auto reader = impl->stub->WatchInbox (&context, {});
        v1::WatchInboxResponse response;
        while (reader->Read (&response))
        {
            if (! onInbox (inboxFrom (response.passes()), static_cast<int> (response.unread())))
            {
                context.TryCancel();
                break;
            }
        }
        const auto status = reader->Finish();
        if (status.error_code() != grpc::StatusCode::CANCELLED)
            impl->check (status);
    }

    std::vector<ClientOutboxEntry> LibraryClient::listOutbox()
    {
        const auto response = impl->unary<v1::ListOutboxRequest, v1::ListOutboxResponse> (&v1::Library::Stub::ListOutbox, {});
        std::vector<ClientOutboxEntry> entries;
        for (const auto& each : response.messages())
        {
            ClientOutboxEntry entry;
            entry.messageId = each.message_id();
            entry.to = each.to();
            entry.kind = each.kind();
            entry.state = each.state();
            entry.attempts = static_cast<int> (each.attempts());
            entry.lastError = each.last_error();
            entry.trackId = each.track_id();
            entry.createdAtMs = each.created_at_ms();
            entry.deliveredAtMs = each.delivered_at_ms();
            entries.push_back (std::move (entry));
        }
        return entries;
    }

    void LibraryClient::markRead (const std::string& passId)
    {
        v1::MarkReadRequest request;
        request.set_pass_id (passId);
        (void) impl->unary<v1::MarkReadRequest, v1::MarkReadResponse> (&v1::Library::Stub::MarkRead, request);
    }

    std::vector<std::string> LibraryClient::reportListening (const std::string& trackIdOrPrefix, std::chrono::milliseconds listened)
    {
        v1::ReportListeningRequest request;
        request.set_track_id (trackIdOrPrefix);
        request.set_listened_ms (static_cast<std::uint64_t> (std::max<std::int64_t> (0, listened.count())));
        const auto response = impl->unary<v1::ReportListeningRequest, v1::ReportListeningResponse> (&v1::Library::Stub::ReportListening, request);
        return { response.receipts_for().begin(), response.receipts_for().end() };
    }

    std::pair<std::int64_t, std::vector<LibraryClient::PointsEntry>> LibraryClient::points()
    {
        const auto response = impl->unary<v1::GetPointsRequest, v1::GetPointsResponse> (&v1::Library::Stub::GetPoints, {});
        std::vector<PointsEntry> entries;
        for (const auto& each : response.entries())
            entries.push_back ({ each.at_ms(), each.points(), each.reason(), each.pass_id(), each.from() });
        return { response.balance(), entries };
    }

    void LibraryClient::watchTrack (const std::string& idOrPrefix, std::chrono::milliseconds interval, const std::function<bool (const TrackStatus&)>& onStatus)
    {
        v1::WatchTrackRequest request;
        request.set_track_id (idOrPrefix);
        request.set_interval_ms (static_cast<std::uint32_t> (interval.count()));
        impl->connect();
        grpc::ClientContext context;
        impl->prepare (context);
        auto reader = impl->stub->WatchTrack (&context, request);
        v1::WatchTrackResponse response;
        while (reader->Read (&response))
        {
            if (! onStatus (earshot::fromProto (response.status())))
            {
                context.TryCancel();
                break;
            }
        }
        const auto status = reader->Finish();
        if (status.error_code() != grpc::StatusCode::CANCELLED)
            impl->check (status);
    }

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

    bool LibraryClient::stream (const std::string& idOrPrefix, const StreamOptions& options, const std::function<bool (std::uint64_t, std::string_view, std::uint64_t)>& onData)
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
            throw Error (ErrorCode::unavailable, "track " + idOrPrefix + " did not arrive within " + std::to_string (options.timeout.count()) + " ms: no peer is sending it fast enough");
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
