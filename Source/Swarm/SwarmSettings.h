#pragma once

#include <string>
#include <vector>

namespace earshot
{
    /** How a daemon fetches pieces for a reader. Earshot streams with deadlines; the others exist
        so bench/ can measure it against the strategies other clients use, in the same swarm:
        libtorrent's sequential_download, its plain rarest-first picker, and rarest-first with the
        first and last pieces of each file first (qBittorrent's option, vlc-bittorrent). */
    enum class StreamStrategy
    {
        deadlines,
        sequential,
        rarestFirst,
        firstLast
    };

    /** The settings of a swarm session. */
    struct SwarmSettings
    {
        /** libtorrent's listen_interfaces, e.g. "0.0.0.0:6881,[::]:6881" or "127.0.0.1:0". */
        std::string listenInterfaces = "0.0.0.0:6881,[::]:6881";
        /** Upload and download caps in bytes per second; 0 is unlimited. They apply to every peer,
            local ones included, so a loopback swarm behaves like a real one. */
        int uploadRateLimit = 0;
        int downloadRateLimit = 0;
        bool enableDht = true;
        /** DHT nodes to join through ("host:port"), added at start besides libtorrent's own
            bootstrap routers (none of those in a private DHT). */
        std::vector<std::string> dhtNodes;
        /** A DHT among the nodes given (dhtNodes, SwarmSession::addDhtNode) only, as several
            daemons on one machine or a LAN form for tests: no public bootstrap routers, no rule
            against nodes sharing an address or using private addresses, and no per-address rate
            limit (every node on loopback shares 127.0.0.1). libtorrent gives a loopback socket a
            DHT node only when listenInterfaces names the address (127.0.0.1:PORT, not 0.0.0.0). */
        bool privateDht = false;
        bool enableLocalDiscovery = false;
        bool enablePortMapping = false;
        StreamStrategy strategy = StreamStrategy::deadlines;
        /** libtorrent's tick: how often time-critical pieces are re-requested and the upload and
            download caps hand out their quota. A capped seeder sends a new peer's first pieces on
            its next tick and a listener re-asks for a late opening piece on its own, so the tick
            bounds a stream's first bytes: with 10 ms on both sides instead of 100 ms,
            earshot_stream_bench's first 64 KiB came in a median of 104 ms instead of 214 ms (seek:
            125 ms instead of 244 ms), for about 3 ms more CPU a second of an idle daemon. */
        int tickIntervalMs = 10;
        /** Only pieces due within this many milliseconds get a libtorrent deadline; the rest of a
            stream's window gets one as the playhead nears. set_piece_deadline also raises a piece to
            top priority, so a whole window of deadlines would let the ordinary picker fill every
            peer's queue with later pieces in rarest-first order, ahead of the first ones. */
        int deadlineHorizonMs = 1500;
        /** The rest of a streamed file gets download priorities falling with distance from the
            reader (the window 5, then 4, 3, 2 and 1 further on and behind it), so libtorrent, which
            fetches pieces of one priority in no particular order, fetches roughly in playback
            order (DeadlineScheduler::Options::lookaheadPriorities). */
        bool lookaheadPriorities = true;
        /** While a stream is short of a piece it needs soon, every torrent nobody streams stops
            asking for pieces (libtorrent's upload mode; it keeps seeding), so the stream being
            heard gets the bandwidth, across torrents. */
        bool backgroundYieldsToStreams = true;
        /** How many peers may download from us at once; -1 lets every interested peer in at once. */
        int unchokeSlots = 8;
    };
} // namespace earshot
