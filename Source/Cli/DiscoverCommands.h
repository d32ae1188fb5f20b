#pragma once

#include "Client/DaemonClient.h"

#include <CLI/CLI.hpp>

#include <functional>

namespace earshot
{
    /** Adds the hub's commands to the command line, asked through earshotd: `earshot charts`,
        `earshot artist KEY|NAME` and `earshot search TEXT` with filters. Every row prints the
        full track id. Returns what runs the command the user chose, if it was one of these
        (true), printing to standard output; it throws Error for a bad filter (naming the
        option) or what the daemon said. */
    /** Each takes --json, which sets asJson (it must outlive the returned function) and prints one
        JSON document instead. */
    [[nodiscard]] std::function<bool (DaemonClient&)> addDiscoverCommands (CLI::App& app, bool& asJson);
} // namespace earshot
