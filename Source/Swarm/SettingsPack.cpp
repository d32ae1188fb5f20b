#include "SettingsPack.h"

#include <libtorrent/ip_filter.hpp>
#include <libtorrent/session.hpp>

#include <spdlog/spdlog.h>

#include <cstdlib>

namespace earshot
{
    bool usesConnectBaseline()
    {
        return std::getenv ("EARSHOT_SWARM_CONNECT_BASELINE") != nullptr;
    }

    namespace
    {
        /** See SwarmSettings::privateDht. */
        void usePrivateDht (lt::settings_pack& pack)
        {
            pack.set_str (lt::settings_pack::dht_bootstrap_nodes, "");
            // libtorrent keeps one routing-table entry per address and none from private ranges, and
            // answers a search from such nodes with nothing: on loopback every node is 127.0.0.1.
            pack.set_bool (lt::settings_pack::dht_restrict_routing_ips, false);
            pack.set_bool (lt::settings_pack::dht_restrict_search_ips, false);
            // The anti-flood blocker counts requests per address, so every other node on the machine
            // would share one allowance and be blocked within a few lookups.
            pack.set_int (lt::settings_pack::dht_block_ratelimit, 1'000'000);
            pack.set_int (lt::settings_pack::dht_upload_rate_limit, 1'000'000);
            // A document torrent is found through the DHT as soon as it is seeded and looked for; with
            // libtorrent's 15 minutes between announces, a seed added before the DHT had nodes would
            // stay unknown that long.
            pack.set_int (lt::settings_pack::dht_announce_interval, 5);
        }
    } // namespace

