// DaemonClient against a real earshotd that hangs: a stopped process still accepts connections on
// its socket but never answers, as a deadlocked daemon would.

#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <future>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

TEST (DaemonClient, AUnaryCallToAHungDaemonFailsWithAnErrorNamingTheCallAndTheDaemon)
{
    TemporaryDirectory root ("earshot-client-hung");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    DaemonClient client (daemon.apiAddress());
    client.setCallTimeout (2s);
    (void) client.daemonInfo(); // connected: the channel is ready before the daemon hangs

    daemon.suspend();
    auto call = std::async (std::launch::async, [&]() -> std::optional<Error>
                            {
                                try
                                {
                                    (void) client.getTrack ("0123456789abcdef");
                                    return std::nullopt;
                                }
                                catch (const Error& error)
                                {
                                    return error;
                                } });
    // A bound for the test, not a timing assertion: without a time limit the call never returns.
    const bool returned = call.wait_for (60s) == std::future_status::ready;
    daemon.resume();
    ASSERT_TRUE (returned) << "getTrack hung on a stopped daemon";
    const auto error = call.get();
    ASSERT_TRUE (error.has_value()) << "getTrack answered from a stopped daemon";
    EXPECT_EQ (error->code(), ErrorCode::unavailable);
    const std::string message = error->what();
    EXPECT_NE (message.find ("GetTrack"), std::string::npos) << message;
    EXPECT_NE (message.find (daemon.apiAddress()), std::string::npos) << message;
    EXPECT_NE (message.find ("did not answer"), std::string::npos) << message;

    // Once the daemon runs again, the same client's calls go through (under the usual limit: a
    // daemon just woken on a loaded machine may take more than the two seconds above).
    client.setCallTimeout (DaemonClient::defaultCallTimeout);
    try
    {
        (void) client.daemonInfo();
    }
    catch (const Error& after)
    {
        ADD_FAILURE() << "after SIGCONT: " << after.what();
    }
}
