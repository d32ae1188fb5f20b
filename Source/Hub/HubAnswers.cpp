#include "HubAnswers.h"

#include "Core/Error.h"
#include "Core/QuoteInput.h"
#include "earshot/v1/hub.pb.h"

#include <algorithm>
#include <cstdint>
#include <map>

namespace earshot::hubAnswers
{
    namespace
    {
        constexpr int chartRows = 100;
        constexpr int defaultSearchRows = 25;
        constexpr int defaultSeriesDays = 30;

        [[nodiscard]] ChartPeriod periodOf (v1::ChartPeriod period)
        {
            switch (period)
            {
                case v1::CHART_PERIOD_DAY:
                    return ChartPeriod::day;
                case v1::CHART_PERIOD_ALL_TIME:
                    return ChartPeriod::allTime;
                case v1::CHART_PERIOD_WEEK:
                case v1::CHART_PERIOD_UNSPECIFIED:
                default:
                    return ChartPeriod::week;
            }
        }

        /** A count or offset as the store takes it: out of int's range is out of bounds. */
        [[nodiscard]] int pageNumber (std::uint32_t value, int whenZero, const char* what)
        {
            if (value > 1'000'000)
                throw Error (ErrorCode::invalidArgument, std::string (what) + " " + std::to_string (value) + " is out of bounds");
            return value == 0 ? whenZero : static_cast<int> (value);
        }

        void manifestInto (const std::string& bytes, v1::TrackManifest& out)
        {
            if (! out.ParseFromString (bytes))
                throw Error (ErrorCode::internal, "a stored manifest cannot be read; the hub's database was changed by another program");
        }

        void rowInto (const ChartRow& row, v1::HubTrack& out)
        {
            out.set_track_id (row.trackId);
            out.set_artist_key (keyBytes (row.artistKey));
            out.set_artist_name (row.artistName);
            manifestInto (row.manifest, *out.mutable_manifest());
            out.set_has_cover (row.hasCover);
            out.set_listeners (static_cast<std::uint64_t> (row.listeners));
            out.set_passes (static_cast<std::uint64_t> (row.passes));
            out.set_seeders (static_cast<std::uint64_t> (row.seeders));
            out.set_score (row.score);
            out.set_rank (static_cast<std::uint32_t> (row.rank));
        }

        void releaseInto (const Release& release, v1::HubTrack& out)
        {
            out.set_track_id (release.trackId);
            out.set_artist_key (keyBytes (release.artistKey));
            out.set_artist_name (release.artistName);
            manifestInto (release.manifest, *out.mutable_manifest());
            out.set_has_cover (! release.cover.empty());
        }

        [[nodiscard]] PublicKey artistOf (HubStore& store, const v1::GetArtistRequest& request)
        {
            if (! request.artist_key().empty())
            {
                const auto key = publicKeyFrom (request.artist_key());
                if (! key)
                    throw Error (ErrorCode::invalidArgument, "an artist key is 32 bytes, not " + std::to_string (request.artist_key().size()));
                return *key;
            }
            if (request.name().empty())
                throw Error (ErrorCode::invalidArgument, "name an artist by key or by name");
            const auto keys = store.artistsNamed (request.name());
            if (keys.empty())
                throw Error (ErrorCode::notFound, "no artist on this hub goes by " + quoteInput (request.name()));
            if (keys.size() > 1)
                throw Error (ErrorCode::invalidArgument, std::to_string (keys.size()) + " artists go by " + quoteInput (request.name()) + "; name one by key");
            return keys.front();
        }

        /** Where each of the given tracks stands in an all-time chart (genre empty: every genre). */
        [[nodiscard]] std::map<std::string, int> ranksIn (HubStore& store, const ChartWeights& weights, const std::optional<std::string>& genre, std::int64_t nowMs)
        {
            ChartQuery query;
            query.genre = genre;
            query.period = ChartPeriod::allTime;
            query.nowMs = nowMs;
            query.limit = chartRows;
            query.weights = weights;
            std::map<std::string, int> ranks;
            for (const auto& row : store.chart (query))
                ranks[row.trackId] = row.rank;
            return ranks;
        }
    } // namespace

    void chart (HubStore& store, const ChartWeights& weights, const v1::GetChartRequest& request, v1::GetChartResponse& response, std::int64_t nowMs)
    {
        ChartQuery query;
        if (! request.genre().empty())
            query.genre = request.genre();
        query.period = periodOf (request.period());
        query.nowMs = nowMs;
        query.limit = pageNumber (request.limit(), chartRows, "a chart page of");
        query.offset = pageNumber (request.offset(), 0, "a chart offset of");
        query.weights = weights;
        for (const auto& row : store.chart (query))
            rowInto (row, *response.add_tracks());
    }

