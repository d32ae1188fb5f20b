#pragma once

#include "HubCommands.h"

#include <CLI/CLI.hpp>

#include <atomic>

namespace earshot
{
    /** Adds following artists and their news to the command line, asked of earshotd's News
        service: `earshot follow KEY|NAME`, `earshot unfollow KEY|NAME` (a name among the artists
        followed), `earshot following`, `earshot tour add|list|remove` (this daemon's own tour
        dates, as an artist), and `earshot news [--watch] [--home-city CITY]`. Keys are printed in
        full, as `earshot artist` prints them. `news --watch` asks for what was filed since, about
        once a second, until interrupted is set, and says when a date shown is called off.
        `following`, `tour list` and `news` (without --watch) take --json, which sets asJson (it must
        outlive the returned run) and prints one JSON document instead. */
    [[nodiscard]] CommandRun addNewsCommands (CLI::App& app, const std::atomic<bool>& interrupted, bool& asJson);
} // namespace earshot
