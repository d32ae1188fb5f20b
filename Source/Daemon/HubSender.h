#pragma once

#include "Daemon/HubConnection.h"

#include "Core/EnvelopeSigner.h"
#include "Store/HubLinkStore.h"

#include "earshot/v1/hub.pb.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace earshot
{
    /** Delivers the hub outbox (HubLinkStore), in order, from a thread of its own
        (earshotd-hub-send): one Submit at a time to the hub HubConnection points at.

        - The hub took it: the message leaves the outbox.
        - UNAVAILABLE, DEADLINE_EXCEEDED (the hub or the way to it is down), and anything else
          that says nothing about the message (RESOURCE_EXHAUSTED, INTERNAL, UNKNOWN, CANCELLED):
          the same message is tried again after a backoff of 1 s doubling to a minute; wake()
          (a new message, a new hub) tries at once. Nothing is lost however long it lasts.
        - NOT_FOUND (a report about a track whose release has not reached the hub yet, often
          another daemon's): that message is tried again later (a few seconds doubling to an
          hour) while the ones behind it go on; once older than the hub takes, it is dropped.
        - Any other refusal (PERMISSION_DENIED, INVALID_ARGUMENT, ALREADY_EXISTS, ...) is for
          good: logged naming the message, dropped, and kept as the link's last error.

        A release, profile or seed report signed too long ago for the hub to take (a hub down
        for days) is signed afresh before it is sent; a listen or a landed pass keeps its time
        (the day it counts for) and is dropped as the hub would refuse it. */
    class HubSender final
    {
    public:
        /** Every reference must outlive this. Starts the thread. */
        HubSender (HubLinkStore& store, HubConnection& connection, const EnvelopeSigner& signer);
        /** Stops the thread; a Submit in flight is cancelled. */
        ~HubSender();

        HubSender (const HubSender&) = delete;
        HubSender& operator= (const HubSender&) = delete;

        /** Look at the outbox now (a message was queued, or the hub changed), without backoff. */
        void wake();

        /** Messages the hub took since this started. */
        [[nodiscard]] std::uint64_t delivered() const noexcept { return deliveredCount.load(); }

        /** Signs content for the hub with signer: a new message id, the time now. */
        [[nodiscard]] static v1::SignedHubMessage seal (v1::HubMessage content, const EnvelopeSigner& signer);

    private:
        void run();
        /** One attempt at the first due message; how long to wait before the next attempt, or
            nothing when there is nothing to send until woken. */
        [[nodiscard]] std::optional<std::chrono::milliseconds> sendNext();
        /** Signs a stale release, profile or seed report afresh; false when the message is a
            report too old for the hub (dropped). */
        [[nodiscard]] bool freshen (HubLinkStore::Queued& queued);

        HubLinkStore& store;
        HubConnection& connection;
        const EnvelopeSigner& signer;

        std::atomic<std::uint64_t> deliveredCount { 0 };
        int failures = 0; // the sender thread's

        std::mutex mutex;
        std::condition_variable wakeUp;
        bool woken = false; // guarded by mutex
        bool stopping = false; // guarded by mutex
        std::shared_ptr<grpc::ClientContext> inFlight; // guarded by mutex
        std::thread thread;
    };
} // namespace earshot
