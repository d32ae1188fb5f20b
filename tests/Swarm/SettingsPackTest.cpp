// What a daemon's swarm settings become in a real libtorrent session: the settings that decide how
// soon a stream's first bytes come (the tick, the picker's start, the request queue) reach it.

#include "Swarm/SettingsPack.h"

#include <gtest/gtest.h>

#include <libtorrent/session.hpp>
#include <libtorrent/session_params.hpp>

namespace earshot
{
    namespace
    {
        lt::settings_pack appliedTo (const SwarmSettings& settings)
        {
            auto pack = settingsPackOf (settings);
            // A session of its own, on loopback, with nothing but the pack: what libtorrent keeps.
            pack.set_str (lt::settings_pack::listen_interfaces, "127.0.0.1:0");
            pack.set_bool (lt::settings_pack::enable_dht, false);
            lt::session session (lt::session_params (std::move (pack)));
            return session.get_settings();
        }
    } // namespace

    TEST (SettingsPack, TheTickIsShortEnoughForAStreamsFirstBytes)
    {
        // A capped seeder hands out upload quota once a tick, and a listener re-asks for a late
        // piece once a tick: libtorrent's 500 ms (or the 100 ms Earshot had) put that much before a
        // stream's first 64 KiB.
        const auto applied = appliedTo (SwarmSettings {});
        EXPECT_LE (applied.get_int (lt::settings_pack::tick_interval), 25);
        EXPECT_EQ (applied.get_int (lt::settings_pack::tick_interval), SwarmSettings {}.tickIntervalMs);
    }

    TEST (SettingsPack, AChosenTickAndUnchokeSlotsReachTheSession)
    {
        SwarmSettings settings;
        settings.tickIntervalMs = 40;
        settings.unchokeSlots = 3;
        const auto applied = appliedTo (settings);
        EXPECT_EQ (applied.get_int (lt::settings_pack::tick_interval), 40);
        EXPECT_EQ (applied.get_int (lt::settings_pack::unchoke_slots_limit), 3);
    }

    TEST (SettingsPack, AStreamsOpeningIsPickedFirstAndAskedForOneSecondAhead)
    {
        const auto applied = appliedTo (SwarmSettings {});
        // No random pieces before the priorities count, and a deadline piece waits behind one
        // second of a peer's queue, not libtorrent's three.
        EXPECT_EQ (applied.get_int (lt::settings_pack::initial_picker_threshold), 0);
        EXPECT_EQ (applied.get_int (lt::settings_pack::request_queue_time), 1);
    }
} // namespace earshot
