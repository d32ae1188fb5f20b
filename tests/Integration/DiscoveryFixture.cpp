#include "DiscoveryFixture.h"

#include <grpcpp/grpcpp.h>

#include <iostream>

namespace earshot::testing
{
    void DiscoveryTest::SetUp()
    {
        hubPort = freeLoopbackPort();
        startHub();
        artist = std::make_unique<SigningDaemon> (folder.path() / "artist");
        for (int i = 0; i < 3; ++i)
            listeners.push_back (std::make_unique<SigningDaemon> (folder.path() / ("listener-" + std::to_string (i))));
        daemon = std::make_unique<DaemonProcess> (folder.path() / "daemon", std::vector<std::string> { "--hub", hubAddress() });
        daemon->start();
    }

    void DiscoveryTest::TearDown()
    {
        if (HasFailure())
        {
            if (hub)
                std::cerr << "earshot-hub's output:\n"
                          << hub->output() << "\n";
            if (daemon)
                std::cerr << "earshotd's log:\n"
                          << daemon->log() << "\n";
        }
    }

    void DiscoveryTest::startHub()
    {
        hub.reset();
        hub = std::make_unique<HubProcess> ((folder.path() / "hub.sqlite3").string(), folder.path() / "hub.log", std::vector<std::string> {}, hubPort);
    }

    std::string DiscoveryTest::hubAddress() const
    {
        return "127.0.0.1:" + std::to_string (hubPort);
    }

    std::string DiscoveryTest::release (const TrackManifest& manifest)
    {
        const auto status = releaseOnHub (hub->api(), *artist, manifest, "Lua Fria");
        EXPECT_TRUE (status.ok()) << status.error_message();
        return trackIdOf (manifest);
    }

    void DiscoveryTest::listen (const SigningDaemon& listener, const std::string& trackId)
    {
        const auto status = listenOnHub (hub->api(), listener, trackId);
        EXPECT_TRUE (status.ok()) << status.error_message();
    }

    std::pair<std::string, std::string> DiscoveryTest::releaseTwoTracks()
    {
        const auto dawn = release (hubManifestOf ("excerpt.flac", "Dawn Wire", "ambient"));
        const auto tide = release (hubManifestOf ("excerpt.ogg", "Low Tide", "techno"));
        for (const auto& listener : listeners)
            listen (*listener, dawn);
        listen (*listeners[0], tide);
        return { dawn, tide };
    }

    v1::Discovery::Stub& DiscoveryTest::discovery()
    {
        if (! discoveryStub)
            discoveryStub = v1::Discovery::NewStub (grpc::CreateChannel (daemon->apiAddress(), grpc::InsecureChannelCredentials()));
        return *discoveryStub;
    }
} // namespace earshot::testing
