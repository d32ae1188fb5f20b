#include "HubSender.h"

#include "WireValues.h"

#include "Core/HubRules.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <pthread.h>

namespace earshot
{
    namespace
    {
        constexpr std::chrono::milliseconds callTimeout { 15'000 };
        constexpr std::int64_t firstRetryMs = 1000;
        constexpr std::int64_t maxRetryMs = 60'000;
        constexpr std::int64_t firstDeferralMs = 2000;
        constexpr std::int64_t maxDeferralMs = 60LL * 60 * 1000;
        /** A message this close to the hub's age limit is signed afresh rather than sent. */
        constexpr std::int64_t freshnessMarginMs = 60LL * 60 * 1000;

        [[nodiscard]] std::int64_t doubled (std::int64_t first, int times, std::int64_t most) noexcept
        {
            auto delay = first;
            for (int i = 1; i < times && delay < most; ++i)
                delay *= 2;
            return std::min (delay, most);
        }

        /** Codes that say the hub, or the way to it, failed: the message itself is fine. */
        [[nodiscard]] bool isTransient (grpc::StatusCode code) noexcept
        {
            switch (code)
            {
                case grpc::StatusCode::UNAVAILABLE:
                case grpc::StatusCode::DEADLINE_EXCEEDED:
                case grpc::StatusCode::RESOURCE_EXHAUSTED:
                case grpc::StatusCode::INTERNAL:
                case grpc::StatusCode::UNKNOWN:
                case grpc::StatusCode::CANCELLED:
                case grpc::StatusCode::ABORTED:
                case grpc::StatusCode::UNIMPLEMENTED:
                    return true;
                case grpc::StatusCode::OK:
                case grpc::StatusCode::INVALID_ARGUMENT:
                case grpc::StatusCode::NOT_FOUND:
                case grpc::StatusCode::ALREADY_EXISTS:
                case grpc::StatusCode::PERMISSION_DENIED:
                case grpc::StatusCode::FAILED_PRECONDITION:
                case grpc::StatusCode::OUT_OF_RANGE:
                case grpc::StatusCode::DATA_LOSS:
                case grpc::StatusCode::UNAUTHENTICATED:
                case grpc::StatusCode::DO_NOT_USE:
                    return false;
            }
            return true;
        }
    } // namespace

    HubSender::HubSender (HubLinkStore& outbox, HubConnection& hubConnection, const EnvelopeSigner& identitySigner)
        : store (outbox), connection (hubConnection), signer (identitySigner)
    {
        thread = std::thread ([this]
                              {
            pthread_setname_np (pthread_self(), "earshotd-hub");
            run(); });
    }

    HubSender::~HubSender()
    {
        {
            const std::scoped_lock lock (mutex);
            stopping = true;
            if (inFlight)
                inFlight->TryCancel();
        }
        wakeUp.notify_all();
        thread.join();
    }

    void HubSender::wake()
    {
        {
            const std::scoped_lock lock (mutex);
            woken = true;
        }
        wakeUp.notify_all();
    }

    v1::SignedHubMessage HubSender::seal (v1::HubMessage content, const EnvelopeSigner& signer)
    {
        content.set_message_id (newMessageId());
        content.set_sent_at_ms (nowMs());
        v1::SignedHubMessage sealed;
        sealed.set_message (content.SerializeAsString());
        sealed.set_signer_key (keyBytes (signer.publicKey()));
        sealed.set_signature (signer.sign (sealed.message()));
        return sealed;
    }

    void HubSender::run()
    {
        for (;;)
        {
            std::optional<std::chrono::milliseconds> pause;
            try
            {
                pause = sendNext();
            }
            catch (const std::exception& error)
            {
                // The outbox's database failed: try again later rather than spin.
                spdlog::error ("the hub outbox: {}", error.what());
                pause = std::chrono::milliseconds (maxRetryMs);
            }

            std::unique_lock lock (mutex);
            const auto wokenOrStopping = [this]
            { return woken || stopping; };
            if (pause)
                wakeUp.wait_for (lock, *pause, wokenOrStopping);
            else
                wakeUp.wait (lock, wokenOrStopping);
            if (stopping)
                return;
            if (woken)
                failures = 0;
            woken = false;
        }
    }