    lt::settings_pack settingsPackOf (const SwarmSettings& settings)
    {
        lt::settings_pack pack;
        pack.set_str (lt::settings_pack::listen_interfaces, settings.listenInterfaces);
        pack.set_str (lt::settings_pack::user_agent, "Earshot/0.1");
        auto alerts = lt::alert_category::status | lt::alert_category::error | lt::alert_category::storage | lt::alert_category::piece_progress | lt::alert_category::file_progress | lt::alert_category::block_progress;
        alerts |= lt::alert_category::peer; // peer_ban_alert: a stream that stalls says peers were banned
        alerts |= lt::alert_category::dht; // the answers to BEP 44 puts and gets (DhtItems)
        // At trace level every peer's wire conversation goes to the log (choke, interest,
        // requests, rejects): what it takes to see why a peer stops sending.
        if (spdlog::should_log (spdlog::level::trace))
            alerts |= lt::alert_category::peer_log | lt::alert_category::connect;
        pack.set_int (lt::settings_pack::alert_mask, alerts);
        pack.set_int (lt::settings_pack::upload_rate_limit, settings.uploadRateLimit);
        pack.set_int (lt::settings_pack::download_rate_limit, settings.downloadRateLimit);
        pack.set_bool (lt::settings_pack::enable_dht, settings.enableDht);
        if (settings.privateDht)
            usePrivateDht (pack);
        pack.set_bool (lt::settings_pack::enable_lsd, settings.enableLocalDiscovery);
        pack.set_bool (lt::settings_pack::enable_upnp, settings.enablePortMapping);
        pack.set_bool (lt::settings_pack::enable_natpmp, settings.enablePortMapping);
        // Several daemons on one machine form a swarm over loopback.
        pack.set_bool (lt::settings_pack::allow_multiple_connections_per_ip, true);
        pack.set_int (lt::settings_pack::tick_interval, settings.tickIntervalMs);
        // Until a peer holds this many pieces libtorrent picks random ones, whatever their
        // priority or deadline, so it has something to trade. A listener wants the opening
        // pieces first; the swarm's health is served by rarest-first for the rest of the file.
        pack.set_int (lt::settings_pack::initial_picker_threshold, 0);
        pack.set_int (lt::settings_pack::unchoke_slots_limit, settings.unchokeSlots);
        // How peers are dialled (issue 10). earshot_client_interop_bench times the first 64 KiB
        // from aria2, qBittorrent and Transmission with these settings beside the ones before
        // them, which EARSHOT_SWARM_CONNECT_BASELINE brings back for that side-by-side run.
        if (! usesConnectBaseline())
        {
            // TCP first. libtorrent dials uTP first and turns to TCP only when the uTP handshake
            // has timed out (3 s, then the next connect round): a peer without uTP (aria2,
            // qBittorrent or Transmission with it off) cost 4 s before its first byte. Every
            // common client takes TCP. A peer that takes uTP only (qBittorrent's "uTP" protocol
            // setting) can no longer be dialled, but it can still dial us: incoming uTP stays on.
            pack.set_bool (lt::settings_pack::enable_outgoing_utp, false);
            // libtorrent's first dial of a peer from a tracker or the DHT is unencrypted and the
            // next one encrypted, so a peer that requires encryption closes the first and is
            // reached on the retry: about 1 s after it with 1 s here, 10 s with 10. (The peers a
            // track is added with are dialled encrypted first: see attach. Encrypting every
            // dial, out_enc_policy pe_forced, would lose every peer that refuses encryption.)
            // A refused dial waits (failures + 1) x this, so ten tries
            // instead of three keep a peer that turned us away (still checking its data, say) on
            // the list for about as long as before, some 50 s. The cost: a peer that takes the
            // connection and then closes it (no failure to libtorrent) is dialled again every
            // second instead of every 10 s.
            pack.set_int (lt::settings_pack::min_reconnect_time, 1);
            pack.set_int (lt::settings_pack::max_failcount, 10);
        }
        else
        {
            // A music swarm is small: a peer that turned us away (still checking its data, say)
            // may be the only one with the track, so try it again after 10 s, not libtorrent's 60.
            pack.set_int (lt::settings_pack::min_reconnect_time, 10);
        }
        // A listener waits on the very piece a lost request was for: ask again within seconds,
        // not libtorrent's minute (a peer that re-chokes us may drop requests without a word).
        pack.set_int (lt::settings_pack::request_timeout, 10);
        pack.set_int (lt::settings_pack::piece_timeout, 10);
        // A peer answers requests in the order they came. libtorrent keeps request_queue_time
        // seconds of a peer's rate asked for (3 s by default), so a deadline piece asked for
        // after a seek waits behind that many seconds of ordinary pieces. One second keeps the
        // pipe full on loopback and LAN and lets a seek be heard about three times sooner.
        pack.set_int (lt::settings_pack::request_queue_time, 1);
        // As a seeder: libtorrent reads ahead into a peer's send buffer up to half a second of
        // the rate it uploads to it (send_buffer_watermark_factor 50%), and whatever is in it goes
        // out before anything the peer asks for next, a streaming peer's seek included. A tenth
        // of a second keeps the upload fed (the rate cap, not the disk, is the limit here).
        pack.set_int (lt::settings_pack::send_buffer_watermark_factor, 10);
        // Every track is always active: no queueing behind other torrents.
        pack.set_int (lt::settings_pack::active_downloads, -1);
        pack.set_int (lt::settings_pack::active_seeds, -1);
        pack.set_int (lt::settings_pack::active_limit, -1);
        // A library of 10,000 tracks posts alerts by the thousand at once: some 80,000 as it is
        // restored, one resume-data alert per torrent as the session stops. libtorrent's queue of
        // 2,000 dropped some at the stop (their resume data lost, the stop waiting out its grace),
        // and a dropped read_piece_alert would leave a stream waiting for bytes already read.
        // Queued alerts cost memory only while they wait.
        pack.set_int (lt::settings_pack::alert_queue_size, 100'000);
        return pack;
    }

    void rateLimitEveryPeer (lt::session& session)
    {
        // Peers on the local network are exempt from rate limits by default; put every address in
        // the global class so the caps hold on loopback too.
        lt::ip_filter classes;
        const auto global = 1u << static_cast<std::uint32_t> (lt::session::global_peer_class_id);
        classes.add_rule (lt::make_address ("0.0.0.0"), lt::make_address ("255.255.255.255"), global);
        classes.add_rule (lt::make_address ("::"), lt::make_address ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), global);
        session.set_peer_class_filter (classes);
    }
} // namespace earshot
