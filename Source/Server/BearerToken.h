#pragma once

#include <grpcpp/grpcpp.h>

#include <string>
#include <string_view>

namespace earshot
{
    /** Whether a call carries the access token as `authorization: Bearer TOKEN` metadata; any call
        does when no token is set. */
    [[nodiscard]] inline bool carriesToken (const grpc::CallbackServerContext& context, const std::string& token)
    {
        if (token.empty())
            return true;
        const auto& metadata = context.client_metadata();
        const auto found = metadata.find ("authorization");
        return found != metadata.end() && std::string_view (found->second.data(), found->second.size()) == "Bearer " + token;
    }

    /** What a call without the access token is answered. */
    [[nodiscard]] inline grpc::Status missingTokenStatus()
    {
        return { grpc::StatusCode::UNAUTHENTICATED, "this earshotd needs an access token: pass the token it was started with" };
    }
} // namespace earshot
