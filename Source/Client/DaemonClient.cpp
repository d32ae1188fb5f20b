#include "DaemonClientImpl.h"
#include "ProtoConvert.h"

namespace earshot
{
    namespace
    {
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

    DaemonClient::DaemonClient (std::string address, std::string token)
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
        impl->hubLink = v1::HubLink::NewStub (impl->channel);
        impl->discovery = v1::Discovery::NewStub (impl->channel);
        impl->news = v1::News::NewStub (impl->channel);
    }

    DaemonClient::~DaemonClient() = default;

    const std::string& DaemonClient::address() const noexcept
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

    bool DaemonClient::waitUntilReady (std::chrono::milliseconds timeout)
    {
        return impl->channel->WaitForConnected (std::chrono::system_clock::now() + timeout);
    }

    void DaemonClient::setCallTimeout (std::chrono::milliseconds timeout) noexcept
    {
        impl->callTimeout.store (timeout);
    }

    DaemonClient::Reach DaemonClient::reach (std::chrono::milliseconds patience)
    {
        int error = 0;
        return impl->reach (patience, {}, error);
    }

    DaemonInfo DaemonClient::daemonInfo()
    {
        auto response = impl->unary<v1::GetDaemonInfoRequest, v1::GetDaemonInfoResponse> (&v1::Library::Stub::GetDaemonInfo, {});
        return { response.version(), static_cast<int> (response.bittorrent_port()), response.data_dir(), static_cast<int> (response.tracks()) };
    }

    namespace
    {
        TransferSettings fromProto (const v1::DaemonSettings& in)
        {
            TransferSettings out;
            out.uploadBytesPerSecond = in.upload_limit_bytes_per_second();
            out.downloadBytesPerSecond = in.download_limit_bytes_per_second();
            out.listenPort = in.listen_port();
            return out;
        }
    } // namespace

    ClientSettings DaemonClient::settings()
    {
        const auto response = impl->unary<v1::GetSettingsRequest, v1::GetSettingsResponse> (&v1::Library::Stub::GetSettings, {});
        return { fromProto (response.settings()), static_cast<int> (response.bound_port()) };
    }

    TransferSettings DaemonClient::setSettings (const TransferSettings& settings)
    {
        v1::SetSettingsRequest request;
        auto& out = *request.mutable_settings();
        out.set_upload_limit_bytes_per_second (settings.uploadBytesPerSecond);
        out.set_download_limit_bytes_per_second (settings.downloadBytesPerSecond);
        out.set_listen_port (settings.listenPort);
        const auto response = impl->unary<v1::SetSettingsRequest, v1::SetSettingsResponse> (&v1::Library::Stub::SetSettings, request);
        return fromProto (response.settings());
    }

    std::vector<ClientTrack> DaemonClient::publish (const std::vector<std::string>& paths, const std::vector<std::string>& trackers)
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

    AddedTracks DaemonClient::addTracks (const AddSource& source, const std::vector<std::string>& peers)
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

    std::pair<ClientTrack, bool> DaemonClient::addTrack (const AddSource& source, const std::vector<std::string>& peers)
    {
        auto added = addTracks (source, peers);
        return { added.track, added.created };
    }

    std::vector<ClientTrack> DaemonClient::listTracks()
    {
        std::vector<ClientTrack> tracks;
        impl->forEachPage<v1::ListTracksRequest, v1::ListTracksResponse> (&v1::Library::Stub::ListTracks, [&] (const v1::ListTracksResponse& page)
                                                                          {
            for (const auto& track : page.tracks())
                tracks.push_back (fromProto (track)); });
        return tracks;
    }

    ClientTrack DaemonClient::getTrack (const std::string& idOrPrefix)
    {
        v1::GetTrackRequest request;
        request.set_track_id (idOrPrefix);
        return fromProto (impl->unary<v1::GetTrackRequest, v1::GetTrackResponse> (&v1::Library::Stub::GetTrack, request).track());
    }

    std::string DaemonClient::torrentFile (const std::string& idOrPrefix)
    {
        v1::GetTrackRequest request;
        request.set_track_id (idOrPrefix);
        return impl->unary<v1::GetTrackRequest, v1::GetTrackResponse> (&v1::Library::Stub::GetTrack, request).torrent_file();
    }

    void DaemonClient::removeTrack (const std::string& idOrPrefix, bool deleteFiles)
    {
        v1::RemoveTrackRequest request;
        request.set_track_id (idOrPrefix);
        request.set_delete_files (deleteFiles);
        (void) impl->unary<v1::RemoveTrackRequest, v1::RemoveTrackResponse> (&v1::Library::Stub::RemoveTrack, request);
    }

    ClientTrack DaemonClient::fetchNow (const std::string& idOrPrefix, bool urgent)
    {
        v1::FetchNowRequest request;
        request.set_track_id (idOrPrefix);
        request.set_normal_pace (! urgent);
        return fromProto (impl->unary<v1::FetchNowRequest, v1::FetchNowResponse> (&v1::Library::Stub::FetchNow, request).track());
    }

    int DaemonClient::connectPeer (const std::string& endpoint, const std::string& idOrPrefix)
    {
        v1::ConnectPeerRequest request;
        request.set_endpoint (endpoint);
        request.set_track_id (idOrPrefix);
        return static_cast<int> (impl->unary<v1::ConnectPeerRequest, v1::ConnectPeerResponse> (&v1::Library::Stub::ConnectPeer, request).tracks());
    }
} // namespace earshot
