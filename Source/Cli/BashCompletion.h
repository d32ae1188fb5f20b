#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace earshot
{
    /** A bash completion script for a CLI11 command tree: every subcommand, however deep, with its
        options, for the program named program. Sourced by bash (bash-completion loads it from
        share/bash-completion/completions/<program>), it completes subcommand names, each command's
        options, and file names where a command takes paths or an option a text value; a numeric
        option's value gets no completion.

        `earshot --bash-completion` prints it, and the build installs what it prints, so the
        script always has the commands the program has. */
    [[nodiscard]] std::string bashCompletion (const CLI::App& app, const std::string& program);
} // namespace earshot
