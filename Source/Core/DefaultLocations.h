#pragma once

#include <filesystem>
#include <string>

namespace earshot
{
    /** Where earshotd keeps its library by default: $XDG_DATA_HOME/earshot, else
        ~/.local/share/earshot (the XDG base directory rules). */
    [[nodiscard]] std::filesystem::path defaultDataDirectory();

    /** Where the app and the plugins keep copies of complete tracks they hand to other programs (a
        DAW's timeline): $XDG_CACHE_HOME/earshot/exports, else ~/.cache/earshot/exports. */
    [[nodiscard]] std::filesystem::path defaultExportDirectory();

    /** The default address of the local API: a unix socket in $XDG_RUNTIME_DIR/earshot/, else in
        /tmp/earshot-UID/ when there is no runtime directory (a root shell, a container). As gRPC
        writes it: "unix:/path/earshotd.sock". */
    [[nodiscard]] std::string defaultApiAddress();

    /** The folder of a "unix:" address, or empty for a TCP one. */
    [[nodiscard]] std::filesystem::path socketDirectoryOf (const std::string& address);
} // namespace earshot
