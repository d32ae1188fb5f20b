#pragma once

#include "Server/BearerToken.h"

#include <grpcpp/grpcpp.h>

namespace earshot
{
    /** The status of a call that does not carry the daemon's token. */
    [[nodiscard]] inline grpc::Status missingTokenStatus()
    {
        return { grpc::StatusCode::UNAUTHENTICATED, "this earshotd needs an access token: pass the token it was started with" };
    }
} // namespace earshot
