#include "PeerEndpoint.h"

#include "Core/Error.h"
#include "Core/QuoteInput.h"

#include <libtorrent/address.hpp>
#include <libtorrent/error_code.hpp>

namespace earshot
{
    lt::tcp::endpoint parseEndpoint (const std::string& text)
    {
        auto colon = text.rfind (':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
            throw Error (ErrorCode::invalidArgument, quoteInput (text) + " is not a peer address; write it as ip:port, e.g. 127.0.0.1:6881");

        auto host = text.substr (0, colon);
        if (host.size() > 2 && host.front() == '[' && host.back() == ']')
            host = host.substr (1, host.size() - 2);

        lt::error_code ec;
        auto address = lt::make_address (host, ec);
        if (ec)
            throw Error (ErrorCode::invalidArgument, quoteInput (host) + " is not an IP address: " + ec.message());

        int port = 0;
        try
        {
            std::size_t used = 0;
            port = std::stoi (text.substr (colon + 1), &used);
            if (used != text.size() - colon - 1)
                port = -1;
        }
        catch (const std::exception&)
        {
            port = -1;
        }
        if (port <= 0 || port > 65535)
            throw Error (ErrorCode::invalidArgument, quoteInput (text.substr (colon + 1)) + " is not a port number (1 to 65535)");

        return { address, static_cast<unsigned short> (port) };
    }
} // namespace earshot
