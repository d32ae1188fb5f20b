#pragma once

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <memory>
#include <string>

namespace earshot
{
    /** A gRPC server serving one service on TCP, and the port it got. */
    struct TcpServer
    {
        std::unique_ptr<grpc::Server> server;
        int port = 0;
    };

    /** Serves service on address ("HOST:PORT"; port 0 picks a free one), taking messages of up to
        maxMessageBytes, and answers gRPC health checks for the server as a whole ("") and for the
        service by its full name, as service managers and load balancers ask. Throws Error
        (unavailable) saying that `what` cannot be served on address and that `option` takes
        another. */
    [[nodiscard]] TcpServer serveOnTcp (const std::string& address, grpc::Service& service, const std::string& serviceFullName, std::size_t maxMessageBytes, const std::string& what, const std::string& option);
} // namespace earshot