    void artist (HubStore& store, const ChartWeights& weights, const v1::GetArtistRequest& request, v1::GetArtistResponse& response, std::int64_t nowMs)
    {
        const auto key = artistOf (store, request);
        const auto page = store.artistPage (key, nowMs, pageNumber (request.days(), defaultSeriesDays, "a series of"));

        response.set_artist_key (keyBytes (key));
        auto& profile = *response.mutable_profile();
        if (page.profile)
        {
            profile.set_name (page.profile->name);
            profile.set_bio (page.profile->bio);
            profile.set_home_city (page.profile->homeCity);
            for (const auto& link : page.profile->links)
                profile.add_links (link);
        }
        else if (! page.tracks.empty())
            profile.set_name (page.tracks.front().release.artistName);

        const auto overall = ranksIn (store, weights, std::nullopt, nowMs);
        std::map<std::string, std::map<std::string, int>> byGenre;
        for (const auto& track : page.tracks)
        {
            auto& out = *response.add_tracks();
            releaseInto (track.release, *out.mutable_track());
            out.mutable_track()->set_listeners (static_cast<std::uint64_t> (track.listeners));
            out.mutable_track()->set_passes (static_cast<std::uint64_t> (track.passes));
            out.mutable_track()->set_seeders (static_cast<std::uint64_t> (track.seeders));
            if (const auto found = overall.find (track.release.trackId); found != overall.end())
                out.set_overall_rank (static_cast<std::uint32_t> (found->second));
            const auto& genre = track.release.genre;
            if (! byGenre.contains (genre))
                byGenre[genre] = ranksIn (store, weights, genre, nowMs);
            if (const auto found = byGenre[genre].find (track.release.trackId); found != byGenre[genre].end())
                out.set_genre_rank (static_cast<std::uint32_t> (found->second));
        }

        response.set_listens (static_cast<std::uint64_t> (page.listens));
        response.set_listeners (static_cast<std::uint64_t> (page.listeners));
        response.set_passes (static_cast<std::uint64_t> (page.passes));
        response.set_seeders (static_cast<std::uint64_t> (page.seeders));
        response.set_fan_points (static_cast<std::uint64_t> (page.pointsEarnedByFans));
        response.set_followers (static_cast<std::uint64_t> (page.followers));
        for (const auto& day : page.series)
        {
            auto& out = *response.add_daily();
            out.set_day (day.day);
            out.set_listens (static_cast<std::uint64_t> (day.listens));
            out.set_passes (static_cast<std::uint64_t> (day.passes));
        }
    }

    void search (HubStore& store, const v1::SearchRequest& request, v1::SearchResponse& response)
    {
        SearchQuery query;
        query.text = request.text();
        if (! request.genre().empty())
            query.genre = request.genre();
        if (request.bpm_min() > 0.0)
            query.bpmMin = request.bpm_min();
        if (request.bpm_max() > 0.0)
            query.bpmMax = request.bpm_max();
        if (! request.key().empty())
            query.musicalKey = request.key();
        if (request.duration_min_ms() > 0)
            query.durationMinMs = static_cast<std::int64_t> (std::min<std::uint64_t> (request.duration_min_ms(), INT64_MAX));
        if (request.duration_max_ms() > 0)
            query.durationMaxMs = static_cast<std::int64_t> (std::min<std::uint64_t> (request.duration_max_ms(), INT64_MAX));
        query.limit = pageNumber (request.limit(), defaultSearchRows, "a search page of");
        query.offset = pageNumber (request.offset(), 0, "a search offset of");

        const auto found = store.search (query);
        for (const auto& release : found.releases)
            releaseInto (release, *response.add_tracks());
        response.set_total (static_cast<std::uint64_t> (found.total));
    }

    void cover (HubStore& store, const v1::GetCoverRequest& request, v1::GetCoverResponse& response)
    {
        const auto release = store.release (request.track_id());
        if (! release || release->cover.empty())
            throw Error (ErrorCode::notFound, release ? "track " + quoteInput (request.track_id()) + " has no cover" : "no track " + quoteInput (request.track_id()) + " was released on this hub");
        response.set_cover (release->cover);
        response.set_cover_type (release->cover.starts_with ("\x89PNG") ? "image/png" : "image/jpeg");
    }
} // namespace earshot::hubAnswers
