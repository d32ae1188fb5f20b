#include "Core/Hex.h"
#include "DaemonClientImpl.h"
#include "ProtoConvert.h"

namespace earshot
{
    namespace
    {
        ClientArtistProfile fromProto (const v1::ArtistProfile& proto)
        {
            ClientArtistProfile result;
            result.name = proto.name();
            result.bio = proto.bio();
            result.homeCity = proto.home_city();
            result.links.assign (proto.links().begin(), proto.links().end());
            return result;
        }

        ClientHubTrack fromProto (const v1::HubTrack& proto)
        {
            ClientHubTrack result;
            result.trackId = proto.track_id();
            result.artistKeyHex = toHex (proto.artist_key());
            result.artistName = proto.artist_name();
            result.manifest = earshot::fromProto (proto.manifest());
            result.hasCover = proto.has_cover();
            result.listeners = proto.listeners();
            result.passes = proto.passes();
            result.seeders = proto.seeders();
            result.score = proto.score();
            result.rank = proto.rank();
            return result;
        }

        std::vector<ClientHubTrack> tracksFrom (const google::protobuf::RepeatedPtrField<v1::HubTrack>& tracks)
        {
            std::vector<ClientHubTrack> result;
            result.reserve (static_cast<std::size_t> (tracks.size()));
            for (const auto& each : tracks)
                result.push_back (fromProto (each));
            return result;
        }
    } // namespace

    void DaemonClient::setHub (const std::string& address)
    {
        v1::SetHubRequest request;
        request.set_address (address);
        (void) impl->unary<v1::SetHubRequest, v1::SetHubResponse> (&v1::HubLink::Stub::SetHub, request);
    }

    HubLinkState DaemonClient::hub()
    {
        const auto response = impl->unary<v1::GetHubRequest, v1::GetHubResponse> (&v1::HubLink::Stub::GetHub, {});
        HubLinkState state;
        state.address = response.address();
        state.reachable = response.reachable();
        state.lastError = response.last_error();
        state.messagesWaiting = response.messages_waiting();
        state.messagesDelivered = response.messages_delivered();
        state.lastContactMs = response.last_contact_ms();
        return state;
    }

    void DaemonClient::setProfile (const ClientArtistProfile& profile)
    {
        v1::SetProfileRequest request;
        auto& out = *request.mutable_profile();
        out.set_name (profile.name);
        out.set_bio (profile.bio);
        out.set_home_city (profile.homeCity);
        for (const auto& link : profile.links)
            out.add_links (link);
        (void) impl->unary<v1::SetProfileRequest, v1::SetProfileResponse> (&v1::HubLink::Stub::SetProfile, request);
    }

    std::pair<ClientArtistProfile, std::string> DaemonClient::profile()
    {
        const auto response = impl->unary<v1::GetProfileRequest, v1::GetProfileResponse> (&v1::HubLink::Stub::GetProfile, {});
        return { fromProto (response.profile()), toHex (response.artist_key()) };
    }

    std::vector<ClientHubTrack> DaemonClient::chart (const ClientChartRequest& request)
    {
        v1::GetChartRequest out;
        out.set_genre (request.genre);
        out.set_period (toProto (request.period));
        out.set_limit (request.limit);
        out.set_offset (request.offset);
        return tracksFrom (impl->unary<v1::GetChartRequest, v1::GetChartResponse> (&v1::Discovery::Stub::GetChart, out).tracks());
    }

    ClientArtistPage DaemonClient::artist (const std::string& keyHexOrName, std::uint32_t days)
    {
        v1::GetArtistRequest request;
        if (client::isKeyHex (keyHexOrName))
            request.set_artist_key (fromHex (keyHexOrName));
        else
            request.set_name (keyHexOrName);
        request.set_days (days);
        const auto response = impl->unary<v1::GetArtistRequest, v1::GetArtistResponse> (&v1::Discovery::Stub::GetArtist, request);

        ClientArtistPage page;
        page.artistKeyHex = toHex (response.artist_key());
        page.profile = fromProto (response.profile());
        for (const auto& each : response.tracks())
            page.tracks.push_back ({ fromProto (each.track()), each.overall_rank(), each.genre_rank() });
        page.listens = response.listens();
        page.listeners = response.listeners();
        page.passes = response.passes();
        page.seeders = response.seeders();
        page.fanPoints = response.fan_points();
        page.followers = response.followers();
        for (const auto& day : response.daily())
            page.daily.push_back ({ day.day(), day.listens(), day.passes() });
        return page;
    }

    ClientSearchResults DaemonClient::search (const ClientSearchRequest& request)
    {
        v1::SearchRequest out;
        out.set_text (request.text);
        out.set_genre (request.genre);
        out.set_bpm_min (request.bpmMin);
        out.set_bpm_max (request.bpmMax);
        out.set_key (request.key);
        out.set_duration_min_ms (request.durationMinMs);
        out.set_duration_max_ms (request.durationMaxMs);
        out.set_limit (request.limit);
        out.set_offset (request.offset);
        const auto response = impl->unary<v1::SearchRequest, v1::SearchResponse> (&v1::Discovery::Stub::Search, out);
        return { tracksFrom (response.tracks()), response.total() };
    }

    std::optional<Cover> DaemonClient::cover (const std::string& trackId)
    {
        v1::GetCoverRequest request;
        request.set_track_id (trackId);
        try
        {
            auto response = impl->unary<v1::GetCoverRequest, v1::GetCoverResponse> (&v1::Discovery::Stub::GetCover, request);
            return Cover { std::move (*response.mutable_cover()), response.cover_type() };
        }
        catch (const Error& error)
        {
            if (error.code() == ErrorCode::notFound)
                return std::nullopt;
            throw;
        }
    }

    std::vector<std::string> DaemonClient::prefetchOpenings (const std::vector<TrackManifest>& manifests)
    {
        v1::PrefetchOpeningsRequest request;
        for (const auto& manifest : manifests)
            toProto (manifest, *request.add_manifests());
        const auto response = impl->unary<v1::PrefetchOpeningsRequest, v1::PrefetchOpeningsResponse> (&v1::Discovery::Stub::PrefetchOpenings, request);
        return { response.track_ids().begin(), response.track_ids().end() };
    }
} // namespace earshot
