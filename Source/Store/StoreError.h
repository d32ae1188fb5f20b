#pragma once

#include <stdexcept>

namespace earshot
{
    /** Thrown by Source/Store when SQLite fails or a file cannot be used as Earshot's database.
    The message names the database file and carries SQLite's own message, so that it can be
    shown to the user as it is. */
    class StoreError final : public std::runtime_error
    {
    public:
        using std::runtime_error::runtime_error;
    };
} // namespace earshot
