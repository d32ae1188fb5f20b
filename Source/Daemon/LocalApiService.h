#pragma once

#include "ArtistNews.h"
#include "Friendships.h"
#include "HubReports.h"
#include "Passes.h"
#include "Presence.h"
#include "Server/CallRunner.h"
#include "TrackLibrary.h"

#include "earshot/v1/library.grpc.pb.h"

#include <string>

namespace earshot
{
    /** The daemon's local API, earshot.v1.Library (tracks, streams, friends, passes, points), as the
        apps on this machine call it, over gRPC's callback API (friends' daemons call FriendsService
        instead). It translates requests into TrackLibrary calls and
        Errors into status codes. Unary calls run on a CallRunner's workers and streams are
        reactors fed by the swarm thread, so no gRPC thread ever waits for the swarm, a disk or a
        piece. When a token is set, every call must carry it as
        `authorization: Bearer TOKEN` metadata (for clients allowed in over TCP). */
    class LocalApiService final : public v1::Library::CallbackService
    {
    public:
        /** Unary calls run on calls' workers (see CallRunner), which must outlive this. What is
            published and heard is told to hub; each publish is posted to followers through news. */
        LocalApiService (TrackLibrary& library, Friendships& friendships, Passes& passes, const Presence& presence, HubReports& hub, ArtistNews& news, std::string token, CallRunner& calls);

        grpc::ServerUnaryReactor* Publish (grpc::CallbackServerContext*, const v1::PublishRequest*, v1::PublishResponse*) override;
        grpc::ServerUnaryReactor* AddTrack (grpc::CallbackServerContext*, const v1::AddTrackRequest*, v1::AddTrackResponse*) override;
        grpc::ServerUnaryReactor* ListTracks (grpc::CallbackServerContext*, const v1::ListTracksRequest*, v1::ListTracksResponse*) override;
        grpc::ServerUnaryReactor* GetTrack (grpc::CallbackServerContext*, const v1::GetTrackRequest*, v1::GetTrackResponse*) override;
        grpc::ServerWriteReactor<v1::WatchTrackResponse>* WatchTrack (grpc::CallbackServerContext*, const v1::WatchTrackRequest*) override;
        grpc::ServerWriteReactor<v1::StreamResponse>* Stream (grpc::CallbackServerContext*, const v1::StreamRequest*) override;
        grpc::ServerUnaryReactor* FetchNow (grpc::CallbackServerContext*, const v1::FetchNowRequest*, v1::FetchNowResponse*) override;
        grpc::ServerUnaryReactor* RemoveTrack (grpc::CallbackServerContext*, const v1::RemoveTrackRequest*, v1::RemoveTrackResponse*) override;
        grpc::ServerUnaryReactor* ConnectPeer (grpc::CallbackServerContext*, const v1::ConnectPeerRequest*, v1::ConnectPeerResponse*) override;
        grpc::ServerUnaryReactor* GetDaemonInfo (grpc::CallbackServerContext*, const v1::GetDaemonInfoRequest*, v1::GetDaemonInfoResponse*) override;
        grpc::ServerUnaryReactor* GetSettings (grpc::CallbackServerContext*, const v1::GetSettingsRequest*, v1::GetSettingsResponse*) override;
        grpc::ServerUnaryReactor* SetSettings (grpc::CallbackServerContext*, const v1::SetSettingsRequest*, v1::SetSettingsResponse*) override;
        grpc::ServerUnaryReactor* GetFriendCode (grpc::CallbackServerContext*, const v1::GetFriendCodeRequest*, v1::GetFriendCodeResponse*) override;
        grpc::ServerUnaryReactor* AddFriend (grpc::CallbackServerContext*, const v1::AddFriendRequest*, v1::AddFriendResponse*) override;
        grpc::ServerUnaryReactor* ListFriends (grpc::CallbackServerContext*, const v1::ListFriendsRequest*, v1::ListFriendsResponse*) override;
        grpc::ServerUnaryReactor* RemoveFriend (grpc::CallbackServerContext*, const v1::RemoveFriendRequest*, v1::RemoveFriendResponse*) override;
        grpc::ServerUnaryReactor* SendPass (grpc::CallbackServerContext*, const v1::SendPassRequest*, v1::SendPassResponse*) override;
        grpc::ServerUnaryReactor* ListInbox (grpc::CallbackServerContext*, const v1::ListInboxRequest*, v1::ListInboxResponse*) override;
        grpc::ServerUnaryReactor* DeleteInboxEntries (grpc::CallbackServerContext*, const v1::DeleteInboxEntriesRequest*, v1::DeleteInboxEntriesResponse*) override;
        grpc::ServerUnaryReactor* ClearInbox (grpc::CallbackServerContext*, const v1::ClearInboxRequest*, v1::ClearInboxResponse*) override;
        grpc::ServerUnaryReactor* ListOutbox (grpc::CallbackServerContext*, const v1::ListOutboxRequest*, v1::ListOutboxResponse*) override;
        grpc::ServerUnaryReactor* MarkRead (grpc::CallbackServerContext*, const v1::MarkReadRequest*, v1::MarkReadResponse*) override;
        grpc::ServerWriteReactor<v1::WatchInboxResponse>* WatchInbox (grpc::CallbackServerContext*, const v1::WatchInboxRequest*) override;
        grpc::ServerUnaryReactor* ReportListening (grpc::CallbackServerContext*, const v1::ReportListeningRequest*, v1::ReportListeningResponse*) override;
        grpc::ServerUnaryReactor* GetPoints (grpc::CallbackServerContext*, const v1::GetPointsRequest*, v1::GetPointsResponse*) override;

    private:
        /** Checks the caller, then runs body (request, response) on a worker of the lane and answers
            with what it came to (guarded). */
        template <typename Request, typename Response, typename Fn>
        grpc::ServerUnaryReactor* unary (grpc::CallbackServerContext* context, const Request* request, Response* response, CallRunner::Lane lane, Fn body);
        /** As unary, for a body (request, response, done) that answers later through done. */
        template <typename Request, typename Response, typename Fn>
        grpc::ServerUnaryReactor* unaryAsync (grpc::CallbackServerContext* context, const Request* request, Response* response, CallRunner::Lane lane, Fn body);
        [[nodiscard]] bool authorised (const grpc::CallbackServerContext* context) const;

        TrackLibrary& library;
        Friendships& friendships;
        Passes& passes;
        const Presence& presence;
        HubReports& hub;
        ArtistNews& news;
        const std::string token;
        CallRunner& calls;
    };
} // namespace earshot
