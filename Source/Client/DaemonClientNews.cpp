#include "Core/Hex.h"
#include "Core/QuoteInput.h"
#include "DaemonClientImpl.h"
#include "ProtoConvert.h"

namespace earshot
{
    namespace
    {
        ClientFollowedArtist fromProto (const v1::FollowedArtist& proto)
        {
            return { toHex (proto.artist_key()), proto.name(), proto.followed_at_ms(), proto.feed_sequence(), proto.last_news_ms() };
        }

        ClientTourDate fromProto (const v1::TourDate& proto)
        {
            return { proto.date(), proto.city(), proto.venue(), proto.link() };
        }

        ClientNewsItem::Source sourceOf (v1::NewsSource source) noexcept
        {
            switch (source)
            {
                case v1::NEWS_SOURCE_HUB:
                    return ClientNewsItem::Source::hub;
                case v1::NEWS_SOURCE_DHT:
                    return ClientNewsItem::Source::dht;
                default:
                    return ClientNewsItem::Source::unknown;
            }
        }

        ClientNewsItem fromProto (const v1::NewsItem& proto)
        {
            ClientNewsItem item;
            item.id = proto.id();
            item.artistKeyHex = toHex (proto.artist_key());
            const auto& post = proto.post();
            item.artistName = post.artist_name();
            item.postId = post.post_id();
            item.postedAtMs = post.posted_at_ms();
            if (post.has_release())
            {
                item.kind = ClientNewsItem::Kind::release;
                item.title = post.release().title();
                item.tracks = releaseTracksOf (post.release());
            }
            else if (post.has_tour_date())
            {
                item.kind = ClientNewsItem::Kind::tourDate;
                item.tourDate = fromProto (post.tour_date());
            }
            else
            {
                item.kind = ClientNewsItem::Kind::tourDateCancelled;
                item.cancelsPostId = post.tour_date_cancelled();
            }
            item.receivedAtMs = proto.received_at_ms();
            item.source = sourceOf (proto.source());
            item.inHomeCity = proto.in_home_city();
            item.cancelled = proto.cancelled();
            return item;
        }
    } // namespace

    std::pair<ClientFollowedArtist, bool> DaemonClient::follow (const std::string& keyHexOrName, const std::string& knownName)
    {
        v1::FollowRequest request;
        if (client::isKeyHex (keyHexOrName))
        {
            request.set_artist_key (fromHex (keyHexOrName));
            request.set_name (knownName);
        }
        else
            request.set_name (keyHexOrName);
        const auto response = impl->unary<v1::FollowRequest, v1::FollowResponse> (&v1::News::Stub::Follow, request);
        return { fromProto (response.artist()), response.added() };
    }

    bool DaemonClient::unfollow (const std::string& artistKeyHex)
    {
        if (! client::isKeyHex (artistKeyHex))
            throw Error (ErrorCode::invalidArgument, "an artist's key is 64 hex digits; got " + quoteInput (artistKeyHex));
        v1::UnfollowRequest request;
        request.set_artist_key (fromHex (artistKeyHex));
        return impl->unary<v1::UnfollowRequest, v1::UnfollowResponse> (&v1::News::Stub::Unfollow, request).removed();
    }

    std::vector<ClientFollowedArtist> DaemonClient::following()
    {
        std::vector<ClientFollowedArtist> result;
        impl->forEachPage<v1::ListFollowingRequest, v1::ListFollowingResponse> (&v1::News::Stub::ListFollowing, [&] (const v1::ListFollowingResponse& page)
                                                                                {
            for (const auto& each : page.artists())
                result.push_back (fromProto (each)); });
        return result;
    }

    std::string DaemonClient::addTourDate (const ClientTourDate& date)
    {
        v1::AddTourDateRequest request;
        auto& out = *request.mutable_date();
        out.set_date (date.date);
        out.set_city (date.city);
        out.set_venue (date.venue);
        out.set_link (date.link);
        return impl->unary<v1::AddTourDateRequest, v1::AddTourDateResponse> (&v1::News::Stub::AddTourDate, request).post_id();
    }

    std::vector<ClientPostedTourDate> DaemonClient::tourDates (bool includePast)
    {
        v1::ListTourDatesRequest request;
        request.set_include_past (includePast);
        std::vector<ClientPostedTourDate> result;
        impl->forEachPage<v1::ListTourDatesRequest, v1::ListTourDatesResponse> (
            &v1::News::Stub::ListTourDates, [&] (const v1::ListTourDatesResponse& page)
            {
            for (const auto& each : page.dates())
                result.push_back ({ each.post_id(), fromProto (each.date()), each.posted_at_ms() }); },
            request);
        return result;
    }

    void DaemonClient::removeTourDate (const std::string& postId)
    {
        v1::RemoveTourDateRequest request;
        request.set_post_id (postId);
        (void) impl->unary<v1::RemoveTourDateRequest, v1::RemoveTourDateResponse> (&v1::News::Stub::RemoveTourDate, request);
    }

    ClientNews DaemonClient::news (std::int64_t after, std::uint32_t limit)
    {
        v1::ListNewsRequest request;
        request.set_after (after);
        request.set_limit (limit);
        const auto response = impl->unary<v1::ListNewsRequest, v1::ListNewsResponse> (&v1::News::Stub::ListNews, request);
        ClientNews result;
        for (const auto& each : response.releases())
            result.releases.push_back (fromProto (each));
        for (const auto& each : response.tour_dates())
            result.tourDates.push_back (fromProto (each));
        result.tourDatesTotal = response.tour_dates_total();
        result.lastId = response.last_id();
        return result;
    }

    void DaemonClient::setHomeCity (const std::string& city)
    {
        v1::SetHomeCityRequest request;
        request.set_city (city);
        (void) impl->unary<v1::SetHomeCityRequest, v1::SetHomeCityResponse> (&v1::News::Stub::SetHomeCity, request);
    }

    std::string DaemonClient::homeCity()
    {
        return impl->unary<v1::GetHomeCityRequest, v1::GetHomeCityResponse> (&v1::News::Stub::GetHomeCity, {}).city();
    }
} // namespace earshot
