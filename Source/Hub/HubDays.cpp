#include "HubDays.h"

#include <cmath>

namespace earshot::hubDays
{
    double growth (std::int64_t day, double halfLifeDays) noexcept
    {
        return std::exp2 (static_cast<double> (day - epochDay) / halfLifeDays);
    }
} // namespace earshot::hubDays
