#include "Core/Hex.h"
#include "Core/Paging.h"
#include "DaemonClientImpl.h"
#include "ProtoConvert.h"

namespace earshot
{
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
                entry.noteCut = each.note_cut();
                entry.storedBytes = each.stored_bytes();
                entry.receivedAtMs = each.received_at_ms();
                entry.read = each.read();
                entry.listenedMs = each.listened_ms();
                entries.push_back (std::move (entry));
            }
            return entries;
        }
    } // namespace

    std::string DaemonClient::friendCode()
    {
        return impl->unary<v1::GetFriendCodeRequest, v1::GetFriendCodeResponse> (&v1::Library::Stub::GetFriendCode, {}).code();
    }

    std::pair<ClientFriend, bool> DaemonClient::addFriend (const std::string& code, const std::string& name)
    {
        v1::AddFriendRequest request;
        request.set_code (code);
        request.set_name (name);
        const auto response = impl->unary<v1::AddFriendRequest, v1::AddFriendResponse> (&v1::Library::Stub::AddFriend, request);
        return { fromProto (response.added()), response.created() };
    }

    std::vector<ClientFriend> DaemonClient::listFriends()
    {
        std::vector<ClientFriend> friends;
        impl->forEachPage<v1::ListFriendsRequest, v1::ListFriendsResponse> (&v1::Library::Stub::ListFriends, [&] (const v1::ListFriendsResponse& page)
                                                                            {
            for (const auto& each : page.friends())
                friends.push_back (fromProto (each)); });
        return friends;
    }

    void DaemonClient::removeFriend (const std::string& name)
    {
        v1::RemoveFriendRequest request;
        request.set_name (name);
        (void) impl->unary<v1::RemoveFriendRequest, v1::RemoveFriendResponse> (&v1::Library::Stub::RemoveFriend, request);
    }

    std::string DaemonClient::sendPass (const std::string& trackIdOrPrefix, const std::string& to, const std::string& note)
    {
        v1::SendPassRequest request;
        request.set_track_id (trackIdOrPrefix);
        request.set_to (to);
        request.set_note (note);
        return impl->unary<v1::SendPassRequest, v1::SendPassResponse> (&v1::Library::Stub::SendPass, request).pass_id();
    }

    std::pair<std::vector<ClientInboxEntry>, int> DaemonClient::listInbox()
    {
        std::vector<ClientInboxEntry> entries;
        int unread = 0;
        impl->forEachPage<v1::ListInboxRequest, v1::ListInboxResponse> (&v1::Library::Stub::ListInbox, [&] (const v1::ListInboxResponse& page)
                                                                        {
            for (auto& entry : inboxFrom (page.passes()))
                entries.push_back (std::move (entry));
            unread = static_cast<int> (page.unread()); });
        return { std::move (entries), unread };
    }

    void DaemonClient::watchInbox (const std::function<bool (const std::vector<ClientInboxEntry>&, int unread)>& onInbox)
    {
        impl->connect();
        grpc::ClientContext context;
        impl->prepare (context);
        auto reader = impl->stub->WatchInbox (&context, {});
        v1::WatchInboxResponse response;
        while (reader->Read (&response))
        {
            // The stream carries the first page; the rest comes from ListInbox.
            auto entries = inboxFrom (response.passes());
            if (! response.next_page_token().empty())
            {
                v1::ListInboxRequest rest;
                rest.set_page_token (response.next_page_token());
                impl->forEachPage<v1::ListInboxRequest, v1::ListInboxResponse> (
                    &v1::Library::Stub::ListInbox, [&] (const v1::ListInboxResponse& page)
                    {
                    for (auto& entry : inboxFrom (page.passes()))
                        entries.push_back (std::move (entry)); },
                    rest);
            }
            if (! onInbox (entries, static_cast<int> (response.unread())))
            {
                context.TryCancel();
                break;
            }
        }
        const auto status = reader->Finish();
        if (status.error_code() != grpc::StatusCode::CANCELLED)
            impl->check (status);
    }

    std::vector<ClientOutboxEntry> DaemonClient::listOutbox()
    {
        std::vector<ClientOutboxEntry> entries;
        impl->forEachPage<v1::ListOutboxRequest, v1::ListOutboxResponse> (&v1::Library::Stub::ListOutbox, [&] (const v1::ListOutboxResponse& page)
                                                                          {
        for (const auto& each : page.messages())
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
        } });
        return entries;
    }

    int DaemonClient::deleteInboxEntries (const std::vector<std::string>& passIds)
    {
        v1::DeleteInboxEntriesRequest request;
        for (const auto& id : passIds)
            request.add_pass_ids (id);
        return static_cast<int> (impl->unary<v1::DeleteInboxEntriesRequest, v1::DeleteInboxEntriesResponse> (&v1::Library::Stub::DeleteInboxEntries, request).deleted());
    }

    int DaemonClient::clearInbox (const std::string& from)
    {
        v1::ClearInboxRequest request;
        request.set_from (from);
        request.set_all (from.empty());
        return static_cast<int> (impl->unary<v1::ClearInboxRequest, v1::ClearInboxResponse> (&v1::Library::Stub::ClearInbox, request).deleted());
    }

    void DaemonClient::markRead (const std::string& passId)
    {
        v1::MarkReadRequest request;
        request.set_pass_id (passId);
        (void) impl->unary<v1::MarkReadRequest, v1::MarkReadResponse> (&v1::Library::Stub::MarkRead, request);
    }

    std::vector<std::string> DaemonClient::reportListening (const std::string& trackIdOrPrefix, std::chrono::milliseconds listened)
    {
        v1::ReportListeningRequest request;
        request.set_track_id (trackIdOrPrefix);
        request.set_listened_ms (static_cast<std::uint64_t> (std::max<std::int64_t> (0, listened.count())));
        const auto response = impl->unary<v1::ReportListeningRequest, v1::ReportListeningResponse> (&v1::Library::Stub::ReportListening, request);
        return { response.receipts_for().begin(), response.receipts_for().end() };
    }

    std::pair<std::int64_t, std::vector<DaemonClient::PointsEntry>> DaemonClient::points()
    {
        std::int64_t balance = 0;
        std::vector<PointsEntry> entries;
        impl->forEachPage<v1::GetPointsRequest, v1::GetPointsResponse> (&v1::Library::Stub::GetPoints, [&] (const v1::GetPointsResponse& page)
                                                                        {
            balance = page.balance();
            for (const auto& each : page.entries())
                entries.push_back ({ each.at_ms(), each.points(), each.reason(), each.pass_id(), each.from() }); });
        return { balance, entries };
    }

    void DaemonClient::watchTrack (const std::string& idOrPrefix, std::chrono::milliseconds interval, const std::function<bool (const TrackStatus&)>& onStatus)
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
} // namespace earshot
