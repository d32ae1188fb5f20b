// The standard gRPC services earshotd serves beside its own: health checking, for service managers
// and load balancers, and reflection, for grpcurl-style tools. Called as any tool would, without
// generated code.

#include "Support/DaemonProcess.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <csignal>
#include <future>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    std::string bytesOf (const grpc::ByteBuffer& buffer)
    {
        std::vector<grpc::Slice> slices;
        (void) buffer.Dump (&slices);
        std::string bytes;
        for (const auto& slice : slices)
            bytes.append (reinterpret_cast<const char*> (slice.begin()), slice.size());
        return bytes;
    }

    grpc::ByteBuffer bufferOf (const std::string& bytes)
    {
        grpc::Slice slice (bytes);
        return grpc::ByteBuffer (&slice, 1);
    }

    /** Asks the health service at address about one service by name (HealthCheckRequest, field 1). */
    grpc::Status checkHealth (const std::string& address, const std::string& service, std::string& reply)
    {
        grpc::GenericStub stub (grpc::CreateChannel (address, grpc::InsecureChannelCredentials()));
        grpc::ClientContext context;
        context.set_deadline (std::chrono::system_clock::now() + std::chrono::seconds (10));
        const auto request = bufferOf (std::string ("\x0a", 1) + static_cast<char> (service.size()) + service);
        grpc::ByteBuffer response;
        std::promise<grpc::Status> done;
        stub.UnaryCall (&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response, [&] (grpc::Status status)
                        { done.set_value (status); });
        const auto status = done.get_future().get();
        reply = status.ok() ? bytesOf (response) : std::string();
        return status;
    }

    /** Sends one request on a bidirectional stream and collects the first response. */
    class OneExchange final : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>
    {
    public:
        OneExchange (grpc::GenericStub& stub, const std::string& method, const std::string& request)
            : outgoing (bufferOf (request))
        {
            stub.PrepareBidiStreamingCall (&context, method, grpc::StubOptions(), this);
            StartWrite (&outgoing);
            StartRead (&incoming);
            StartCall();
        }

        void OnWriteDone (bool) override { StartWritesDone(); }
        void OnReadDone (bool ok) override
        {
            if (ok)
                reply = bytesOf (incoming);
        }
        void OnDone (const grpc::Status& status) override { done.set_value (status); }

        grpc::ClientContext context;
        grpc::ByteBuffer outgoing, incoming;
        std::string reply;
        std::promise<grpc::Status> done;
    };
} // namespace

TEST (ApiServices, HealthCheckingSaysTheDaemonIsServing)
{
    TemporaryDirectory root ("earshot-health");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();

    grpc::GenericStub stub (grpc::CreateChannel (daemon.apiAddress(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    const auto request = bufferOf (""); // HealthCheckRequest {}: the server as a whole
    grpc::ByteBuffer response;
    std::promise<grpc::Status> done;
    stub.UnaryCall (&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response, [&] (grpc::Status status)
                    { done.set_value (status); });

    const auto status = done.get_future().get();
    ASSERT_TRUE (status.ok()) << status.error_message();
    EXPECT_EQ (bytesOf (response), std::string ("\x08\x01", 2)); // HealthCheckResponse { status: SERVING }
}

TEST (ApiServices, HealthCheckingKnowsEachServiceTheDaemonServesByName)
{
    // A service manager or a load balancer asks about the service it needs, by its full name: the
    // local API serves earshot.v1.Library, the Friends port earshot.v1.Friends.
    TemporaryDirectory root ("earshot-health-services");
    const auto friendsPort = freeLoopbackPort();
    DaemonProcess daemon (root.path() / "daemon", { "--friends-listen", "127.0.0.1:" + std::to_string (friendsPort) });
    daemon.start();
    const std::string serving ("\x08\x01", 2); // HealthCheckResponse { status: SERVING }

    std::string reply;
    auto status = checkHealth (daemon.apiAddress(), "earshot.v1.Library", reply);
    ASSERT_TRUE (status.ok()) << "earshot.v1.Library: " << status.error_code() << " " << status.error_message();
    EXPECT_EQ (reply, serving);

    const auto friendsAddress = "127.0.0.1:" + std::to_string (friendsPort);
    status = checkHealth (friendsAddress, "earshot.v1.Friends", reply);
    ASSERT_TRUE (status.ok()) << "earshot.v1.Friends: " << status.error_code() << " " << status.error_message();
    EXPECT_EQ (reply, serving);
    status = checkHealth (friendsAddress, "", reply);
    ASSERT_TRUE (status.ok()) << "the Friends server as a whole: " << status.error_code() << " " << status.error_message();
    EXPECT_EQ (reply, serving);

    // A service a server does not have is not found there, rather than said to be serving.
    EXPECT_EQ (checkHealth (daemon.apiAddress(), "earshot.v1.Friends", reply).error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ (checkHealth (friendsAddress, "earshot.v1.Library", reply).error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ (checkHealth (daemon.apiAddress(), "earshot.v1.Nothing", reply).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST (ApiServices, ReflectionListsTheLibraryService)
{
    TemporaryDirectory root ("earshot-reflection");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();

    grpc::GenericStub stub (grpc::CreateChannel (daemon.apiAddress(), grpc::InsecureChannelCredentials()));
    // ServerReflectionRequest { list_services: "" } is field 7, length-delimited, empty.
    OneExchange exchange (stub, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", std::string ("\x3a\x00", 2));
    const auto status = exchange.done.get_future().get();
    ASSERT_TRUE (status.ok()) << status.error_message();
    EXPECT_NE (exchange.reply.find ("earshot.v1.Library"), std::string::npos);
    EXPECT_NE (exchange.reply.find ("grpc.health.v1.Health"), std::string::npos);
}

TEST (ApiServices, ATcpApiWithATokenRefusesClientsWithoutIt)
{
    TemporaryDirectory root ("earshot-token");

    // A free loopback port for the API.
    const int probe = ::socket (AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    ASSERT_EQ (::bind (probe, reinterpret_cast<sockaddr*> (&address), sizeof (address)), 0);
    socklen_t length = sizeof (address);
    ::getsockname (probe, reinterpret_cast<sockaddr*> (&address), &length);
    ::close (probe);
    const auto api = "127.0.0.1:" + std::to_string (ntohs (address.sin_port));

    const auto binary = DaemonProcess::binary();
    const auto data = (root.path() / "data").string();
    const pid_t pid = ::fork();
    if (pid == 0)
    {
        ::execl (binary.c_str(), binary.c_str(), "--data-dir", data.c_str(), "--listen", api.c_str(), "--token", "s3cret", "--bt-interface", "127.0.0.1", "--bt-port", "0", "--no-dht", "--friends-listen", "127.0.0.1:0", nullptr);
        ::_exit (127);
    }

    DaemonClient withToken (api, "s3cret");
    bool ready = false;
    for (int i = 0; i < 100 && ! ready; ++i)
        ready = withToken.waitUntilReady (std::chrono::milliseconds (100));
    ASSERT_TRUE (ready);
    EXPECT_EQ (withToken.listTracks().size(), 0u);

    for (const auto* token : { "", "wrong" })
    {
        DaemonClient client (api, token);
        try
        {
            (void) client.listTracks();
            ADD_FAILURE() << "a client with token '" << token << "' was let in";
        }
        catch (const Error& error)
        {
            EXPECT_EQ (error.code(), ErrorCode::permissionDenied) << error.what();
            EXPECT_NE (std::string (error.what()).find ("token"), std::string::npos) << error.what();
        }
    }

    ::kill (pid, SIGTERM);
    ::waitpid (pid, nullptr, 0);
}
