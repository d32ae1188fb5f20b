#pragma once

#include "Core/Error.h"
#include "Store/StoreError.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

namespace earshot
{
    /** The gRPC status a client sees for an Error: its code, and its message as it is. */
    inline grpc::Status toStatus (const Error& error)
    {
        switch (error.code())
        {
            case ErrorCode::invalidArgument:
                return { grpc::StatusCode::INVALID_ARGUMENT, error.what() };
            case ErrorCode::notFound:
                return { grpc::StatusCode::NOT_FOUND, error.what() };
            case ErrorCode::alreadyExists:
                return { grpc::StatusCode::ALREADY_EXISTS, error.what() };
            case ErrorCode::outOfRange:
                return { grpc::StatusCode::OUT_OF_RANGE, error.what() };
            case ErrorCode::failedPrecondition:
                return { grpc::StatusCode::FAILED_PRECONDITION, error.what() };
            case ErrorCode::permissionDenied:
                return { grpc::StatusCode::PERMISSION_DENIED, error.what() };
            case ErrorCode::resourceExhausted:
                return { grpc::StatusCode::RESOURCE_EXHAUSTED, error.what() };
            case ErrorCode::unavailable:
                return { grpc::StatusCode::UNAVAILABLE, error.what() };
            case ErrorCode::internal:
                break;
        }
        return { grpc::StatusCode::INTERNAL, error.what() };
    }

    /** Runs a handler body, turning what it throws into the status the client sees. */
    template <typename Fn>
    grpc::Status guarded (Fn&& body)
    {
        try
        {
            body();
            return grpc::Status::OK;
        }
        catch (const Error& error)
        {
            return toStatus (error);
        }
        catch (const StoreError& error)
        {
            spdlog::error ("library store: {}", error.what());
            return { grpc::StatusCode::INTERNAL, std::string ("the library database failed: ") + error.what() };
        }
        catch (const std::exception& error)
        {
            spdlog::error ("unexpected: {}", error.what());
            return { grpc::StatusCode::INTERNAL, error.what() };
        }
    }
} // namespace earshot
