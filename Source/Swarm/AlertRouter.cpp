#include "AlertRouter.h"

namespace earshot
{
    void AlertRouter::route (const std::vector<lt::alert*>& alerts) const
    {
        for (const auto* alert : alerts)
        {
            const auto type = static_cast<std::size_t> (alert->type());
            if (type < handlers.size() && handlers[type])
                handlers[type](*alert);
        }
    }
} // namespace earshot
