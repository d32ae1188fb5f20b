#pragma once

// What the news suites share (the command line's and the app's): an artist and a fan, each a real
// earshotd, linked to one real earshot-hub; and tour dates relative to today. Header only.

#include "Core/NewsRules.h"
#include "Support/DaemonProcess.h"
#include "Support/HubProcess.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace earshot::testing
{
    /** A YYYY-MM-DD date days from today (UTC). */
    inline std::string dateFromToday (std::int64_t days)
    {
        const auto today = std::chrono::floor<std::chrono::days> (std::chrono::system_clock::now()).time_since_epoch().count();
        return newsRules::dateOfDay (today + days);
    }

    /** A hub on SQLite in root, the artist's daemon (going by "Lua Fria") and a fan's, both
        started and reporting to it. */
    struct ArtistAndFan
    {
        explicit ArtistAndFan (const std::filesystem::path& root)
            : hub ((root / "hub.sqlite3").string(), root / "hub.log"), artist (root / "artist", { "--name", "Lua Fria", "--hub", hub.address() }), fan (root / "fan", { "--hub", hub.address() })
        {
            artist.start();
            fan.start();
            artistKey = artist.client().profile().second;
        }

        HubProcess hub;
        DaemonProcess artist;
        DaemonProcess fan;
        /** The artist's key, 64 hex digits. */
        std::string artistKey;
    };
} // namespace earshot::testing
