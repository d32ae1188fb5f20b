#pragma once

#include <cstdint>
#include <string>

namespace earshot
{
    /** A time as the user's local date and time ("2026-12-01 14:03:09"), or "never" for 0. */
    [[nodiscard]] std::string localTime (std::int64_t unixMs);
} // namespace earshot
