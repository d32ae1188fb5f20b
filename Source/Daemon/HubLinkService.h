#pragma once

#include "HubReports.h"
#include "Server/CallRunner.h"

#include "earshot/v1/discovery.grpc.pb.h"

#include <string>

namespace earshot
{
    /** earshot.v1.HubLink for local clients, beside the Library API on its socket: the hub's
        address and the artist profile (HubReports keeps both). Calls run on the CallRunner's quick
        workers, so no gRPC thread waits for SQLite. With a token set, every call must carry it as
        the Library API's calls do. */
    class HubLinkService final : public v1::HubLink::CallbackService
    {
    public:
        /** calls' workers must outlive this. */
        HubLinkService (HubReports& reports, std::string token, CallRunner& calls);

        grpc::ServerUnaryReactor* SetHub (grpc::CallbackServerContext*, const v1::SetHubRequest*, v1::SetHubResponse*) override;
        grpc::ServerUnaryReactor* GetHub (grpc::CallbackServerContext*, const v1::GetHubRequest*, v1::GetHubResponse*) override;
        grpc::ServerUnaryReactor* SetProfile (grpc::CallbackServerContext*, const v1::SetProfileRequest*, v1::SetProfileResponse*) override;
        grpc::ServerUnaryReactor* GetProfile (grpc::CallbackServerContext*, const v1::GetProfileRequest*, v1::GetProfileResponse*) override;

    private:
        /** Checks the caller, then runs body (request, response) on a quick worker and answers
            with what it came to. */
        template <typename Request, typename Response, typename Fn>
        grpc::ServerUnaryReactor* unary (grpc::CallbackServerContext* context, const Request* request, Response* response, Fn body);

        HubReports& reports;
        const std::string token;
        CallRunner& calls;
    };
} // namespace earshot
