#pragma once

#include <grpcpp/grpcpp.h>

#include <string>
#include <string_view>

namespace earshot
{
    /** Whether a local API call may go ahead: always when the daemon has no token, else only when
        the call carries it as `authorization: Bearer TOKEN` (clients allowed in over TCP). */
    [[nodiscard]] inline bool carriesToken (const grpc::CallbackServerContext* context, const std::string& token)
    {
        if (token.empty())
            return true;
        const auto& metadata = context->client_metadata();
        const auto found = metadata.find ("authorization");
        return found != metadata.end() && std::string_view (found->second.data(), found->second.size()) == "Bearer " + token;
    }

    /** The status of a call that does not carry the daemon's token. */
    [[nodiscard]] inline grpc::Status missingTokenStatus()
    {
        return { grpc::StatusCode::UNAUTHENTICATED, "this earshotd needs an access token: pass the token it was started with" };
    }
} // namespace earshot
