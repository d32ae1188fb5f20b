#pragma once

#include <string>

namespace earshot
{
    /** Tells the service manager how the service stands, as sd_notify(3) does, without libsystemd:
        a datagram holding state ("READY=1", "STOPPING=1", "STATUS=...") to the unix socket named
        by $NOTIFY_SOCKET (a path, or '@' for an abstract one). Does nothing when that is not set
        (not started by systemd with Type=notify). Returns whether the state was sent. */
    bool notifyServiceManager (const std::string& state);
} // namespace earshot
