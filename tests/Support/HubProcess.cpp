#include "HubProcess.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <regex>
#include <stdexcept>
#include <thread>

namespace earshot::testing
{
    HubProcess::HubProcess (const std::string& database, const std::filesystem::path& logFile, std::vector<std::string> extraArguments, const std::string& listen)
        : log (logFile)
    {
        std::vector<std::string> arguments { binary(), "--listen", listen, "--database", database };
        arguments.insert (arguments.end(), extraArguments.begin(), extraArguments.end());
        process = std::make_unique<ChildProcess> (std::move (arguments), logFile);

        const std::regex ready ("earshot-hub ready: api (127\\.0\\.0\\.1:[0-9]+)");
        for (int attempt = 0; attempt < 200 && apiAddress.empty(); ++attempt)
        {
            const auto text = output();
            if (std::smatch found; std::regex_search (text, found, ready))
                apiAddress = found[1];
            else if (! process->running())
                throw std::runtime_error ("earshot-hub exited: " + text);
            else
                std::this_thread::sleep_for (std::chrono::milliseconds (100));
        }
        if (apiAddress.empty())
            throw std::runtime_error ("earshot-hub did not start within 20 s: " + output());
        hub = v1::Hub::NewStub (grpc::CreateChannel (apiAddress, grpc::InsecureChannelCredentials()));
    }

    HubProcess::~HubProcess() = default;

    std::string HubProcess::output() const
    {
        std::ifstream in (log);
        return { std::istreambuf_iterator<char> (in), std::istreambuf_iterator<char>() };
    }

    std::string HubProcess::binary()
    {
        return EARSHOT_HUB_BINARY;
    }
} // namespace earshot::testing
