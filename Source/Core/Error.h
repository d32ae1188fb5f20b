#pragma once

#include <stdexcept>
#include <string>

namespace earshot
{
    /** What kind of failure an Error is; the daemon maps these onto gRPC status codes. */
    enum class ErrorCode
    {
        invalidArgument,
        notFound,
        alreadyExists,
        outOfRange,
        failedPrecondition,
        permissionDenied,
        resourceExhausted,
        unavailable,
        internal
    };

    /** The typed exception thrown at module edges. Its message names the thing that was wrong and,
        where there is one, what to do about it: it is shown to users as it is. */
    class Error final : public std::runtime_error
    {
    public:
        Error (ErrorCode code, const std::string& message)
            : std::runtime_error (message), errorCode (code)
        {
        }

        [[nodiscard]] ErrorCode code() const noexcept { return errorCode; }

    private:
        ErrorCode errorCode;
    };
} // namespace earshot
