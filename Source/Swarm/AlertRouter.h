#pragma once

#include <libtorrent/alert_types.hpp>

#include <functional>
#include <vector>

namespace earshot
{
    /** Sends each libtorrent alert to the handler registered for its type; alerts nobody handles
        are dropped. Alerts die at the next pop_alerts, so a handler turns what it needs into our
        own types at once. Swarm thread only. */
    class AlertRouter final
    {
    public:
        /** Registers the handler of one alert type (one per type; a second replaces the first). */
        template <typename AlertType>
        void on (std::function<void (const AlertType&)> handler)
        {
            static_assert (AlertType::alert_type >= 0 && AlertType::alert_type < lt::num_alert_types);
            handlers.resize (lt::num_alert_types);
            handlers[AlertType::alert_type] = [handler = std::move (handler)] (const lt::alert& alert)
            { handler (static_cast<const AlertType&> (alert)); };
        }

        /** Calls the handler of each alert's type, in order. */
        void route (const std::vector<lt::alert*>& alerts) const;

    private:
        std::vector<std::function<void (const lt::alert&)>> handlers;
    };
} // namespace earshot
