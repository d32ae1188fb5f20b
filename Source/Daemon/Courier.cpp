#include "Courier.h"

#include "WireValues.h"

#include "Core/DeliveryRules.h"
#include "Core/Error.h"
#include "Core/PassRules.h"
#include "Core/QuoteInput.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

namespace earshot
{
    namespace
    {
        constexpr auto courierRound = std::chrono::milliseconds (500);
        constexpr auto uploadsRound = std::chrono::seconds (2);
        constexpr auto deliveryDeadline = std::chrono::seconds (5);
        /** Messages taken from the outbox at a time. */
        constexpr int batch = 16;
        constexpr auto pruneRound = std::chrono::milliseconds (passRules::pruneIntervalMs);
        /** Free pages in the file worth rewriting it for (a few large passes deleted). */
        constexpr std::int64_t reclaimAtBytes = 2LL * 1024 * 1024;

        /** How much of a friend's reason for a refusal the outbox keeps. */
        constexpr std::size_t maxReasonBytes = 400;

        /** Why a queued message can never go, by the rules it is sent by today, or nothing when it
            may. A message queued before a limit existed (a 2 MiB note) would otherwise be retried
            for ever against the friend's refusal. */
        std::optional<std::string> whyNeverSendable (const OutboxStore::OutboxMessage& queued)
        {
            v1::SignedEnvelope sealed;
            v1::Envelope envelope;
            if (! sealed.ParseFromString (queued.message.envelope) || ! envelope.ParseFromString (sealed.envelope()))
                return "the queued message is not a signed envelope; it was damaged in the outbox";
            try
            {
                if (envelope.has_pass())
                    passRules::checkNote (envelope.pass().note());
                passRules::checkOutgoingSize ("the " + std::string (queued.message.kind == OutboxStore::MessageKind::pass ? "pass" : "receipt"), queued.message.envelope.size());
            }
            catch (const Error& error)
            {
                return std::string (error.what());
            }
            return std::nullopt;
        }
    } // namespace

    Courier::Courier (TrackLibrary& lib, PassData& passData, const Envelopes& sealer, Presence& friendsPresence)
        : library (lib)
        , store (passData)
        , envelopes (sealer)
        , presence (friendsPresence)
    {
        thread = std::thread ([this]
                              { run(); });
    }

    Courier::~Courier()
    {
        {
            std::lock_guard lock (mutex);
            stopping = true;
        }
        woken.notify_all();
        thread.join();
    }

    void Courier::enqueue (const PublicKey& recipient, OutboxStore::MessageKind kind, const v1::Envelope& envelope, const std::string& what)
    {
        OutboxStore::OutgoingMessage message;
        message.messageId = envelope.message_id();
        message.recipientKey = recipient;
        message.kind = kind;
        message.envelope = envelopes.seal (envelope).SerializeAsString();
        passRules::checkOutgoingSize (what, message.envelope.size());
        message.createdAtMs = envelope.sent_at_ms();
        store.outbox.enqueue (message); // a second enqueue of the same id changes nothing
        wake();
    }

    void Courier::wake()
    {
        {
            std::lock_guard lock (mutex);
            nudged = true;
        }
        woken.notify_all();
    }

    bool Courier::stopRequested()
    {
        std::lock_guard lock (mutex);
        return stopping;
    }

    void Courier::run()
    {
        auto nextUploadsCheck = std::chrono::steady_clock::now();
        auto nextPrune = std::chrono::steady_clock::now(); // at start, then every pruneRound
        for (;;)
        {
            {
                std::unique_lock lock (mutex);
                woken.wait_for (lock, courierRound, [this]
                                { return stopping || nudged; });
                if (stopping)
                    return;
                nudged = false;
            }
            try
            {
                if (std::chrono::steady_clock::now() >= nextUploadsCheck)
                {
                    recordUploads();
                    nextUploadsCheck = std::chrono::steady_clock::now() + uploadsRound;
                }
                if (std::chrono::steady_clock::now() >= nextPrune)
                {
                    nextPrune = std::chrono::steady_clock::now() + pruneRound;
                    prune();
                }
                for (const auto& message : store.outbox.due (nowMs(), batch))
                {
                    if (stopRequested())
                        return;
                    deliver (message);
                }
            }
            catch (const std::exception& error)
            {
                spdlog::error ("the outbox: {}", error.what());
            }
        }
    }

    void Courier::prune()
    {
        const auto now = nowMs();
        const auto forgotten = store.inbox.pruneSeen (passRules::seenHorizonMs (now));
        const auto receipts = store.outbox.pruneDeliveredReceipts (now - passRules::keepDeliveredReceiptsMs);
        const auto freed = store.database.reclaimSpace (reclaimAtBytes);
        if (forgotten + receipts + freed > 0)
            spdlog::info ("pruned {} message ids too old to replay and {} delivered receipts; {} bytes of the database file given back", forgotten, receipts, freed);
    }

