#include "HubLinkService.h"

#include "Server/BearerToken.h"
#include "Server/GrpcStatus.h"

namespace earshot
{
    HubLinkService::HubLinkService (HubReports& hubReports, std::string accessToken, CallRunner& callRunner)
        : reports (hubReports), token (std::move (accessToken)), calls (callRunner)
    {
    }

    template <typename Request, typename Response, typename Fn>
    grpc::ServerUnaryReactor* HubLinkService::unary (grpc::CallbackServerContext* context, const Request* request, Response* response, Fn body)
    {
        if (! carriesToken (*context, token))
        {
            auto* reactor = context->DefaultReactor();
            reactor->Finish (missingTokenStatus());
            return reactor;
        }
        return calls.start (context, request, response, CallRunner::Lane::quick, [body = std::move (body)] (const Request& in, Response& out, const CallRunner::Completion& done)
                            { done (guarded ([&]
                                             { body (in, out); })); });
    }

    grpc::ServerUnaryReactor* HubLinkService::SetHub (grpc::CallbackServerContext* context, const v1::SetHubRequest* request, v1::SetHubResponse* response)
    {
        return unary (context, request, response, [this] (const auto& in, auto&)
                      { reports.setHub (in.address()); });
    }

    grpc::ServerUnaryReactor* HubLinkService::GetHub (grpc::CallbackServerContext* context, const v1::GetHubRequest* request, v1::GetHubResponse* response)
    {
        return unary (context, request, response, [this] (const auto&, auto& out)
                      { out = reports.hub(); });
    }

    grpc::ServerUnaryReactor* HubLinkService::SetProfile (grpc::CallbackServerContext* context, const v1::SetProfileRequest* request, v1::SetProfileResponse* response)
    {
        return unary (context, request, response, [this] (const auto& in, auto&)
                      { reports.setProfile (in.profile()); });
    }

    grpc::ServerUnaryReactor* HubLinkService::GetProfile (grpc::CallbackServerContext* context, const v1::GetProfileRequest* request, v1::GetProfileResponse* response)
    {
        return unary (context, request, response, [this] (const auto&, auto& out)
                      { out = reports.profile(); });
    }
} // namespace earshot
