#pragma once

#include <libtorrent/socket.hpp>

#include <string>

namespace earshot
{
    /** A peer's address as "ip:port" ("[ip]:port" for IPv6). Throws Error (invalidArgument) naming
        what is wrong with it. */
    [[nodiscard]] lt::tcp::endpoint parseEndpoint (const std::string& text);
} // namespace earshot
