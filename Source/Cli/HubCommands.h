#pragma once

#include "Client/DaemonClient.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>

namespace earshot
{
    /** Runs the command it belongs to when that was given: its exit code, or nothing when the
        command line named another command. */
    using CommandRun = std::function<std::optional<int> (DaemonClient&)>;

    /** Adds `earshot hub` (set HOST:PORT | set none | show) and `earshot profile` (set, show): the
        discovery hub this daemon reports to and the artist profile it signs. Each takes --json,
        which sets asJson (it must outlive the returned run) and prints one JSON document. */
    [[nodiscard]] CommandRun addHubLinkCommands (CLI::App& app, bool& asJson);
} // namespace earshot
