#include "LocalTime.h"

#include <ctime>

namespace earshot
{
    std::string localTime (std::int64_t unixMs)
    {
        if (unixMs <= 0)
            return "never";
        const auto seconds = static_cast<std::time_t> (unixMs / 1000);
        std::tm local {};
        ::localtime_r (&seconds, &local);
        char text[64];
        std::strftime (text, sizeof (text), "%Y-%m-%d %H:%M:%S", &local);
        return text;
    }
} // namespace earshot
