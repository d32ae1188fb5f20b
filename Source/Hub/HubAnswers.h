#pragma once

#include "HubStore.h"

#include <cstdint>

namespace earshot
{
    namespace v1
    {
        class GetChartRequest;
        class GetChartResponse;
        class GetArtistRequest;
        class GetArtistResponse;
        class SearchRequest;
        class SearchResponse;
        class GetCoverRequest;
        class GetCoverResponse;
    } // namespace v1

    /** What the hub answers to the questions of earshot.v1.Hub, from its store: the requests'
        defaults and limits applied, the store's records turned into the API's messages. Each
        function throws Error (invalidArgument for a request out of bounds, notFound, unavailable)
        and leaves the response half filled then; the service sends it only on success. Any
        thread, as the store allows. */
    namespace hubAnswers
    {
        void chart (HubStore& store, const ChartWeights& weights, const v1::GetChartRequest& request, v1::GetChartResponse& response, std::int64_t nowMs);
        void artist (HubStore& store, const ChartWeights& weights, const v1::GetArtistRequest& request, v1::GetArtistResponse& response, std::int64_t nowMs);
        void search (HubStore& store, const v1::SearchRequest& request, v1::SearchResponse& response);
        void cover (HubStore& store, const v1::GetCoverRequest& request, v1::GetCoverResponse& response);
    } // namespace hubAnswers
} // namespace earshot
