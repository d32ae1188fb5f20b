#include "TcpServer.h"

#include "Core/Error.h"

#include <grpcpp/health_check_service_interface.h>

namespace earshot
{
    TcpServer serveOnTcp (const std::string& address, grpc::Service& service, const std::string& serviceFullName, std::size_t maxMessageBytes, const std::string& what, const std::string& option)
    {
        grpc::EnableDefaultHealthCheckService (true);
        grpc::ServerBuilder builder;
        TcpServer running;
        builder.AddListeningPort (address, grpc::InsecureServerCredentials(), &running.port);
        builder.RegisterService (&service);
        builder.SetMaxReceiveMessageSize (static_cast<int> (maxMessageBytes) + 4096);
        running.server = builder.BuildAndStart();
        if (! running.server || running.port == 0)
            throw Error (ErrorCode::unavailable, "cannot serve " + what + " on " + address + " (is the port in use? pass a different " + option + ")");
        running.server->GetHealthCheckService()->SetServingStatus (serviceFullName, true);
        return running;
    }
} // namespace earshot
