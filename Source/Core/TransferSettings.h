#pragma once

#include <cstdint>
#include <string>

namespace earshot
{
    /** What a user may change in a running daemon's swarm (earshot.v1 Library.SetSettings): the
        rate caps and the BitTorrent port. The daemon keeps them in its data folder, so a restart
        keeps them too. */
    struct TransferSettings
    {
        /** Upload and download caps in bytes per second over every peer; 0 is none. */
        std::int64_t uploadBytesPerSecond = 0;
        std::int64_t downloadBytesPerSecond = 0;
        /** The TCP/uTP port BitTorrent peers reach this daemon on; 0 picks a free one. */
        int listenPort = 0;

        bool operator== (const TransferSettings&) const = default;

        /** The highest cap libtorrent takes (its settings are ints). */
        static constexpr std::int64_t maxBytesPerSecond = 2'147'483'647;
    };

    /** Throws Error (invalidArgument) naming the field and the value that is wrong: a negative or
        too large cap, a port outside 0 to 65535. */
    void checkTransferSettings (const TransferSettings& settings);

    /** libtorrent's listen_interfaces ("0.0.0.0:6881,[::]:6881") with every interface on port
        instead. Throws Error (invalidArgument) for an entry without a port. */
    [[nodiscard]] std::string listenInterfacesWithPort (const std::string& interfaces, int port);

    /** The port of the first interface of listen_interfaces; 0 when none is named. */
    [[nodiscard]] int portOfListenInterfaces (const std::string& interfaces);
} // namespace earshot