    bool HubSender::freshen (HubLinkStore::Queued& queued)
    {
        v1::SignedHubMessage sealed;
        v1::HubMessage content;
        if (! sealed.ParseFromString (queued.message.signedMessage) || ! content.ParseFromString (sealed.message()))
            return false;
        if (nowMs() - content.sent_at_ms() < hubRules::maxAgeMs - freshnessMarginMs)
            return true;
        const auto kind = queued.message.kind;
        if (kind == HubLinkStore::Kind::listen || kind == HubLinkStore::Kind::passLanded)
            return false;

        const auto fresh = seal (content, signer);
        v1::HubMessage freshContent;
        (void) freshContent.ParseFromString (fresh.message());
        HubLinkStore::Outgoing replacement = queued.message;
        replacement.messageId = freshContent.message_id();
        replacement.signedMessage = fresh.SerializeAsString();
        replacement.createdAtMs = freshContent.sent_at_ms();
        (void) store.replace (queued.message.messageId, replacement);
        queued.message = replacement;
        return true;
    }

    std::optional<std::chrono::milliseconds> HubSender::sendNext()
    {
        const auto stub = connection.stub();
        if (! stub)
            return std::nullopt; // no hub: messages wait for one

        const auto now = nowMs();
        auto queued = store.next (now);
        if (! queued)
        {
            const auto due = store.nextDueAt();
            if (! due)
                return std::nullopt;
            return std::chrono::milliseconds (std::max<std::int64_t> (*due - now, 10));
        }

        const auto what = std::string (HubLinkStore::nameOf (queued->message.kind)) + " " + queued->message.messageId + " (" + queued->message.topic + ")";
        if (! freshen (*queued))
        {
            spdlog::warn ("dropped {}: made too long ago for the hub to take", what);
            (void) store.remove (queued->message.messageId);
            return std::chrono::milliseconds (0);
        }

        v1::SignedHubMessage request;
        (void) request.ParseFromString (queued->message.signedMessage);
        v1::SubmitResponse response;
        auto context = std::make_shared<grpc::ClientContext>();
        context->set_deadline (std::chrono::system_clock::now() + callTimeout);
        {
            const std::scoped_lock lock (mutex);
            if (stopping)
                return std::nullopt;
            inFlight = context;
        }
        const auto status = stub->Submit (context.get(), request, &response);
        {
            const std::scoped_lock lock (mutex);
            inFlight.reset();
        }

        const auto hub = connection.address();
        if (status.ok())
        {
            (void) store.remove (queued->message.messageId);
            ++deliveredCount;
            failures = 0;
            connection.noteSuccess();
            spdlog::debug ("the hub {} took {}", hub, what);
            return std::chrono::milliseconds (0);
        }

        if (isTransient (status.error_code()))
        {
            ++failures;
            const auto why = "the hub " + hub + " did not answer: " + status.error_message();
            if (failures == 1)
                spdlog::warn ("{}; {} message(s) wait and are sent when it is back", why, store.waiting());
            connection.noteFailure (why);
            return std::chrono::milliseconds (doubled (firstRetryMs, failures, maxRetryMs));
        }

        failures = 0;
        if (status.error_code() == grpc::StatusCode::NOT_FOUND && now - queued->message.createdAtMs < hubRules::maxAgeMs)
        {
            // Most often a report about another daemon's track whose release is still on its way.
            const auto delay = doubled (firstDeferralMs, queued->attempts + 1, maxDeferralMs);
            spdlog::debug ("the hub {} does not know what {} is about yet ({}); trying it again in {} s", hub, what, status.error_message(), delay / 1000);
            connection.noteSuccess();
            (void) store.defer (queued->message.messageId, now, delay);
            return std::chrono::milliseconds (0);
        }

        const auto why = "the hub " + hub + " refused " + what + ": " + status.error_message();
        spdlog::warn ("{}; it is dropped", why);
        (void) store.remove (queued->message.messageId);
        connection.noteRefusal (why);
        return std::chrono::milliseconds (0);
    }
} // namespace earshot
