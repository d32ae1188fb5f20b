#pragma once

#include "HubStoreFixture.h"
#include "Support/HubMessages.h"
#include "Support/HubProcess.h"

#include <iostream>
#include <memory>

namespace earshot::test
{
    /** A real earshot-hub process over each backend's store, and an artist that signs for it.
        When a test fails, the hub's output is printed. */
    class HubProcessTest : public HubStoreTest
    {
    protected:
        void SetUp() override
        {
            HubStoreTest::SetUp();
            store.reset(); // the hub process owns the database now
            hub = std::make_unique<testing::HubProcess> (location, folder / "hub.log");
            artist = std::make_unique<testing::SigningDaemon> (folder / "artist");
        }

        void TearDown() override
        {
            if (HasFailure())
                std::cerr << "earshot-hub's output:\n"
                          << hub->output() << "\n";
            hub.reset();
            HubStoreTest::TearDown();
        }

        std::unique_ptr<testing::HubProcess> hub;
        std::unique_ptr<testing::SigningDaemon> artist;
    };
} // namespace earshot::test
