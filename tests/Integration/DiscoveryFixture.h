#pragma once

#include "Support/DaemonProcess.h"
#include "Support/HubMessages.h"
#include "Support/HubProcess.h"
#include "earshot/v1/discovery.grpc.pb.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace earshot::testing
{
    /** A real earshot-hub on SQLite at a fixed loopback port (so it can be stopped and started
        again where the daemon looks), an artist and listeners signing what they send it, and a
        real earshotd started with --hub. */
    class DiscoveryTest : public ::testing::Test
    {
    protected:
        void SetUp() override;
        void TearDown() override;

        /** Starts the hub (again) on its port and database. */
        void startHub();
        [[nodiscard]] std::string hubAddress() const;

        /** Releases "Dawn Wire" (ambient, three listeners) and "Low Tide" (techno, one); their ids. */
        std::pair<std::string, std::string> releaseTwoTracks();
        /** Releases a track by the artist; its id. */
        std::string release (const TrackManifest& manifest);
        void listen (const SigningDaemon& listener, const std::string& trackId);

        /** earshot.v1.Discovery on the daemon's API socket. */
        [[nodiscard]] v1::Discovery::Stub& discovery();

        TemporaryDirectory folder { "earshot-discovery" };
        int hubPort = 0;
        std::unique_ptr<HubProcess> hub;
        std::unique_ptr<SigningDaemon> artist;
        std::vector<std::unique_ptr<SigningDaemon>> listeners;
        std::unique_ptr<DaemonProcess> daemon;

    private:
        std::unique_ptr<v1::Discovery::Stub> discoveryStub;
    };
} // namespace earshot::testing
