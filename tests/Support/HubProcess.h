#pragma once

#include "Interop/ChildProcess.h"
#include "earshot/v1/hub.grpc.pb.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace earshot::testing
{
    /** A real earshot-hub, run as a separate process on a free loopback port, its output in
        logFile. Ended (SIGTERM, then SIGKILL) when this goes. */
    class HubProcess final
    {
    public:
        /** database: a SQLite file path or a postgresql:// location. extraArguments go to
            earshot-hub as they are. listen: where it serves (port 0: a free one; a fixed port
            lets a test stop a hub and start it again where its clients look for it). Waits until the hub says it is ready (throws
            std::runtime_error with its output when it exits or is not ready within 20 s). */
        HubProcess (const std::string& database, const std::filesystem::path& logFile, std::vector<std::string> extraArguments = {}, const std::string& listen = "127.0.0.1:0");
        ~HubProcess();

        /** "127.0.0.1:PORT", where the hub serves earshot.v1.Hub. */
        [[nodiscard]] const std::string& address() const noexcept { return apiAddress; }
        /** A stub connected to the hub. */
        [[nodiscard]] v1::Hub::Stub& api() { return *hub; }
        /** What the hub printed. */
        [[nodiscard]] std::string output() const;

        /** The path to the built earshot-hub. */
        [[nodiscard]] static std::string binary();

    private:
        std::filesystem::path log;
        std::unique_ptr<ChildProcess> process;
        std::string apiAddress;
        std::unique_ptr<v1::Hub::Stub> hub;
    };
} // namespace earshot::testing
