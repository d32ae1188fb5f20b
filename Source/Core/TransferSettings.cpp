#include "TransferSettings.h"

#include "Error.h"

#include <charconv>

namespace earshot
{
    namespace
    {
        void checkRate (std::int64_t bytesPerSecond, const char* what)
        {
            if (bytesPerSecond < 0)
                throw Error (ErrorCode::invalidArgument, std::string ("the ") + what + " limit " + std::to_string (bytesPerSecond) + " bytes/s is negative: give 0 for none, or a cap in bytes per second");
            if (bytesPerSecond > TransferSettings::maxBytesPerSecond)
                throw Error (ErrorCode::invalidArgument, std::string ("the ") + what + " limit " + std::to_string (bytesPerSecond) + " bytes/s is over the most it can be, " + std::to_string (TransferSettings::maxBytesPerSecond) + " (give 0 for none)");
        }
    } // namespace

    void checkTransferSettings (const TransferSettings& settings)
    {
        checkRate (settings.uploadBytesPerSecond, "upload");
        checkRate (settings.downloadBytesPerSecond, "download");
        if (settings.listenPort < 0 || settings.listenPort > 65535)
            throw Error (ErrorCode::invalidArgument, "the listen port " + std::to_string (settings.listenPort) + " is not a TCP port: give 1 to 65535, or 0 for a free one");
    }

    std::string listenInterfacesWithPort (const std::string& interfaces, int port)
    {
        std::string result;
        std::size_t start = 0;
        while (start <= interfaces.size())
        {
            const auto end = std::min (interfaces.find (',', start), interfaces.size());
            const auto entry = interfaces.substr (start, end - start);
            const auto colon = entry.rfind (':');
            if (colon == std::string::npos || colon == 0 || (entry.back() == ']'))
                throw Error (ErrorCode::invalidArgument, "the listen interface '" + entry + "' names no port");
            if (! result.empty())
                result += ',';
            result += entry.substr (0, colon + 1) + std::to_string (port);
            start = end + 1;
        }
        return result;
    }

    int portOfListenInterfaces (const std::string& interfaces)
    {
        const auto first = interfaces.substr (0, interfaces.find (','));
        const auto colon = first.rfind (':');
        if (colon == std::string::npos || first.back() == ']')
            return 0;
        int port = 0;
        const auto* begin = first.data() + colon + 1;
        const auto* end = first.data() + first.size();
        const auto [at, error] = std::from_chars (begin, end, port);
        return error == std::errc() && at == end ? port : 0;
    }
} // namespace earshot