    void Courier::recordUploads()
    {
        // Friends' BitTorrent addresses, from the passes they sent, by track.
        std::map<std::string, std::map<std::string, PublicKey>> sources;
        for (const auto& filed : store.inbox.list())
        {
            v1::Envelope envelope;
            envelope.ParseFromString (filed.pass.passBytes);
            if (! envelope.sender_peer().empty())
                sources[filed.pass.trackId][envelope.sender_peer()] = filed.pass.senderKey;
        }
        for (const auto& [trackId, friendsByEndpoint] : sources)
        {
            for (const auto& transfer : library.swarm().peerTransfers (trackId))
            {
                const auto source = friendsByEndpoint.find (transfer.endpoint);
                if (source == friendsByEndpoint.end())
                    continue;
                // The swarm's totals only grow while the daemon runs; record what is new since the
                // last look (a restart starts again from what the store already holds).
                auto& last = downloadedSoFar[trackId + " " + transfer.endpoint];
                const auto delta = transfer.downloaded - last;
                last = transfer.downloaded;
                if (delta > 0)
                    store.uploads.add (source->second, trackId, delta);
            }
        }
    }

    void Courier::deliver (const OutboxStore::OutboxMessage& queued)
    {
        const auto recipient = store.friends.findByKey (queued.message.recipientKey);
        if (! recipient)
            return; // removed meanwhile; OutboxStore::removeFriend drops their undelivered messages

        if (const auto why = whyNeverSendable (queued))
        {
            store.outbox.markFailed (queued.message.messageId, nowMs(), *why);
            spdlog::warn ("{} to {} can never be delivered, so it is not tried: {}", quoteInput (queued.message.messageId), recipient->name, *why);
            return;
        }

        const auto address = (recipient->host.find (':') != std::string::npos ? "[" + recipient->host + "]" : recipient->host) + ":" + std::to_string (recipient->port);
        auto& channel = channels[address];
        if (! channel)
            channel = grpc::CreateChannel (address, grpc::InsecureChannelCredentials());
        auto stub = v1::Friends::NewStub (channel);

        // The outbox keeps the signed message; each try seals it afresh to the friend's key.
        v1::SignedEnvelope signedEnvelope;
        signedEnvelope.ParseFromString (queued.message.envelope);
        v1::SealedEnvelope sealed;
        try
        {
            sealed = Envelopes::sealTo (recipient->publicKey, signedEnvelope);
        }
        catch (const Error& error)
        {
            store.outbox.markAttemptFailed (queued.message.messageId, nowMs(), error.what());
            spdlog::warn ("cannot send {} to {}: {}", queued.message.messageId, recipient->name, error.what());
            return;
        }
        grpc::ClientContext context;
        context.set_deadline (std::chrono::system_clock::now() + deliveryDeadline);
        grpc::Status status;
        if (queued.message.kind == OutboxStore::MessageKind::pass)
        {
            v1::DeliverResponse response;
            status = stub->Deliver (&context, sealed, &response);
        }
        else
        {
            v1::AcknowledgeResponse response;
            status = stub->Acknowledge (&context, sealed, &response);
        }

        switch (deliveryRules::verdictOn (static_cast<int> (status.error_code()), status.error_message()))
        {
            case deliveryRules::Verdict::delivered:
                store.outbox.markDelivered (queued.message.messageId, nowMs());
                presence.seen (recipient->publicKey);
                spdlog::info ("delivered {} to {}", queued.message.messageId, recipient->name);
                break;
            case deliveryRules::Verdict::hold:
                // Their inbox is full until they delete some, so ask rarely.
                store.outbox.markHeld (queued.message.messageId, nowMs(), quoteInput (status.error_message(), maxReasonBytes), passRules::heldRetryDelayMs);
                presence.seen (recipient->publicKey);
                spdlog::info ("{} is held: {}", queued.message.messageId, quoteInput (status.error_message(), maxReasonBytes));
                break;
            case deliveryRules::Verdict::fail:
            {
                const auto why = recipient->name + "'s daemon refused it: " + quoteInput (status.error_message(), maxReasonBytes);
                store.outbox.markFailed (queued.message.messageId, nowMs(), why);
                spdlog::warn ("{} to {} failed for good, so it is not tried again: {}", queued.message.messageId, recipient->name, why);
                break;
            }
            case deliveryRules::Verdict::retry:
                store.outbox.markAttemptFailed (queued.message.messageId, nowMs(), quoteInput (status.error_message(), maxReasonBytes));
                spdlog::debug ("delivering {} to {} failed ({}); it is retried", queued.message.messageId, recipient->name, quoteInput (status.error_message(), maxReasonBytes));
                break;
        }
    }
} // namespace earshot
