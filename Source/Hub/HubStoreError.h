#pragma once

#include <stdexcept>
#include <string>

namespace earshot
{
    /** Thrown by a HubStore. The kind says what the hub should answer (gRPC status), the message
        names the thing and what to do. */
    class HubStoreError final : public std::runtime_error
    {
    public:
        enum class Kind
        {
            /** A record or query the store cannot take (INVALID_ARGUMENT). */
            invalidArgument,
            /** A release whose track id belongs to another artist (PERMISSION_DENIED). */
            wrongArtist,
            /** The artist is not known (NOT_FOUND). */
            notFound,
            /** The database server cannot be reached; the next call tries again (UNAVAILABLE). */
            unavailable,
            /** The database refused or failed otherwise (INTERNAL). */
            failed
        };

        HubStoreError (Kind errorKind, const std::string& message)
            : std::runtime_error (message), errorKind (errorKind)
        {
        }

        [[nodiscard]] Kind kind() const noexcept { return errorKind; }

    private:
        Kind errorKind;
    };
} // namespace earshot
